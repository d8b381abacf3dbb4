"""A trivial nameko service: the floor any RPC call stands on."""

from nameko.rpc import rpc


class EchoService:
    name = "bench_echo"

    @rpc
    def echo(self, value):
        return value
