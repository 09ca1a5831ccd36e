"""An intent -> one SPARQL query, composed from parts.

Relations are walked as :mod:`kennisgraaf.queries.schema` says; this module adds the
modifiers (COUNT, GROUP BY, ORDER BY/LIMIT for superlatives, FILTER for exclusions,
FILTER NOT EXISTS for negations). The entities a question names, the entities it
leaves out and the yes/no value it asks for are bound with ``bindings=`` (never
pasted into the text); only fixed vocabulary terms are written in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rdflib import Literal
from rdflib.term import Node

from kennisgraaf.ontology.namespace import ENTITY_TYPES
from kennisgraaf.queries.lookup import Entity
from kennisgraaf.queries.parse import Anchor, Intent
from kennisgraaf.queries.query import Query, finish, node, type_pattern
from kennisgraaf.queries.schema import (
    VALUE_KINDS,
    Refusal,
    hop,
    object_types,
    pick,
    relation_between,
    subject_types,
)

AGENTS = frozenset({"Person", "Company", "Organization", "Country"})  # who can answer "wie"
LIMIT = 500  # answers of a list
DESCRIBED = frozenset({"AIFactory", "Supercomputer"})  # types an article may leave unnamed
# One cited sentence per answer (the same for every run) and how many articles state it:
# a fact repeated in a thousand articles is one answer, not a thousand rows.
CITE = "?cs ?cp ?co (COUNT(*) AS ?sources)"
CITE_KEYS = "?cs ?cp ?co"
# Evidence of one answer's triple, within the article graph that states it.
EVIDENCE = """SELECT ?ev ?artid WHERE {
  GRAPH ?art { ?cs ?cp ?co . ?fact rdf:subject ?cs ; rdf:predicate ?cp ; rdf:object ?co ;
    kg:evidenceText ?ev . OPTIONAL { ?art schema:identifier ?artid } }
} LIMIT 3"""
# Every money node has its value, currency and qualifier (docs/graph-model.md); each
# article has its own node, so equal amounts are folded by grouping on these.
MONEY = ("?answer schema:value ?amount ; schema:currency ?currency ; kg:qualifier ?qualifier . "
         "OPTIONAL { ?answer schema:minValue ?min ; schema:maxValue ?max } "
         "OPTIONAL { ?answer kg:target ?target }")


@dataclass
class Plan:
    """A query to run and how to read its rows."""

    sparql: str
    bindings: dict[str, Node]
    kind: str  # entities, money, text, bool, date
    form: str  # list, count, sum, max, min
    relation: str
    entities: list[Entity] = field(default_factory=list)  # the entities the question is about


# Planning: which relation, which direction, which entities in which role.

def plan(intent: Intent) -> Plan | Refusal:
    if intent.unsupported:
        return Refusal(f"the graph holds no relation '{intent.unsupported}'; it knows places, "
                       "partners, funders, budgets, investments, sectors, upgrades, opening "
                       "dates, headquarters, models and affiliations")
    if not intent.anchors and intent.unknown:
        return Refusal("the graph knows nothing called " + ", ".join(intent.unknown))
    value = next((r for r in intent.relations if r in VALUE_KINDS and r != "isUpgrade"), None)
    if value is None and intent.qword == "when":
        value = "operationalFrom"
    if value is None and intent.qword == "howmuch":
        value = "money"
    if value is None and intent.qword is None and "isUpgrade" in intent.relations \
            and intent.anchors:
        value = "isUpgrade"  # "Is HammerHAI een upgrade?": yes or no
    entity_answer = intent.focus or intent.choice or (intent.qword == "who"
                                                      and intent.form != "value")
    if value and not intent.choice and not (
            entity_answer and intent.form in ("list", "count", "max", "min")
            and intent.qword not in ("when", "howmuch", "value")):
        return _value_plan(intent, value)
    return _entity_plan(intent, value)


def _money(intent: Intent) -> str:
    if any(e.type in subject_types("budget") for a in intent.anchors for e in a.candidates):
        return "budget"
    return "invests"


def _value_plan(intent: Intent, value: str) -> Plan | Refusal:
    rel = _money(intent) if value == "money" else value
    q = Query()
    subj_types = subject_types(rel)
    subjects, others = [], []
    on_target = ""
    agents = any(a.agent for a in intent.anchors)
    for a in intent.anchors:
        ents = pick(a, subj_types)
        if isinstance(ents, Refusal):
            return ents
        # "hoeveel van Frankrijks investering komt uit de Emiraten": the one after uit pays
        passive = rel == "invests" and (a.target or (agents and not a.agent))
        (subjects if ents and not passive else others).append((a, ents))
    if not subjects and others and rel == "invests":
        subjects, others = others[:1], others[1:]
    found: list[Entity] = [e for _, ents in subjects for e in ents]
    if found:
        s = node(q, found)
    else:
        s = "?s"
        types = (set(intent.types) | {intent.focus} - {None}) & subj_types or subj_types
        described = sorted(types & DESCRIBED) if others else []
        typed = type_pattern(s, types)
        if described and typed:
            # "the AI factory in Ireland": also a factory the articles describe by that place
            # but never name (kg:UnnamedFacility, docs/graph-model.md)
            q.check(s, f"{{ {typed} }} UNION " + " UNION ".join(
                f"{{ {s} kg:facilityType kg:{t} . }}" for t in described))
        elif typed:
            q.check(s, typed)
        if not others and not intent.types and intent.form not in ("max", "min", "sum"):
            return Refusal(f"whose {rel} do you mean? name an entity the graph knows")
    if rel != "isUpgrade":
        _polarity(q, intent, s)
    for a, _ in others:
        if rel == "invests":
            targets = pick(a, frozenset(ENTITY_TYPES))
            if isinstance(targets, Refusal):
                return targets
            if targets and found:
                # preferred, not required: "in AI in de VS" need not be a stored target
                on_target = f"BIND(COALESCE(?target = {node(q, targets, 't')}, false) AS ?ontarget)"
                found += targets
                continue
        linked = _constrain(q, intent, s, frozenset(subj_types if not found else {found[0].type}), a)
        if isinstance(linked, Refusal):
            return linked
        found += linked
    q.cite(s, rel, "?answer")
    kind = VALUE_KINDS[rel]
    keys, shown = ["?answer"], ["?answer"]
    if on_target:
        keys.append("?ontarget")
    if s != "?s" and s.startswith("?n"):
        keys.append(s)
        shown.append(f"({s} AS ?s)")
    elif s == "?s":
        keys.append("?s")
    cite = CITE_KEYS
    if kind == "money":
        q.main.append(MONEY)
        keys = keys[1:] + ["?amount", "?currency", "?qualifier", "?min", "?max", "?target"]
        shown = [x for x in shown if x != "?answer"] + ["(SAMPLE(?answer) AS ?node)"]
        cite = "?cs ?cp"
    if on_target:
        q.tail.append(on_target)
    shown += [k for k in keys if k not in ("?answer", s)] if s.startswith("?n") else \
        [k for k in keys if k != "?answer"]
    select = " ".join(shown) + (" ?cs ?cp ?co" if cite == CITE_KEYS else " ?cs ?cp") \
        + " (COUNT(*) AS ?sources)"
    tail = f"\nGROUP BY {' '.join(keys)} {cite}\nLIMIT {LIMIT}"
    if intent.form in ("max", "min"):
        order = "?amount" if kind == "money" else "STR(?answer)"
        tail = (f"\nGROUP BY {' '.join(keys)} {cite}\n"
                f"ORDER BY {'DESC' if intent.form == 'max' else 'ASC'}({order})\nLIMIT {LIMIT}")
    form = intent.form if intent.form in ("max", "min", "sum") else "list"
    return Plan(finish(q, select, tail), q.bindings, kind, form, rel, found)


def _polarity(q: Query, intent: Intent, var: str) -> None:
    if intent.polarity is not None:
        q.check(var, f"{var} kg:isUpgrade {q.bind('pol', Literal(intent.polarity))} .")


def _constrain(q: Query, intent: Intent, var: str, var_types: frozenset[str],
               anchor: Anchor) -> list[Entity] | Refusal:
    """Tie ``var`` (an entity of ``var_types``) to the anchor's entity by a fitting relation."""
    choice = relation_between(intent, anchor, var_types)
    if isinstance(choice, Refusal):
        return choice
    rel, forward, ents = choice
    e = node(q, ents)
    if anchor.negated:
        q.walk_not(rel, var if forward else e, e if forward else var)
    else:
        before = len(q.lines)
        q.walk(rel, var if forward else e, e if forward else var,
               var_types if forward else frozenset(e_.type for e_ in ents), evidence=False)
        walked = " ".join(q.lines[before:])
        del q.lines[before:]
        q.check(var, walked)
    return ents


