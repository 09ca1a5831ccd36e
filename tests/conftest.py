"""Fixtures shared by the whole suite: paths, stores on every backend, the Oxigraph server."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kennisgraaf.graph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "tests" / "data"


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test when the shared material is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpus and gold come with the CI checkout")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen | None = None, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with status {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url} within {timeout} s")


def oxigraph_binary() -> str:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(exe).exists():
        pytest.skip("the oxigraph server binary is absent: pip install oxigraph")
    return exe


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """An Oxigraph server on 127.0.0.1, its plain default graph kept by kennisgraaf's writes."""
    port = free_port()
    data = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/query?query=ASK%7B%7D", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(params=["embedded", "memory", "remote"])
def store(request, tmp_path):
    """An empty store on each backend in turn."""
    if request.param == "embedded":
        st = open_store(tmp_path / "store", create=True)
    elif request.param == "memory":
        st = open_store("memory:")
    else:
        url = request.getfixturevalue("oxigraph_server")
        st = open_store(url + "/query")
        st.update("DROP SILENT ALL")
    yield st
    st.close()
