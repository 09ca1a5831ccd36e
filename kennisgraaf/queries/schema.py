"""The graph's relations as questions see them: how each is walked, which types it joins.

Each relation is walked by the rows of ``data/paths.tsv``; the ontology's domain and
range give the types at each end, so that the relation and its direction can be
chosen where the question leaves them open (Company -> AIModel is ``develops``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from kennisgraaf.ontology.load import signature
from kennisgraaf.ontology.namespace import ENTITY_TYPES
from kennisgraaf.queries.lookup import Entity
from kennisgraaf.queries.parse import Anchor, Intent

PLACE_RELATIONS = {"place", "locatedIn", "inCountry", "hostCountry", "headquarteredIn"}
VALUE_KINDS = {"budget": "money", "invests": "money", "sector": "text", "isUpgrade": "bool",
               "operationalFrom": "date"}
# Whose act the predicate states: "X financiert Y" is Y kg:fundedBy X (the object acts).
OBJECT_ACTS = {"fundedBy", "partner"}


@dataclass
class Refusal:
    """Why a question gets no answer; ``candidates`` when a name is ambiguous."""

    message: str
    candidates: list[Entity] = field(default_factory=list)


@dataclass(frozen=True)
class Path:
    relation: str
    subject_types: frozenset[str]
    object_types: frozenset[str]
    steps: tuple[tuple[str, bool], ...]  # (predicate, backwards)



def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]



@cache
def paths() -> dict[str, tuple[Path, ...]]:
    text = files("kennisgraaf.queries").joinpath("data").joinpath("paths.tsv").read_text(encoding="utf-8")
    rows = csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")),
                      delimiter="\t")
    next(rows)
    out: dict[str, list[Path]] = {}
    for relation, subject_types, path in rows:
        steps = tuple((s.lstrip("^"), s.startswith("^")) for s in path.split("/"))
        first, back = steps[0]
        dom, rng = signature(first)
        starts = dom if not back else rng
        subj = (frozenset(subject_types.split()) if subject_types != "*"
                else frozenset(_local(c) for c in starts) & set(ENTITY_TYPES))
        last, back = steps[-1]
        dom, rng = signature(last)
        objs = frozenset(_local(c) for c in (rng if not back else dom)) & set(ENTITY_TYPES)
        out.setdefault(relation, []).append(Path(relation, subj, objs, steps))
    return {k: tuple(v) for k, v in out.items()}



def subject_types(relation: str) -> frozenset[str]:
    return frozenset().union(*(p.subject_types for p in paths()[relation]))



def object_types(relation: str) -> frozenset[str]:
    return frozenset().union(*(p.object_types for p in paths()[relation]))




def pick(anchor: Anchor, types: frozenset[str]) -> list[Entity] | Refusal:
    """The entities an anchor can mean in a role that takes ``types``."""
    exact = [e for e in anchor.match.entities if e.type in types]
    if not exact:
        exact = [e for e in anchor.match.others if e.type in types]
    if len(exact) > 1:
        labels = {e.label() for e in exact}
        if len(labels) > 1 or len({e.type for e in exact}) > 1:
            return Refusal(f"'{anchor.match.text}' can mean several things: "
                           + ", ".join(f"{e.label()} ({e.type})" for e in exact)
                           + "; name one of them", exact)
    return exact



def relation_between(intent: Intent, anchor: Anchor, other: frozenset[str] | None
              ) -> tuple[str, bool, list[Entity]] | Refusal:
    """The relation between ``other`` (the answer's types; None = any) and the anchor,
    its direction (True: other -> anchor) and the anchor's entities."""
    cued = [r for r in intent.relations if r not in VALUE_KINDS]
    if "invests" in intent.relations:
        cued.append("fundedBy")  # "investeert in X": X is funded by it
    place = any(r in PLACE_RELATIONS for r in cued)
    options: list[tuple[int, str, bool, list[Entity]]] = []
    for e in anchor.candidates:
        for rel in paths():
            if rel in VALUE_KINDS:
                continue
            for forward in (True, False):
                subj, obj = (other, e.type) if forward else (e.type, other)
                if not fits(rel, subj, obj):
                    continue
                rank = 0 if rel in cued else 1 if place and rel == "place" else 3
                if not fits(rel, subj, obj, direct=True):
                    rank += 0.5  # only through an investment's target: a weaker reading
                options.append((rank, rel, forward, [e]))
    if not options:
        what = " or ".join(sorted(other)) if other else "anything"
        return Refusal(f"the graph has no relation between {what} and "
                       f"{anchor.candidates[0].label() if anchor.candidates else anchor.match.text}")
    best = min(o[0] for o in options)
    top = [o for o in options if o[0] == best]
    rels = {(o[1], o[2]) for o in top}
    if len(rels) > 1 and best >= 2:
        # no word says which relation: "the factory in Italy" reads as a place
        placeish = [o for o in top if o[1] == "place"]
        if placeish:
            top = placeish
        else:
            names = sorted({o[1] for o in top})
            return Refusal("the question does not say how they are related; the graph has "
                           + ", ".join(names) + ": ask with one of those words")
    if len({(o[1], o[2]) for o in top}) > 1:
        top = _direction(anchor, top)
    ents = pick(anchor, frozenset(e.type for o in top for e in o[3]))
    if isinstance(ents, Refusal):
        return ents
    ents = [e for e in ents if any(e in o[3] for o in top)] or ents
    return top[0][1], top[0][2], ents



def fits(rel: str, subj: frozenset[str] | str | None, obj: frozenset[str] | str | None,
          direct: bool = False) -> bool:
    """Whether some path of ``rel`` (a one-step one, if ``direct``) joins those types."""
    def ok(have: frozenset[str] | str | None, allowed: frozenset[str]) -> bool:
        if have is None:
            return True
        have = frozenset({have}) if isinstance(have, str) else have
        return bool(have & allowed)
    return any(ok(subj, p.subject_types) and ok(obj, p.object_types)
               for p in paths()[rel] if not direct or len(p.steps) == 1)



def _direction(anchor: Anchor, top: list) -> list:
    """Both directions fit the types: the one acting is the anchor after "door"/"by",
    else the answer ("welke bedrijven financieren Stargate": the funders)."""
    rel = top[0][1]
    # forward = the answer is the subject; OBJECT_ACTS: the object is the one acting
    want_forward = anchor.agent if rel in OBJECT_ACTS else not anchor.agent
    return [o for o in top if o[2] == want_forward] or top



def hop(intent: Intent, a: frozenset[str], b: frozenset[str]) -> tuple[str, bool] | Refusal:
    cued = [r for r in intent.relations if r not in VALUE_KINDS]
    for rel in cued + ["place"] + [r for r in paths() if r not in VALUE_KINDS]:
        if rel not in paths():
            continue
        if fits(rel, a, b):
            return rel, True
        if fits(rel, b, a):
            return rel, False
    return Refusal(f"the graph has no relation between {', '.join(sorted(a))} "
                   f"and {', '.join(sorted(b))}")
