"""Event mentions: a fast lexicon prefilter over sentences, then triggers read in context.

``is_candidate`` is pure string matching (one Aho-Corasick pass) and decides which sentences spaCy parses.
``find_mentions`` reads every candidate sentence: it finds the event cues (``data/event_cues.tsv``), drops
those that do not report a real past event (negated, future, threatened, planned, hypothetical; history,
war-wide totals; sports, film, business, election, disaster and court uses: ``data/detect_context.tsv``), then
hands the rest to ``strife.code.types``, which turns a sentence's cues into sub-event types.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache

from strife import knowledge, merge, relevance
from strife.code.dates import calendar_names, date_words
from strife.code.types import EVENT_CUES, Cue, TypedTrigger, type_sentence
from strife.config import in_force, tuned
from strife.errors import KnowledgeError
from strife.lexicon import add_phrases, data_rows, find_phrases, iter_phrases
from strife.reading import Reading, reading_of
from strife.records import Mention, ParsedArticle, Sentence, Token, span_of

EVENT_FILE = "event_cues.tsv"
SIDE_WEIGHT = 1.0  # a side cue is a modifier: its weight is never read as an event's
GROUPS_TABLE = "actor_groups"  # the named groups' names, a table of the actor knowledge base (no file of its own)
CONTEXT_FILE = "detect_context.tsv"
DOMAINS = ("sports", "film", "business", "election", "disaster")
SUPPRESSING = ("disaster", "court")  # one such word and the sentence reports no conflict event
AS_CLAUSE = re.compile(r"\bas\s+(?:[\w'-]+\s+){0,4}$", re.I)
PREPOSITION_BEFORE = re.compile(rf"\b{knowledge.rule_pattern('place_preposition')}\s+(?:the\s+)?$",
                                re.I)
TOPICAL = frozenset(knowledge.rule_words("topical"))
MONTH_STEMS = tuple(name.lower() for name in calendar_names("month", longest=False))  # "jan", "feb", ... "dec"
# a month's name, whole or shortened ("March", "Mar."): not any word it begins ("Marib", "decline")
MONTHS = rf"(?:{'|'.join(sorted(date_words()['month'], key=len, reverse=True))})\b\.?"
YEAR = re.compile(rf"(?:\b{knowledge.rule_pattern('year_context')}\s+|\b{MONTHS}\s+(?:\d{{1,2}},?\s+)?)"
                  r"((?:19|20)\d\d)\b", re.I)
IN_MONTH = re.compile(rf"\bin\s+(?:early\s+|late\s+|mid-?)?({MONTHS})(?!\s*\d)", re.I)
MONTH_NUMBER = {stem: number for number, stem in enumerate(MONTH_STEMS, 1)}
SINCE = re.compile(rf"\bsince\b[^,.;]{{0,40}}?\b(?:{'|'.join(map(re.escape, knowledge.period_phrases('since')))}|"
                   rf"(?:19|20)\d\d|{MONTHS})\b", re.I)
MONTH_DAY = re.compile(rf"\b{MONTHS}\s+\d{{1,2}}\b(?!,?\s+(?:19|20)\d\d)", re.I)
SEMICOLON = re.compile(r";")
NEXT_WORD = re.compile(r"\s+(?:and\s+\w+\s+)?([\w-]+)")
CLAUSE_BREAK = re.compile(rf"[,;:\u2014()\"\u201c\u201d]|\b{knowledge.rule_pattern('clause_word')}\b", re.I)


# ---------------------------------------------------------------- lexicons


@cache
def event_lexicon() -> dict[str, tuple[str, float]]:
    """phrase -> (cue, weight) from ``event_cues.tsv`` and the weapons of ``weapons.tsv``, and the side words of the
    actor knowledge base (state, nonstate: "troops", "militants")."""
    knowledge.check_cues(knowledge.data_text(EVENT_FILE), EVENT_FILE)
    sides = {phrase: (cue, SIDE_WEIGHT) for phrase, cue in knowledge.side_words().items()}
    cues = {phrase: (cue, float(weight)) for phrase, cue, weight in data_rows(EVENT_FILE)}
    both = sorted(w.phrase for w in knowledge.weapons() if w.phrase in cues)
    if both:
        raise KnowledgeError(f"{knowledge.WEAPONS_FILE}: {both[0]!r} is also a row of {EVENT_FILE}: a phrase is a "
                             "weapon or another cue, not both")
    return sides | cues | {w.phrase: (w.weapon, w.weight) for w in knowledge.weapons()}


add_phrases(EVENT_FILE, lambda: [*knowledge.side_words(), *(w.phrase for w in knowledge.weapons())])
add_phrases(GROUPS_TABLE, lambda: knowledge.group_names().keys())
add_phrases(CONTEXT_FILE, lambda: [phrase for phrase, _ in shared_context()])


@cache
def context_lexicon() -> dict[str, frozenset[str]]:
    """phrase -> the kinds it signals, from ``detect_context.tsv`` and the shared word tables (``shared_context``)."""
    kinds: dict[str, set[str]] = {}
    for phrase, kind in [*data_rows(CONTEXT_FILE), *shared_context()]:
        kinds.setdefault(phrase, set()).add(kind)
    return {phrase: frozenset(k) for phrase, k in kinds.items()}


@cache
def shared_context() -> tuple[tuple[str, str], ...]:
    """(phrase, kind) of the context words kept in the knowledge base's word tables: "report" (where the search
    for a modal stops: ``reporting.tsv``'s mood role), "total" and "cumulative" (``periods.tsv``)."""
    return (*((phrase, "report") for phrase in knowledge.reporting_words("mood")),
            *((phrase, kind) for kind in ("total", "cumulative") for phrase in knowledge.period_phrases(kind)))


