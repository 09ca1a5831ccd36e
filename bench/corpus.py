"""Generate Dutch test corpora from templates: invented factories, companies, people and sums.

Deterministic for a seed, streamed (one article at a time), so a corpus of
10,000 articles costs no more memory than one of ten.

    python -m bench.corpus OUT_DIR --articles 1000 [--seed 7]
"""

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

COUNTRIES = ["Finland", "Duitsland", "Griekenland", "Italië", "Spanje", "Zweden", "Polen",
             "Oostenrijk", "Portugal", "Ierland", "Denemarken", "Tsjechië", "Slovenië",
             "Hongarije", "Roemenië", "Bulgarije", "Kroatië", "Estland", "Letland", "Litouwen"]
CITIES = {"Finland": "Oulu", "Duitsland": "Jülich", "Griekenland": "Patras",
          "Italië": "Turijn", "Spanje": "Valencia", "Zweden": "Umeå", "Polen": "Poznań",
          "Oostenrijk": "Graz", "Portugal": "Braga", "Ierland": "Galway",
          "Denemarken": "Aarhus", "Tsjechië": "Ostrava", "Slovenië": "Maribor",
          "Hongarije": "Debrecen", "Roemenië": "Cluj-Napoca", "Bulgarije": "Plovdiv",
          "Kroatië": "Split", "Estland": "Tartu", "Letland": "Riga", "Litouwen": "Kaunas"}
ADJECTIVE = {"Finland": "Finse", "Duitsland": "Duitse", "Griekenland": "Griekse",
             "Italië": "Italiaanse", "Spanje": "Spaanse", "Zweden": "Zweedse",
             "Polen": "Poolse", "Oostenrijk": "Oostenrijkse", "Portugal": "Portugese",
             "Ierland": "Ierse", "Denemarken": "Deense", "Tsjechië": "Tsjechische",
             "Slovenië": "Sloveense", "Hongarije": "Hongaarse", "Roemenië": "Roemeense",
             "Bulgarije": "Bulgaarse", "Kroatië": "Kroatische", "Estland": "Estse",
             "Letland": "Letse", "Litouwen": "Litouwse"}
SECTORS = ["klimaat", "gezondheidszorg", "ruimtevaart", "cyberbeveiliging", "agrovoeding",
           "financiën", "energie", "mobiliteit"]
SYLLABLES = ["kor", "val", "min", "tes", "dar", "lun", "vor", "ael", "bri", "sto", "nex",
             "qua", "ril", "zen", "hol", "mar", "tiv", "gon", "pel", "rax"]
FIRST = ["Anouk", "Bram", "Chiara", "Dirk", "Elif", "Femke", "Gijs", "Hanna", "Ivo", "Jelle",
         "Kiki", "Lars", "Maud", "Niels", "Olga", "Pieter", "Roos", "Sem", "Tess", "Wout"]
LAST = ["Verbeek", "Hofstra", "Ramaker", "Dijkhuis", "Kuipers", "Terpstra", "Wolters",
        "Brinkman", "Schouten", "Veldman", "Mulder", "Zwart", "Hendriks", "Post", "Vos"]
SUFFIX = ["BV", "AI", "Labs", "Systems", "Technologies", "GmbH", "NV"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]

