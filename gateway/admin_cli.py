"""Make an admin login: how a real installation gets its first one (the demo seed runs
only in development). Needs the gateway's database migrated, not the services running.

    python -m gateway.admin_cli [--username admin] [--password-stdin]

The password is asked twice (not echoed); with --password-stdin it is read from the first
line of standard input, for scripts. At least 10 characters.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.orm import Session

from crm_common.config import SettingsError, load_settings
from crm_common.errors import Conflict
from crm_common.storage import create_db_engine
from gateway import audit, users
from gateway.schemas import UserCreate


def read_password(from_stdin: bool) -> str:
    """The new password, asked twice on a terminal; SystemExit with the reason when it
    will not do."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("New admin's password: ")
        if getpass.getpass("The same again: ") != password:
            raise SystemExit("The passwords differ; nothing was made.")
    if len(password) < users.MIN_PASSWORD_LENGTH:
        raise SystemExit(
            f"The password needs at least {users.MIN_PASSWORD_LENGTH} characters; nothing was made."
        )
    return password


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.admin_cli", description="Make an admin login.")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise SystemExit(f"Refusing to run: {exc}") from None
    problems = UserCreate().validate({"username": args.username, "password": "x" * 10, "role": "admin"})
    if problems:
        raise SystemExit(f"The username will not do: {problems['username'][0]}")
    password = read_password(args.password_stdin)
    engine = create_db_engine(settings.database_url("gateway"))
    try:
        with Session(engine) as session:
            user = users.create_user(session, args.username, password, "admin")
            audit.record(
                session,
                None,
                "user_created",
                target=f"user:{user.id}",
                details={"username": user.username, "role": "admin", "by": "admin_cli"},
            )
            session.commit()
    except Conflict:
        raise SystemExit(f"A login named {args.username} exists already; nothing was made.") from None
    finally:
        engine.dispose()
    print(f"Admin {args.username} made: log in at {settings.public_url}/desk")
    return 0


if __name__ == "__main__":
    sys.exit(main())