def _entity_plan(intent: Intent, value: str | None) -> Plan | Refusal:
    q = Query()
    q.cited = bool(value) and intent.form in ("max", "min")  # the value is what gets cited
    focus = frozenset({intent.focus}) if intent.focus else None
    if intent.qword == "where" and not focus:
        focus = object_types("place")
    if intent.qword == "who" and not focus:
        focus = AGENTS
    found: list[Entity] = []
    answer = "?answer"
    sets = [t for t in intent.types if t != intent.focus]
    # names after the set's word tie the set, not the answer: "de landen die meedoen aan
    # de AI-fabriek in Tsjechië" = the partners of the factory located in Tsjechië
    via = [a for a in intent.anchors if intent.set_at is not None and a.match.start > intent.set_at]
    if intent.choice:
        # "heeft X of Y het grootste budget": one of the names is the answer
        ents = [e for a in intent.anchors for e in a.candidates
                if value is None or e.type in subject_types(_money(intent) if value == "money"
                                                            else value)]
        if not ents:
            return Refusal("none of the names the question compares has such a value")
        q.lines.append(f"FILTER({answer} IN ({', '.join(q.bind('e', e.iri) for e in ents)}))")
        found += ents
        filtered = answer
    elif sets and focus and (not intent.anchors or via):
        # "de landen van de nieuwe AI-fabrieken": the answer is reached from a set
        m = "?m"
        set_types = frozenset(sets[:1])
        q.typed(m, set_types)
        _polarity(q, intent, m)
        after = replace(intent, relations=[r for r in intent.relations
                                           if intent.relation_at.get(r, 0) > intent.set_at])
        before = replace(intent, relations=[r for r in intent.relations if r not in after.relations])
        for a in via:
            got = _constrain(q, after, m, set_types, a)
            if isinstance(got, Refusal):
                return got
            found += got
        step = hop(before, set_types, focus)
        if isinstance(step, Refusal):
            return step
        rel, forward = step
        q.walk(rel, m if forward else answer, answer if forward else m, None, evidence=True)
        q.typed(answer, focus)
        for a in intent.anchors:
            if a not in via:
                got = _link(q, before, answer, focus, a)
                if isinstance(got, Refusal):
                    return got
                found += got
        filtered = m
    else:
        if focus is None and not intent.anchors:
            return Refusal("the question names nothing the graph knows; name an entity")
        ranked = bool(value) and intent.form in ("max", "min")
        conditioned = intent.threshold is not None or intent.sectors
        if not intent.anchors and intent.polarity is None and not ranked and intent.words \
                and not conditioned:
            # "welke AI-fabrieken ... <words the lexicon does not know>": listing them all
            # would be a guess
            return Refusal("the question asks about " + ", ".join(sorted(focus))
                           + " but says nothing the graph can select them by: '"
                           + " ".join(intent.words) + "' is not a relation it knows")
        if focus is not None:
            q.typed(answer, focus)
        if not intent.anchors:
            _polarity(q, intent, answer)
        for a in intent.anchors:
            got = _link(q, intent, answer, focus, a)
            if isinstance(got, Refusal):
                return got
            found += got
        if intent.anchors:
            _polarity(q, intent, answer)
        filtered = answer
    refused = _conditions(q, intent, value, filtered)
    if refused:
        return refused
    for i, a in enumerate(intent.excluded):
        for e in a.candidates:
            q.lines.append(f"FILTER({answer} != {q.bind('x', e.iri)})")
    return _entity_select(q, intent, value, found)


