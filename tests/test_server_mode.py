"""The same index-and-ask behaviour against a real Chroma server (`chroma run` on a
loopback port) through HttpClient, chosen by ASSISTANT_CHROMA_URL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant import ask, build_index
from assistant.errors import ConfigError
from assistant.settings import Settings

from .conftest import CRS_PDF, SAMPLE

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = Path(sys.executable).with_name("chroma")
    port = _free_port()
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path_factory.mktemp("chroma-server")),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("chroma run exited at start-up")
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_index_and_ask_through_a_chroma_server(chroma_url, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    shutil.copy(CRS_PDF, corpus / "australia.pdf")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=chroma_url)
    summary = build_index(settings=settings)
    assert sorted(summary.added) == ["australia.pdf", SAMPLE.name]
    assert not (tmp_path / "index" / "chroma").exists()  # vectors live on the server

    a = ask("Who spoke on food security at the Russia–Pakistan forum?", settings=settings)
    assert a.found and a.citations[0].page == 1 and "Zulfiqar Ali" in a.citations[0].quote

    (corpus / "australia.pdf").unlink()
    assert build_index(settings=settings).removed == ["australia.pdf"]
    a = ask("How much will Australia spend on defense through 2034?",
            filters={"files": ["australia.pdf"]}, settings=settings)
    assert not a.found


def test_unreachable_server_names_the_setting(tmp_path):
    (tmp_path / "corpus").mkdir()
    shutil.copy(SAMPLE, tmp_path / "corpus" / SAMPLE.name)
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index",
                        chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(ConfigError, match="ASSISTANT_CHROMA_URL"):
        build_index(settings=settings)


def test_bad_url_setting_is_refused():
    with pytest.raises(ValueError, match="ASSISTANT_CHROMA_URL"):
        Settings(chroma_url="localhost:8000")
