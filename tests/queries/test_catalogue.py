"""Every canned query: its header parses, it is documented, and it runs on the fixture graph."""

from importlib.resources import files
from itertools import product

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from kennisgraaf.errors import UsageError
from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.namespace import KG
from kennisgraaf.queries.ask import ask_canned
from kennisgraaf.queries.catalogue import load_catalogue, parse_header, parse_query
from tests.conftest import ROOT
from tests.queries.conftest import FIXTURE

RQ = sorted(p.name for p in files("kennisgraaf.queries").joinpath("rq").iterdir()
            if p.name.endswith(".rq"))
# A name of the fixture graph for each parameter type, as a user would type it.
SAMPLES = {"AIFactory": "lumi", "Supercomputer": "DAEDALUS", "Country": "Italy",
           "City": "Kajaani", "Company": "Mistral", "Organization": "Europese Commissie",
           "Person": "Tom Heskes", "Programme": "Pharos", "article": "fx-a",
           "string": "partner", "integer": "3", "boolean": "false"}
PARAM_VALUES = {("fact-evidence", "subject"): "LUMI AI Factory",
                ("fact-evidence", "object"): "Denemarken",
                ("article-says", "entity"): "Pharos", ("companies-in-country", "place"): "Nederland",
                ("entity-facts", "entity"): "LUMI AI Factory", ("investments", "entity"): "France",
                ("investors-in", "entity"): "Stargate", ("located-in", "entity"): "Pharos",
                ("operational-from", "entity"): "HammerHAI", ("sectors", "entity"): "IT4LIA"}


def sample(query_id: str, name: str, type_: str) -> str:
    if (query_id, name) in PARAM_VALUES:
        return PARAM_VALUES[(query_id, name)]
    return next(SAMPLES[t] for t in type_.split("|") if t in SAMPLES)


def test_every_file_is_in_the_catalogue():
    assert len(load_catalogue()) == len(RQ) >= 20


@pytest.mark.parametrize("name", RQ)
def test_header_parses_and_is_complete(name):
    q = parse_query(files("kennisgraaf.queries").joinpath("rq", name).read_text("utf-8"), name)
    assert q.id == name.removesuffix(".rq")
    assert q.summary_nl and q.summary_en and q.summary_nl != q.summary_en
    for p in q.params:
        assert "{" + p.name + "}" in q.summary_nl + q.summary_en or p.default is not None
        assert "?" + p.name in q.sparql, f"{name}: parameter {p.name} is not used"


@pytest.mark.parametrize("name", RQ)
def test_documented(name):
    docs = (ROOT / "docs" / "questions.md").read_text(encoding="utf-8")
    assert f"`{name.removesuffix('.rq')}`" in docs


@pytest.mark.parametrize("name", RQ)
def test_runs_on_the_fixture_graph(fixture_store, name):
    q = load_catalogue()[name.removesuffix(".rq")]
    params = {p.name: sample(q.id, p.name, p.type) for p in q.params}
    out = ask_canned(fixture_store, q.id, params)
    assert out["answers"], out
    assert set(out) >= {"question", "answers", "sparql", "evidence"}
    for a in out["answers"]:
        assert set(a) >= {"label", "iri", "value"}


def test_canned_answers_are_right(fixture_store):
    partners = ask_canned(fixture_store, "partners", {"entity": "BSC AI"})
    assert {a["label"] for a in partners["answers"]} == {"Spanje", "Portugal", "Turkije", "Roemenië"}
    assert partners["evidence"][0]["article"] == "fx-a"
    budget = ask_canned(fixture_store, "budget", {"entity": "LUMI AI Factory"})
    assert [a["value"] for a in budget["answers"]] == [
        {"amount": 600000000, "currency": "EUR", "qualifier": "min"}]
    top = ask_canned(fixture_store, "largest-budgets", {})
    assert top["answers"][0]["label"] == "EuroHPC JU"
    count = ask_canned(fixture_store, "count-upgrades", {})
    assert count["answers"][0]["value"] == {"number": 3}


def test_unknown_parameter_value_is_refused(fixture_store):
    out = ask_canned(fixture_store, "partners", {"entity": "Atlantis"})
    assert out["answers"] == [] and "Atlantis" in out["message"]


def test_missing_parameter_and_unknown_id():
    from kennisgraaf.errors import NotFound
    from kennisgraaf.graph.store import open_store
    st = open_store("memory:")
    with pytest.raises(UsageError, match="--param entity"):
        ask_canned(st, "partners", {})
    with pytest.raises(NotFound, match="kennisgraaf questions"):
        ask_canned(st, "no-such-query", {})


def test_header_format():
    h = parse_header("#+ id: x\n#+ summary_nl: a\n#+ params:\n#+   - name: e\n#+     type: Country\n")
    assert h == {"id": "x", "summary_nl": "a", "params": [{"name": "e", "type": "Country"}]}
    with pytest.raises(UsageError, match="lacks"):
        parse_query("#+ id: x\nSELECT * WHERE {}", "x.rq")
    with pytest.raises(UsageError, match="unknown type"):
        parse_query("#+ id: x\n#+ summary_nl: a\n#+ summary_en: b\n#+ answer: value\n"
                    "#+ params:\n#+   - name: e\n#+     type: Planet\nSELECT * WHERE {}", "x.rq")


@pytest.fixture(scope="module")
def memory_fixture_store():
    st = open_store("memory:")
    st.load(FIXTURE)
    return st


@pytest.mark.parametrize("name", RQ)
def test_parameters_mean_the_same_joined_or_substituted(fixture_store, memory_fixture_store,
                                                        name):
    """The embedded store binds parameters as a VALUES join, rdflib (the memory store)
    substitutes them: a query whose parameter sits inside FILTER EXISTS, a sub-select or a
    UNION branch that does not bind it answers differently, so every parameter must be
    bound by a pattern in every scope that uses it."""
    q = load_catalogue()[name.removesuffix(".rq")]
    typed = [p for p in q.params if p.entity_types]
    if not typed or len(typed) < len(q.params):
        pytest.skip("no entity-typed parameters to vary")
    def of_type(p):
        types = " ".join(f"<{KG[t]}>" for t in sorted(p.entity_types))
        rows = fixture_store.query(f"SELECT DISTINCT ?e WHERE {{ VALUES ?t {{ {types} }} ?e a ?t }}").rows
        return [r[0] for r in rows][:8]

    for values in product(*(of_type(p) for p in typed)):
        bindings = {p.name: v for p, v in zip(typed, values)}
        joined = fixture_store.query(q.sparql, bindings=bindings)
        substituted = memory_fixture_store.query(q.sparql, bindings=bindings)
        assert (joined.boolean, _plain(joined.rows)) == \
            (substituted.boolean, _plain(substituted.rows)), bindings


def _plain(rows: list[tuple]) -> list[tuple]:
    """Rows sorted, with xsd:string literals plain: RDF 1.1 makes them one, but Oxigraph
    types a computed string where rdflib leaves it plain."""
    def term(t):
        return Literal(str(t)) if isinstance(t, Literal) and t.datatype == XSD.string else t
    return sorted(tuple(term(t) for t in row) for row in rows)
