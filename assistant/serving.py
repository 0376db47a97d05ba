"""What the chat's web server adds to Gradio: a safe route for opening reports, and
throttled sign-in.

Reports are untrusted. An HTML report served inline from the chat's own origin runs its
scripts with the reader's session (it could call the app's endpoints, e.g. remove a
report) and loads whatever it links to. So `/report/<file>`:

- serves only files that are indexed reports (no dot-files, `_` notes, non-report files
  or anything outside the corpus, links only where `ASSISTANT_FOLLOW_LINKS` allows);
- shows PDFs and plain text inline, and hands every other format (HTML, Markdown, DOCX)
  over as a download (`Content-Disposition: attachment`, `application/octet-stream`);
- sends `Content-Security-Policy: default-src 'none'; sandbox` (nothing in the file may
  run, load or submit anything; the PDF viewer is allowed to render PDFs),
  `X-Content-Type-Options: nosniff`, `Cross-Origin-Resource-Policy: same-origin` and
  `Referrer-Policy: no-referrer`;
- asks for sign-in like the rest of the chat when sign-in is configured.

Sign-in is throttled per client address: after `auth_max_failures` failures the client
gets 429 for `auth_lockout_s` seconds, doubling with each further lock-out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import ConfigError
from .settings import Settings

REPORT_ROUTE = "/report/"
_INLINE = {".pdf": "application/pdf", ".txt": "text/plain"}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, no-store",
}
# `sandbox` gives the document an opaque origin with scripts, forms and popups off;
# default-src 'none' stops every fetch (images, fonts, frames, beacons).
CSP_TEXT = "default-src 'none'; sandbox"
# Chromium's PDF viewer does not load inside a CSP sandbox; a PDF document itself runs
# no page script in the app's origin, and default-src 'none' still stops every fetch.
CSP_PDF = "default-src 'none'; object-src 'self'; plugin-types application/pdf"


def report_href(file: str, page: int | None = None) -> str:
    """The link that opens an indexed report (a PDF at its page)."""
    url = REPORT_ROUTE + quote(file)
    return f"{url}#page={page}" if page and file.lower().endswith(".pdf") else url


def indexed_report_path(settings: Settings, file: str, indexed: set[str]) -> Path:
    """The path of `file` if it is an indexed report that is a regular file inside the
    corpus (or a link inside it where follow_links allows); ConfigError otherwise."""
    if file not in indexed:
        raise ConfigError(f"{file}: not an indexed report")
    root = settings.corpus_dir.resolve()
    path = settings.corpus_dir / file
    target = path.resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise ConfigError(f"{file}: not a report in the corpus")
    if not settings.follow_links:  # swapped for a link since it was indexed?
        step = settings.corpus_dir
        for part in Path(file).parts:
            step = step / part
            if step.is_symlink():
                raise ConfigError(f"{file}: a link; not served (ASSISTANT_FOLLOW_LINKS)")
    return target


def report_response(settings: Settings, file: str, indexed: set[str]) -> Any:
    """A Starlette response for GET /report/<file>: the file with the headers above, or
    404 for anything that is not an indexed report."""
    from starlette.responses import FileResponse, PlainTextResponse

    try:
        path = indexed_report_path(settings, file, indexed)
    except ConfigError:
        return PlainTextResponse("Not an indexed report.", status_code=404,
                                 headers={**SECURITY_HEADERS, "Content-Security-Policy":
                                          CSP_TEXT})
    suffix = path.suffix.lower()
    name = quote(Path(file).name)
    headers = dict(SECURITY_HEADERS)
    if suffix in _INLINE:
        media = _INLINE[suffix]
        if media == "text/plain":
            media += "; charset=utf-8" if not _has_utf16_bom(path) else ""
        headers["Content-Security-Policy"] = CSP_PDF if suffix == ".pdf" else CSP_TEXT
        headers["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    else:  # HTML, Markdown, DOCX: never rendered by the browser in our origin
        media = "application/octet-stream"
        headers["Content-Security-Policy"] = CSP_TEXT
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return FileResponse(path, media_type=media, headers=headers)


def _has_utf16_bom(path: Path) -> bool:
    from .charset import bom_encoding

    with open(path, "rb") as f:
        return (bom_encoding(f.read(4)) or "utf-8") != "utf-8"


def signed_in(request: Any) -> bool:
    """Whether `request` carries the Gradio sign-in cookie (or sign-in is off)."""
    app = request.app
    dependency = getattr(app, "auth_dependency", None)
    if getattr(app, "auth", None) is None and dependency is None:
        return True
    if dependency is not None:
        return dependency(request) is not None
    cookie_id = getattr(app, "cookie_id", "")
    token = (request.cookies.get(f"access-token-{cookie_id}")
             or request.cookies.get(f"access-token-unsecure-{cookie_id}"))
    return bool(token) and app.tokens.get(token) is not None


def report_route(settings: Settings, indexed: Callable[[], set[str]]) -> Any:
    """The Starlette route GET /report/{file:path}."""
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    def endpoint(request: Any) -> Any:
        if not signed_in(request):
            return PlainTextResponse("Sign in first.", status_code=401,
                                     headers={**SECURITY_HEADERS,
                                              "Content-Security-Policy": CSP_TEXT})
        return report_response(settings, request.path_params["file"], indexed())

    return Route(REPORT_ROUTE + "{file:path}", endpoint, methods=["GET", "HEAD"])


@dataclass
class _Client:
    failures: int = 0
    lockouts: int = 0
    locked_until: float = 0.0


class LoginThrottle:
    """Failed sign-ins per client: after `max_failures` the client is locked out for
    `lockout_s` seconds, doubling with each further lock-out (capped at a day); a
    success clears its record. Thread-safe; state is per process."""

    def __init__(self, max_failures: int, lockout_s: float,
                 clock: Callable[[], float] = time.monotonic):
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self.clock = clock
        self._clients: dict[str, _Client] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float:
        """Seconds until `client` may try again (0: now)."""
        with self._lock:
            state = self._clients.get(client)
            return max(0.0, state.locked_until - self.clock()) if state else 0.0

    def record(self, client: str, ok: bool) -> None:
        """Count one sign-in attempt by `client` (an address); locks it out after
        `max_failures` failures in a row."""
        with self._lock:
            if ok:
                self._clients.pop(client, None)
                return
            if len(self._clients) > 10_000:  # a flood of addresses: forget the idle ones
                now = self.clock()
                self._clients = {k: v for k, v in self._clients.items()
                                 if v.locked_until > now}
            state = self._clients.setdefault(client, _Client())
            state.failures += 1
            if state.failures >= self.max_failures:
                state.lockouts += 1
                state.failures = 0
                state.locked_until = self.clock() + min(
                    self.lockout_s * 2 ** (state.lockouts - 1), 86_400)


class LoginThrottleMiddleware:
    """ASGI middleware: POST to a sign-in path is refused with 429 while the client is
    locked out; its outcome (2xx/3xx or not) is recorded otherwise."""

    PATHS = ("/login", "/login/", "/gradio_api/login", "/gradio_api/login/")

    def __init__(self, app: Any, throttle: LoginThrottle):
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if (scope["type"] != "http" or scope.get("method") != "POST"
                or scope.get("path") not in self.PATHS):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.throttle.retry_after(client)
        if wait > 0:
            from starlette.responses import JSONResponse

            response = JSONResponse(
                {"detail": f"Too many failed sign-ins; try again in {wait:.0f} s."},
                status_code=429, headers={"Retry-After": str(int(wait) + 1)})
            await response(scope, receive, send)
            return
        status: list[int] = []

        async def watch(message: dict) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status:
            self.throttle.record(client, ok=status[0] < 400)


def app_kwargs(settings: Settings, indexed: Callable[[], set[str]]) -> dict[str, Any]:
    """Keyword arguments for the FastAPI app Gradio builds (`launch(app_kwargs=...)`):
    the report route ahead of Gradio's own, and the sign-in throttle."""
    from starlette.middleware import Middleware

    throttle = LoginThrottle(settings.auth_max_failures, settings.auth_lockout_s)
    return {"routes": [report_route(settings, indexed)],
            "middleware": [Middleware(LoginThrottleMiddleware, throttle=throttle)]}
