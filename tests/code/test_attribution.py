"""Attribution: whom the article credits, and whether the report is claimed, disputed or unverified."""

from __future__ import annotations

import pytest

from strife.code.attribution import attribution_for
from strife.records import CleanText, Mention, ParsedArticle, Sentence, span_of


def first_sentence_attribution(*sentences: str):
    text = " ".join(sentences)
    parts, start = [], 0
    for i, s in enumerate(sentences):
        parts.append(Sentence(start, start + len(s), s, i, paragraph=i))
        start += len(s) + 1
    article = ParsedArticle(CleanText("a", text), tuple(parts))
    mention = Mention("a", parts[0], span_of(text, 0, 4, "event_type"), "Battles", "Armed clash")
    return attribution_for(article, mention), text


@pytest.mark.parametrize(("sentences", "source"), [
    (("Shelling killed four people in the town, according to the local health office.",),
     "local health office"),
    (("Gunmen killed six farmers on Sunday, the regional governor said.",), "regional governor"),
    (("The Observatory for Peace said 11 fighters died in the clashes.",), "Observatory for Peace"),
    (("A mortar hit the school on Monday.", "Residents said two children were wounded."), "Residents"),
])
def test_attribution_names_the_source(sentences, source):
    credit, text = first_sentence_attribution(*sentences)
    assert source in credit.reported_by
    assert all(text[s.start:s.end] == s.text for s in credit.spans)


@pytest.mark.parametrize(("sentences", "verification"), [
    (("A bomb exploded at the depot on Monday.", "The Western Front group claimed responsibility."),
     "claimed"),
    (("Troops shelled the village, residents said.", "The army denied targeting civilians."), "disputed"),
    (("Twenty people were killed, activists said.", "The agency could not independently verify the toll."),
     "unverified"),
    (("Police dispersed the march with tear gas on Friday.",), "reported"),
])
def test_attribution_verification(sentences, verification):
    credit, _ = first_sentence_attribution(*sentences)
    assert credit.verification == verification


def test_attribution_unclaimed_attack_is_not_claimed():
    credit, _ = first_sentence_attribution("A bomb exploded at the depot on Monday.",
                                           "No group has claimed responsibility for the blast.")
    assert credit.verification == "reported"