def _conditions(q: Query, intent: Intent, value: str | None, var: str) -> Refusal | None:
    """The value conditions a question states on the entities it selects: named sectors
    ("gespecialiseerd in klimaat"), an amount bound ("budget onder 100 miljoen")."""
    if intent.sectors:
        terms = ", ".join(q.bind("sec", Literal(x)) for x in intent.sectors)
        q.check(var, f"{var} kg:sector ?secv . FILTER(?secv IN ({terms}))")
    if intent.threshold is not None:
        if value not in ("budget", "invests", "money"):
            return Refusal("an amount bound needs an amount to compare: ask about a budget "
                           "or an investment")
        rel = _money(intent) if value == "money" else value
        bound = q.bind("amt", Literal(intent.threshold.amount))
        q.check(var, f"{var} kg:{rel} ?thv . ?thv schema:value ?tha . "
                     f"FILTER(?tha {intent.threshold.op} {bound})")
    return None


def _link(q: Query, intent: Intent, answer: str, focus: frozenset[str] | None,
          anchor: Anchor) -> list[Entity] | Refusal:
    choice = relation_between(intent, anchor, focus)
    if isinstance(choice, Refusal):
        sets = [t for t in intent.types if t != intent.focus]
        if not sets:
            return choice
        # "de sectoren van de AI-fabriek in Italië": through a set of another type
        m = q.var("m")
        q.typed(m, frozenset(sets[:1]))
        got = _constrain(q, intent, m, frozenset(sets[:1]), anchor)
        if isinstance(got, Refusal):
            return got
        step = hop(intent, frozenset(sets[:1]), focus or frozenset(ENTITY_TYPES))
        if isinstance(step, Refusal):
            return step
        rel, forward = step
        q.walk(rel, m if forward else answer, answer if forward else m, None, evidence=True)
        return got
    rel, forward, ents = choice
    e = node(q, ents)
    if anchor.negated:
        q.walk_not(rel, answer if forward else e, e if forward else answer)
        return ents
    s_types = focus if forward else frozenset(x.type for x in ents)
    q.walk(rel, answer if forward else e, e if forward else answer, s_types, evidence=True)
    return ents


