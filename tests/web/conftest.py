"""Fixtures for the web app: an app on a fresh embedded store, its test client, a live server."""

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from waitress.server import create_server

from kennisgraaf.graph.store import open_store
from kennisgraaf.web.app import create_app
from tests.conftest import free_port, wait_for_http

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared W3C tests and corpus come with the CI checkout")
    return path


def make_app(tmp_path: Path, **settings):
    conf = {"store": str(tmp_path / "store"), "token": TOKEN, "query_workers": 2,
            "query_timeout": 10.0} | settings
    return create_app(conf)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("web"))
    yield app
    app.extensions["kennisgraaf"].close()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def live_server(app):
    """The module's app under waitress in a thread, on a free loopback port."""
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_for_http(url + "/sparql?query=ASK%7B%7D")
    yield url
    server.close()


@pytest.fixture(scope="module")
def serve_process(tmp_path_factory):
    """``python -m kennisgraaf serve`` as a subprocess, as users start it."""
    store = tmp_path_factory.mktemp("serve") / "store"
    open_store(store, create=True).close()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kennisgraaf", "serve", "--port", str(port),
                             "--store", str(store), "--token", TOKEN],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/sparql?query=ASK%7B%7D", proc, timeout=60)
        yield url
    finally:
        proc.terminate()
        proc.wait(20)
