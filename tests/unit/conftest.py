import pytest


@pytest.fixture
def register_of(uow_factory):
    """register_of(*customers) → match(data) over a register holding them."""
    # imported here, not above: the other unit tests need not load the customer service
    from tests.unit.matching_helpers import make_register_of

    return make_register_of(uow_factory)
