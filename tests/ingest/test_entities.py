"""Entity recognition: the gazetteer and the context rules that find unseen names.

Every firm, factory, model and person here is invented for these tests."""

from tests.ingest.conftest import entities


def test_gazetteer_countries_cities_bodies(run):
    found = entities(run("De Europese Commissie en de VS praten in Brussel over Nvidia en ChatGPT."))
    assert found >= {("Organization", "Europese Commissie"), ("Country", "Verenigde Staten"),
                     ("City", "Brussel"), ("Company", "Nvidia"), ("AIModel", "ChatGPT")}


def test_company_after_cue_and_with_suffix(run):
    found = entities(run("Het bedrijf Brakwater investeert. Ook Zilvermeer Systems GmbH doet mee, "
                         "net als het Zweedse Noorderlicht."))
    assert found >= {("Company", "Brakwater"), ("Company", "Zilvermeer Systems GmbH"),
                     ("Company", "Noorderlicht"), ("Country", "Zweden")}


def test_factory_supercomputer_and_model_cues(run):
    found = entities(run("De AI-fabriek KORAAL draait op supercomputer VLINDER. "
                         "Het model Golfje-3 en de chatbot Praatpaal komen later."))
    assert found >= {("AIFactory", "KORAAL"), ("Supercomputer", "VLINDER"),
                     ("AIModel", "Golfje-3"), ("AIModel", "Praatpaal")}


def test_people_after_titles_and_before_appositions(run):
    found = entities(run("Minister Brakenberg van Economische Zaken sprak met professor Anna "
                         "de Wit. Joris van der Meer, hoogleraar aan de Universiteit van Twente, "
                         "was er ook."))
    assert found >= {("Person", "Brakenberg"), ("Person", "Anna de Wit"),
                     ("Person", "Joris van der Meer"),
                     ("Organization", "Universiteit van Twente"),
                     ("Organization", "Economische Zaken")}


def test_bodies_and_programmes_by_their_head_word(run):
    found = entities(run("Het Instituut voor Rekenkunde en de Stichting Open Data krijgen geld uit "
                         "het Groeifonds Zuidwest en het Compute Excellence Programme."))
    assert found >= {("Organization", "Instituut voor Rekenkunde"),
                     ("Organization", "Stichting Open Data"),
                     ("Programme", "Groeifonds Zuidwest"),
                     ("Programme", "Compute Excellence Programme")}


def test_unknown_city_before_its_country_and_after_in(run):
    found = entities(run("De locaties zijn Vrelo (Kroatië) en Bissen (Luxemburg). "
                         "Een fabriek komt in Oudemolen."))
    assert found >= {("City", "Vrelo"), ("City", "Bissen"), ("City", "Oudemolen")}


def test_generic_mentions_are_no_entities(run):
    found = entities(run("De AI-fabrieken en een supercomputer: Europese AI is in opmars."))
    assert not {label for _, label in found} & {"AI", "Europese AI", "AI-fabrieken"}


def test_a_name_found_once_is_found_everywhere(run):
    result = run("De start-up Brakwater groeit. Brakwater wil naar de beurs.")
    (firm,) = [e for e in result["entities"] if e["label"] == "Brakwater"]
    assert firm["type"] == "Company" and len(firm["mentions"]) == 2


def test_table_columns_give_names_places_and_countries(run):
    text = ("AI-fabrieken | Stad | Naam | Nieuw? | Budget |\n"
            "Finland | Kajaani | KORAAL | Ja | 40 miljoen euro |\n"
            "Luxemburg | Luxemburg | VLINDER | Nee, upgrade | - |\n")
    found = entities(run(text))
    assert found >= {("AIFactory", "KORAAL"), ("AIFactory", "VLINDER"), ("City", "Kajaani"),
                     ("City", "Luxemburg"), ("Country", "Luxemburg"), ("Country", "Finland")}


def test_mentions_carry_offsets_and_sentence(run):
    text = "Eerst dit. Dan Nvidia."
    (nvidia,) = [e for e in run(text)["entities"] if e["label"] == "Nvidia"]
    (mention,) = nvidia["mentions"]
    assert text[mention["start"]:mention["end"]] == "Nvidia" and mention["sentence"] == 1
