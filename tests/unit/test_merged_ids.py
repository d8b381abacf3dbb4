"""A merged-away customer id stands for the survivor in the gateway (gateway/merged_ids.py):
each id costs one question to the customer service, and a cached hop is followed on."""

from crm_common.cache import Lru
from crm_common.errors import NotFound
from gateway import merged_ids
from gateway.auth import Principal


class Reply:
    def __init__(self, value):
        self.value = value

    def result(self):
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


class Customers:
    """The customer service's current_customer_id over a table of merges."""

    def __init__(self, merges):
        self.merges, self.asked = merges, []
        self.current_customer_id = self

    def call_async(self, customer_id):
        self.asked.append(customer_id)
        if customer_id == 404:
            return Reply(NotFound("no such customer", {"customer_id": "not found"}))
        while customer_id in self.merges:
            customer_id = self.merges[customer_id]
        return Reply(customer_id)


def test_an_id_merged_away_is_the_survivors_and_is_asked_once():
    customers, cache = Customers({7: 3}), Lru(10)
    assert merged_ids.follow_path(customers, cache, {"customer_id": 7}) == {"customer_id": 3}
    assert merged_ids.follow_path(customers, cache, {"customer_id": 7, "x": 1}) == {"customer_id": 3, "x": 1}
    assert merged_ids.survivor(customers, cache, 3) == 3
    assert customers.asked == [7, 3]  # the hop 7 → 3, then 3 itself; nothing asked twice


def test_a_survivor_merged_later_is_followed_past_the_cached_hop():
    customers, cache = Customers({7: 3}), Lru(10)
    assert merged_ids.survivor(customers, cache, 7) == 3
    customers.merges[3] = 5
    cache.drop(3, 5)  # what the customer_merged event drops (crm_common.cache)
    assert merged_ids.survivor(customers, cache, 7) == 5


def test_an_unknown_id_and_routes_without_a_customer_stay_as_they_are():
    customers, cache = Customers({}), Lru(10)
    assert merged_ids.survivor(customers, cache, 404) == 404
    assert merged_ids.follow_path(customers, cache, {"case_id": 7}) == {"case_id": 7}
    assert merged_ids.survivor(customers, cache, 404) == 404
    assert customers.asked == [404]  # asked once: should it be merged away later, the merge drops it


def test_a_portal_customer_merged_away_is_the_survivor_and_staff_are_left_alone():
    customers, cache = Customers({7: 3}), Lru(10)
    me = merged_ids.follow_login(customers, cache, Principal("a@example.se", "customer", 7, 12))
    assert (me.customer_id, me.session_id, me.username) == (3, 12, "a@example.se")
    agent = Principal("agent", "agent")
    assert merged_ids.follow_login(customers, cache, agent) is agent
    assert merged_ids.follow_login(customers, cache, None) is None


def test_a_customer_id_in_the_query_follows_too_and_junk_is_left_to_the_route():
    customers, cache = Customers({7: 3}), Lru(10)
    assert merged_ids.follow_query(customers, cache, {"customer_id": "7", "x": "y"}) == {
        "customer_id": "3",
        "x": "y",
    }
    for junk in ({"customer_id": "abc"}, {"customer_id": "0"}, {"customer_id": "٣"}, {}):
        assert merged_ids.follow_query(customers, cache, junk) == junk
