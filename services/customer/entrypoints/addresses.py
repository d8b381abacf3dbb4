"""Addresses (C3, C4): address blocks, and the check of addresses before they are stored."""

from __future__ import annotations

from crm_common.contracts import dump, load, positive_id
from crm_common.contracts.customer.addresses import AddressBlockIn, AddressBlockOut, AddressCheckIn
from crm_common.entrypoints import rpc
from services.customer import address_blocks, address_warnings
from services.customer.address_warnings import AddressWarning
from services.customer.entrypoints import CustomerEntrypoints


class AddressesEntrypoints(CustomerEntrypoints):
    @rpc
    def create_address_block(self, data: dict, author: str) -> dict:
        """Block a postal code, a postal-code range, a street in a town or one address
        (AddressBlockIn); customers created or moved there get a warning. Returns
        AddressBlockOut. Raises InvalidInput."""
        valid = load(AddressBlockIn, data)
        with self.db.transaction() as session:
            return address_blocks.block(session, self.actor, valid, author, self._region())

    @rpc
    def list_address_blocks(self) -> list[dict]:
        """Every address block (AddressBlockOut list)."""
        with self.db.read() as session:
            return dump(AddressBlockOut, address_blocks.list_blocks(session), many=True)

    @rpc
    def delete_address_block(self, block_id: int) -> None:
        """Lift a block. Raises NotFound."""
        with self.db.transaction() as session:
            address_blocks.lift(session, self.actor, positive_id(block_id, "block_id"))

    @rpc
    def check_addresses(self, addresses: list, country: str | None = None) -> list[AddressWarning]:
        """Warnings for addresses (AddressIn list) without storing anything: blocked,
        unknown postal code, or a town the postal register does not place there."""
        valid = load(
            AddressCheckIn,
            {"addresses": addresses} if country is None else {"addresses": addresses, "country": country},
        )
        with self.db.read() as session:
            return address_warnings.warnings(session, valid["addresses"], country or self._region())
