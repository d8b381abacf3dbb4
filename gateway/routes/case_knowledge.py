"""Knowledge routes (K6–K8, K11): the FAQ, reply templates, similar cases and the
guidance shown beside a case."""

from __future__ import annotations

from crm_common.contracts.case.knowledge import FaqIn, FaqOut, PortalFaqOut, SimilarOut
from crm_common.contracts.case.replies import RenderIn, RenderOut, ReplyTemplateIn, ReplyTemplateOut
from gateway import guidance
from gateway.auth import STAFF
from gateway.remote import call
from gateway.routes import Routes
from gateway.routes.roles import SUPERVISOR
from gateway.routing import query_limit, route


class CaseKnowledgeRoutes(Routes):
    @route(
        "GET",
        "/api/cases/<int:case_id>/similar",
        summary="Solved cases and FAQ answers most like this case",
        tag="knowledge",
        roles=STAFF,
        response=SimilarOut,
        errors=(404,),
        query={"limit": "at most this many of each (5)"},
    )
    def similar(self, req, case_id):
        """Full-text likeness of subject and description; solved cases come with the
        answer the customer got."""
        return call(self.case, "similar", case_id, query_limit(req.args.get("limit"), 5))

    @route(
        "POST",
        "/api/cases/<int:case_id>/replies/preview",
        summary="A reply template filled in for this case",
        tag="knowledge",
        roles=STAFF,
        body=RenderIn,
        response=RenderOut,
        errors=(404,),
    )
    def preview_reply(self, req, case_id):
        """The template with the customer's, the case's and (with `order_id`) the order's
        data and the agent's `text`; send it with POST …/replies and the same
        template_id."""
        return call(self.case, "render_reply", case_id, req.body, req.principal.username)

    @route(
        "GET",
        "/api/cases/<int:case_id>/guidance",
        summary="What the agent should know: importance, credit, service level, what to offer",
        tag="knowledge",
        roles=STAFF,
        errors=(404,),
    )
    def guidance(self, req, case_id):
        """The business rules shown beside a case (K11): the customer's tier and
        satisfaction, the credit situation, the SLA and how much of it is left, the
        customer's offers and what to offer next (suggestions from their last order)."""
        return guidance.compose(
            {n: getattr(self, n) for n in ("customer", "order", "case")}, call(self.case, "get_case", case_id)
        )

    @route(
        "GET",
        "/api/faq",
        summary="Search the FAQ",
        tag="knowledge",
        roles=(*STAFF, "customer"),
        response=FaqOut,
        many=True,
        query={
            "q": "words to look for (all of them, any inflection)",
            "language": "only answers in this language",
            "industry": "only this industry",
            "product": "only this product",
            "problem": "only this problem",
            "limit": "at most this many (20)",
        },
    )
    def search_faq(self, req):
        """Best match first; without `q`, the newest. Customers see published answers only,
        without their author or source case (PortalFaqOut)."""
        filters = {k: req.args[k] for k in ("language", "industry", "product", "problem") if req.args.get(k)}
        staff = req.principal.role != "customer"
        found = call(
            self.case,
            "search_faq",
            req.args.get("q", ""),
            filters,
            not staff,
            query_limit(req.args.get("limit"), 20),
        )
        return found if staff else [_for_customers(entry) for entry in found]

    @route(
        "POST",
        "/api/faq",
        summary="Publish an answer to the FAQ",
        tag="knowledge",
        roles=STAFF,
        body=FaqIn,
        response=FaqOut,
        status=201,
    )
    def publish_faq(self, req):
        return call(self.case, "publish_faq", req.body, req.principal.username)

    @route(
        "GET",
        "/api/faq/<int:faq_id>",
        summary="One FAQ answer",
        tag="knowledge",
        roles=(*STAFF, "customer"),
        response=FaqOut,
        errors=(404,),
    )
    def get_faq(self, req, faq_id):
        """Customers get published answers only, as PortalFaqOut."""
        customer = req.principal.role == "customer"
        found = call(self.case, "get_faq", faq_id, customer)
        return _for_customers(found) if customer else found

    @route(
        "PUT",
        "/api/faq/<int:faq_id>",
        summary="Change an FAQ answer",
        tag="knowledge",
        roles=STAFF,
        body=FaqIn,
        response=FaqOut,
        errors=(404,),
    )
    def update_faq(self, req, faq_id):
        return call(self.case, "update_faq", faq_id, req.body)

    @route(
        "GET",
        "/api/reply-templates",
        summary="Reply templates",
        tag="knowledge",
        roles=STAFF,
        response=ReplyTemplateOut,
        many=True,
        query={"language": "only this language"},
    )
    def reply_templates(self, req):
        return call(self.case, "list_reply_templates", req.args.get("language"))

    @route(
        "POST",
        "/api/reply-templates",
        summary="Add a reply template",
        tag="knowledge",
        roles=SUPERVISOR,
        body=ReplyTemplateIn,
        response=ReplyTemplateOut,
        status=201,
        errors=(409,),
    )
    def create_reply_template(self, req):
        return call(self.case, "create_reply_template", req.body)


_PORTAL_FAQ = frozenset(PortalFaqOut().fields)


def _for_customers(faq: dict) -> dict:
    """An FAQ answer (FaqOut) cut to what a customer sees (PortalFaqOut)."""
    return {key: value for key, value in faq.items() if key in _PORTAL_FAQ}
