"""Typing: a sentence's live event cues become ACLED sub-event types (coding guide §2).

The rules run in a fixed order; each takes the cues that define its type from a ``CueBag`` and *absorbs* the
cues that belong to the same incident (the "killing" in "an air strike hit the market, killing 27"), so that
one incident gives one typed trigger while unrelated cues in the same sentence still give their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from strife import taxonomy
from strife.config import in_force
from strife.knowledge import alternation, cue_names, reporting_words, rule_pattern, rule_words

EVENT_CUES = frozenset(cue_names("event"))  # an event's own words; the other cues only qualify one (cues.tsv)
HARM = cue_names("harm")  # people hurt: "kill", "wound"
# Cues naming a side -> the side: the side words, and the named groups of the actor knowledge base. A named group
# decides which side took, lost or detained (``_side_before``, ``_side_after_from``); only the side words tell
# that an armed side is named at all (``had("state")``): the groups' names counted so raised false alarms.
SIDE_OF = {"state": "state", "nonstate": "nonstate", "state_group": "state", "nonstate_group": "nonstate"}
CLAUSE_BREAK = re.compile(rf"[;:\u2014]|,\s*{rule_pattern('comma_clause_break')}\b|"
                          rf"\b{rule_pattern('clause_break')}\b")
PEOPLE_AFTER = re.compile(r"^\s+(?:at\s+least\s+|more\s+than\s+|about\s+|nearly\s+)?"
                          r"(?:\d[\d,]*|dozens|scores|hundreds|two|three|four|five|six|seven|eight|nine|ten)\b")
DROVE_OUT = re.compile(rf"\b{rule_pattern('drove_out')}\b[^.;,]{{1,60}}?\bout of\b", re.I)
FROM_SIDE = re.compile(r"\bfrom\b")
TOPIC_BETWEEN = re.compile(rf"\b{rule_pattern('topic_between')}\b")  # protests over a killing
BACK_REFERENCE = re.compile(r"\bthe\s+(?:[\w-]+\s+)?$", re.I)
PASSIVE_BEFORE = re.compile(rf"\b{rule_pattern('passive_auxiliary')}\s+(?:[a-z]+ly\s+)?$", re.I)
AGENT_BEFORE = re.compile(rf"\bby\s+(?:{rule_pattern('agent_modifier')}\s+)*$", re.I)
ACCORDING_TO = re.compile(r"\baccording to\s+(?:[\w'-]+\s+){0,3}$", re.I)
SAID_AFTER = re.compile(rf"\s+{alternation(reporting_words('source_after'))}\b", re.I)  # "villagers said"
LEFT_DEAD = re.compile(rf"\b{rule_pattern('left_dead')}\s+(?:\S+\s+){{0,4}}$", re.I)
KILLING_VERBS = frozenset(rule_words("killing_verb"))  # "killed", not "the dead"
PLACE_AFTER = re.compile(rf"^\W*(?:{rule_pattern('place_lead')}\s+)*[A-Z]")


@dataclass(frozen=True, slots=True)
class Cue:
    """A lexicon phrase found in a sentence; offsets index the sentence text."""

    start: int
    end: int
    phrase: str
    cue: str
    weight: float


@dataclass(frozen=True, slots=True)
class TypedTrigger:
    """A sub-event type read from a sentence, with its trigger's offsets (in the sentence) and its cues."""

    sub_event_type: str
    start: int
    end: int
    score: float
    cues: tuple[str, ...]
    plover_type: str | None = None

    @property
    def event_type(self) -> str:
        return taxonomy.event_type_of(self.sub_event_type)


