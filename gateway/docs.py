"""The interactive API page, served from the swagger-ui-bundle package (no CDN)."""

from __future__ import annotations

import mimetypes

from swagger_ui_bundle import swagger_ui_path
from werkzeug.wrappers import Response

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
<script>window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui",
  persistAuthorization: true});</script>
</body></html>"""


def page() -> Response:
    return Response(PAGE, mimetype="text/html")


def asset(name: str) -> Response:
    if name not in ASSETS:
        return Response("not found", status=404, mimetype="text/plain")
    data = (swagger_ui_path / name).read_bytes()
    response = Response(data, mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
