"""The RPC every service answers for the gateway's health report."""

from sqlalchemy import text

from crm_common.entrypoints import rpc
from crm_common.storage import UnitOfWork


class Pingable:
    """Mix into a service that has a `db` Database dependency."""

    # what nameko gives every service: its name, and the worker its Database dependency
    name: str
    db: UnitOfWork

    @rpc
    def ping(self) -> str:
        """Answers the service's name when the service and its database are up."""
        with self.db.read() as session:
            session.execute(text("SELECT 1"))
        return self.name