class CueBag:
    """The sentence's cues by name; rules take the cues they use out of the bag. ``tuned`` is the ``[types]``
    settings section the rules read their weights from."""

    def __init__(self, cues: Iterable[Cue], context: frozenset[str] = frozenset(), tuned=None):
        self.context = context  # what the article or sentence says around the cues: "agreed", "protests"
        self.tuned = tuned if tuned is not None else in_force().section("types")
        self.left: dict[str, list[Cue]] = {}
        for c in cues:
            self.left.setdefault(c.cue, []).append(c)
        self.all = {name: list(cs) for name, cs in self.left.items()}

    def has(self, name: str, weight: float = 0.0) -> bool:
        cues = self.left.get(name)  # most names are absent: no generator for them
        return cues is not None and any(c.weight >= weight for c in cues)

    def needs(self, test: str) -> float:
        """The weight a cue needs for one test of the rules (``[types.needs]``)."""
        return self.tuned["needs"][test]

    def passes(self, name: str, test: str) -> bool:
        """A ``name`` cue weighs what ``test`` needs."""
        return self.has(name, self.tuned["needs"][test])

    def had(self, name: str) -> bool:
        """Present in the sentence, whether or not a rule took it."""
        return name in self.all

    def best(self, name: str) -> float:
        return max((c.weight for c in self.left.get(name, ())), default=0.0)

    def take(self, *names: str, below: float = 2.0) -> list[Cue]:
        """Remove and return the cues of these names weighing less than ``below``."""
        taken = []
        for name in names:
            keep = [c for c in self.left.get(name, ()) if c.weight >= below]
            taken += [c for c in self.left.get(name, ()) if c.weight < below]
            if keep:
                self.left[name] = keep
            else:
                self.left.pop(name, None)
        return taken


Found = list[tuple[str, list[Cue], list[Cue]]]  # (sub-event type key of taxonomy.tsv, defining, absorbed cues)
Rule = Callable[[CueBag, str], Found]


def _protest(bag: CueBag, text: str) -> Found:
    """Protest sub-types by what the protesters did and how the state answered."""
    if not bag.passes("protest", "protest"):
        return _dispersal(bag)
    riot = bag.passes("riot", "protest_riot") or bag.has("clash") or bag.has("looting")
    protest = bag.left["protest"][0]
    deaths = [c for c in bag.left.get("kill", ())
              if not TOPIC_BETWEEN.search(text, protest.end, max(c.start, protest.end))]
    lethal = bag.passes("lethal", "protest_lethal") or bag.passes("attack", "protest_lethal") or bool(deaths)
    if bag.passes("mob", "mob"):
        sub = "mob"
    elif riot:
        sub = "riot"
    elif lethal:
        sub = "excessive"
    elif bag.has("intervention") or bag.has("arrest") or bag.has("lethal") or bag.has("regain"):
        sub = "intervention"
    else:
        sub = "peaceful"
    defining = bag.take("protest")
    absorbed = bag.take("riot", "mob", "intervention", "lethal", "arrest", "attack", "clash", "looting",
                        "regain", "change", *HARM)  # "some broke away from the march"
    return [(sub, defining, absorbed)]


def _dispersal(bag: CueBag) -> Found:
    """In an article about unrest, tear gas or batons on a gathering the sentence does not call a protest."""
    if "unrest" not in bag.context or not bag.passes("intervention", "dispersal") or bag.passes("riot", "protest_riot"):
        return []  # stones thrown at the police who fired the tear gas: a riot (``_riot`` takes the tear gas)
    return [("intervention", bag.take("intervention"), bag.take("arrest", "lethal", "grenade", *HARM))]


def _riot(bag: CueBag, text: str) -> Found:
    """A mob; or rioters, or in an article about unrest, a crowd's burning and stoning."""
    violent = bag.has("attack") or bag.has("kill") or bag.has("riot")
    if bag.passes("mob", "mob") or (bag.has("mob") and violent):
        return [("mob", bag.take("mob"), bag.take("riot", "attack", "looting", "lethal", *HARM))]
    if bag.passes("riot", "riot") or ("unrest" in bag.context and bag.passes("riot", "riot_in_unrest")):
        fighting = ("clash",) if bag.had("state") and not bag.had("nonstate") else ()  # "clashed with police"
        return [("riot", bag.take("riot"),
                 bag.take("looting", "intervention", "lethal", "attack", *fighting, *HARM))]
    return []


