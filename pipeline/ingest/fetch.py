"""Official PDFs from the UN Official Documents System (ODS), by document symbol.

The only code of the project that goes online, and only when `python -m pipeline fetch` runs.
`GET <base>/api/symbol/access?s=<symbol>&l=<lang>&t=pdf` answers with a redirect to the PDF,
which is followed.  The base is https://documents.un.org, or the URL in the environment
variable COP_FETCH_BASE_URL (the tests' local server).

Every symbol is checked before anything goes online.  A file already in the folder is not
fetched again (unless forced).  An answer is kept only when it is a whole PDF (its bytes start
with "%PDF-") no larger than the pipeline reads, written to a temporary file beside its final
name and renamed into place, so the folder never holds half a file.  A timeout, a 5xx answer or a failed connection is tried again
after a pause that doubles each time; a 404 or another 4xx is not.  Once the server cannot be
reached at all (DNS, connection refused, no network), the symbols left are not tried: they
would fail the same way.
"""
from __future__ import annotations

import http.client
import logging
import os
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import regex as re

from pipeline.common.errors import InputError
from pipeline.common.limits import DEFAULT, MB
from pipeline.common.patterns import SYMBOL

log = logging.getLogger(__name__)

BASE_URL_ENV = "COP_FETCH_BASE_URL"
DEFAULT_BASE_URL = "https://documents.un.org"
ACCESS_PATH = "/api/symbol/access"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")    # the UN's six official languages, as ODS names them
DEFAULT_LANG = "en"
PDF_MAGIC = b"%PDF-"
USER_AGENT = "cop-records-fetch (Python urllib)"
RETRY_STATUSES = frozenset({408, 429})     # worth another try, as is every 5xx
MAX_SYMBOL = 80     # characters: UN symbols are far shorter, and the symbol pattern is slow on long runs

# What a file name keeps of a symbol once its slashes are hyphens: letters, digits, dots and
# hyphens ("CTOC/COP/2022/L.9/Rev.1" -> "CTOC-COP-2022-L.9-Rev.1"); anything else is dropped.
UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9.-]")

FETCHED, PRESENT, FAILED = "fetched", "already present", "failed"


@dataclass(frozen=True)
class Settings:
    """How to fetch; InputError for a value that cannot work."""

    base_url: str = DEFAULT_BASE_URL
    lang: str = DEFAULT_LANG
    timeout: float = 30.0       # seconds to wait for a connection, and for each piece of the answer
    attempts: int = 3           # tries per document, the first included
    backoff: float = 1.0        # seconds before the second try; doubled before each next one
    force: bool = False         # fetch again a file already present
    max_bytes: int = int(DEFAULT.input_mb * MB)     # the largest input the pipeline reads

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(f"{self.base_url!r} is not an http(s) address (set in {BASE_URL_ENV}?)")
        if self.lang not in LANGUAGES:
            raise InputError(f"unknown language {self.lang!r} (choose one of {', '.join(LANGUAGES)})")
        if not self.timeout > 0:
            raise InputError(f"--timeout must be a positive number of seconds, not {self.timeout:g}")
        if self.attempts < 1:
            raise InputError(f"--attempts must be at least 1, not {self.attempts}")
        if not self.backoff >= 0:
            raise InputError(f"--backoff must be a number of seconds, 0 or more, not {self.backoff:g}")

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc


@dataclass(frozen=True)
class Outcome:
    """What became of one symbol: FETCHED (`size` bytes written), PRESENT, or FAILED (`reason`)."""

    symbol: str
    path: Path
    status: str
    size: int = 0
    reason: str = ""
    unreachable: bool = False   # failed because the server could not be reached at all

    def line(self) -> str:
        """The log line: what was done, or why not."""
        if self.status == FETCHED:
            return f"fetched {self.symbol}: {self.size} bytes -> {self.path}"
        if self.status == PRESENT:
            return f"already present: {self.path} ({self.symbol}; --force fetches it again)"
        return f"failed {self.symbol}: {self.reason}"


class _Retryable(Exception):
    """Worth another try: a timeout, a 5xx answer, an answer broken off."""


class _Unreachable(_Retryable):
    """No connection at all: the name does not resolve, the connection is refused or times out."""


class _Refused(Exception):
    """Not worth another try: no such document (404), another 4xx, not a PDF, too large."""


