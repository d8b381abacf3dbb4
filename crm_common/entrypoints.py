"""nameko's @rpc, told that CrmError is an answer, not a failure: the service logs it as
a warning without a traceback, and the caller gets the typed error back."""

from nameko.rpc import rpc as _rpc

from crm_common.errors import CrmError


def rpc(fn):
    return _rpc(expected_exceptions=(CrmError,))(fn)
