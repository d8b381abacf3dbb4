"""The gateway's access log line (eventlet writes it for every request) names the path,
never the query string, whatever the logging configuration."""

import logging

import eventlet
from eventlet.green import socket

from gateway.web_server import JsonErrorsWebServer


def test_the_access_log_line_has_the_path_and_not_the_query_string():
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    seen = {}

    def app(environ, start_response):
        seen["query"] = environ["QUERY_STRING"]  # the request itself keeps its query string
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    listener = eventlet.listen(("127.0.0.1", 0))
    server = JsonErrorsWebServer.get_wsgi_server(JsonErrorsWebServer(), listener, app)
    log = logging.getLogger("nameko.web.server")
    keep, level = Keep(), log.level
    log.addHandler(keep)
    log.setLevel(logging.INFO)
    worker = eventlet.spawn(eventlet.wsgi.server, listener, app, log=server.log, protocol=server.protocol)
    try:
        client = socket.create_connection(listener.getsockname())
        client.sendall(b"GET /api/customers?q=Maja+Berg&limit=5 HTTP/1.0\r\nHost: crm\r\n\r\n")
        assert client.recv(1000).startswith(b"HTTP/1.1 200")
        client.close()
        for _ in range(100):
            if any("GET" in line for line in lines):
                break
            eventlet.sleep(0.01)
    finally:
        worker.kill()
        log.removeHandler(keep)
        log.setLevel(level)
    assert seen["query"] == "q=Maja+Berg&limit=5"
    (line,) = [line for line in lines if "GET" in line]
    assert '"GET /api/customers HTTP/1.0" 200' in line and "Maja" not in line, line
