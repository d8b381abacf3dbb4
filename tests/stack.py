"""The whole system in a subprocess, as `make run` starts it, but isolated: its own
RabbitMQ vhost, data directory and port. Used by the end-to-end tests and by bench/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import requests

from gateway.seed import DEMO_USERS

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {
    "customer": "services.customer.service:CustomerService",
    "order": "services.order.service:OrderService",
    "case": "services.case.service:CaseService",
    "messaging": "services.messaging.service:MessagingService",
    "telephony": "services.telephony.service:TelephonyService",
}
MANAGEMENT = os.environ.get("RABBIT_CTL_URI", "http://guest:guest@127.0.0.1:15672")
PBX_KEY = "e2e-pbx-key"
SHOP_KEY = "e2e-shop-key"
INBOUND_KEY = "e2e-inbound-key"
PASSWORDS = {username: password for username, password, _, _ in DEMO_USERS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    def __init__(
        self,
        services=tuple(SERVICES),
        extra_env: dict | None = None,
        extra_modules: tuple[str, ...] = (),
        seed: bool = False,
        separate: bool = False,
    ):
        """seed: load the demo data exactly as `make run` does on a first start.
        separate: each service and the gateway in a process of its own (as the containers
        of deploy/docker-compose.yml run), instead of one process for all."""
        self.seed = seed
        self.separate = separate
        self.processes: list[subprocess.Popen] = []
        self.services = tuple(services)
        self.extra_modules = tuple(extra_modules)
        self.extra_env = extra_env or {}
        self.vhost = f"crm-e2e-{uuid.uuid4().hex[:8]}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="crm-e2e-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.http = requests.Session()
        self._tokens: dict[str, str] = {}

    @property
    def amqp_uri(self) -> str:
        return f"pyamqp://guest:guest@127.0.0.1:5672/{quote(self.vhost, safe='')}"

    @property
    def env(self) -> dict:
        return {
            **os.environ,
            "AMQP_URI": self.amqp_uri,
            "CRM_DATA_DIR": str(self.data_dir),
            "GATEWAY_ADDRESS": f"127.0.0.1:{self.port}",
            "CRM_PBX_API_KEY": PBX_KEY,
            "CRM_SHOP_API_KEY": SHOP_KEY,
            "CRM_INBOUND_API_KEY": INBOUND_KEY,
            "CRM_SLA_TICK_SECONDS": "0.2",
            "CRM_SEND_TICK_SECONDS": "0.2",
            "CRM_ENV": "development",
            # every test's client is 127.0.0.1: the per-address login throttle would add up
            # the failures of all of them (tests/unit/test_accounts.py tests it)
            "CRM_LOGIN_FAILURES_PER_ADDRESS": "10000",
            "LOG_LEVEL": "ERROR",
            **self.extra_env,
        }

    def start(self) -> Stack:
        api = MANAGEMENT.rstrip("/") + "/api"
        requests.put(f"{api}/vhosts/{quote(self.vhost, safe='')}", timeout=10).raise_for_status()
        requests.put(
            f"{api}/permissions/{quote(self.vhost, safe='')}/guest",
            json={"configure": ".*", "write": ".*", "read": ".*"},
            timeout=10,
        ).raise_for_status()
        subprocess.run(
            [sys.executable, "-m", "crm_common.migrate", "upgrade"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )
        if not self.seed:
            self._add_users()
        self.log = open(self.data_dir / "stack.log", "wb")
        modules = [SERVICES[s] for s in self.services] + [
            "gateway.service:GatewayService",
            *self.extra_modules,
        ]
        nameko = [str(Path(sys.executable).parent / "nameko"), "run", "--config", "deploy/nameko.yaml"]
        groups = [[m] for m in modules] if self.separate else [modules]
        self.processes = [
            subprocess.Popen(
                [*nameko, *group], cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
            )
            for group in groups
        ]
        self.process = self.processes[-1]
        deadline = time.time() + 60
        while time.time() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError(f"the stack died: {(self.data_dir / 'stack.log').read_text()[-3000:]}")
            try:
                health = self.http.get(self.url("/api/health"), timeout=2).json()
                if all(health["services"][s] == "up" for s in self.services):
                    if self.seed:
                        subprocess.run(
                            [sys.executable, "-m", "gateway.seed"],
                            cwd=ROOT,
                            env=self.env,
                            check=True,
                            capture_output=True,
                        )
                    return self
            except (requests.RequestException, ValueError, KeyError):
                pass
            time.sleep(0.2)
        raise RuntimeError("the stack did not come up in 60 s")

    def _add_users(self):
        from sqlalchemy.orm import Session

        from crm_common.storage import create_db_engine
        from gateway import users

        engine = create_db_engine(f"sqlite:///{self.data_dir / 'gateway.db'}")
        with Session(engine) as session:
            for username, password, role, extension in DEMO_USERS:
                users.create_user(session, username, password, role, extension=extension)
            session.commit()
        engine.dispose()

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        if getattr(self, "log", None):
            self.log.close()
        requests.delete(f"{MANAGEMENT.rstrip('/')}/api/vhosts/{quote(self.vhost, safe='')}", timeout=10)
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def url(self, path: str) -> str:
        return self.base + path

    def token(self, role: str = "agent") -> str:
        if role not in self._tokens:
            r = self.http.post(
                self.url("/api/auth/token"), json={"username": role, "password": PASSWORDS[role]}, timeout=10
            )
            r.raise_for_status()
            self._tokens[role] = r.json()["access_token"]
        return self._tokens[role]

    def request(self, method: str, path: str, role: str | None = "agent", **kwargs):
        headers = kwargs.pop("headers", {})
        if role == "pbx":
            headers["X-API-Key"] = PBX_KEY
        elif role == "shop":
            headers["X-API-Key"] = SHOP_KEY
        elif role == "inbound":
            headers["X-API-Key"] = INBOUND_KEY
        elif role:
            headers["Authorization"] = f"Bearer {self.token(role)}"
        return self.http.request(method, self.url(path), headers=headers, timeout=15, **kwargs)
