"""The hand-written fixture graph (tests/data/queries/fixture.trig) in an embedded store."""

import pytest

from kennisgraaf.graph.store import open_store
from tests.conftest import DATA

FIXTURE = DATA / "queries" / "fixture.trig"


@pytest.fixture(scope="session")
def fixture_store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("queries") / "store"
    with open_store(path, create=True) as st:
        st.load(FIXTURE)
    return path


@pytest.fixture(scope="session")
def fixture_store(fixture_store_path):
    st = open_store(fixture_store_path)
    yield st
    st.close()
