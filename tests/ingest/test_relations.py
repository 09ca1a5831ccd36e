"""Relation extraction: facts from sentences and table rows, each with its evidence.

Every firm, factory, model and person here is invented for these tests."""

import json

from tests.ingest.conftest import triples


def money(amount, currency="EUR", qualifier=None):
    value = {"amount": amount, "currency": currency}
    if qualifier:
        value["qualifier"] = qualifier
    return json.dumps(value, sort_keys=True)


def test_table_rows(run):
    text = ("Gastland | Locatie | Naam | Nieuw? | Budget | Sector |\n"
            "Finland | Kajaani | KORAAL | Ja | > 40 miljoen euro | gezondheidszorg |\n"
            "Italië | Bologna | VLINDER | Nee, upgrade supercomputer | - | agrovoeding |\n")
    facts = triples(run(text))
    assert facts >= {("KORAAL", "hostCountry", "Finland"), ("KORAAL", "locatedIn", "Kajaani"),
                     ("Kajaani", "inCountry", "Finland"), ("KORAAL", "isUpgrade", '{"bool": false}'),
                     ("KORAAL", "budget", money(40_000_000, qualifier="min")),
                     ("VLINDER", "isUpgrade", '{"bool": true}'),
                     ("KORAAL", "sector", '{"text": "health"}'),
                     ("VLINDER", "sector", '{"text": "agrifood"}')}


def test_partner_list_and_they_pay(run):
    text = ("De AI-fabriek KORAAL opent. Bij KORAAL in Finland zijn ook Denemarken, Noorwegen en Estland betrokken. "
            "Zij doneren een klein deel van het geld.")
    facts = triples(run(text))
    for country in ("Denemarken", "Noorwegen", "Estland"):
        assert ("KORAAL", "partner", country) in facts
        assert ("KORAAL", "fundedBy", country) in facts
    assert ("KORAAL", "partner", "Finland") not in facts


def test_invests_with_a_list_and_a_source(run):
    facts = triples(run(
        "Vorige week maakten Brakwater, Zilvermeer en het Japanse Kumo bekend 300 miljard dollar "
        "te willen investeren in AI. Frankrijk wil 90 miljard euro investeren. Ongeveer 40 "
        "miljard euro daarvan komt uit Qatar."))
    for firm in ("Brakwater", "Zilvermeer", "Kumo"):
        assert (firm, "invests", money(300_000_000_000, "USD")) in facts
    assert ("Kumo", "headquarteredIn", "Japan") in facts
    assert ("Frankrijk", "invests", money(90_000_000_000)) in facts
    assert ("Qatar", "invests", money(40_000_000_000, qualifier="approx")) in facts


def test_respectively_pairs_in_order(run):
    facts = triples(run("Google en Amazon volgen met respectievelijk 70 miljard en 9 miljard dollar."))
    assert ("Google", "invests", money(70_000_000_000, "USD")) in facts
    assert ("Amazon", "invests", money(9_000_000_000, "USD")) in facts


def test_budget_of_a_facility_and_of_a_body(run):
    facts = triples(run("De AI-fabriek KORAAL kost 85 miljoen euro. De Commissie gebruikt geld uit "
                        "het totaalbudget van 7 miljard euro van de EuroHPC JU."))
    assert ("KORAAL", "budget", money(85_000_000)) in facts
    assert ("EuroHPC JU", "budget", money(7_000_000_000)) in facts


def test_headquarters(run):
    facts = triples(run(
        "Voor bedrijven is er Brakwater uit Duitsland. Het Britse Zilvermeer AI groeit. "
        "Nederlandse chipbedrijven zoals Kiemlicht, Stroomdal en Veldkracht daalden. "
        "Het bekendste is Mistral AI. Dat is Frans."))
    assert facts >= {("Brakwater", "headquarteredIn", "Duitsland"),
                     ("Zilvermeer AI", "headquarteredIn", "Verenigd Koninkrijk"),
                     ("Kiemlicht", "headquarteredIn", "Nederland"),
                     ("Veldkracht", "headquarteredIn", "Nederland"),
                     ("Mistral AI", "headquarteredIn", "Frankrijk")}


def test_develops(run):
    facts = triples(run(
        "Het Britse Zilvermeer AI, bekend van plaatjesmaker Penseel, groeit. Het bedrijf Brakwater heeft een "
        "chatbot met de naam Babbel. Kumo ontwikkelt het taalmodel Golfje-3. De modellen Vonk "
        "van Kiemlicht zijn populair."))
    assert facts >= {("Zilvermeer AI", "develops", "Penseel"), ("Brakwater", "develops", "Babbel"),
                     ("Kumo", "develops", "Golfje-3"), ("Kiemlicht", "develops", "Vonk")}


def test_affiliation(run):
    facts = triples(run(
        "Volgens Anna de Wit van de Radboud Universiteit is dat zo. Joris Brink, hoogleraar aan "
        "de Universiteit van Twente en onderzoeker bij het Instituut voor Rekenkunde, twijfelt. "
        "Minister Brakenberg van Economische Zaken reageert. NVIDIA-oprichter Jensen Huang ook."))
    assert facts >= {("Anna de Wit", "affiliation", "Radboud Universiteit"),
                     ("Joris Brink", "affiliation", "Universiteit van Twente"),
                     ("Joris Brink", "affiliation", "Instituut voor Rekenkunde"),
                     ("Brakenberg", "affiliation", "Economische Zaken"),
                     ("Jensen Huang", "affiliation", "Nvidia")}


def test_places_and_dates_of_a_facility(run):
    facts = triples(run(
        "De AI-fabriek KORAAL komt in Stuttgart (Duitsland). De fabriek is een upgrade van een "
        "bestaande supercomputer en moet in juni 2026 operationeel zijn. Ze richt zich op "
        "cyberbeveiliging en ruimtevaart."))
    assert facts >= {("KORAAL", "locatedIn", "Stuttgart"), ("Stuttgart", "inCountry", "Duitsland"),
                     ("KORAAL", "hostCountry", "Duitsland"), ("KORAAL", "isUpgrade", '{"bool": true}'),
                     ("KORAAL", "operationalFrom", '{"date": "2026-06"}'),
                     ("KORAAL", "sector", '{"text": "cybersecurity"}'),
                     ("KORAAL", "sector", '{"text": "space"}')}


def test_evidence_is_the_sentence(run):
    text = "Eerst iets anders. Frankrijk wil 90 miljard euro investeren.\nVerder niets."
    result = run(text)
    (fact,) = [f for f in result["facts"] if f["p"] == "invests"]
    ev = fact["evidence"]
    assert text[ev["start"]:ev["end"]] == "Frankrijk wil 90 miljard euro investeren."