# One slot per fact-bearing paragraph, each with a few phrasings; then background
# paragraphs, some with facts of their own, drawn per article. An article is
# about 400-600 words.
SLOTS = [
    ["De Europese Commissie heeft de AI-fabriek {factory} in {city} ({country}) aangewezen. "
     "Het project heeft een budget van {budget} euro en moet in {year} operationeel zijn.",
     "In {city} komt een nieuwe AI-fabriek: {factory}. Dat heeft de Europese Commissie "
     "{weekday} bekendgemaakt. Met het project is {budget} euro gemoeid; de eerste "
     "gebruikers kunnen er vanaf {year} terecht.",
     "{country} krijgt er een AI-fabriek bij. {factory}, gevestigd in {city}, kost naar "
     "schatting {budget} euro en moet in {year} de deuren openen, zo meldt de Commissie."],
    ["Bij {factory} zijn ook {partners} betrokken. Zij betalen een deel van de kosten.",
     "Het consortium achter {factory} bestaat naast {country} uit {partners}. Elk land "
     "levert geld, personeel of rekentijd.",
     "{factory} is een samenwerking van {country} met {partners}, die samen de helft van "
     "de rekening betalen; de andere helft komt uit Brussel."],
    ["De fabriek is {upgrade}. {factory} gaat zich richten op {sector1} en {sector2}.",
     "{factory} is {upgrade}. De nadruk ligt op toepassingen in de {sector1} en de "
     "{sector2}, twee sectoren waarin de regio sterk staat."],
    ["Het {adjective} bedrijf {company} investeert {invest} euro in {factory}. "
     "{company} ontwikkelt het taalmodel {model}.",
     "Ook het bedrijfsleven doet mee. {company}, een {adjective} maker van software, steekt "
     "{invest} euro in de fabriek. Het bedrijf werkt aan {model}, een taalmodel dat "
     "Europese talen beter moet begrijpen dan de Amerikaanse concurrentie.",
     "{company} uit {hq} zegt {invest} euro te investeren in {factory}. Het {adjective} "
     "bedrijf wil er zijn model {model} trainen."],
    ["\"Dit is een belangrijke stap voor onderzoekers en start-ups,\" zegt {person}, "
     "hoogleraar aan de {university}.",
     "{person}, hoogleraar aan de {university}, is enthousiast. \"Eindelijk hoeven we "
     "niet meer maanden te wachten op rekentijd in het buitenland. Dit verandert hoe we "
     "onderzoek doen.\""],
    ["Volgens {person2}, directeur van {company}, is de vraag naar rekenkracht groter dan "
     "ooit. Het bedrijf uit {hq} verwacht dat de supercomputer {super} het hart van de "
     "fabriek wordt.",
     "Het hart van {factory} wordt de supercomputer {super}, met {gpus} gpu's. \"Daarmee "
     "spelen we in de eerste divisie,\" zegt {person2} van {company}."],
]
BACKGROUND = [
    "Critici wijzen erop dat de kosten hoog zijn. Toch zien veel landen kansen: de "
    "concurrentie met de Verenigde Staten en China is groot, en Europa wil minder afhankelijk "
    "worden van buitenlandse aanbieders van cloudcapaciteit en chips.",
    "De eerste gebruikers kunnen zich vanaf {month} {year} aanmelden. Universiteiten, "
    "ziekenhuizen en kleine bedrijven krijgen voorrang, aldus de Commissie.",
    "Over de precieze verdeling van het geld is nog niet alles bekend. Een deel komt uit "
    "Europese programma's, een ander deel van nationale en regionale overheden. Ook private "
    "investeerders tonen belangstelling, al willen zij eerst zien hoe de eerste projecten "
    "uitpakken.",
    "Wat is een AI-fabriek eigenlijk? Het gaat om een datacenter vol gpu's waar bedrijven, "
    "onderzoekers en overheden de rekenkracht vinden om AI-modellen te trainen en te testen. "
    "Daarnaast biedt zo'n fabriek ondersteuning, opleidingen en toegang tot data.",
    "De energievraag van zulke datacenters is groot. De initiatiefnemers beloven dat de "
    "fabriek draait op duurzame stroom en dat de restwarmte wordt gebruikt om woningen in de "
    "omgeving te verwarmen.",
    "Eerder dit jaar werd al {other} in {other_city} ({other_country}) aangewezen, met een "
    "budget van {other_budget} euro. De twee fabrieken gaan samenwerken bij het opleiden "
    "van personeel.",
    "Het geld komt voor een groot deel uit het programma {programme}, dat in totaal "
    "{programme_budget} euro uittrekt voor rekenkracht en data. {country} legt daar zelf "
    "nog eens {national} euro bij.",
    "De bouw van het datacenter begint in {month} {start_year}. Er komen naar verwachting "
    "{jobs} banen bij, vooral voor technici en onderzoekers. De gemeente {city} heeft "
    "de benodigde vergunningen inmiddels verleend.",
    "Niet iedereen is overtuigd. \"Het is een mooi plan, maar zonder goede data en zonder "
    "mensen die ermee kunnen werken, blijft zo'n computer een dure kachel,\" zegt "
    "{critic}, onderzoeker bij de {university}.",
    "Europa telt inmiddels tientallen AI-fabrieken, verspreid over bijna alle lidstaten. "
    "Samen moeten zij ervoor zorgen dat Europese bedrijven niet achterblijven bij de "
    "Amerikaanse en Chinese techreuzen, die elk jaar miljarden in datacenters steken.",
    "Voor kleine bedrijven is de drempel laag: zij krijgen de eerste maanden gratis "
    "rekentijd en hulp van experts. Grote bedrijven betalen een marktconform tarief. "
    "Volgens de organisatoren hebben zich al meer dan {signups} partijen gemeld.",
    "{super} moet straks {pflops} petaflops halen, genoeg om een groot taalmodel in enkele "
    "weken te trainen. Ter vergelijking: de snelste computer van {country} haalde tot nu "
    "toe nog geen tiende daarvan.",
    "Minister {minister} van Economische Zaken noemt de komst van {factory} \"een "
    "historisch moment\" voor {country}. \"We laten zien dat we niet alleen praten over "
    "digitale soevereiniteit, maar er ook in investeren.\"",
    "Het is niet de eerste keer dat {city} in rekenkracht investeert. Al in {past_year} "
    "kwam er een rekencentrum voor weermodellen en klimaatonderzoek, dat nu wordt "
    "uitgebreid. Een deel van het personeel gaat over naar de nieuwe fabriek.",
    "Er zijn ook zorgen over privacy. Wie gevoelige gegevens, bijvoorbeeld uit ziekenhuizen, "
    "wil gebruiken om modellen te trainen, moet aan strenge regels voldoen. De fabriek "
    "krijgt daarom een afgeschermde omgeving waar data het gebouw niet verlaten.",
    "In de Verenigde Staten kondigden techbedrijven vorig jaar investeringen van honderden "
    "miljarden dollars aan. Daarbij vergeleken zijn de Europese bedragen bescheiden, "
    "erkent ook de Commissie, maar de fabrieken moeten vooral de drempel verlagen voor "
    "wie nu geen toegang heeft tot zulke computers.",
]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _amount(rng: random.Random) -> str:
    n = rng.choice([12, 35, 48, 71, 85, 120, 150, 198, 240, 310, 450, 600])
    return f"{n} miljoen" if rng.random() < 0.8 else f"{n / 100:.1f}".replace(".", ",") + " miljard"