def _entity_select(q: Query, intent: Intent, value: str | None, found: list[Entity]) -> Plan:
    if intent.form in ("max", "min") and value:
        rel = _money(intent) if value == "money" else value
        key, amount = "?amount", " ?val schema:value ?amount ."
        if VALUE_KINDS[rel] != "money":
            key, amount = "STR(?val)", ""
        q.cite("?answer", rel, "?val", amount)
        order, best = ("DESC", "MAX") if intent.form == "max" else ("ASC", "MIN")
        return Plan(finish(q, f"?answer ({best}({key}) AS ?best) {CITE}",
                           f"\nGROUP BY ?answer {CITE_KEYS}\nORDER BY {order}(?best)\nLIMIT 20"),
                    q.bindings, "entities", intent.form, rel, found)
    if intent.form in ("max", "min") and "?m " in " ".join(q.lines):
        # "in de meeste AI-fabrieken": rank by how many entities of the set each answer has
        return Plan(finish(q, "?answer (COUNT(DISTINCT ?m) AS ?n)",
                           f"\nGROUP BY ?answer\nORDER BY {'DESC' if intent.form == 'max' else 'ASC'}(?n)"
                           f"\nLIMIT 20"), q.bindings, "entities", intent.form + "count",
                    ",".join(intent.relations) or "place", found)
    if intent.form == "count":
        return Plan(finish(q, "(COUNT(DISTINCT ?answer) AS ?n)"), q.bindings, "count", "count",
                    ",".join(intent.relations), found)
    return Plan(finish(q, f"?answer {CITE}", f"\nGROUP BY ?answer {CITE_KEYS}\nLIMIT {LIMIT}"),
                q.bindings,
                "entities", "list", ",".join(intent.relations), found)
