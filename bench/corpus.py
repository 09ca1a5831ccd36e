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

PARAGRAPHS = [
    "De Europese Commissie heeft de AI-fabriek {factory} in {city} ({country}) aangewezen. "
    "Het project heeft een budget van {budget} euro en moet in {year} operationeel zijn.",
    "Bij {factory} zijn ook {partners} betrokken. Zij betalen een deel van de kosten.",
    "De fabriek is {upgrade}. {factory} gaat zich richten op {sector1} en {sector2}.",
    "Het {adjective} bedrijf {company} investeert {invest} euro in {factory}. "
    "{company} ontwikkelt het taalmodel {model}.",
    "\"Dit is een belangrijke stap voor onderzoekers en start-ups,\" zegt {person}, "
    "hoogleraar aan de {university}.",
    "Volgens {person2}, directeur van {company}, is de vraag naar rekenkracht groter dan ooit. "
    "Het bedrijf uit {hq} verwacht dat de supercomputer {super} het hart van de fabriek wordt.",
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
]


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
        "university": f"Universiteit van {_name(rng)}",
        "super": _name(rng, 2).upper(),
        "month": rng.choice(MONTHS),
    }
    paragraphs = [p.format(**fields) for p in PARAGRAPHS]
    tail = paragraphs[2:]
    rng.shuffle(tail)
    title = f"{fields['factory']} wordt AI-fabriek in {fields['city']}"
    date = f"{year - 1}-{rng.randint(1, 12):02d}"
    text = (f"date {date} {title}\n" + "\n".join(paragraphs[:2] + tail)
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
