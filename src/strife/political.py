"""Political events in PLOVER's categories: statements, demands, meetings, aid, sanctions and threats.

A political event is a predicate of the words in ``data/plover_cues.tsv`` ("condemned", "imposed sanctions",
"called for") whose subject is a political actor (``code.political_actors``). The manual's rules are read from
the parse:
- a complement clause changes the event: "urged Russia to stop" is REQUEST (mode from what is asked: yield),
  "refused to release" REJECT, "threatened to impose sanctions" THREATEN;
- a cooperative act in the future or promised is AGREE ("will give a grant"), a hostile one THREATEN ("will
  strike back"), a negated future cooperation REJECT ("will not support"); other negated acts are no event;
- attacks, protests and arrests themselves are ACLED's events: here they only make threats and requests, so a
  statement about a violent event ("condemned the bombing") is ACCUSE, never the bombing.
Dates, places (a statement sits at its actor's seat), and attribution come from the project's coders.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import ahocorasick

from strife import detect, knowledge, relevance
from strife.code import attribution, dates, places, unique_spans
from strife.code import political_actors as pa
from strife.code.actors import data_text
from strife.lexicon import lower_keeping_offsets
from strife.records import NO_TOLL, Actor, Event, Mention, ParsedArticle, Place, Sentence, Span, Token, span_of

CUES_FILE = "plover_cues.tsv"
CATEGORIES_FILE = "plover_categories.tsv"
KINDS = ("verb", "noun", "adj", "modal", "aspect", "speech", "neutral")
FRAMES = ("intent", "request", "refuse", "threat")
WORD_KINDS = ("aspect", "speech", "neutral")  # rows of words that shape an act without being one
COOPERATION = ("verbal cooperation", "material cooperation")
MATERIAL_CONFLICT = "material conflict"
MODALS = frozenset(knowledge.rule_words("act_modal"))  # "will attack": a threat
MAYBE = frozenset(knowledge.rule_words("act_maybe"))
NEGATIONS = frozenset(knowledge.rule_words("act_negation"))
PRONOUNS = frozenset(knowledge.rule_words("act_pronoun"))
RELATIVES = frozenset(knowledge.rule_words("relative"))
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
RECIPIENT_PREPOSITIONS = frozenset(knowledge.rule_words("recipient_preposition"))
CLIMB = frozenset({"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "pcomp", "dobj", "pobj", "prep", "attr",
                   "acomp", "oprd"})
WORD = re.compile(r"[\w'-]+")
OBJECT_REACH = 8  # tokens after the act in which the words it needs ("lift ... the curfew") may stand
BASE_SCORE, FRAMED_SCORE, INFERRED_SCORE = 0.8, 0.85, 0.7
UNPOLITICAL_DOMAINS = ("sports", "film")  # an article about these (detect's reading) tells no political event
UNNAMED_DOER_CATEGORIES = ("ACCUSE", "SANCTION")  # told in the passive, they need no named doer


class PloverDataError(ValueError):
    """A PLOVER data file is malformed; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    family: str
    modes: frozenset[str]
    recipient: bool
    demand_mode: str | None
    threat_mode: str | None

    @property
    def cooperative(self) -> bool:
        return self.family in COOPERATION


@dataclass(frozen=True, slots=True)
class Sense:
    """One row of plover_cues.tsv: a word's sense as a political act."""

    words: tuple[str, ...]
    category: str | None
    mode: str | None
    kind: str
    frame: str | None
    governed_by: frozenset[str]
    objects: frozenset[str]
    alone: bool
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Act:
    """A cue read in its sentence: the token, its sense, and the predicate (the noun's verb, or itself)."""

    token: Token
    sense: Sense
    predicate: Token
    end: int  # offset after the cue's last word


# ---------------------------------------------------------------- data