def article(i: int, rng: random.Random) -> tuple[str, str]:
    """The i-th article: (file name, text with the seeds' date marker and source line)."""
    country = rng.choice(COUNTRIES)
    partners = rng.sample([c for c in COUNTRIES if c != country], rng.randint(2, 4))
    hq = rng.choice(COUNTRIES)
    sectors = rng.sample(SECTORS, 2)
    year = rng.randint(2025, 2029)
    other_country = rng.choice([c for c in COUNTRIES if c != country])
    fields = {
        "factory": _name(rng, 3).upper() if rng.random() < 0.3 else _name(rng, 3),
        "city": CITIES[country], "country": country,
        "budget": _amount(rng), "invest": _amount(rng), "year": year,
        "partners": ", ".join(partners[:-1]) + " en " + partners[-1],
        "upgrade": rng.choice(["een upgrade van een bestaande supercomputer",
                               "helemaal nieuw"]),
        "sector1": sectors[0], "sector2": sectors[1],
        "adjective": ADJECTIVE[hq], "hq": hq,
        "company": f"{_name(rng)} {rng.choice(SUFFIX)}",
        "model": f"{_name(rng)}-{rng.randint(1, 9)}",
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "person2": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "critic": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "university": f"Universiteit van {_name(rng)}",
        "super": _name(rng, 2).upper(),
        "month": rng.choice(MONTHS), "weekday": rng.choice(WEEKDAYS),
        "start_year": year - 1, "gpus": f"{rng.randint(2, 24) * 1000:,}".replace(",", "."),
        "other": _name(rng, 3), "other_city": CITIES[other_country],
        "other_country": other_country, "other_budget": _amount(rng),
        "programme": f"{_name(rng)} Europa", "programme_budget": _amount(rng),
        "national": _amount(rng), "jobs": rng.randint(3, 40) * 10,
        "signups": rng.randint(5, 60) * 10, "pflops": rng.randint(20, 900),
        "minister": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "past_year": year - 12,
    }
    lead, *body = [rng.choice(variants).format(**fields) for variants in SLOTS]
    background = [p.format(**fields) for p in rng.sample(BACKGROUND, rng.randint(8, 11))]
    tail = body[1:] + background
    rng.shuffle(tail)
    title = f"{fields['factory']} wordt AI-fabriek in {fields['city']}"
    date = f"{year - 1}-{rng.randint(1, 12):02d}"
    text = (f"date {date} {title}\n" + "\n".join([lead, body[0]] + tail)
            + f"\nBron: https://nieuws.example/{i}\n")
    return f"gen_{i:05d}.txt", text


def generate(n: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    for i in range(n):
        yield article(i, rng)


def write_corpus(out: Path, n: int, seed: int = 7) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in generate(n, seed):
        (out / name).write_text(text, encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    write_corpus(args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()
