"""Health probe for one service, for container health checks:

python -m crm_common.ping customer      # exit 0 when it answers within 5 s
"""

import sys


def main(argv: list[str] | None = None) -> int:
    import eventlet

    eventlet.monkey_patch()
    from nameko.standalone.rpc import ClusterRpcProxy

    from crm_common.config import load_settings

    service = (argv or sys.argv[1:] or [""])[0]
    try:
        with ClusterRpcProxy({"AMQP_URI": load_settings().amqp_uri}, timeout=5) as rpc:
            answer = getattr(rpc, service).ping()
    except Exception as exc:  # any failure is "not healthy"
        print(f"{service}: down ({type(exc).__name__})")
        return 1
    print(f"{answer}: up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
