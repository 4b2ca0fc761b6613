"""The language identifier read from its unpacked model gives what py3langid's own load gives."""

import logging

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from strife import language

TEXTS = [
    "Gunmen attacked a police checkpoint on Monday, killing two officers, the interior ministry said.",
    "Des hommes armés ont attaqué un poste de police lundi, tuant deux agents, selon le ministère.",
    "Bewaffnete griffen am Montag einen Polizeiposten an und töteten zwei Beamte, teilte das Ministerium mit.",
    "Hombres armados atacaron un puesto policial el lunes y mataron a dos agentes, dijo el ministerio.",
    "هاجم مسلحون نقطة تفتيش للشرطة يوم الاثنين",
    "Rebels",
    "",
]


@pytest.fixture(scope="module")
def packed() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("STRIFE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_the_unpacked_model_is_kept_and_classifies_as_py3langid_does(cache_dir, packed):
    first = language.language_identifier.__wrapped__()
    kept = list(cache_dir.glob("langid-*.npz"))
    assert len(kept) == 1 and not list(cache_dir.glob(".langid-*"))
    second = language.language_identifier.__wrapped__()  # read from the kept copy
    for text in TEXTS:
        assert first.classify(text) == second.classify(text) == packed.classify(text)
    assert second.classify(TEXTS[1])[0] == "fr"


def test_a_damaged_copy_is_read_past_with_a_warning(cache_dir, packed, caplog):
    language.language_identifier.__wrapped__()
    kept = next(cache_dir.glob("langid-*.npz"))
    kept.write_bytes(kept.read_bytes()[:1000])
    with caplog.at_level(logging.WARNING, logger="strife.language"):
        identifier = language.language_identifier.__wrapped__()
    assert "cannot read the unpacked language model" in caplog.text
    assert [identifier.classify(t) for t in TEXTS] == [packed.classify(t) for t in TEXTS]


def test_an_older_copy_is_removed_when_another_model_is_unpacked(cache_dir):
    older = cache_dir / "langid-0000000000000000.npz"
    older.write_bytes(b"an older model")
    language.language_identifier.__wrapped__()
    assert not older.exists() and len(list(cache_dir.glob("langid-*.npz"))) == 1
