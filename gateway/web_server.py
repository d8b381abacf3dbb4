"""nameko's web server, answering an address no route has — a 404, or a 405 naming the
methods the address has — in JSON like every other error of the API, not werkzeug's HTML
page; its access log names the path without the query string (a search for a name, an
e-mail address or a phone number is personal data). Every route is declared with this
`http` (gateway/routing.py)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import HttpOnlyProtocol, WebServer, WsgiApp
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Request, Response


class JsonErrorsApp(WsgiApp):
    def __call__(self, environ, start_response):
        request = Request(environ, shallow=True)
        try:
            provider, values = self.url_map.bind_to_environ(environ).match()
        except RequestRedirect as redirect:
            return redirect(environ, start_response)
        except HTTPException as exc:
            return routing_error(exc)(environ, start_response)
        request.path_values = values
        return provider.handle_request(request)(environ, start_response)


def routing_error(exc: HTTPException) -> Response:
    body = {
        "error": exc.name.lower().replace(" ", "_"),
        "message": exc.description or exc.name,
        "fields": {},
    }
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]  # Allow: on a 405
    headers += [("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")]  # as every answer
    return Response(json.dumps(body) + "\n", status=exc.code, headers=headers, mimetype="application/json")


# Paths that carry a credential: a PBX set up for Zammad's CTI API sends our PBX key as
# the last segment of its address (gateway/routes/telephony.py).
_SECRET_IN_PATH = re.compile(r"(/api/telephony/cti/)[^/]*")


def loggable_path(target: str) -> str:
    """What the access log names of a request target: its path without the query string,
    and with a key in the path replaced by `[key]`."""
    return _SECRET_IN_PATH.sub(r"\1[key]", urlsplit(target).path)


class PathOnlyProtocol(HttpOnlyProtocol):
    """eventlet logs `requestline` for each request and reads nothing else from it: the
    request itself is served from `path`, query string and all."""

    def parse_request(self):
        parsed = super().parse_request()
        if parsed:
            self.requestline = f"{self.command} {loggable_path(self.path)} {self.request_version}"
        return parsed


class JsonErrorsWebServer(WebServer):
    def get_wsgi_app(self):
        return JsonErrorsApp(self)

    def get_wsgi_server(self, sock, wsgi_app, protocol=PathOnlyProtocol, debug=False):
        return super().get_wsgi_server(sock, wsgi_app, protocol=protocol, debug=debug)


class JsonErrorsHttpHandler(HttpRequestHandler):
    server = JsonErrorsWebServer()


http = JsonErrorsHttpHandler.decorator