def _explosive(name: str, sub: str, absorbs: tuple[str, ...]):
    """A rule for one explosive weapon: strong enough alone, or weaker with harm or an explosion beside it. It
    absorbs the ``absorbs`` weapons lighter than its ``[types.absorbs_below]`` weight (all, if it has none)."""
    def rule(bag: CueBag, text: str) -> Found:
        harmed = any(bag.has(h) for h in HARM) or (name != "explosion" and bag.has("explosion"))
        if not (bag.passes(name, name) or (bag.has(name) and harmed)):
            return []
        defining = bag.take(name)
        below = bag.tuned["absorbs_below"].get(name, 2.0)
        absorbed = bag.take(*absorbs, below=below) + bag.take("explosion", "attack", "lethal", *HARM)
        return [(sub, defining, absorbed + bag.take("riot", below=bag.needs("weak_cue")))]  # "hurled a grenade"
    return rule


def _disrupted(bag: CueBag, text: str) -> Found:
    """An interception or a defused bomb; the weapon stays an attack of its own when it still did harm."""
    weapon = ("air", "shelling", "ied", "grenade", "explosion", "suicide")
    aimed = any(bag.has(w) for w in (*weapon, "attack"))
    if not (bag.passes("disrupted", "disrupted") or (bag.has("disrupted") and aimed)):
        return []
    if _retells_attack(bag, text, weapon):
        return []
    defining = bag.take("disrupted")
    harmed = any(bag.has(h) for h in HARM)
    objects = [c for w in weapon for c in bag.left.get(w, ())
               if any(0 <= c.start - d.end <= bag.tuned["object_reach"] for d in defining)]  # "defused a car bomb"
    for c in objects:
        bag.left[c.cue].remove(c)
    absorbed = objects + ([] if harmed else bag.take(*weapon, "attack"))
    return [("disrupted", defining, absorbed)]


def _retells_attack(bag: CueBag, text: str, weapon: tuple[str, ...]) -> bool:
    """"Most of the rockets were intercepted": the weapons, named before the interception with "the", are those
    of an attack already told; the sentence tells that attack's outcome, not another event."""
    first = min(c.start for c in bag.left["disrupted"])
    told = bag.needs("told_weapon")
    return any(c.end <= first and c.weight >= told and BACK_REFERENCE.search(text, 0, c.start)
               for w in weapon for c in bag.left.get(w, ()))


def _side_before(bag: CueBag, text: str, position: int) -> str | None:
    """'state' or 'nonstate': the first actor named in the clause before ``position`` (its subject)."""
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, position)), default=0)
    actors = [c for c in _sides(bag) if clause_start <= c.start and c.end <= position]
    if not actors:
        actors = [c for c in _sides(bag) if c.end <= position]
        return SIDE_OF[max(actors, key=lambda c: c.end).cue] if actors else None
    return SIDE_OF[min(actors, key=lambda c: c.start).cue]


def _sides(bag: CueBag) -> list[Cue]:
    """Every cue that names a side: the side words ("troops", "militants") and the named groups of the actor
    knowledge base ("Jaish al-Islam")."""
    return [c for name in SIDE_OF for c in bag.all.get(name, ())]


def _territory(bag: CueBag, text: str) -> Found:
    """Places taken or retaken: who took them decides the type; the sentence must name a place taken."""
    if bag.has("regain") or bag.has("takeover"):  # "seized the town after the troops withdrew": one event
        bag.take("transfer")
    verbs = [c for name in ("regain", "takeover", "transfer") for c in bag.left.get(name, ())]
    if not (bag.had("territory") or any(PLACE_AFTER.match(text[c.end:]) for c in verbs)):
        return []
    found: Found = []
    for cue in sorted(verbs, key=lambda c: c.start):
        if cue.cue == "transfer":
            if cue.weight < bag.needs("transfer") or (bag.passes("clash", "clash")
                                                       and cue.weight < bag.needs("transfer_beside_clash")):
                continue
            sub = "transfer"
        else:
            sub = _taker(bag, cue, text)
        bag.left[cue.cue].remove(cue)
        found.append((sub, [cue], []))
    if found:
        found[0] = (found[0][0], found[0][1], bag.take("clash", "attack", *HARM))
    return found


