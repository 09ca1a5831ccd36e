"""Questions in Dutch and English on the fixture graph: answers, values, sources, refusals."""

import pytest

from kennisgraaf.queries.ask import ask


def labels(out: dict) -> set[str]:
    return {a["label"] for a in out["answers"]}


@pytest.mark.parametrize("question, expected", [
    ("Welke landen financieren LUMI mee?",
     {"Denemarken", "Noorwegen", "Estland", "Polen", "Tsjechië"}),
    ("which countries co-fund lumi?", {"Denmark", "Norway", "Estonia", "Poland", "Czech Republic"}),
    ("Welke andere landen dan Spanje zijn betrokken bij de AI-fabriek BSC AI?",
     {"Portugal", "Turkije", "Roemenië"}),
    ("Which countries other than Spain take part in BSC AI?", {"Portugal", "Turkey", "Romania"}),
    ("In welk land ligt Kajaani?", {"Finland"}),
    ("Which country hosts the Hammer HAI factory?", {"Germany"}),
    ("Welke AI-fabriek heeft het grootste budget?", {"LUMI AI Factory"}),
    ("Welke AI-fabrieken zijn nieuw, dus geen upgrade van een bestaande supercomputer?",
     {"HammerHAI", "Pharos"}),
    ("In which countries do the new AI factories lie?", {"Germany", "Greece"}),
    ("Which company develops Le Chat?", {"Mistral"}),
    ("Onder welke naam brengt Aleph Alpha zijn AI-modellen uit?", {"Pharia"}),
    ("Welke bedrijven komen uit Nederland?", {"ASML"}),
    ("Bij welke organisatie werkt Tom Heskes?", {"Radboud Universiteit"}),
    ("Who works for the European Commission?", {"Ursula von der Leyen"}),
    ("Wie financiert Stargate?", {"OpenAI", "Oracle"}),  # Oracle through its investment
    ("Hoe heet de supercomputer in Griekenland?", {"DAEDALUS"}),
    ("Welke AI-fabrieken liggen niet in Duitsland?",
     {"LUMI AI Factory", "Pharos", "IT4LIA", "BSC AI"}),
    ("In welke sectoren specialiseert de AI-fabriek in Italië zich?", {"agrifood", "cybersecurity"}),
])
def test_entity_answers(fixture_store, question, expected):
    out = ask(fixture_store, question)
    assert labels(out) == expected, out
    assert out["sparql"].startswith("SELECT") and "message" not in out


@pytest.mark.parametrize("question, value", [
    ("Wat is het budget van HammerHAI?", {"amount": 85000000, "currency": "EUR"}),
    ("What is the budget of LUMI?", {"amount": 600000000, "currency": "EUR", "qualifier": "min"}),
    ("Wat kost IT4LIA?", {"amount": 250000000, "currency": "EUR", "qualifier": "range",
                          "min": 200000000, "max": 300000000}),
    ("Hoeveel wil Frankrijk investeren in AI?", {"amount": 109000000000, "currency": "EUR"}),
    ("How much of France's AI investment comes from the United Arab Emirates?",
     {"amount": 50000000000, "currency": "EUR", "qualifier": "approx"}),
    ("Hoeveel investeert de Europese Commissie in de zeven AI-fabrieken?",
     {"amount": 1500000000, "currency": "EUR"}),
    ("How many AI factories are upgrades of existing supercomputers?", {"number": 3}),
    ("Hoeveel landen financieren LUMI?", {"number": 5}),
    ("Wanneer is HammerHAI operationeel?", {"date": "2025-12"}),
    ("Wanneer zijn de eerste AI-fabrieken operationeel?", {"date": "2025"}),
    ("Is HammerHAI een upgrade?", {"bool": False}),
])
def test_value_answers(fixture_store, question, value):
    out = ask(fixture_store, question)
    assert [a["value"] for a in out["answers"]] == [value], out


def test_a_sum_folds_per_currency(fixture_store):
    out = ask(fixture_store, "Wat is het totale budget van alle AI-fabrieken samen?")
    assert [a["value"] for a in out["answers"]] == [{"amount": 1163000000, "currency": "EUR"}]


def test_disagreeing_articles_give_both_claims_with_their_source(fixture_store):
    out = ask(fixture_store, "In welke stad staat de AI-fabriek Pharos?")
    by_label = {a["label"]: a for a in out["answers"]}
    assert set(by_label) == {"Lavrion", "Athene"}
    assert by_label["Lavrion"]["evidence"][0]["article"] == "fx-a"
    assert by_label["Athene"]["evidence"][0]["article"] == "fx-b"
    assert {e["article"] for e in out["evidence"]} == {"fx-a", "fx-b"}