def base_url(environ: Mapping[str, str]) -> str:
    """The server: COP_FETCH_BASE_URL when set, else documents.un.org."""
    return (environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


def check_symbols(symbols: Iterable[str]) -> list[str]:
    """The symbols, each once, in the order given; InputError naming the first that is no UN
    document symbol (letters series, then slash parts: A/RES/78/229, CTOC/COP/2022/9, E/2022/27)."""
    checked: list[str] = []
    for symbol in symbols:
        if len(symbol) > MAX_SYMBOL or not SYMBOL.fullmatch(symbol):
            raise InputError(f"{symbol[:MAX_SYMBOL]!r} is not a UN document symbol (such as CTOC/COP/2022/9 "
                             f"or A/RES/78/229); nothing fetched")
        if symbol not in checked:
            checked.append(symbol)
    return checked


def file_name(symbol: str, lang: str = DEFAULT_LANG) -> str:
    """'CTOC/COP/2022/9' -> 'CTOC-COP-2022-9.pdf'; a language other than English goes before
    the suffix: 'CTOC-COP-2022-9.fr.pdf'."""
    stem = UNSAFE_IN_NAME.sub("", symbol.replace("/", "-"))
    return f"{stem}.pdf" if lang == DEFAULT_LANG else f"{stem}.{lang}.pdf"


def access_url(base: str, symbol: str, lang: str) -> str:
    """The ODS address that redirects to the PDF of `symbol` in `lang` (slashes left as they are)."""
    return f"{base}{ACCESS_PATH}?{urlencode({'s': symbol, 'l': lang, 't': 'pdf'}, safe='/')}"


def nothing_fetched(failed: list[Outcome]) -> str:
    """The one line for a fetch where every symbol failed."""
    if failed[0].unreachable:
        return f"{failed[0].reason}; nothing fetched"
    return "; ".join(f"{o.symbol}: {o.reason}" for o in failed) + "; nothing fetched"


def prepare_folder(to: Path) -> None:
    """Create the folder `to` if missing; InputError if it cannot be, or cannot be written."""
    if to.exists() and not to.is_dir():
        raise InputError(f"{to}: is a file, not a folder; nothing fetched")
    try:
        to.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{to}: cannot create the folder ({err.strerror or err}); nothing fetched") from None
    if not os.access(to, os.W_OK | os.X_OK):
        raise InputError(f"{to}: the folder cannot be written (read-only or no permission); nothing fetched")


def fetch_all(symbols: list[str], to: Path, settings: Settings,
              sleep: Callable[[float], None] = time.sleep) -> list[Outcome]:
    """Fetch the PDF of each symbol (checked by `check_symbols`) into the folder `to` (made by
    `prepare_folder`), logging one line per symbol; the outcomes in order."""
    outcomes: list[Outcome] = []
    for symbol in symbols:
        path = to / file_name(symbol, settings.lang)
        if path.exists() and not settings.force:
            outcome = Outcome(symbol, path, PRESENT)
        elif any(o.unreachable for o in outcomes):
            outcome = Outcome(symbol, path, FAILED, reason=f"not tried: cannot reach {settings.host}",
                              unreachable=True)
        else:
            outcome = _fetch_one(symbol, path, settings, sleep)
        log.info("%s", outcome.line())
        outcomes.append(outcome)
    return outcomes


def _fetch_one(symbol: str, path: Path, settings: Settings, sleep: Callable[[float], None]) -> Outcome:
    url = access_url(settings.base_url, symbol, settings.lang)
    try:
        data = _get_with_retries(url, symbol, settings, sleep)
    except _Unreachable as err:
        return Outcome(symbol, path, FAILED, reason=f"cannot reach {settings.host}: {err}{_tries(settings)}",
                       unreachable=True)
    except _Retryable as err:
        return Outcome(symbol, path, FAILED, reason=f"{err}{_tries(settings)}")
    except _Refused as err:
        return Outcome(symbol, path, FAILED, reason=str(err))
    try:
        _write_atomically(path, data)
    except OSError as err:
        return Outcome(symbol, path, FAILED, reason=f"cannot write {path}: {err.strerror or err}")
    return Outcome(symbol, path, FETCHED, size=len(data))


def _tries(settings: Settings) -> str:
    return f" ({settings.attempts} attempts)" if settings.attempts > 1 else ""


def _get_with_retries(url: str, symbol: str, settings: Settings, sleep: Callable[[float], None]) -> bytes:
    attempt = 1
    while True:
        try:
            return _get(url, settings)
        except _Retryable as err:
            if attempt == settings.attempts:
                raise
            pause = settings.backoff * 2 ** (attempt - 1)
            attempt += 1
            log.info("%s: %s; trying again in %g s (attempt %d of %d)", symbol, err, pause, attempt,
                     settings.attempts)
            sleep(pause)


def _get(url: str, settings: Settings) -> bytes:
    """The PDF at `url`, redirects followed; _Retryable, _Unreachable or _Refused when there is none."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/pdf"})
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            kind, landed = response.headers.get_content_type(), response.url
            announced = response.headers.get("Content-Length", "")
            if announced.isdigit() and int(announced) > settings.max_bytes:
                raise _Refused(_too_large(int(announced), settings))
            data = response.read(settings.max_bytes + 1)
    except urllib.error.HTTPError as err:
        err.close()
        if err.code >= 500 or err.code in RETRY_STATUSES:
            raise _Retryable(f"HTTP {err.code} {err.reason}") from None
        if err.code == 404:
            raise _Refused("not found (HTTP 404)") from None
        raise _Refused(f"HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:        # no connection: DNS, refused, no route, connect timeout
        raise _Unreachable(_why(err.reason)) from None
    except (OSError, http.client.HTTPException) as err:     # connected, then a timeout or a broken answer
        raise _Retryable(_why(err)) from None
    if len(data) > settings.max_bytes:
        raise _Refused(_too_large(len(data), settings))
    if announced.isdigit() and len(data) < int(announced):
        raise _Retryable(f"the answer broke off after {len(data)} of {announced} bytes")
    if not data.startswith(PDF_MAGIC):
        page = ", an HTML page (an error page?)" if "html" in kind else ""
        redirected = f", redirected to {landed}" if landed != url else ""
        raise _Refused(f"not a PDF: the server answered {kind}{page}{redirected}")
    return data


def _why(err: object) -> str:
    """An OS error's words ("Connection refused"), else the error as text ("timed out")."""
    return getattr(err, "strerror", None) or str(err) or type(err).__name__


def _too_large(size: int, settings: Settings) -> str:
    return f"the answer is {size / MB:.1f} MB, over the {settings.max_bytes / MB:g} MB the pipeline reads"


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a new temporary file beside `path` (created exclusively, never through a
    planted link, with the umask's permissions), flush it to disk and rename it over `path`."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
