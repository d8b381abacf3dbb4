"""The interactive API page, served from the swagger-ui-bundle package (no CDN), under a
content policy that allows only its own files (its start script is one of them: no inline
script runs)."""

from __future__ import annotations

import mimetypes

from swagger_ui_bundle import swagger_ui_path
from werkzeug.wrappers import Response

from crm_common.errors import NotFound

ASSETS = {
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "favicon-32x32.png",
    "favicon-16x16.png",
}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CRM API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="icon" href="/api/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script>
</body></html>"""

START = """window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui",
  persistAuthorization: true});
"""

# Swagger UI sets style attributes and draws its icons from data: URLs.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)


def page() -> Response:
    response = Response(PAGE, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    return response


def asset(name: str) -> Response:
    if name == "start.js":
        return Response(START, mimetype="text/javascript")
    if name not in ASSETS:
        raise NotFound("no such file", {"name": "not found"})
    data = (swagger_ui_path / name).read_bytes()
    response = Response(data, mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
