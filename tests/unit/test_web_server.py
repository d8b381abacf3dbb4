"""An address no route has is answered in JSON, like every other error of the API."""

import json

from werkzeug.exceptions import MethodNotAllowed, NotFound

from gateway.web_server import routing_error


def test_no_such_address_is_a_json_404():
    response = routing_error(NotFound())
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert json.loads(response.get_data())["error"] == "not_found"


def test_a_method_the_address_has_not_is_a_json_405_naming_those_it_has():
    response = routing_error(MethodNotAllowed(["GET", "HEAD"]))
    assert response.status_code == 405 and response.mimetype == "application/json"
    assert response.headers["Allow"] == "GET, HEAD"
    assert json.loads(response.get_data())["error"] == "method_not_allowed"