def _rows(name: str) -> Iterable[tuple[int, list[str]]]:
    lines = data_text(name).splitlines()
    rows = [(n, line.split("\t")) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    return rows[1:]


def _dash(value: str) -> str | None:
    return None if value.strip() in ("-", "") else value.strip()


@functools.cache
def categories() -> dict[str, Category]:
    """PLOVER's categories, validated."""
    out = {}
    for n, row in _rows(CATEGORIES_FILE):
        if len(row) != 6:
            raise PloverDataError(f"{CATEGORIES_FILE}:{n}: expected 6 columns, got {len(row)}")
        name, family, modes, recipient, demand, threat = (c.strip() for c in row)
        out[name] = Category(name, family, frozenset(m for m in modes.split(",") if m and m != "-"),
                             recipient == "yes", _dash(demand), _dash(threat))
    for c in out.values():
        if c.demand_mode and c.demand_mode not in out["REQUEST"].modes:
            raise PloverDataError(f"{CATEGORIES_FILE}: {c.name}'s demand mode {c.demand_mode!r} is not REQUEST's")
        if c.threat_mode and c.threat_mode not in out["THREATEN"].modes:
            raise PloverDataError(f"{CATEGORIES_FILE}: {c.name}'s threat mode {c.threat_mode!r} is not THREATEN's")
    return out


def _sense(n: int, row: list[str]) -> Sense:
    if len(row) != 9:
        raise PloverDataError(f"{CUES_FILE}:{n}: expected 9 columns, got {len(row)}")
    phrase, category, mode, kind, frame, governed, objects, alone, forms = (c.strip() for c in row)
    known = categories()
    if kind not in KINDS:
        raise PloverDataError(f"{CUES_FILE}:{n}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if _dash(category) is None and kind not in WORD_KINDS or _dash(category) and category not in known:
        raise PloverDataError(f"{CUES_FILE}:{n}: unknown category {category!r}")
    if _dash(mode) and mode not in known[category].modes:
        raise PloverDataError(f"{CUES_FILE}:{n}: {mode!r} is not a mode of {category}")
    if _dash(frame) and frame not in FRAMES:
        raise PloverDataError(f"{CUES_FILE}:{n}: unknown frame {frame!r}")
    if alone not in ("yes", "no"):
        raise PloverDataError(f"{CUES_FILE}:{n}: alone must be yes or no, not {alone!r}")
    return Sense(tuple(phrase.lower().split()), _dash(category), _dash(mode), kind, _dash(frame),
                 frozenset(w for w in governed.split(",") if w and w != "-"),
                 frozenset(w for w in objects.split(",") if w and w != "-"), alone == "yes",
                 tuple(f.strip().lower() for f in forms.split(",") if f.strip() and f.strip() != "-"))


@functools.cache
def senses() -> dict[str, tuple[Sense, ...]]:
    """First word (lemma) of a cue -> its senses, in file order."""
    out: dict[str, list[Sense]] = {}
    for n, row in _rows(CUES_FILE):
        s = _sense(n, row)
        out.setdefault(s.words[0], []).append(s)
    return {k: tuple(v) for k, v in out.items()}


def inflections(word: str) -> set[str]:
    """The regular forms of an English verb or noun ("ban" -> bans, baned, banned, baning, banning...): more
    forms than exist, which is harmless for a prefilter."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing", word + "ment"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if len(word) > 2 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


@functools.cache
def _prefilter() -> tuple[ahocorasick.Automaton, dict[str, tuple[frozenset[str], ...]]]:
    """An automaton of every form of every act's first word, and for each form the words one of which its senses
    need beside it (an empty set: none needed)."""
    automaton, needs = ahocorasick.Automaton(), {}
    for group in senses().values():
        for s in group:
            if s.kind in WORD_KINDS:
                continue
            need = s.objects if s.alone or s.frame else MODALS  # "attack" alone is ACLED's; "will attack" a threat
            for form in inflections(s.words[0]) | set(s.forms):
                automaton.add_word(form, form)
                needs.setdefault(form, set()).add(need)
    automaton.make_automaton()
    return automaton, {form: tuple(sets) for form, sets in needs.items()}


@functools.lru_cache(maxsize=4096)
def is_candidate(text: str) -> bool:
    """Does the sentence hold a political act's word (with the words it needs: "lift" and a curfew) and a political
    actor's? (No parse: this decides what spaCy parses, so it must stay cheap and strict.) A memo across articles:
    the lines that come again in many articles."""
    low = lower_keeping_offsets(text)
    automaton, needs = _prefilter()
    words = None
    for end, form in automaton.iter(low):
        start = end - len(form) + 1
        if (start and low[start - 1].isalnum()) or (end + 1 < len(low) and low[end + 1].isalnum()):
            continue
        words = words if words is not None else frozenset(WORD.findall(low))
        if any(not need or need & words for need in needs[form]):
            return bool(pa._hits(text))
    return False


def political_sentences(article: ParsedArticle) -> list[Sentence]:
    """The sentences that may report a political event (outside boilerplate and captions), chosen once per article
    before its parse (an annotation its views share)."""
    chosen = article.annotation("political sentences", lambda: frozenset(
        s.index for s in article.sentences
        if not article.clean.in_boilerplate(s.start) and not s.in_caption and is_candidate(s.text)))
    return [s for s in article.sentences if s.index in chosen]


# ---------------------------------------------------------------- reading a sentence


def _kind_fits(token: Token, kind: str) -> bool:
    if kind == "verb":
        return token.pos in ("VERB", "AUX") or token.tag.startswith("VB")
    if kind == "noun":
        return token.pos in ("NOUN", "PROPN")
    if kind == "modal":
        return token.tag == "MD"
    return token.pos in ("ADJ", "VERB")


def _phrase_end(sentence: Sentence, token: Token, words: tuple[str, ...]) -> int | None:
    """Offset after a cue that starts at ``token`` ("called for"), None when a multi-word cue's words differ."""
    if len(words) == 1:
        return token.end
    rest = sentence.tokens[token.i + 1:token.i + len(words)]
    if len(rest) < len(words) - 1 or any(t.text.lower() != w for t, w in zip(rest, words[1:], strict=False)):
        return None
    return rest[-1].end


def _governor(sentence: Sentence, token: Token, verbs: frozenset[str]) -> Token | None:
    """The verb that makes a noun an act ("imposed ... sanctions"), up a short chain of the parse."""
    node = token
    for _ in range(4):
        if node.head == node.i:
            return None
        node = sentence.tokens[node.head]
        if node.lemma.lower() in verbs or node.text.lower() in verbs:
            return node
        if node.pos in ("VERB", "AUX") and node.dep not in ("amod",):
            return None
    return None


def _has_object(sentence: Sentence, act_end: int, token: Token, words: frozenset[str]) -> bool:
    if not words:
        return True
    after = [t for t in sentence.tokens if t.start >= act_end][:OBJECT_REACH]
    before = sentence.tokens[max(0, token.i - 3):token.i]  # "joint exercises", "military drills"
    return any(t.text.lower() in words or t.lemma.lower() in words for t in (*after, *before))


def find_acts(sentence: Sentence) -> list[Act]:
    """Every cue of the sentence read in its sense: the first sense whose kind, governing verb and needed
    words fit."""
    acts = []
    table = senses()
    for token in sentence.tokens:
        lemma, word = token.lemma.lower(), token.text.lower()
        for sense in (*table.get(word, ()), *(table.get(lemma, ()) if word != lemma else ())):
            end = _phrase_end(sentence, token, sense.words)
            if sense.kind in WORD_KINDS or end is None or not _kind_fits(token, sense.kind):
                continue
            predicate = sentence.tokens[token.head] if sense.kind == "modal" else token
            if sense.governed_by:
                predicate = _governor(sentence, token, sense.governed_by)
                if predicate is None:
                    continue
            if not _has_object(sentence, end, token, sense.objects):
                continue
            acts.append(Act(token, sense, predicate, end))
            break
    return acts


def _ancestors(sentence: Sentence, token: Token) -> Iterable[Token]:
    node = token
    for _ in range(12):
        if node.head == node.i:
            return
        if node.dep not in CLIMB:
            return
        node = sentence.tokens[node.head]
        yield node


def _complement_of(sentence: Sentence, act: Act, acts: list[Act]) -> Act | None:
    """The framing act (a request, refusal, threat or intention) whose clause holds ``act``, if any: "must"
    frames the verb it helps."""
    modal = next((o for o in acts if o.sense.kind == "modal" and o.predicate.i == act.predicate.i
                  and o is not act), None)
    if modal is not None:
        return modal
    for node in _ancestors(sentence, act.predicate):
        for other in acts:
            if other is not act and other.sense.frame and node.i in (other.predicate.i, other.token.i) \
                    and act.token.start > other.token.start \
                    and not (other.sense.frame in ("threat", "intent") and _own_subject(sentence, act)):
                return other
    return None


def _own_subject(sentence: Sentence, act: Act) -> bool:
    """Has the act a subject of its own, not a pronoun ("warned that the army would strike": the army's)?"""
    return any(t.head == act.predicate.i and t.dep in SUBJECTS and t.text.lower() not in PRONOUNS
               for t in sentence.tokens)


@functools.cache
def neutral_verbs() -> frozenset[str]:
    return frozenset(s.words[0] for group in senses().values() for s in group if s.kind == "neutral")


def _says_nothing(sentence: Sentence, act: Act, kids) -> bool:
    """A refusal, request or promise of mere words ("refused to comment", "asked to confirm"): no event."""
    return act.sense.frame is not None and any(
        k.dep in ("xcomp", "ccomp") and k.lemma.lower() in neutral_verbs() for k in kids.get(act.predicate.i, ()))


def _meets_no_one(article: ParsedArticle, sentence: Sentence, act: Act, kids, context: ArticleActors) -> bool:
    """A meeting verb whose object is no one ("meet demand", "meet the targets"): not a consultation."""
    if act.sense.category != "CONSULT" or act.sense.kind != "verb":
        return False
    obj = next((k for k in kids.get(act.predicate.i, ()) if k.dep == "dobj"), None)
    if obj is None or obj.ent in ("PERSON", "NORP", "GPE", "ORG"):
        return False
    return _actor_of(article, sentence, obj, kids, context, recipient=True)[0] is None \
        and not pa.political_head(obj.text)


def _foretold(article: ParsedArticle, sentence: Sentence, act: Act, actor: Actor, kids,
              context: ArticleActors) -> bool:
    """Another actor telling what ``actor`` will do ("the minister said the rebels would attack"): a forecast,
    not the doer's promise or threat (a pronoun subject, "we will strike", is the speaker's own)."""
    speech = _speaker(sentence, act) if act.sense.frame is None and _own_subject(sentence, act) else None
    teller = next((k for k in kids.get(speech.i, ()) if k.dep in SUBJECTS), None) if speech else None
    if teller is None:
        return False
    told_by, _ = _actor_of(article, sentence, teller, kids, context)
    return told_by is not None and told_by.name != actor.name


def _mood(sentence: Sentence, act: Act, kids: dict[int, list[Token]]) -> tuple[bool, bool, bool]:
    """(future, negated, hypothetical) of the act's predicate, from its auxiliaries and markers, and the
    verbs it depends on ("said it will support": the support's own 'will')."""
    future = negated = hypothetical = False
    nodes = [act.predicate]
    if act.predicate.dep in ("xcomp",) and act.predicate.head != act.predicate.i:
        nodes.append(sentence.tokens[act.predicate.head])
    for node in nodes:
        for kid in kids.get(node.i, ()):
            low = kid.text.lower()
            if kid.dep in ("aux", "auxpass") and low in MODALS:
                future = True
            if kid.dep in ("aux", "auxpass") and low in MAYBE:
                hypothetical = True
            if kid.dep == "neg" or (kid.dep == "det" and low == "no"):
                negated = True
            if kid.dep == "mark" and low in ("if", "unless", "whether"):
                hypothetical = True
        if node.lemma.lower() in ("go",) and any(k.tag == "TO" for k in kids.get(act.predicate.i, ())):
            future = True
        if node is not act.predicate and node.lemma.lower() in ("have", "need"):
            hypothetical = True  # "have to approve": an obligation, not the act
    return future, negated, hypothetical


def _category_of(sense: Sense) -> Category | None:
    return categories().get(sense.category or "")


@dataclass(frozen=True, slots=True)
class Coded:
    """What an act reports: its category, mode, the token whose words gave the mode, and how sure."""

    category: str
    mode: str | None
    mode_token: Token | None
    score: float


def code_act(act: Act, complement: Act | None, future: bool, negated: bool) -> Coded | None:
    """The manual's rules on one act and the complement it frames."""
    sense, own = act.sense, _category_of(act.sense)
    inner = _category_of(complement.sense) if complement else None
    inner_token = complement.token if complement else None
    if sense.frame == "request" and not negated:
        mode = "change" if complement and complement.sense.mode == "resign" else (inner.demand_mode if inner else None)
        return Coded("REQUEST", mode, inner_token, FRAMED_SCORE if inner else BASE_SCORE)
    if sense.frame == "refuse" and not negated:
        return Coded("REJECT", inner.demand_mode if inner else None, inner_token, FRAMED_SCORE if inner else BASE_SCORE)
    if sense.frame == "threat" and not negated:
        mode = _threat_mode(complement) if complement else None
        if mode is None and not sense.alone:
            return None  # "warned that the truce would not hold": a warning, no threat
        return Coded("THREATEN", mode, inner_token, FRAMED_SCORE if mode else BASE_SCORE)
    if sense.frame == "intent" and inner is not None and not negated:
        return _future(complement, inner, inner_token, FRAMED_SCORE)
    if own is None:
        return None
    if negated:
        return Coded("REJECT", own.demand_mode, act.token, INFERRED_SCORE) if future and own.cooperative else None
    if future:
        return _future(act, own, act.token, INFERRED_SCORE)
    if not sense.alone:
        return None
    return Coded(own.name, sense.mode, act.token if sense.mode else None, BASE_SCORE)


def _threat_mode(act: Act) -> str | None:
    threats = categories()["THREATEN"].modes
    if act.sense.mode in threats:
        return act.sense.mode
    own = _category_of(act.sense)
    return own.threat_mode if own and own.family == MATERIAL_CONFLICT else None


@functools.cache
def ongoing_verbs() -> frozenset[str]:
    """Verbs that carry on what is already done ("will expand deliveries"): the act is happening, not promised."""
    return frozenset(s.words[0] for group in senses().values() for s in group if s.kind == "aspect")


def _future(act: Act, category: Category, token: Token, score: float) -> Coded | None:
    """A cooperative act promised is AGREE (unless it carries on what is already done); a hostile material act
    announced is THREATEN."""
    if category.cooperative and act.predicate.lemma.lower() in ongoing_verbs() and act.sense.alone:
        return Coded(category.name, act.sense.mode, token if act.sense.mode else None, score)
    if category.cooperative:
        return Coded("AGREE", None, None, score)
    mode = _threat_mode(act)
    return Coded("THREATEN", mode, token, score) if mode else None


# ---------------------------------------------------------------- actors of an act


def _subtree_span(sentence: Sentence, token: Token, kids: dict[int, list[Token]]) -> tuple[int, int]:
    """Offsets of a noun phrase: the token and what hangs on it, without relative clauses."""
    lo, hi = token.start, token.end
    stack = [token]
    while stack:
        node = stack.pop()
        for kid in kids.get(node.i, ()):
            if kid.dep in ("relcl", "acl", "punct", "cc") and node is token:
                continue
            lo, hi = min(lo, kid.start), max(hi, kid.end)
            stack.append(kid)
    return lo, hi


def _speaker(sentence: Sentence, act: Act) -> Token | None:
    """For "X said Y must Z": the verb of speech ("said") whose clause holds the modal's verb, else None."""
    verb = act.predicate
    if verb.dep != "ccomp" or verb.head == verb.i:
        return None
    speech = sentence.tokens[verb.head]
    return speech if speech.lemma.lower() in speech_verbs() else None


@functools.cache
def speech_verbs() -> frozenset[str]:
    """Verbs that tell what someone said (reporting.tsv's verbs that credit a source, plover_cues.tsv's speech
    rows)."""
    own = (s.words[0] for group in senses().values() for s in group if s.kind == "speech")
    return frozenset(knowledge.reporting_words("credits")) | frozenset(own)


def _subject(sentence: Sentence, act: Act, kids: dict[int, list[Token]]) -> Token | None:
    """The act's doer: its subject, else that of the verb it hangs on ("decided to expel", "and condemned"),
    the agent of a passive, or the noun a relative clause describes; for "X said Y must", the speaker X."""
    node = act.predicate
    if act.sense.kind == "modal":
        node = _speaker(sentence, act)
        if node is None:
            return None
    for _ in range(8):
        passive = act.sense.kind != "adj" and any(k.dep == "auxpass" for k in kids.get(node.i, ()))
        for kid in kids.get(node.i, ()):
            if kid.dep in SUBJECTS and not (passive and kid.dep == "nsubjpass"):
                relative = node.dep == "relcl" and kid.text.lower() in RELATIVES and node.head != node.i
                return sentence.tokens[node.head] if relative else kid  # "the dispute that threatened": the dispute
            if kid.dep == "agent" and act.sense.kind != "adj":  # "appalled by the escalation": not the doer
                agent = next((k for k in kids.get(kid.i, ()) if k.dep == "pobj"), None)
                if agent is not None:
                    return agent
        if node.dep == "relcl" and node.head != node.i:
            return sentence.tokens[node.head]
        if node.head == node.i or node.dep not in ("xcomp", "conj", "advcl", "ccomp", "acomp", "dobj", "pobj",
                                                   "prep", "pcomp", "acl"):
            return None
        node = sentence.tokens[node.head]
    return None


def _recipient(sentence: Sentence, act: Act, kids: dict[int, list[Token]]) -> Token | None:
    """Whom the act is aimed at: its object (or the owner of its object), else the object of 'to', 'with',
    'on', 'against'... on the act or its noun."""
    if act.sense.kind == "modal":  # "Y must ...": Y is asked
        return next((k for k in kids.get(act.predicate.i, ()) if k.dep in SUBJECTS), None)
    skip = {act.token.i}
    for owner in (act.predicate, act.token):
        for kid in kids.get(owner.i, ()):
            if kid.dep in ("dobj", "dative", "iobj") and kid.i not in skip:
                poss = next((k for k in kids.get(kid.i, ()) if k.dep == "poss"), None)
                return poss or kid
    for owner in (act.token, act.predicate):
        for kid in kids.get(owner.i, ()):
            if kid.dep == "prep" and kid.text.lower() in RECIPIENT_PREPOSITIONS:
                obj = next((k for k in kids.get(kid.i, ()) if k.dep == "pobj"), None)
                if obj is not None:
                    return obj
    return None


@dataclass(frozen=True, slots=True)
class ArticleActors:
    """What the article tells of its actors: its country, and surnames of titled people."""

    country: str | None
    titled: dict


def _head_phrase(sentence: Sentence, token: Token, kids) -> tuple[int, int]:
    """Offsets of a noun and the words compounded to it ("Prime Minister Tony Blair", "South Korea")."""
    lo, hi, stack = token.start, token.end, [token]
    while stack:
        node = stack.pop()
        for kid in kids.get(node.i, ()):
            if kid.dep in ("compound", "flat", "nmod") or (kid.dep == "punct" and kid.text == "-"):
                lo, hi = min(lo, kid.start), max(hi, kid.end)
                stack.append(kid)
    return lo, hi


def _actor_of(article: ParsedArticle, sentence: Sentence, token: Token, kids, context: ArticleActors,
              recipient: bool = False) -> tuple[Actor | None, Span | None]:
    """The actor a noun names: the political actor of its whole phrase, when its head names one (a country's
    adjective or a weak word alone does not: "British Airways"); a recipient may be anyone known."""
    lo, hi = _subtree_span(sentence, token, kids)
    text = article.clean.text[lo:hi]
    head = article.clean.text[slice(*_head_phrase(sentence, token, kids))]
    titled = next((context.titled[w] for w in head.replace("'s", "").split() if w in context.titled), None)
    if recipient:
        actor = pa.any_actor(text, context.country) or (pa.any_actor(titled, context.country) if titled else None)
    elif pa.political_head(head) or any(pa.political_head(article.clean.text[slice(*_head_phrase(sentence, k, kids))])
                                        for k in kids.get(token.i, ()) if k.dep == "appos"):
        actor = pa.political_actor(text, context.country)
    else:
        actor = pa.political_actor(titled, context.country) if titled else None
    if actor is None:
        return None, None
    span = span_of(article.clean.text, lo, hi, "actor2" if recipient else "actor1")
    return replace(actor, span=span), span


def _antecedent(article: ParsedArticle, sentence: Sentence, token: Token, kids,
                context: ArticleActors) -> Actor | None:
    """A pronoun's actor: the political subject of a verb it hangs under ("Hungary said it will")."""
    node = token
    for _ in range(8):
        if node.head == node.i:
            break
        node = sentence.tokens[node.head]
        subject = next((k for k in kids.get(node.i, ()) if k.dep in SUBJECTS and k.i != token.i
                        and k.text.lower() not in PRONOUNS), None)
        if subject is not None:
            actor, _ = _actor_of(article, sentence, subject, kids, context)
            if actor is not None:
                return actor
    return None


# ---------------------------------------------------------------- events


def _place(article: ParsedArticle, mention: Mention, category: str, actor: Actor | None) -> Place:
    """A statement sits at its actor's seat (country precision); a material act where the sentence puts it."""
    if categories()[category].family.startswith("material") or category == "CONSULT":
        located = places.locate(article, mention)
        if located.span is not None and mention.sentence.start <= located.span.start < mention.sentence.end:
            return located
    seat = pa.seat_of(actor) if actor is not None else None
    if seat is not None:
        return seat
    country = actor.country if actor is not None else places.article_country(article)
    return Place(country=country, precision="unknown" if country is None else "country")


def _event(article: ParsedArticle, sentence: Sentence, act: Act, coded: Coded, actor1: Actor | None,
           actor2: Actor | None) -> Event:
    text = article.clean.text
    trigger = span_of(text, act.token.start, act.end, "plover_type")
    mention = Mention(article.clean.article_id, sentence, trigger, None, None, coded.category,
                      sentence.in_caption, coded.score, (act.sense.words[0],))
    when = dates.date_for(article, mention)
    place = _place(article, mention, coded.category, actor1)
    credit = attribution.attribution_for(article, mention)
    evidence = [trigger]
    if coded.mode_token is not None and coded.mode_token.start != act.token.start:
        evidence.append(span_of(text, coded.mode_token.start, coded.mode_token.end, "plover_mode"))
    evidence += [s for s in (when.span, place.span, actor1.span if actor1 else None,
                             actor2.span if actor2 else None) if s]
    evidence += credit.spans
    return Event(id="", article_id=article.clean.article_id, event_type=None, sub_event_type=None,
                 plover_type=coded.category, plover_mode=coded.mode, date=when, location=place, actor1=actor1,
                 actor2=actor2, fatalities=NO_TOLL, evidence=unique_spans(evidence), attribution=credit,
                 confidence=coded.score, source=article.clean.source, published=article.clean.published,
                 sentence=(sentence.start, sentence.end))


def _read(sentence: Sentence, act: Act, complement: Act | None, kids) -> tuple[bool, Coded | None]:
    """(future, what the act reports) from its mood and its complement's; None when it reports nothing yet."""
    future, negated, hypothetical = _mood(sentence, act, kids)
    if act.sense.kind == "modal":
        future = negated = hypothetical = False  # "must not attack" asks too
    if hypothetical and act.sense.frame != "threat" or (
            future and act.sense.frame in ("request", "refuse") and _own_subject(sentence, act)):
        return future, None  # "may ask", "he said the parliament would reject": not asked, not refused yet
    if complement is not None and act.sense.frame == "intent" and _mood(sentence, complement, kids)[2]:
        return future, None  # "will decide whether to begin talks"
    return future, code_act(act, complement, future, negated)


def _doer(article: ParsedArticle, sentence: Sentence, subject: Token, kids, context: ArticleActors) -> Actor | None:
    """The political actor a subject names; a pronoun's is its speaker's."""
    if subject.text.lower() not in PRONOUNS:
        return _actor_of(article, sentence, subject, kids, context)[0]
    actor = _antecedent(article, sentence, subject, kids, context)
    return replace(actor, span=span_of(article.clean.text, subject.start, subject.end, "actor1")) if actor else None


def _accused(article: ParsedArticle, sentence: Sentence, act: Act, coded: Coded, kids,
             context: ArticleActors) -> Actor | None:
    """A political actor accused, charged or sanctioned in the passive with no one named as doing it ("the
    former president has been accused of..."): the event's recipient, its actor unknown."""
    if coded.category not in UNNAMED_DOER_CATEGORIES or act.sense.kind != "verb":
        return None
    passive = next((k for k in kids.get(act.predicate.i, ()) if k.dep == "nsubjpass"), None)
    if passive is None or passive.text.lower() in PRONOUNS:
        return None
    head = article.clean.text[slice(*_head_phrase(sentence, passive, kids))]
    if not pa.political_head(head):
        return None
    return _actor_of(article, sentence, passive, kids, context, recipient=True)[0]


def sentence_events(article: ParsedArticle, sentence: Sentence, context: ArticleActors) -> list[Event]:
    """The political events one parsed sentence reports."""
    acts = find_acts(sentence)
    if not acts:
        return []
    kids = detect.children(sentence)
    framed = {a.token.i: _complement_of(sentence, a, acts) for a in acts}
    events = []
    for act in acts:
        if framed[act.token.i] is not None:
            continue  # told as the content of a request, refusal, threat or promise: coded with it
        complement = next((a for a in acts if framed[a.token.i] is act), None)
        future, coded = _read(sentence, act, complement, kids)
        if coded is None or _says_nothing(sentence, act, kids) or _meets_no_one(article, sentence, act, kids,
                                                                                  context):
            continue
        subject = _subject(sentence, act, kids)
        if subject is None:
            accused = _accused(article, sentence, act, coded, kids, context)
            if accused is not None:
                events.append(_event(article, sentence, act, coded, None, accused))
            continue
        actor1 = _doer(article, sentence, subject, kids, context)
        if actor1 is None or (future and _foretold(article, sentence, act, actor1, kids, context)):
            continue
        target = _recipient(sentence, act, kids) if act.sense.kind == "modal" else (
            _recipient(sentence, act, kids) if act.sense.frame in ("request", "refuse") else None) or (
            _recipient(sentence, complement or act, kids) or _recipient(sentence, act, kids))
        actor2 = _actor_of(article, sentence, target, kids, context, recipient=True)[0] if target else None
        if actor2 is not None and actor2.name == actor1.name:
            actor2 = None
        if act.sense.kind == "modal" and (actor2 is None or actor2.type not in pa.political_types()
                                          or any(k.dep == "auxpass" for k in kids.get(act.predicate.i, ()))):
            continue  # "X said Y must ..." asks a political Y; not "we should rebuild", "spam must be stopped"
        events.append(_event(article, sentence, act, coded, actor1, actor2))
    return events


def political_events(article: ParsedArticle, relevant: float | None = None) -> list[Event]:
    """Every political event of a parsed article, one an act (the same act told twice counts once); the article's
    relevance is recorded and folded into each confidence, as for ACLED's events, but drops none: a business or
    sports report may tell a real one (a minister condemns, a regulator sanctions)."""
    if detect.article_domain(article) in UNPOLITICAL_DOMAINS:
        return []
    context = ArticleActors(places.article_country(article), pa.titled_names(article.clean.text))
    seen, out = set(), []
    for sentence in political_sentences(article):
        if not sentence.parsed:
            continue
        for event in sentence_events(article, sentence, context):
            key = (event.plover_type, event.actor1.name if event.actor1 else None,
                   event.actor2.name if event.actor2 else None, event.date.date)
            if key not in seen:
                seen.add(key)
                out.append(replace(event, relevance=relevant,
                                   confidence=round(event.confidence * relevance.weight(relevant), 4)))
    return out

