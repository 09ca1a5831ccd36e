"""The pipeline as built from data/config.cfg: components, tokens, sentences."""

from kennisgraaf.ingest.pipeline import load_nlp

COMPONENTS = ["kg_sentences", "kg_values", "kg_gazetteer", "kg_tables", "kg_context",
              "kg_linking", "kg_relations"]


def test_built_from_the_config_once(nlp):
    assert nlp.lang == "nl"
    assert nlp.pipe_names == COMPONENTS
    assert load_nlp() is nlp


def test_hyphens_and_possessives_split(nlp):
    words = [t.text for t in nlp.make_doc("de Qwen-modellen en OpenAI's ChatGPT, Turfveld ApS.")]
    assert words == ["de", "Qwen", "-", "modellen", "en", "OpenAI", "'s", "ChatGPT", ",",
                     "Turfveld", "ApS", "."]


def test_sentences_end_at_marks_and_line_breaks(nlp):
    doc = nlp("Dit is een zin. En nog één!\nKop\n\nFinland | Kajaani | X |\n"
              "Duitsland | Stuttgart | Y |\nDat is het. kleine letters gaan door.")
    assert [s.text.strip() for s in doc.sents] == [
        "Dit is een zin.", "En nog één!", "Kop", "Finland | Kajaani | X |",
        "Duitsland | Stuttgart | Y |", "Dat is het. kleine letters gaan door."]


def test_result_is_plain_data(nlp):
    doc = nlp("Het Franse Mistral AI ontwikkelt de chatbot Le Chat.")
    result = doc._.kg_result
    assert {e["label"] for e in result["entities"]} >= {"Mistral AI", "Le Chat", "Frankrijk"}
    assert doc._.kg_entities is None and doc._.kg_rows is None  # nothing left that won't pickle


def test_pipe_with_two_processes_gives_the_same(nlp, run):
    from kennisgraaf.ingest.extract import extract_many
    from kennisgraaf.ingest.reader import Article
    articles = [Article(id=f"a{n}", text=f"Minister Jansen van Economische Zaken bezoekt Nvidia {n}.")
                for n in range(3)]
    one = list(extract_many(articles, nlp=nlp))
    two = list(extract_many(articles, n_process=2, nlp=nlp))
    assert one == two
