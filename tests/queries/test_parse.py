"""The parser on its own: intents for typical questions, and properties over any text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kennisgraaf.queries.build import Plan, plan
from kennisgraaf.queries.lookup import label_index, tokens
from kennisgraaf.queries.parse import parse
from kennisgraaf.queries.schema import Refusal

WORDS = ["welke", "landen", "financieren", "LUMI", "which", "countries", "fund", "hoeveel",
         "budget", "van", "HammerHAI", "andere", "dan", "Spanje", "grootste", "niet", "in",
         "Tsjechie", "Hammer", "HAI", "wie", "?", ",", "AI-fabriek", "upgrade", "nieuw", "ééé"]


def test_tokens_fold_case_accents_hyphens_and_possessives():
    assert tokens("Tsjechië's AI-fabriek, L-AI!") == ["tsjechie", "ai", "fabriek", "l", "ai"]


def test_intent_of_a_list_question(fixture_store):
    i = parse("Welke andere landen dan Spanje zijn betrokken bij BSC AI?", label_index(fixture_store))
    assert (i.qword, i.focus, i.relations, i.form, i.lang) == ("which", "Country", ["partner"],
                                                               "list", "nl")
    assert [a.match.entities[0].label() for a in i.anchors] == ["BSC AI"]
    assert [a.match.entities[0].label() for a in i.excluded] == ["Spanje"]


def test_intent_forms(fixture_store):
    index = label_index(fixture_store)
    assert parse("How many AI factories are upgrades?", index).form == "count"
    assert parse("Which AI factory has the largest budget?", index).form == "max"
    assert parse("Hoeveel wil Frankrijk investeren?", index).form == "value"
    assert parse("Wat is het totale budget van de AI-fabrieken samen?", index).form == "sum"
    assert parse("Welke AI-fabrieken zijn nieuw?", index).polarity is False
    assert parse("Welke AI-fabrieken zijn geen upgrade?", index).polarity is False
    assert parse("Which factories are upgrades?", index).polarity is True
    assert parse("Who is the CEO of Mistral?", index).unsupported == "ceo"


def test_fuzzy_names(fixture_store):
    index = label_index(fixture_store)
    for text, label in [("lumi", "LUMI AI Factory"), ("Hammer HAI", "HammerHAI"),
                        ("Tsjechie", "Tsjechië"), ("Czechia", "Tsjechië"), ("Grece", "Griekenland"),
                        ("the Netherlands", "Nederland"), ("Radboud Universitet", "Radboud Universiteit")]:
        i = parse(f"Wat weet je over {text}?", index)
        names = {e.label() for a in i.anchors for e in a.candidates}
        assert label in names, (text, names)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), max_size=12) | st.text(max_size=80))
def test_parser_never_crashes(fixture_store, words):
    text = " ".join(words) if isinstance(words, list) else words
    result = plan(parse(text, label_index(fixture_store)))
    assert isinstance(result, (Plan, Refusal))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10), st.sampled_from([" ", "  ", "\t"]))
def test_case_and_whitespace_do_not_matter(fixture_store, words, space):
    index = label_index(fixture_store)
    a = plan(parse(" ".join(words), index))
    b = plan(parse(space + space.join(w.upper() for w in words) + space, index))
    assert type(a) is type(b)
    if isinstance(a, Plan):
        assert (a.sparql, a.bindings) == (b.sparql, b.bindings)
    else:
        assert a.message.lower() == b.message.lower()


def test_intent_conditions(fixture_store):
    index = label_index(fixture_store)
    i = parse("Welke AI-fabrieken hebben een budget van minder dan 1,5 miljard euro?", index)
    assert (i.threshold.op, i.threshold.amount, i.unknown) == ("<", 1500000000, [])
    assert parse("Which factories focus on health or space?", index).sectors == ["health", "space"]
    assert parse("Heeft LUMI of Pharos het grootste budget?", index).choice
    assert not parse("Heeft LUMI het grootste budget?", index).choice
    assert parse("Met wie werkt LUMI samen?", index).relations == ["partner"]
    i = parse("who makes the Le Chat model", index)
    assert (i.focus, i.relations) == (None, ["develops"])
