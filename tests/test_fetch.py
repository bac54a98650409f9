"""`fetch` against a local imitation of the UN Official Documents System (an HTTP server on
127.0.0.1, ephemeral port, in a thread): redirects to a PDF, 404, a slow answer, an HTML error
page, a 500 then success, an answer broken off, and a closed port for "offline".  No real network."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT
from pipeline.common.errors import InputError
from pipeline.ingest import fetch

GOOD = "CTOC/COP/2022/9"
OTHER_GOOD = "E/2022/27"
MISSING = "CTOC/COP/2022/99"        # 404
SLOW = "CTOC/COP/2022/50"           # answers after SLOW_SECONDS, longer than the tests' timeout
HTML = "CTOC/COP/2022/51"           # 200 with an HTML error page
FLAKY = "CTOC/COP/2022/52"          # 500, then the redirect
BROKEN_OFF = "CTOC/COP/2022/53"     # announces more bytes than it sends
FAILING = "CTOC/COP/2022/54"        # 500, always
TO_ERROR = "CTOC/COP/2022/55"       # a redirect to an HTML page, /error
SLOW_SECONDS = 1.0
TIMEOUT = "0.2"
FAST = ("--timeout", TIMEOUT, "--backoff", "0.01")


def pdf_of(symbol: str) -> bytes:
    return b"%PDF-1.7\n% stand-in for " + symbol.encode() + b"\n%%EOF\n"


class ODS(BaseHTTPRequestHandler):
    """The access API (a redirect to /files/<name>) and the files, with a failure per symbol."""

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        url = urlsplit(self.path)
        if url.path.startswith("/files/"):
            return self._send(200, "application/pdf", pdf_of(url.path.removeprefix("/files/")))
        if url.path == "/error":
            return self._send(200, "text/html", b"<!DOCTYPE html><html><body>Not available</body></html>")
        symbol = parse_qs(url.query).get("s", [""])[0]
        self.server.hits[symbol] += 1
        if symbol == SLOW:
            time.sleep(SLOW_SECONDS)
        if symbol in (MISSING, "") or url.path != "/api/symbol/access":
            return self._send(404, "text/html", b"<html><body>Not found</body></html>")
        if symbol == TO_ERROR:
            return self._redirect("/error")
        if symbol == HTML:
            return self._send(200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><body>Error</body></html>")
        if symbol == FAILING or (symbol == FLAKY and self.server.hits[symbol] == 1):
            return self._send(500, "text/plain", b"internal error")
        if symbol == BROKEN_OFF:
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(pdf_of(symbol))
            return None
        return self._redirect(f"/files/{symbol}")

    def _redirect(self, path: str) -> None:
        self.send_response(302)
        self.send_header("Location", path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass    # a client that gave up on a slow answer: a broken pipe, as expected


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), ODS)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def ods(server, monkeypatch) -> Server:
    """The server, its request log cleared; no proxy between this process and it."""
    server.seen, server.hits = [], Counter()
    for name in [n for n in os.environ if "proxy" in n.lower()]:
        monkeypatch.delenv(name)
    return server


def base(server: Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(*args: str, url: str, quiet: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(PYTHONPATH=str(ROOT), COP_FETCH_BASE_URL=url)
    return subprocess.run([sys.executable, "-m", "pipeline", *(["-q"] if quiet else []), "fetch", *args],
                          capture_output=True, text=True, cwd=ROOT, env=env)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- symbols, names, addresses: pure ---------------------------------------------------------------

@pytest.mark.parametrize("symbol", [GOOD, "A/RES/78/229", "E/2022/27", "CTOC/COP/WG.2/2022/4",
                                    "CTOC/COP/2022/L.9/Rev.1", "A/CONF.192/15", "E/CN.15/2023/L.3/Rev.1"])
def test_un_symbols_are_accepted(symbol):
    assert fetch.check_symbols([symbol, symbol]) == [symbol]


@pytest.mark.parametrize("symbol", ["", "CTOC", "CTOC/COP", "ctoc/cop/2022/9", "CTOC/COP/2022/9/", "../etc/passwd",
                                    "CTOC/COP/2022/9; rm -rf ~", "CTOC//2022/9", "CTOC/COP/2022/9\nINFO forged",
                                    "https://documents.un.org/CTOC/COP/2022/9", "A/" * 2000 + "1"])
def test_anything_else_is_refused(symbol):
    with pytest.raises(InputError, match="is not a UN document symbol") as err:
        fetch.check_symbols([GOOD, symbol])
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("symbol, lang, name", [
    (GOOD, "en", "CTOC-COP-2022-9.pdf"),
    ("A/RES/78/229", "en", "A-RES-78-229.pdf"),
    ("CTOC/COP/2022/L.9/Rev.1", "en", "CTOC-COP-2022-L.9-Rev.1.pdf"),
    ("A/B C:1*?", "en", "A-BC1.pdf"),
    (GOOD, "fr", "CTOC-COP-2022-9.fr.pdf"),
])
def test_file_named_from_the_symbol(symbol, lang, name):
    assert fetch.file_name(symbol, lang) == name


def test_access_address():
    assert (fetch.access_url(fetch.DEFAULT_BASE_URL, GOOD, "en")
            == "https://documents.un.org/api/symbol/access?s=CTOC/COP/2022/9&l=en&t=pdf")
    assert fetch.base_url({}) == fetch.DEFAULT_BASE_URL
    assert fetch.base_url({fetch.BASE_URL_ENV: "http://127.0.0.1:8/"}) == "http://127.0.0.1:8"


# --- the command, against the local server -----------------------------------------------------------

def test_redirect_to_the_pdf_is_followed_and_the_file_written(ods, tmp_path):
    to = tmp_path / "new" / "raw"
    result = cli(GOOD, OTHER_GOOD, "--to", str(to), *FAST, url=base(ods), quiet=False)
    assert result.returncode == 0, result.stderr
    assert files(to) == ["CTOC-COP-2022-9.pdf", "E-2022-27.pdf"]
    assert (to / "CTOC-COP-2022-9.pdf").read_bytes() == pdf_of(GOOD)
    assert f"fetched {GOOD}: {len(pdf_of(GOOD))} bytes -> {to / 'CTOC-COP-2022-9.pdf'}" in result.stderr
    access, target = urlsplit(ods.seen[0]), ods.seen[1]
    assert access.path == "/api/symbol/access"
    assert parse_qs(access.query) == {"s": [GOOD], "l": ["en"], "t": ["pdf"]}
    assert target == f"/files/{GOOD}" and len(ods.seen) == 4


def test_language_is_asked_for_and_named(ods, tmp_path):
    assert cli(GOOD, "--lang", "fr", "--to", str(tmp_path), *FAST, url=base(ods)).returncode == 0
    assert parse_qs(urlsplit(ods.seen[0]).query)["l"] == ["fr"]
    assert files(tmp_path) == ["CTOC-COP-2022-9.fr.pdf"]


def test_a_file_already_present_is_not_fetched_again_unless_forced(ods, tmp_path):
    present = tmp_path / "CTOC-COP-2022-9.pdf"
    present.write_bytes(b"%PDF-1.4 the copy already here")
    result = cli(GOOD, "--to", str(tmp_path), *FAST, url=base(ods), quiet=False)
    assert result.returncode == 0, result.stderr
    assert f"already present: {present}" in result.stderr
    assert ods.seen == [] and present.read_bytes() == b"%PDF-1.4 the copy already here"
    assert cli(GOOD, "--to", str(tmp_path), "--force", *FAST, url=base(ods)).returncode == 0
    assert len(ods.seen) == 2 and present.read_bytes() == pdf_of(GOOD)


def test_not_found_is_not_retried(ods, tmp_path):
    result = cli(MISSING, "--to", str(tmp_path), *FAST, url=base(ods))
    assert result.returncode == 2
    assert one_error_line(result) == f"error: {MISSING}: not found (HTTP 404); nothing fetched"
    assert len(ods.seen) == 1 and files(tmp_path) == []


def test_an_html_error_page_is_no_pdf_and_nothing_is_written(ods, tmp_path):
    result = cli(HTML, "--to", str(tmp_path), *FAST, url=base(ods))
    assert result.returncode == 2
    assert "not a PDF: the server answered text/html, an HTML page" in one_error_line(result)
    assert files(tmp_path) == [] and len(ods.seen) == 1
    redirected = cli(TO_ERROR, "--to", str(tmp_path), *FAST, url=base(ods))
    assert redirected.returncode == 2
    assert one_error_line(redirected).endswith(f"an HTML page (an error page?), redirected to {base(ods)}/error; "
                                               f"nothing fetched")
    assert files(tmp_path) == []


def test_a_slow_answer_is_retried_then_given_up(ods, tmp_path):
    start = time.monotonic()
    result = cli(SLOW, "--to", str(tmp_path), *FAST, url=base(ods))
    assert result.returncode == 2
    assert one_error_line(result) == f"error: {SLOW}: timed out (3 attempts); nothing fetched"
    assert ods.hits[SLOW] == 3 and files(tmp_path) == []
    assert time.monotonic() - start < 3 * float(TIMEOUT) + 5    # the tries and the interpreter's start


def test_a_server_error_then_success(ods, tmp_path):
    result = cli(FLAKY, "--to", str(tmp_path), *FAST, url=base(ods), quiet=False)
    assert result.returncode == 0, result.stderr
    assert f"{FLAKY}: HTTP 500 Internal Server Error; trying again in 0.01 s (attempt 2 of 3)" in result.stderr
    assert ods.hits[FLAKY] == 2 and (tmp_path / "CTOC-COP-2022-52.pdf").read_bytes() == pdf_of(f"{FLAKY}")


def test_an_answer_broken_off_is_retried_and_never_written(ods, tmp_path):
    result = cli(BROKEN_OFF, "--to", str(tmp_path), *FAST, url=base(ods))
    assert result.returncode == 2
    assert "the answer broke off after" in one_error_line(result)
    assert ods.hits[BROKEN_OFF] == 3 and files(tmp_path) == []


def test_some_failed_the_rest_fetched_exit_3(ods, tmp_path):
    result = cli(GOOD, MISSING, HTML, OTHER_GOOD, "--to", str(tmp_path), *FAST, url=base(ods))
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        f"fetched to {tmp_path}, but 2 of 4 symbol(s) failed:",
        f"  {MISSING}: not found (HTTP 404)",
        f"  {HTML}: not a PDF: the server answered text/html, an HTML page (an error page?)",
    ]
    assert files(tmp_path) == ["CTOC-COP-2022-9.pdf", "E-2022-27.pdf"]


def test_a_bad_symbol_exits_2_before_any_request(ods, tmp_path):
    to = tmp_path / "raw"
    result = cli(GOOD, "CTOC/COP/2022/9; rm", "--to", str(to), *FAST, url=base(ods))
    assert result.returncode == 2
    assert one_error_line(result) == ("error: 'CTOC/COP/2022/9; rm' is not a UN document symbol "
                                      "(such as CTOC/COP/2022/9 or A/RES/78/229); nothing fetched")
    assert ods.seen == [] and not to.exists()


@pytest.mark.parametrize("args, env_url, message", [
    (("--timeout", "0"), None, "--timeout must be a positive number"),
    (("--attempts", "0"), None, "--attempts must be at least 1"),
    ((), "documents.un.org", "is not an http(s) address (set in COP_FETCH_BASE_URL?)"),
])
def test_bad_settings_exit_2_before_any_request(ods, tmp_path, args, env_url, message):
    result = cli(GOOD, "--to", str(tmp_path / "raw"), *args, url=env_url or base(ods))
    assert result.returncode == 2 and message in one_error_line(result)
    assert ods.seen == [] and not (tmp_path / "raw").exists()


def test_to_a_file_exits_2(ods, tmp_path):
    (tmp_path / "raw").write_text("a file")
    result = cli(GOOD, "--to", str(tmp_path / "raw"), *FAST, url=base(ods))
    assert result.returncode == 2 and "is a file, not a folder" in one_error_line(result)
    assert ods.seen == []


def test_offline_is_one_line_exit_2_and_the_rest_not_tried(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    result = cli(GOOD, OTHER_GOOD, "--to", str(tmp_path), *FAST, url=url)
    assert result.returncode == 2
    assert one_error_line(result) == (f"error: cannot reach {url.removeprefix('http://')}: Connection refused "
                                      f"(3 attempts); nothing fetched")
    assert files(tmp_path) == []
    talkative = cli(GOOD, OTHER_GOOD, "--to", str(tmp_path), *FAST, url=url, quiet=False)
    assert talkative.returncode == 2 and "Traceback" not in talkative.stderr
    assert talkative.stderr.count("trying again") == 2      # the first symbol's tries, none for the second
    assert f"failed {OTHER_GOOD}: not tried: cannot reach" in talkative.stderr
    assert talkative.stderr.splitlines()[-1].startswith("error: cannot reach")


def test_offline_with_one_file_present_exits_3(tmp_path):
    (tmp_path / "CTOC-COP-2022-9.pdf").write_bytes(pdf_of(GOOD))
    result = cli(GOOD, OTHER_GOOD, "--to", str(tmp_path), *FAST, url=f"http://127.0.0.1:{closed_port()}")
    assert result.returncode == 3
    assert result.stderr.splitlines()[1].startswith(f"  {OTHER_GOOD}: cannot reach 127.0.0.1:")


# --- in process: the pauses, the size bound, a failed --force --------------------------------------------

def test_pauses_double_between_tries(ods, tmp_path):
    pauses: list[float] = []
    settings = fetch.Settings(base_url=base(ods), attempts=4, backoff=0.5, timeout=float(TIMEOUT))
    [outcome] = fetch.fetch_all([FAILING], tmp_path, settings, sleep=pauses.append)
    assert pauses == [0.5, 1.0, 2.0] and ods.hits[FAILING] == 4
    assert outcome.status == fetch.FAILED and outcome.reason == "HTTP 500 Internal Server Error (4 attempts)"


def test_an_answer_over_the_size_bound_is_refused(ods, tmp_path):
    settings = fetch.Settings(base_url=base(ods), timeout=float(TIMEOUT), max_bytes=10)
    [outcome] = fetch.fetch_all([GOOD], tmp_path, settings, sleep=lambda s: None)
    assert outcome.status == fetch.FAILED and "the pipeline reads" in outcome.reason
    assert files(tmp_path) == [] and len(ods.seen) == 2


def test_a_forced_fetch_that_fails_keeps_the_file_present(ods, tmp_path):
    present = tmp_path / "CTOC-COP-2022-51.pdf"
    present.write_bytes(pdf_of(HTML))
    settings = fetch.Settings(base_url=base(ods), timeout=float(TIMEOUT), force=True)
    [outcome] = fetch.fetch_all([HTML], tmp_path, settings, sleep=lambda s: None)
    assert outcome.status == fetch.FAILED
    assert files(tmp_path) == [present.name] and present.read_bytes() == pdf_of(HTML)
