"""Settings: ``data/defaults.toml``, then a user file, then dotted ``--set`` overrides."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from strife.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    values: MappingProxyType

    def section(self, name: str) -> MappingProxyType:
        return self.values.get(name, MappingProxyType({}))

    def get(self, dotted: str) -> Any:
        section, _, key = dotted.partition(".")
        return self.section(section)[key]

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {k: dict(v) for k, v in self.values.items()}

    def __reduce__(self):
        """Pickle as plain dicts (mapping proxies do not pickle), so settings travel to worker processes."""
        return settings_from_dict, (self.as_dict(),)


def settings_from_dict(values: dict[str, dict[str, Any]]) -> Settings:
    return Settings(MappingProxyType({k: MappingProxyType(dict(v)) for k, v in values.items()}))


def _defaults() -> dict[str, dict[str, Any]]:
    return tomllib.loads(resources.files("strife.data").joinpath("defaults.toml").read_text("utf-8"))


def _merge(base: dict, extra: dict, origin: str, path: tuple[str, ...] = ()) -> None:
    """Lay ``extra`` over ``base`` key by key; a table (``[types.needs]``) is merged, not replaced."""
    for key, value in extra.items():
        dotted = ".".join((*path, key))
        if not path and (key not in base or not isinstance(value, dict)):
            raise ConfigError(f"{origin}: unknown section [{key}]; known: {', '.join(sorted(base))}")
        if key not in base:
            raise ConfigError(f"{origin}: unknown setting {dotted}; known: {', '.join(sorted(base))}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: {dotted} is a table of settings; set one of its keys: "
                                  f"{', '.join(sorted(base[key]))}")
            _merge(base[key], value, origin, (*path, key))
        else:
            base[key] = value


def _parse_override(text: str) -> dict[str, Any]:
    """``section.key=value`` (or ``section.table.key=value``) as the nested table it sets."""
    dotted, sep, raw = text.partition("=")
    names = dotted.strip().split(".")
    if not sep or len(names) < 2 or not all(names):
        raise ConfigError(f"--set {text!r}: write it as section.key=value")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    for name in reversed(names):
        value = {name: value}
    return value


def load_settings(config_file: str | Path | None = None, overrides: list[str] | tuple[str, ...] = ()) -> Settings:
    values = _defaults()
    if config_file:
        try:
            _merge(values, tomllib.loads(Path(config_file).read_text("utf-8")), str(config_file))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"cannot read settings file {config_file}: {err}") from err
    for text in overrides:
        _merge(values, _parse_override(text), f"--set {text}")
    return settings_from_dict(values)


_in_force: list[Settings | None] = [None]


def use(settings: Settings) -> None:
    """Make ``settings`` the ones this process's stages read their tunable numbers from (``tuned``); the pipeline
    and the command line call it with the settings they were given."""
    _in_force[0] = settings


def in_force() -> Settings:
    """The settings ``use`` chose, else the defaults."""
    if _in_force[0] is None:
        _in_force[0] = load_settings()
    return _in_force[0]


def tuned(dotted: str) -> Any:
    """One tunable number (or table) of the settings in force: ``tuned("merge.place_radius_km")``."""
    return in_force().get(dotted)
