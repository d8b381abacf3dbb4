"""The 360° view's after-sales parts (issue 21): one RPC of the order service split into
sections of their own, each `unavailable` alone when the order service is; and a screen
pop that never waits for them."""

from nameko.exceptions import UnknownService

from gateway import overview

PICTURE = {part: {"items": [{"id": 1, "part": part}], "more": False} for part in overview.AFTER_SALES}


class Reply:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class Method:
    def __init__(self, service, name):
        self.service, self.name = service, name

    def call_async(self, *args):
        self.service.asked.append(self.name)
        if self.service.down:
            raise UnknownService(self.service.service_name)
        return Reply(self.service.answers.get(self.name, []))


class Service:
    def __init__(self, name, answers=None, down=False):
        self.service_name, self.answers, self.down, self.asked = name, answers or {}, down, []

    def __getattr__(self, name):
        return Method(self, name)


def proxies(order_down=False):
    customer = {"id": 5, "address_history": [], "last_contact_at": None}
    return {
        "customer": Service("customer", {"get_customer": customer, "prediction": None}),
        "order": Service("order", {"after_sales": PICTURE, "credit_situation": {}}, down=order_down),
        "case": Service("case"),
        "messaging": Service("messaging"),
        "telephony": Service("telephony"),
    }


def test_each_after_sales_part_is_a_section_of_the_view():
    view = overview.compose(proxies(), 5, after_sales=True)
    for part in overview.AFTER_SALES:
        assert view[part] == PICTURE[part] and view["sections"][part] == "ok"
    assert "after_sales" not in view and "after_sales" not in view["sections"]


def test_with_the_order_service_down_each_part_says_so_and_the_rest_answers():
    view = overview.compose(proxies(order_down=True), 5, after_sales=True)
    for part in (*overview.AFTER_SALES, "orders", "credit"):
        assert view[part] == "unavailable" and view["sections"][part] == "unavailable"
    assert view["customer"]["id"] == 5 and view["sections"]["customer"] == "ok"


def test_a_screen_pop_does_not_ask_for_the_after_sales_picture():
    services = proxies()
    view = overview.compose(services, 5)  # as gateway/routes/desk.py composes a pop
    assert "after_sales" not in services["order"].asked and "list_orders" in services["order"].asked
    assert not set(overview.AFTER_SALES) & set(view)