def _side_after_from(bag: CueBag, text: str, position: int) -> str | None:
    """The side a place was taken from: the actor right after a "from" that follows the verb."""
    reach = bag.tuned["object_reach"]
    found = FROM_SIDE.search(text, position, position + reach * 3)
    if not found:
        return None
    after = [c for c in _sides(bag) if c.start >= found.end()]
    first = min(after, key=lambda c: c.start, default=None)
    return SIDE_OF[first.cue] if first is not None and first.start - found.end() <= reach else None


def _taker(bag: CueBag, cue: Cue, text: str) -> str:
    """The government regained the place when state forces took it, else a non-state actor overtook it."""
    side = _side_before(bag, text, len(text) if cue.phrase == "fell to" else cue.start)
    loser = _side_after_from(bag, text, cue.end)
    foreign = cue.cue == "regain" and loser == "state" and side != "nonstate"  # "retook X from Russian troops"
    rivals = side == loser == "nonstate"  # "Jaish al-Islam recaptured the town from Islamic State militants"
    if loser is not None and not foreign and not rivals:  # "seized the town from the army"
        side = "nonstate" if loser == "state" else "state"
    if side is None:  # "Goma has been liberated, a spokesman for the rebel alliance said"
        side = _side_before(bag, text, len(text))
    if side == "state" or (side is None and cue.cue == "regain"):
        return "regain"
    return "takeover"


def _simple(name: str, sub: str, test: str = "", absorbs: tuple[str, ...] = (), weak: tuple[str, ...] = ()):
    """A rule for a type named by its own words: ``name`` cues weighing what ``test`` (default: ``name``) needs;
    it absorbs the ``absorbs`` cues and the weak ones of ``weak`` ("stormed" in "gunmen stormed a school and
    took...")."""
    def rule(bag: CueBag, text: str) -> Found:
        if not bag.passes(name, test or name):
            return []
        return [(sub, bag.take(name), bag.take(*absorbs) + bag.take(*weak, below=bag.needs("atrocity")))]
    return rule


def _looting(bag: CueBag, text: str) -> Found:
    """Looting named as such, or told in two weaker words ("broke into the armoury and carried away rifles");
    it absorbs the weak storming that came with it."""
    if not (bag.passes("looting", "looting") or len(bag.left.get("looting", ())) >= 2):
        return []
    strongest, *others = sorted(bag.take("looting"), key=lambda c: -c.weight)
    return [("looting", [strongest], others + bag.take("clash", "attack", below=bag.needs("atrocity")))]


def _unless_people_harmed(rule: Rule) -> Rule:
    """Looting and arson are property destruction only without other violence (coding guide §2): beside a
    shooting that killed, or an atrocity, they are part of the attack, which ``_violence`` types."""
    def guarded(bag: CueBag, text: str) -> Found:
        harmed = bag.passes("attack", "atrocity") or (bag.passes("attack", "shooting") and bag.passes("kill", "killed"))
        return [] if harmed else rule(bag, text)
    return guarded


def _base(bag: CueBag, text: str) -> Found:
    """A base set up: named as such ("set up a base"), or a base word beside a verb of setting up ("set up
    their own command post")."""
    if not (bag.passes("base", "base") or (bag.has("base") and bag.has("establish"))):
        return []
    return [("base", bag.take("base"), bag.take("establish"))]


