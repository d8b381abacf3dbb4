"""The web pages (G4): the agent's desk at /desk, the customer portal at /portal, and
their files under /static/."""

from __future__ import annotations

from werkzeug.utils import redirect

from gateway import web_assets
from gateway.routes import Routes
from gateway.routing import PUBLIC, route


class WebPagesRoutes(Routes):
    @route("GET", "/", summary="The agent's desk (redirect)", tag="web", roles=PUBLIC, raw=True)
    def home(self, req):
        return redirect("/desk", code=302)

    @route(
        "GET",
        "/desk",
        summary="The agent's desk (HTML page)",
        tag="web",
        roles=PUBLIC,
        raw=True,
        produces="text/html",
    )
    def desk_page(self, req):
        """Log in, screen pops, the 360° view, cases, orders, review, calls, agenda and
        statistics. The page calls this API with the agent's bearer token."""
        return web_assets.page("desk")

    @route(
        "GET",
        "/portal",
        summary="The customer portal (HTML page)",
        tag="web",
        roles=PUBLIC,
        raw=True,
        produces="text/html",
    )
    def portal_page(self, req):
        """A customer's own cases, the FAQ, their details and newsletters."""
        return web_assets.page("portal")

    @route(
        "GET",
        "/static/<path:name>",
        summary="Files of the web pages (scripts, styles, the vendored library)",
        tag="web",
        roles=PUBLIC,
        raw=True,
    )
    def static_file(self, req, name):
        return web_assets.asset(req.request, name)