def test_answers_carry_iri_and_evidence(fixture_store):
    out = ask(fixture_store, "Welke landen financieren LUMI?")
    denmark = next(a for a in out["answers"] if a["label"] == "Denemarken")
    assert denmark["iri"].endswith("/country/denemarken") and denmark["value"] is None
    assert "Denemarken" in out["evidence"][0]["text"]


@pytest.mark.parametrize("question, says", [
    ("Who is the CEO of Mistral?", "ceo"),
    ("Wat is het budget van Atlantis?", "Atlantis"),
    ("Wat is het budget van Pharos en Mistral?", ""),
    ("Wanneer is BSC AI operationeel?", "BSC AI"),
    ("Hoeveel supercomputers heeft Radboud Universiteit?", ""),
    ("Welke bedrijven komen uit Luxemburg?", "Luxemburg"),
    ("", ""),
])
def test_no_guessing(fixture_store, question, says):
    out = ask(fixture_store, question)
    assert out["answers"] == [] and out["message"], out
    assert says in out["message"]


def test_ambiguous_name_gives_candidates(fixture_store):
    out = ask(fixture_store, "Welke bedrijven komen uit Luxemburg?")
    assert {c["type"] for c in out["candidates"]} == {"City", "Country"}


def test_english_question_gets_english_labels(fixture_store):
    assert labels(ask(fixture_store, "Which country hosts HammerHAI?")) == {"Germany"}
    assert labels(ask(fixture_store, "Welk land herbergt HammerHAI?")) == {"Duitsland"}


def test_the_label_index_follows_the_store(tmp_path, monkeypatch):
    from kennisgraaf.graph.store import open_store
    from kennisgraaf.queries import lookup
    from tests.queries.conftest import FIXTURE

    monkeypatch.setattr(lookup, "RECHECK_SECONDS", 0)
    with open_store(tmp_path / "store", create=True) as st:
        st.load(FIXTURE)
        assert ask(st, "Wat is het budget van Valkwerk?")["answers"] == []
        extra = tmp_path / "extra.trig"
        extra.write_text("""
@prefix kg: <https://w3id.org/kennisgraaf/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/kennisgraaf/article/fx-d> {
  <https://w3id.org/kennisgraaf/article/fx-d> a schema:NewsArticle ; kg:textHash "d1" ;
      schema:identifier "fx-d" .
  <https://w3id.org/kennisgraaf/id/aifactory/valkwerk> a kg:AIFactory ;
      rdfs:label "Valkwerk"@nl ; kg:budget <https://w3id.org/kennisgraaf/value/fx-d/1> .
  <https://w3id.org/kennisgraaf/value/fx-d/1> schema:value "5000000"^^xsd:decimal ;
      schema:currency "EUR" ; kg:qualifier "exact" .
}""", encoding="utf-8")
        st.load(extra)
        out = ask(st, "Wat is het budget van Valkwerk?")
        assert [a["value"] for a in out["answers"]] == [{"amount": 5000000, "currency": "EUR"}]


@pytest.mark.parametrize("question, expected", [
    # an amount bound on a set
    ("Welke AI-fabrieken hebben een budget onder 100 miljoen euro?", {"Pharos", "HammerHAI"}),
    ("Which AI factories cost more than 0.5 billion?", {"LUMI AI Factory"}),
    # a choice between names: the name, not its value
    ("Which is more expensive, LUMI or HammerHAI?", {"LUMI AI Factory"}),
    ("Heeft HammerHAI of IT4LIA het kleinste budget?", {"HammerHAI"}),
    # a sector named as a condition, in English or Dutch
    ("which ai factories specialise in agrifood", {"IT4LIA"}),
    ("welke ai-fabrieken richten zich op cyberbeveiliging", {"IT4LIA"}),
    # names after the set's word tie the set: two hops
    ("In welke steden liggen de AI-fabrieken die Denemarken financiert?", {"Kajaani"}),
    ("Welke landen doen mee aan de AI-fabriek in Finland?",
     {"Estland", "Polen", "Denemarken", "Tsjechië", "Noorwegen"}),
    # separable verbs, appositions, a slip in a lexicon word
    ("Met wie werkt LUMI samen?", {"Estland", "Polen", "Denemarken", "Tsjechië", "Noorwegen"}),
    ("Welke AI-fabrieken doet Denemarken aan mee?", {"LUMI AI Factory"}),
    ("who makes the Le Chat model", {"Mistral"}),
])
def test_conditions_choices_and_paths(fixture_store, question, expected):
    assert labels(ask(fixture_store, question)) == expected


@pytest.mark.parametrize("question, value", [
    ("Hoeveel AI-fabrieken staan er in Duitsland?", {"number": 1}),  # through its city
    ("Wat is het budgt van HammerHAI?", {"amount": 85000000, "currency": "EUR"}),
])
def test_filtered_counts_and_slips(fixture_store, question, value):
    assert [a["value"] for a in ask(fixture_store, question)["answers"]] == [value]