def find_cues(text: str) -> list[Cue]:
    """Every event-lexicon cue in ``text``, in order."""
    lexicon, groups = event_lexicon(), knowledge.group_names()
    cues = [Cue(s, e, p, *lexicon[p]) for s, e, p in find_phrases(text, EVENT_FILE)]
    cues += [Cue(s, e, p, groups[p][0], SIDE_WEIGHT) for s, e, p in find_phrases(text, GROUPS_TABLE)
             if groups[p][1] in (None, text[s:e])]  # an acronym as written: "IS", not "is"
    return sorted(cues, key=lambda c: (c.start, c.start - c.end))


def context_words(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, kinds) of every context word in ``text``."""
    lexicon = context_lexicon()
    return [(s, e, lexicon[p]) for s, e, p in find_phrases(text, CONTEXT_FILE)]


def sentence_cues(sentence: Sentence) -> tuple[Cue, ...]:
    """``find_cues`` of a sentence, found once for every record of it (a text annotation: the sentence is read
    before its parse, to choose it, and after it)."""
    return sentence.text_annotation("cues", lambda: tuple(find_cues(sentence.text)))


def sentence_context(sentence: Sentence) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """``context_words`` of a sentence, found once for every record of it."""
    return sentence.text_annotation("context words", lambda: tuple(context_words(sentence.text)))


@lru_cache(maxsize=4096)
def is_candidate(sentence_text: str) -> bool:
    """Does the sentence carry an event cue? (No parse: this decides what gets parsed.) A memo across articles:
    the lines that come again in many articles (an outlet's furniture, a story retold)."""
    lexicon = event_lexicon()
    return any(lexicon[phrase][0] in EVENT_CUES for _, _, phrase in iter_phrases(sentence_text, EVENT_FILE))


# ---------------------------------------------------------------- context of one cue


def children(sentence: Sentence) -> dict[int, list[Token]]:
    """Each token's dependents in the parse, by the head's index (``Reading.children``: every cue's mood and the
    political reader walk them), to be read, not changed."""
    return reading_of(sentence).children


@cache
def _words_of(kind: str) -> frozenset[str]:
    return frozenset(p for p, kinds in context_lexicon().items() if kind in kinds)


def mood(sentence: Sentence, cue: Cue) -> str | None:
    """'negated' or 'irrealis' (a modal, a negation, a verb of threat or plan governs the trigger), 'modifier' or
    'background' (the trigger names no deed), 'topic' (a report is about it), or None: read from the sentence's
    ``Reading``, its parse where spaCy gave one (``_parse_mood``), its word order where not (``_order_mood``)."""
    reading = reading_of(sentence)
    if not reading.parsed:
        return _order_mood(reading, cue)
    tokens = reading.tokens_over(sentence.start + cue.start, sentence.start + cue.end)
    return _parse_mood(reading, cue, tokens[-1]) if tokens else None


def _parse_mood(reading: Reading, cue: Cue, trigger: Token) -> str | None:
    """The mood from the parse: walk from the trigger up to its clause's verbs.

    A modal auxiliary (will, could...) or a negation on the trigger or its governing verbs, or a governing
    verb of threat or plan (the trigger in its complement, not its subject nor a verb conjoined to it), makes the
    trigger no real event.
    """
    if _modifies_other_noun(reading, trigger):
        return "modifier"
    if _describes_place(reading, trigger):
        return "background"
    irrealis, negation, report = _words_of("irrealis"), _words_of("negation"), _words_of("report")
    topical = _words_of("topic_verb")
    node, came_from, seen_verb = trigger, None, False
    for _ in range(12):
        for kid in reading.dependents(node):
            low = kid.text.lower()
            if kid.dep in ("aux", "auxpass") and low in irrealis:
                return "irrealis"
            if kid.dep == "mark" and low in knowledge.rule_words("condition"):
                return "irrealis"
            own_infinitive = node is trigger and cue.cue != "protest"  # "gathered to protest" happened
            if kid.dep == "aux" and kid.tag == "TO" and node.pos == "VERB" and (
                    own_infinitive or _planned(reading, node)) and not _reported(reading, node):
                return "irrealis"  # "an offensive to retake the city"; not "fired tear gas to disperse protesters"
            negates = (kid.dep == "neg" and low in negation) or (kid.dep == "det" and low == "no")
            if negates and not seen_verb:
                return "negated"
        if node is not trigger and came_from is not None and came_from.dep not in ("nsubj", "conj") \
                and (node.lemma.lower() in irrealis or node.text.lower() in irrealis):
            return "irrealis"
        if came_from is not None and came_from.dep in ("dobj", "pobj", "prep") and node.lemma.lower() in topical:
            return "topic"  # "gathered to protest the rape of a girl", "condemned the killing"
        if node.pos in ("VERB", "AUX"):
            seen_verb = True
        if node.lemma.lower() in report or node.text.lower() in report:
            about = came_from is not None and came_from.dep == "prep" and came_from.text.lower() in TOPICAL
            return "topic" if about else None  # "journalists who reported on the protests"
        if node.head == node.i:
            return None
        if came_from is not None and came_from.dep in ("nsubj", "nsubjpass") and seen_verb:
            return None
        came_from, node = node, reading.head(node)
    return None


def _modifies_other_noun(reading: Reading, token: Token) -> bool:
    """A weapon word as a noun's modifier ("missile units", "drone footage") names no attack; nor does a
    participle describing a place ("in recaptured Izium", "the looted market")."""
    if token.head == token.i:
        return False
    if token.dep == "amod" and token.tag == "VBN":
        return True
    if token.dep != "compound":
        return False
    head = reading.head(token)
    return head.text.lower() not in _words_of("weapon_head") and not find_cues(head.text)


def _describes_place(reading: Reading, token: Token) -> bool:
    """A relative clause that tells a named place's past with no day named ("Izium, which the army recaptured
    last week"): background to the news, not news."""
    if token.dep != "relcl" or reading.head(token).pos != "PROPN":
        return False
    return not any("dayref" in kinds for _, _, kinds in sentence_context(reading.sentence))


def _reported(reading: Reading, verb: Token) -> bool:
    """An infinitive of report: "were reported to have been killed", "is believed to have fled"."""
    governor = reading.head(verb)
    lemma = governor.lemma.lower()
    return lemma in knowledge.rule_words("seeming") or (governor.tag == "VBN" and lemma in _words_of("report"))


def _planned(reading: Reading, verb: Token) -> bool:
    """Does this infinitive hang on a noun ("efforts to end the fighting") or a verb of intent ("vowed to")?
    Not on a deed ("fired tear gas to disperse protesters") or a report ("were reported to have been")."""
    governor = reading.head(verb)
    return governor.pos in ("NOUN", "PROPN") or governor.lemma.lower() in _words_of("irrealis")


def _order_mood(reading: Reading, cue: Cue) -> str | None:
    """The mood from the word order: context words in the trigger's clause, before it (a negation only within
    ``detect.negation_reach`` characters)."""
    sentence = reading.sentence
    clause = reading.clause_before(sentence.start + cue.start, CLAUSE_BREAK, cue.start)
    for _, end, kinds in context_words(clause):
        if "irrealis" in kinds:
            return "irrealis"
        if "negation" in kinds and len(clause) - end <= tuned("detect.negation_reach"):
            return "negated"
    return None


# ---------------------------------------------------------------- sentence and article context


def has_day_reference(text: str, kinds: Counter) -> bool:
    return kinds["dayref"] > 0 or bool(MONTH_DAY.search(text))


def is_past_or_total(text: str, kinds: Counter, anchor: dt.date | None) -> bool:
    """A war-wide total, a drill or scenario; or history (an earlier year or month), an anniversary or a
    period's total, with no day named that would make it news."""
    if kinds["total"] or kinds["fiction"] or SINCE.search(text):
        return True
    if anchor is not None and not kinds["dayref"] and (
            any(int(y) < anchor.year for y in YEAR.findall(text))
            or any(MONTH_NUMBER[m.group(1).lower()[:3]] != anchor.month for m in IN_MONTH.finditer(text))):
        return True
    return not has_day_reference(text, kinds) and (kinds["history"] > 0 or kinds["cumulative"] > 0)


def is_history_article(article: ParsedArticle) -> bool:
    """An anniversary or history piece: history words in ``detect.history_sentences`` sentences or more."""
    told = sum(1 for s in article.sentences if any("history" in kinds for _, _, kinds in sentence_context(s)))
    return told >= tuned("detect.history_sentences")


def article_domain(article: ParsedArticle) -> str | None:
    """The non-conflict domain (sports, film...) an article is about, when its words outweigh conflict's."""
    domain: Counter = Counter()
    conflict, strong = 0, tuned("detect.strong_weight")
    for sentence in article.sentences:
        for _, _, kinds in sentence_context(sentence):
            domain.update(k for k in kinds if k in DOMAINS)
        conflict += sum(1 for c in sentence_cues(sentence) if c.cue in ("state", "nonstate")
                        or (c.weight >= strong and c.cue in EVENT_CUES))
    if not domain:
        return None
    name, hits = domain.most_common(1)[0]
    return name if hits >= tuned("detect.domain_hits") and hits > conflict else None


def running_total(sentence: Sentence) -> bool:
    """'Nine soldiers have been killed', 'officers have been detained' with no day named: a count so far."""
    kinds = Counter(k for _, _, ks in sentence_context(sentence) for k in ks)
    return kinds["perfect"] > 0 and not has_day_reference(sentence.text, kinds)


def names_an_object(text: str, cue: Cue) -> bool:
    """A weapon word before a noun that makes it no attack: "missile units", "drone footage"."""
    after = NEXT_WORD.match(text, cue.end)
    return bool(after) and "inert_head" in context_lexicon().get(after.group(1).lower(), ())


def describes_place(text: str, cue: Cue) -> bool:
    """A participle after a preposition describes a place rather than telling its taking or sacking ("in
    recaptured Izium", "from the occupied port"; "around looted shops")."""
    return cue.cue in knowledge.cue_names("place_participle") and not cue.phrase.endswith("ing") and bool(
        PREPOSITION_BEFORE.search(text, 0, cue.start))  # "took part in looting" told a deed


def in_background(text: str, cue: Cue) -> bool:
    """Fighting or unrest as the backdrop of another report ("as fighting raged", "as the army battles a
    militia"), or a noun that refers back to an event ("members of the mob")."""
    before = text[max(0, cue.start - tuned("detect.backdrop_reach")):cue.start]
    if cue.cue in knowledge.cue_names("backdrop") and AS_CLAUSE.search(before):
        return True
    adjacent = len(before.rstrip())  # "members of the mob": the reference words end just before the cue
    return any("reference" in kinds and end == adjacent for _, end, kinds in context_words(before))


def cue_verdict(sentence: Sentence, cue: Cue) -> str | None:
    """Why an event cue does not stand (its mood: negated, irrealis, modifier, background, topic; or it names an
    object, is the backdrop of another report, describes a place), or None."""
    reason = mood(sentence, cue)
    if reason is None and names_an_object(sentence.text, cue):
        reason = "names-object"
    if reason is None and in_background(sentence.text, cue):
        reason = "backdrop"
    if reason is None and describes_place(sentence.text, cue):
        reason = "describes-place"
    return reason


def live_cues(sentence: Sentence, cues: Sequence[Cue]) -> list[Cue]:
    """The cues that stand: event cues that ``cue_verdict`` keeps; every modifier cue."""
    return [c for c in cues if c.cue not in EVENT_CUES or cue_verdict(sentence, c) is None]


def about_unrest(article: ParsedArticle) -> bool:
    """Does the article report protests or riots (so that a crowd's arson reads as rioting)?"""
    floor = tuned("detect.unrest_weight")
    unrest = knowledge.cue_names("unrest")
    return any(c.cue in unrest and c.weight >= floor for s in article.sentences for c in sentence_cues(s))


def clauses(text: str, cues: list[Cue]) -> list[list[Cue]]:
    """The cues of each part of a sentence between semicolons (a headline's "X; Y" tells two stories)."""
    bounds = [m.start() for m in SEMICOLON.finditer(text)] + [len(text)]
    groups: list[list[Cue]] = [[] for _ in bounds]
    for c in cues:
        groups[next(i for i, b in enumerate(bounds) if c.start < b or b == len(text))].append(c)
    return [g for g in groups if g]


def block_reason(sentence: Sentence, anchor: dt.date | None, domain: str | None, history: bool) -> str | None:
    """Why the sentence's context keeps it from reporting an event (a rule id's last part), or None."""
    kinds = Counter(k for _, _, ks in sentence_context(sentence) for k in ks)
    suppressing = next((k for k in SUPPRESSING if kinds[k]), None)
    if suppressing:
        return suppressing
    if is_past_or_total(sentence.text, kinds, anchor):
        return "past-or-total"
    if history and not kinds["dayref"]:
        return "history-article"
    if domain is not None:
        return f"{domain}-article"
    if sum(kinds[k] for k in DOMAINS) >= tuned("detect.domain_words") and not weapon_harm(sentence):
        return "domain-words"
    return None


def weapon_harm(sentence: Sentence) -> bool:
    """A weapon and people killed or wounded in one sentence ("a bomb outside the election office killed four"):
    no metaphor, whatever the sentence's other words (an election, a match, a market). Not with a protest word,
    which among those words names a campaign rally or a market's, not a crowd's protest."""
    found = {c.cue for c in sentence_cues(sentence)}
    return bool(found & set(knowledge.cue_names("weapon"))) and bool(found & set(knowledge.cue_names("harm"))) \
        and "protest" not in found


# ---------------------------------------------------------------- mentions


def agreement_concluded(sentence: Sentence, cues: list[Cue]) -> bool:
    """A concluding verb (signed, agreed, took effect) near an agreement word: a deal made, not background."""
    deals = [c for c in cues if c.cue == "agreement"]
    verbs = [(s, e) for s, e, kinds in sentence_context(sentence) if "agree_verb" in kinds]
    reach = tuned("detect.agree_reach")
    return any(min(abs(s - d.end), abs(d.start - e)) <= reach for d in deals for s, e in verbs)


def quoted(text: str, position: int) -> bool:
    """Is ``position`` inside a quotation (a witness's words, which seldom tell a new incident)?"""
    before = text[:position]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def retold(sentence: Sentence) -> bool:
    """Does the sentence give another party's account of an incident ("state media gave a different account,
    saying separatists attacked the station")? Its facts belong to that incident, not to a new one."""
    return any("retelling" in kinds for _, _, kinds in sentence_context(sentence))


def _mention(article: ParsedArticle, sentence: Sentence, typed: TypedTrigger) -> Mention:
    text = article.clean.text
    trigger = span_of(text, sentence.start + typed.start, sentence.start + typed.end, "event_type")
    in_caption = sentence.in_caption or article.clean.in_caption(trigger.start, trigger.end)
    factors = in_force().section("detect")
    score = typed.score * (factors["caption_factor"] if in_caption else 1.0)
    if quoted(sentence.text, typed.start):
        score *= factors["quote_factor"]
    if retold(sentence):
        score *= factors["retold_factor"]
    return Mention(article.clean.article_id, sentence, trigger, typed.event_type, typed.sub_event_type,
                   typed.plover_type, in_caption, round(score, 3), typed.cues)


def event_sentences(article: ParsedArticle) -> list[Sentence]:
    """The sentences that may report an event: candidates outside boilerplate that their article's context (its
    domain, a history piece, the anchor date) does not block. Read from the text alone, so it also decides which
    sentences spaCy parses: no other sentence can give a mention. Chosen once per article, before its parse (an
    annotation its views share: parsing, ACLED's view and detection read the same choice)."""
    chosen = article.annotation("event sentences", lambda: _chosen_for_events(article))
    return [s for s in article.sentences if s.index in chosen]


def _chosen_for_events(article: ParsedArticle) -> frozenset[int]:
    clean = article.clean
    if not worth_reading(article_relevance(article)):
        return frozenset()
    context = article_context(article)
    return frozenset(s.index for s in article.sentences if not clean.in_boilerplate(s.start)
                     and is_candidate(s.text) and block_reason(s, *context) is None)


def article_context(article: ParsedArticle) -> tuple[dt.date | None, str | None, bool]:
    """What of the article bears on each sentence: its anchor date, its domain, whether it is a history piece."""
    clean = article.clean
    return clean.anchor or clean.published, article_domain(article), is_history_article(article)


def article_relevance(article: ParsedArticle) -> float:
    """The article's relevance (``strife.relevance``), read once an article: detection asks it before the parse
    (``worth_reading``), the pipeline after it."""
    return article.annotation("relevance", lambda: relevance.relevance(article.clean.text))


def worth_reading(relevance_score: float) -> bool:
    """Could an event of an article of this relevance pass merge's floor once the relevance is folded in? If not,
    none of its sentences is parsed or read (a sports report, a market report)."""
    return relevance.weight(relevance_score) >= merge.FLOOR


def find_mentions(article: ParsedArticle) -> list[Mention]:
    """One Mention per event type a sentence reports, in text order."""
    unrest = unrest_context(article)
    return [_mention(article, sentence, t) for sentence in event_sentences(article)
            for t in typed_in(sentence, unrest)]


def unrest_context(article: ParsedArticle) -> tuple[str, ...]:
    return ("unrest",) if about_unrest(article) else ()


def typed_in(sentence: Sentence, context: tuple[str, ...]) -> list[TypedTrigger]:
    """The typed triggers of a sentence, without running totals of killings."""
    return [t for t in all_typed_in(sentence, context) if not tallied(sentence, t)]


def all_typed_in(sentence: Sentence, context: tuple[str, ...]) -> list[TypedTrigger]:
    """The typed triggers of a sentence's live cues, clause by clause."""
    found = []
    for cues in clauses(sentence.text, live_cues(sentence, sentence_cues(sentence))):
        agreed = ("agreed",) if agreement_concluded(sentence, cues) else ()
        found += type_sentence(sentence.text, cues, agreed + context)
    return found


def tallied(sentence: Sentence, typed: TypedTrigger) -> bool:
    """A trigger made only of killing/arrest cues in a sentence that gives a running total."""
    return all(c.split(":")[0] in knowledge.cue_names("tallied") for c in typed.cues) and running_total(sentence)
