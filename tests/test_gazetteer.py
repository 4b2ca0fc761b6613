"""The offline gazetteer: name keys, the places CSV format, building, lookups, user places."""

from __future__ import annotations

import pytest

from strife import gazetteer
from strife.gazetteer import GazetteerError, name_key, skeleton

HEADER = "id,name,alt_names,kind,country,admin1,admin2,parent,lat,lon,population\n"


@pytest.mark.parametrize(("name", "key"), [
    ("Aleppo", "aleppo"),
    ("al-Bab", "bab"),
    ("Ma'arrat al-Nu'man", "maarrat numan"),
    ("Ma`arrat an Nu`man", "maarrat numan"),
    ("Şalāḩ ad Dīn", "salah din"),
    ("Deir ez-Zor", "deir zor"),
])
def test_gazetteer_name_key_drops_case_diacritics_and_articles(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(("a", "b"), [
    ("Qaterji", "Katirji"),
    ("Deir ez-Zor", "Dayr az Zawr"),
    ("Deir ez-Zor", "Deir Ezzor"),
    ("Idlib", "Idleb"),
])
def test_gazetteer_skeleton_joins_transliterations(a, b):
    assert skeleton(name_key(a)) == skeleton(name_key(b))


def test_gazetteer_skeleton_keeps_different_names_apart():
    assert skeleton(name_key("Homs")) != skeleton(name_key("Hama"))


@pytest.mark.parametrize(("row", "message"), [
    ("x1,Somewhere,,village,SY,,,,35.0,36.0,\n", "kind"),
    ("x1,Somewhere,,city,SY,,,,north,36.0,\n", "row 2"),
    ("x1,,,city,SY,,,,35.0,36.0,\n", "name"),
])
def test_gazetteer_places_csv_rejects_bad_rows(tmp_path, row, message):
    path = tmp_path / "mine.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        list(gazetteer.read_places_csv(path))


def test_gazetteer_places_csv_reads_comments_and_alternates(tmp_path):
    path = tmp_path / "mine.csv"
    row = "x1,Tall Qirmiz,Tal Qirmez|Tell Kirmiz,city,sy,,,,36.1,37.2,\n"
    path.write_text("# my places\n" + HEADER + row, encoding="utf-8")
    [(entry, alts)] = list(gazetteer.read_places_csv(path))
    assert (entry.name, entry.kind, entry.country, entry.population) == ("Tall Qirmiz", "city", "SY", 0)
    assert alts == ["Tal Qirmez", "Tell Kirmiz"]


def test_gazetteer_places_csv_missing_column(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,lat,lon\nX,1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing column"):
        list(gazetteer.read_places_csv(path))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A quick gazetteer (cities over 15,000 people) with one user place added."""
    folder = tmp_path_factory.mktemp("gaz")
    mine = folder / "mine.csv"
    row = "me:1,Khirbet Zayzafun,Khirbat Zayzafoun,city,SY,,,,35.51,36.59,\n"
    mine.write_text(HEADER + row, encoding="utf-8")
    path = folder / "g.sqlite"
    assert gazetteer.add_places(mine, path, cities_file="cities15000.json") == 1
    return gazetteer.Gazetteer(path)


def test_gazetteer_user_place_found_with_nearest_admin1(small):
    [found] = small.lookup("Khirbat Zayzafoun")
    assert (found.id, found.country, found.admin1) == ("me:1", "SY", "Idlib")


def test_gazetteer_alternate_name_and_country_filter(small):
    assert any(e.name == "Aleppo" and e.kind == "city" for e in small.lookup("Halab", "SY"))
    assert small.lookup("Aleppo", "US") == [e for e in small.lookup("Aleppo") if e.country == "US"]


def test_gazetteer_regions_and_countries_have_points(small):
    region = [e for e in small.lookup("Idlib") if e.kind == "region"][0]
    country = [e for e in small.lookup("Syria") if e.kind == "country"][0]
    assert region.admin1 == "Idlib" and 35 < region.lat < 37
    assert country.country == "SY" and 32 < country.lat < 38


def test_gazetteer_neighbourhood_found_by_its_last_words(small):
    found = small.lookup("Qaterji", "SY")
    assert found and found[0].kind == "neighbourhood" and found[0].parent == "Aleppo"


def test_gazetteer_fuzzy_lookup_finds_spelling_variants(small):
    assert not small.lookup("Katirji", "SY")
    assert [e.name for e in small.lookup("Katirji", "SY", fuzzy=True)] == ["Karm Al-Qaterji"]


def test_gazetteer_spellings_let_the_first_vowel_vary(small):
    found = {(e.country, gazetteer.name_key(e.name)) for e, _ in small.spellings(gazetteer.name_key("Efrin"))}
    assert ("SY", "afrin") in found


def test_gazetteer_key_filter_passes_every_name_and_few_others(small):
    keys = [row[0] for row in small.con.execute("SELECT DISTINCT key FROM names")]
    assert all(small.key_filter.may_hold(key) for key in keys)
    absent = [f"{key} street {n}" for n, key in enumerate(keys[:5000])]
    assert sum(map(small.key_filter.may_hold, absent)) < len(absent) * 0.03
    assert small.lookup("Aleppo Street 7") == [] and small.lookup("Aleppo")


def test_gazetteer_rebuild_keeps_user_places(small):
    gazetteer.build(small.path, cities_file="cities15000.json")
    assert gazetteer.Gazetteer(small.path).lookup("Khirbet Zayzafun")


def test_gazetteer_open_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(GazetteerError, match="strife gazetteer build"):
        gazetteer.Gazetteer(tmp_path / "none.sqlite")


def test_gazetteer_cli_lookup_and_add(small, tmp_path, capsys, monkeypatch):
    from strife.cli import main

    monkeypatch.setattr(gazetteer, "default_path", lambda: small.path)
    gazetteer.default.cache_clear()
    try:
        assert main(["gazetteer", "lookup", "Halab", "--country", "SY"]) == 0
        assert "Aleppo" in capsys.readouterr().out
        assert main(["gazetteer", "lookup", "Nowhere Atall"]) == 1
        bad = tmp_path / "bad.csv"
        bad.write_text("name\nX\n", encoding="utf-8")
        assert main(["gazetteer", "add", str(bad)]) == 1
        assert "missing column" in capsys.readouterr().err
    finally:
        gazetteer.default.cache_clear()


def test_gazetteer_data_files_are_well_formed():
    admin1 = gazetteer.admin1_names()
    assert admin1 and all(cc and code and name for (cc, code), name in admin1.items())
    words = gazetteer.country_words()
    assert words and all(len(cc) == 2 and kind in ("name", "demonym") for cc, kind in words.values())
    assert all(w and v and w != v for w, v in gazetteer.name_variants().items())
    known = {(cc, name) for (cc, _), name in admin1.items()}
    for (cc, name), aliases in gazetteer.region_aliases().items():
        assert (cc, name) in known, f"region alias target {cc} {name} is not an admin-1 name"
        assert len(aliases) == len(set(aliases))


def test_gazetteer_shipped_supplements_read():
    files = gazetteer._supplement_files()
    assert files
    for path in files:
        rows = list(gazetteer.read_places_csv(path))
        ids = [entry.id for entry, _ in rows]
        assert rows and len(ids) == len(set(ids))


def test_gazetteer_province_is_admin1_where_the_news_names_provinces(small):
    """Philippine towns take their province (not GeoNames' larger region) as admin1, and provinces are regions."""
    town = [e for e in small.lookup("Bacolod", "PH") if e.kind == "city"][0]
    province = [e for e in small.lookup("Negros Occidental", "PH") if e.kind == "region"][0]
    assert town.admin1 == province.admin1 == "Negros Occidental"
    assert abs(province.lat - town.lat) < 1.0 and abs(province.lon - town.lon) < 1.0
    assert any(e.kind == "region" for e in small.lookup("Western Visayas", "PH"))


def test_gazetteer_province_file_is_well_formed():
    provinces = gazetteer.admin1_provinces()
    assert provinces and all(gid.isdigit() and name and not name.startswith("Province of")
                             for gid, name in provinces.items())


@pytest.mark.parametrize(("country", "admin1", "label"), [
    ("BD", "Chittagong", "Chittagong Division"),
    ("SY", "Idlib", "Idlib"),
    (None, None, None),
])
def test_gazetteer_admin1_label_writes_the_unit_type_where_english_does(country, admin1, label):
    assert gazetteer.admin1_label(country, admin1) == label


def test_gazetteer_news_name_of_a_region_also_names_its_namesake_town():
    kinds = {e.kind for e in gazetteer.lookup("Deir Ezzor", country="SY")}
    assert kinds == {"region", "city"}