def _arrests(bag: CueBag, text: str) -> Found:
    """Arrests are made by the state; people an armed group "rounded up" or "detained" are abducted."""
    if not bag.passes("arrest", "arrest"):
        return []
    first = min(bag.left["arrest"], key=lambda c: c.start)
    active = not PASSIVE_BEFORE.search(text, 0, first.start)  # "rebels were rounded up by": the victims
    by_group = active and _side_before(bag, text, first.start) == "nonstate"
    return [("abduction" if by_group else "arrests", bag.take("arrest"), [])]


def _agreement(bag: CueBag, text: str) -> Found:
    """A deal named as such, a ceasefire or truce that the sentence says was agreed, or captives swapped
    ("returned 90 prisoners of war each in an exchange")."""
    swapped = bag.has("swap") and bag.has("captives")
    if not (bag.passes("agreement", "agreement") or (bag.has("agreement") and "agreed" in bag.context) or swapped):
        return []
    return [("agreement", bag.take("agreement") + bag.take("captives"), bag.take("swap"))]


def _clash(bag: CueBag, text: str) -> Found:
    """Fighting words; a raid or a storming that only civilians suffer is left to ``_violence`` (an attack)."""
    harmed = any(bag.passes(h, "clash_harm") for h in HARM)
    two_sides = bag.had("state") and bag.had("nonstate")
    one_sided = bag.had("civilian") and not two_sides and not bag.passes("clash", "weak_cue")  # "raided a village"
    if one_sided or not (bag.passes("clash", "clash") or (bag.passes("clash", "clash_with_harm") and harmed)):
        return []
    return [("clash", bag.take("clash"), bag.take("attack", *HARM, below=bag.tuned["absorbs_below"]["clash"]))]


def _violence(bag: CueBag, text: str) -> Found:
    """What is left of attacks and killings: civilians targeted, or two armed sides fighting."""
    attack, kill = bag.best("attack"), bag.best("kill")
    if not attack and not kill:
        return []
    state, nonstate, civilians = bag.had("state"), bag.had("nonstate"), bag.had("civilian")
    if attack >= bag.needs("atrocity"):  # massacred, shot dead, executed: civilians unless both armed sides are named
        sub = "clash" if state and nonstate and not civilians else "attack"
    elif state and nonstate or ((state or nonstate) and not civilians):
        sub = "clash"
    elif civilians or attack >= bag.needs("attack"):
        sub = "attack"
    else:
        return []
    return [(sub, bag.take("attack") or bag.take("kill"), bag.take("attack", "lethal", "looting", "riot", *HARM))]


RULES: tuple[Rule, ...] = (
    _protest,
    _riot,
    _explosive("suicide", "suicide", ("ied", "clash", "shelling")),
    _explosive("chemical", "chemical", ("air", "shelling", "ied")),
    _disrupted,
    _explosive("air", "air", ("shelling", "ied", "clash")),
    _explosive("shelling", "shelling", ("ied",)),
    _explosive("grenade", "grenade", ("ied",)),
    _explosive("ied", "ied", ()),
    _explosive("explosion", "ied", ()),
    _simple("sexual", "sexual"),
    _simple("abduction", "abduction", "", ("attack", "lethal", *HARM), ("clash",)),
    _territory,
    _base,
    _arrests,
    _simple("change", "change"),
    _unless_people_harmed(_simple("riot", "looting", "arson", ("looting",))),
    _unless_people_harmed(_looting),
    _simple("other", "other"),
    _clash,
    _violence,
    _agreement,
)


def type_sentence(text: str, cues: Sequence[Cue], context: Iterable[str] = ()) -> list[TypedTrigger]:
    """The sub-event types a sentence reports, one TypedTrigger each, in text order.

    ``context``: "agreed" when the sentence says an agreement was reached (so "ceasefire" names a deal, not a
    background); "unrest" when the article reports protests or riots (so a crowd's arson is rioting).
    """
    tuned = in_force().section("types")
    bag = CueBag(reread(text, cues, tuned), frozenset(context), tuned)
    found: Found = []
    for rule in RULES:
        found += rule(bag, text)
    typed = [_typed(taxonomy.named(key), defining, absorbed, bag, text) for key, defining, absorbed in found
             if defining]
    return sorted(typed, key=lambda t: t.start)


