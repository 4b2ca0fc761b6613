"""Sentence splitting and the spaCy backbone."""

from __future__ import annotations

import pytest

from strife.config import load_settings
from strife.nlp import MEMO_FACTORY, Backbone, load_model, model_info, split_sentences
from strife.records import CleanText


def sentences(text, captions=(), boilerplate=()):
    return split_sentences(CleanText("a", text, captions=captions, boilerplate=boilerplate))


def test_nlp_split_keeps_abbreviations_and_initials_inside_sentences():
    text = ("Gen. Ali said on Sept. 25 that U.S. forces had left. The U.N. envoy, J. Smith, disagreed. "
            "Was it over? Nobody knew.")
    assert [s.text for s in sentences(text)] == [
        "Gen. Ali said on Sept. 25 that U.S. forces had left.",
        "The U.N. envoy, J. Smith, disagreed.",
        "Was it over?",
        "Nobody knew.",
    ]


def test_nlp_split_lines_paragraphs_and_quotes():
    text = 'Headline without a stop\n\n"We ran," she said. "Then it fell."\nNext line.'
    result = sentences(text)
    assert [s.text for s in result] == ["Headline without a stop", '"We ran," she said.', '"Then it fell."',
                                        "Next line."]
    assert [s.paragraph for s in result] == [0, 2, 2, 3]
    for s in result:
        assert text[s.start:s.end] == s.text


def test_nlp_split_marks_captions_and_leaves_out_boilerplate():
    text = "Body one.\nFILE - a caption line.\nShare this article"
    result = sentences(text, captions=((10, 32),), boilerplate=((33, 51),))
    assert [(s.text, s.in_caption) for s in result] == [("Body one.", False), ("FILE - a caption line.", True)]


@pytest.mark.model
def test_nlp_backbone_parses_only_wanted_sentences_with_offsets_into_the_clean_text():
    text = "Nothing happened here. Rebels attacked the army base in Gao on Monday."
    clean = CleanText("a", text)
    [parsed] = Backbone(load_settings()).parse([(clean, split_sentences(clean))], lambda s: "attack" in s)
    first, second = parsed.sentences
    assert not first.parsed and second.parsed
    for tok in second.tokens:
        assert text[tok.start:tok.end] == tok.text
    verb = next(t for t in second.tokens if t.text == "attacked")
    assert verb.pos == "VERB" and second.tokens[verb.head].text == "attacked"


@pytest.mark.model
@pytest.mark.parametrize(("exclude", "labelled"), [("[]", True), ('["ner"]', False)])
def test_nlp_backbone_reads_entities_only_when_ner_is_loaded(exclude, labelled):
    text = "Rebels attacked the army base in Gao on Monday."
    clean = CleanText("a", text)
    backbone = Backbone(load_settings(overrides=[f"nlp.exclude={exclude}"]))
    [parsed] = backbone.parse([(clean, split_sentences(clean))], lambda s: True)
    [sentence] = parsed.sentences
    assert bool(sentence.entities) is labelled
    assert any(t.ent for t in sentence.tokens) is labelled
    for e in sentence.entities:
        assert text[e.start:e.end] == e.text


@pytest.mark.model
def test_nlp_backbone_parses_the_sentences_chosen_from_each_article():
    texts = ["Rebels attacked a base. Troops shelled the town.", "Gunmen killed two farmers. Police arrested one."]
    cleans = [CleanText(str(i), t) for i, t in enumerate(texts)]
    def nth(article):  # article i: its sentence i
        return [article.sentences[int(article.clean.article_id)]]

    chosen = Backbone(load_settings()).parse_chosen([(c, split_sentences(c)) for c in cleans], nth)
    assert [[s.parsed for s in a.sentences] for a in chosen] == [[True, False], [False, True]]
    assert [a.clean for a in chosen] == cleans


@pytest.mark.model
def test_nlp_memoised_token_rules_give_what_the_rules_give():
    texts = ["There were gon na be clashes, y'all know, but it ai n't over.",
             "Let's see: the rebels got ta leave Gao,  police said.",
             "The militants were killed; their leaders are being held and questioned.",
             "Gunmen shot dead 12 villagers in the north on Friday, burning their homes."]
    model = load_settings().get("nlp.model")
    rules, memo = (load_model(model, ("ner",), memoise) for memoise in (False, True))

    def attrs(doc):
        return [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i) for t in doc]

    expected = [attrs(rules(t)) for t in texts]
    memo.get_pipe(MEMO_FACTORY).table.clear()
    assert [attrs(doc) for doc in memo.pipe(texts)] == expected  # one batch: its new tokens learnt together
    for _ in range(2):  # the second time from the table
        assert [attrs(memo(t)) for t in texts] == expected


@pytest.mark.model
def test_nlp_model_info_names_the_pipeline():
    info = model_info(load_settings().get("nlp.model"))
    assert set(info) == {"name", "version", "spacy_version", "license"} and info["version"][:1].isdigit()


@pytest.mark.model
def test_nlp_pipeline_built_with_an_empty_first_tokenizer_tokenizes_as_spacy_builds_it():
    from thinc.api import use_ops

    from strife.nlp import import_spacy

    model = load_settings().get("nlp.model")
    ours = load_model(model, ("ner",)).tokenizer
    with use_ops("numpy", use_blis=False):
        spacys = import_spacy().load(model, exclude=["ner"]).tokenizer
    assert ours.to_bytes(exclude=["vocab"]) == spacys.to_bytes(exclude=["vocab"])
    text = "U.S.-led forces can't reach al-Bab; 3 km away (AFP), e-mail: x@y.org https://a.b/c?d=1 ... 5-6pm"
    assert [t.text for t in ours(text)] == [t.text for t in spacys(text)]
