"""`python -m crm_common.contracts.events --markdown`: print the README's table of events."""

from __future__ import annotations

import sys

from crm_common.contracts.events.markdown import table


def main(argv: list[str]) -> int:
    if argv != ["--markdown"]:
        print("usage: python -m crm_common.contracts.events --markdown", file=sys.stderr)
        return 2
    sys.stdout.write(table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