def reread(text: str, cues: Sequence[Cue], tuned) -> list[Cue]:
    """Cues whose sense the words around them settle: "seized 200 pupils" is an abduction, not a place taken;
    "drove the militants out of the district" is territory regained; "according to villagers" names a source,
    not victims."""
    cues = [c for c in cues if not (c.cue == "civilian" and _a_source(text, c))]
    people = [c.start for c in cues if c.cue == "civilian"]
    out = [replace(c, cue="abduction") if c.cue == "takeover" and PEOPLE_AFTER.match(text[c.end:])
           and any(0 < p - c.end <= tuned["object_reach"] for p in people) else c for c in cues]
    out += [Cue(m.start(), m.end(), m.group().lower(), "regain", tuned["drove_out_weight"])
            for m in DROVE_OUT.finditer(text)]
    return out


def _a_source(text: str, cue: Cue) -> bool:
    """People who tell the story: "according to residents", "villagers said"."""
    return bool(ACCORDING_TO.search(text, 0, cue.start) or SAID_AFTER.match(text, cue.end))


def named_killing(bag: CueBag, text: str, trigger: Cue) -> bool:
    """Who killed whom: an armed side named before an active killing verb, or as the agent of a passive one, and
    its victims ("gunmen killed four farmers", "troops killed seven militants", "were killed by rebels"). A
    passive list of the dead ("two soldiers and a civilian were killed") is most often the toll of an event told
    nearby."""
    verb = trigger.phrase in KILLING_VERBS or LEFT_DEAD.search(text, 0, trigger.start)  # "leaving four dead"
    if not verb:  # "carried the dead", "the bodies": the toll, not the deed
        return False
    sides = [c for name in ("state", "nonstate") for c in bag.all.get(name, ())]
    victims = bag.had("civilian") or len({c.cue for c in sides}) == 2
    if PASSIVE_BEFORE.search(text, 0, trigger.start):  # "were killed": the killers named as agents ("by gunmen")
        return victims and any(AGENT_BEFORE.search(text, 0, c.start) for c in sides)
    return victims and any(c.end <= trigger.start for c in sides)


def _killers_named(defining: list[Cue], absorbed: list[Cue], shooting: float) -> bool:
    """An attack word that tells who did it before a killing verb ("gunmen killed five villagers")."""
    kills = [k.start for k in absorbed if k.cue == "kill" and k.phrase in KILLING_VERBS]
    return any(c.cue == "attack" and c.weight >= shooting and any(k > c.end for k in kills) for c in defining)


def _typed(sub: str, defining: list[Cue], absorbed: list[Cue], bag: CueBag, text: str) -> TypedTrigger:
    """The trigger is the strongest defining cue; absorbed cues add a little belief. A bare killing with no
    armed actor named ("dozens were killed") is weak: it is usually another event's toll."""
    tuned = bag.tuned
    armed = bag.had("state") or bag.had("nonstate") or _killers_named(defining, absorbed, bag.needs("shooting"))
    trigger = max(defining, key=lambda c: (c.weight, -c.start))
    support = min(tuned["support_per_cue"] * len(absorbed), tuned["support_most"])
    share = tuned["absorbed_share"]
    strongest = max([trigger.weight] + [share * c.weight for c in absorbed if c.cue in EVENT_CUES])
    score = min(tuned["score_most"], strongest + support * (1 - strongest))
    if trigger.cue in ("kill", "attack") and trigger.weight < bag.needs("atrocity") and not armed:
        score *= tuned["generic_factor"]
    if trigger.cue == "kill" and not named_killing(bag, text, trigger):
        score = min(score, tuned["kill_only_score"])
    cues = tuple(f"{c.cue}:{c.phrase}" for c in sorted(defining + absorbed, key=lambda c: c.start))
    return TypedTrigger(sub, trigger.start, trigger.end, round(score, 3), cues)
