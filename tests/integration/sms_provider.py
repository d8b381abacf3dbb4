"""A stand-in SMS provider with a real HTTP API, run in its own process by the tests:
POST /messages {"to", "text", "reference"} with a bearer key; each accepted message is
appended to the file named on the command line. Numbers ending in 0000 are refused (400)."""

import json
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = "test-sms-key"


class Provider(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (the standard library's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.headers.get("Authorization") != f"Bearer {KEY}":
            return self._answer(401, {"error": "bad key"})
        if body["to"].endswith("0000"):
            return self._answer(400, {"error": "number not in service"})
        with open(sys.argv[2], "a", encoding="utf-8") as out:
            out.write(json.dumps(body, ensure_ascii=False) + "\n")
        return self._answer(202, {"id": uuid.uuid4().hex})

    def _answer(self, status, data):
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Provider).serve_forever()
