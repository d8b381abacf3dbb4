"""The gateway service: its dependencies and who is asking; the routes come from
gateway/routes/, one module per area."""

from __future__ import annotations

import hmac

from nameko.rpc import RpcProxy

from crm_common.acting import ActingFor
from crm_common.cache import ForgetsChangedCustomers
from crm_common.clock import utcnow
from crm_common.config import load_settings
from crm_common.errors import Unauthorized
from crm_common.storage import Database
from gateway import sessions
from gateway.auth import Principal
from gateway.routes.agenda import AgendaRoutes
from gateway.routes.audit import AuditRoutes
from gateway.routes.case_knowledge import CaseKnowledgeRoutes
from gateway.routes.case_reports import CaseReportRoutes
from gateway.routes.case_settings import CaseSettingsRoutes
from gateway.routes.cases import CasesRoutes
from gateway.routes.consent import ConsentRoutes
from gateway.routes.customer_details import CustomerDetailsRoutes
from gateway.routes.customers import CustomersRoutes
from gateway.routes.data_requests import DataRequestsRoutes
from gateway.routes.desk import DeskRoutes
from gateway.routes.memberships import MembershipsRoutes
from gateway.routes.messages import CampaignsRoutes, DocumentsRoutes, MessagesRoutes, MessagingSettingsRoutes
from gateway.routes.money import MoneyRoutes
from gateway.routes.my_cases import CustomerCasesRoutes
from gateway.routes.orders import OrdersRoutes
from gateway.routes.platform import PlatformRoutes
from gateway.routes.portal import PortalRoutes
from gateway.routes.products import ProductsRoutes
from gateway.routes.quotes import QuotesRoutes
from gateway.routes.register_quality import RegisterQualityRoutes
from gateway.routes.selections import PredictionsRoutes, SelectionsRoutes
from gateway.routes.servicing import ServicingRoutes
from gateway.routes.statistics import StatisticsRoutes
from gateway.routes.telephony import TelephonyRoutes
from gateway.routes.web_pages import WebPagesRoutes
from gateway.routing import principal_from
from gateway.screen_pops import ScreenPopHub


class GatewayService(
    ForgetsChangedCustomers,  # its customer_cache: merged-away ids (gateway/merged_ids.py)
    PlatformRoutes,
    AuditRoutes,
    CustomersRoutes,
    ConsentRoutes,
    CustomerDetailsRoutes,
    DataRequestsRoutes,
    RegisterQualityRoutes,
    ProductsRoutes,
    OrdersRoutes,
    MoneyRoutes,
    QuotesRoutes,
    ServicingRoutes,
    MembershipsRoutes,
    StatisticsRoutes,
    CasesRoutes,
    CaseKnowledgeRoutes,
    CaseSettingsRoutes,
    CustomerCasesRoutes,
    CaseReportRoutes,
    AgendaRoutes,
    MessagesRoutes,
    MessagingSettingsRoutes,
    CampaignsRoutes,
    DocumentsRoutes,
    SelectionsRoutes,
    PredictionsRoutes,
    TelephonyRoutes,
    DeskRoutes,
    PortalRoutes,
    WebPagesRoutes,
):
    name = "gateway"
    db = Database()
    customer = RpcProxy("customer")
    order = RpcProxy("order")
    case = RpcProxy("case")
    messaging = RpcProxy("messaging")
    telephony = RpcProxy("telephony")
    pops = ScreenPopHub()
    acting_for = ActingFor()

    def authenticate(self, request) -> Principal:
        key = request.headers.get("X-API-Key")
        if key is not None:
            return self.machine(key)
        claimed = principal_from(request, load_settings().secret_key)
        with self.db.read() as session:  # a logout, a disabled account: refused at once
            return sessions.current(session, claimed, utcnow())

    def machine(self, key: str) -> Principal:
        """The PBX, the web shop or the inbound gateway, by the API key it sent;
        Unauthorized otherwise."""
        settings = load_settings()
        if hmac.compare_digest(key.encode(), settings.shop_api_key.encode()):
            return Principal("shop", "shop")
        if hmac.compare_digest(key.encode(), settings.inbound_api_key.encode()):
            return Principal("inbound", "inbound")
        return self.pbx(key)

    def pbx(self, key: str) -> Principal:
        """The PBX, if `key` is its key; Unauthorized otherwise."""
        if not hmac.compare_digest(key.encode(), load_settings().pbx_api_key.encode()):
            raise Unauthorized("wrong PBX key", {"X-API-Key": "wrong key"})
        return Principal("pbx", "pbx")
