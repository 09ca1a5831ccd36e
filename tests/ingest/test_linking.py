"""Entity resolution within an article: short and long forms, misspellings, country forms."""

from kennisgraaf.ingest.components.lexicon import lexicon

WIKIDATA = "http://www.wikidata.org/entity/"


def by_label(result):
    return {e["label"]: e for e in result["entities"]}


def test_misspelt_city_joins_the_gazetteer_city(run):
    ents = by_label(run("De locaties zijn Barcelona (Spanje) en Kajaania (Finland)."))
    assert "Kajaania" in ents["Kajaani"]["aliases"] and ents["Kajaani"]["type"] == "City"


def test_unlike_names_stay_apart(run):
    ents = by_label(run("De locaties zijn Vrelo (Kroatië) en Bissen (Luxemburg)."))
    assert "Vrelo" in ents and "Venlo" not in ents


def test_short_and_long_forms(run):
    ents = by_label(run("De AI-fabriek KORAAL AI Factory opent. Bij KORAAL AI werken tien mensen. "
                        "Professor Anna Brink spreekt. Brink is blij."))
    assert set(ents["KORAAL AI Factory"]["aliases"]) >= {"KORAAL AI Factory", "KORAAL AI"}
    assert "Brink" in ents["Anna Brink"]["aliases"]
    assert len(ents["Anna Brink"]["mentions"]) == 2


def test_gazetteer_short_form_and_qid(run):
    ents = by_label(run("De LUMI AI Factory staat in Finland. Bij LUMI AI werken velen. "
                        "De Commissie betaalt."))
    assert set(ents["LUMI AI Factory"]["aliases"]) == {"LUMI AI Factory", "LUMI AI"}
    assert ents["Finland"]["sameAs"] == [WIKIDATA + "Q33"]
    assert ents["Europese Commissie"]["aliases"] == ["Commissie"]


def test_dutch_english_and_adjective_forms_are_one_country(run):
    ents = by_label(run("Frankrijk investeert. France is big. Het Franse Brakwater groeit."))
    france = ents["Frankrijk"]
    assert set(france["aliases"]) == {"Frankrijk", "France", "Franse"}
    assert france["canonical"] == "Frankrijk" and france["sameAs"] == [WIKIDATA + "Q142"]


def test_bracketed_abbreviation_is_the_same_body(run):
    ents = by_label(run("Het Instituut voor Rekenkunde (IVR) groeit. IVR zoekt mensen."))
    assert set(ents["Instituut voor Rekenkunde"]["aliases"]) == {"Instituut voor Rekenkunde", "IVR"}
    assert "IVR" not in ents


def test_gazetteer_countries_come_from_pycountry():
    lex = lexicon()
    assert lex.lookup("Country", "Tsjechische Republiek").label == "Tsjechië"
    assert lex.lookup("Country", "Czechia").label == "Tsjechië"
    assert lex.by_key[lex.adjective_country["Duitse"]].label == "Duitsland"
