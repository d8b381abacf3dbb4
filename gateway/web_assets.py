"""The web pages' files (G4): the desk and the portal are static pages that talk to the
API; they are served from gateway/web/ with a strict content policy (no inline script,
nothing from elsewhere)."""

from __future__ import annotations

import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

from werkzeug.wrappers import Request, Response

from crm_common.errors import NotFound

WEB = Path(__file__).resolve().parent / "web"
PAGES = {"desk": "desk.html", "portal": "portal.html"}
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html", ".svg": "image/svg+xml"}


def _read(path: Path) -> tuple[bytes, str]:
    """The file and its ETag, read again only when it changed on disk."""
    return _cached(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _cached(path: Path, mtime_ns: int) -> tuple[bytes, str]:
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:16]


def page(name: str) -> Response:
    data, _ = _read(WEB / PAGES[name])
    response = Response(data, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def asset(request: Request, name: str) -> Response:
    """A file under gateway/web/ (not the pages themselves); 404 for anything outside it,
    and for a name no file can have (a NUL byte, too long)."""
    try:
        path = (WEB / name).resolve()
        found = WEB in path.parents and path.is_file() and path.suffix != ".html"
    except (ValueError, OSError):
        found = False
    if not found:
        raise NotFound("no such file", {"name": "not found"})
    data, etag = _read(path)
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if request.headers.get("If-None-Match") == f'"{etag}"':
        response = Response(status=304)
    else:
        response = Response(data, mimetype=kind)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"  # revalidated by ETag: a new release shows at once
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
