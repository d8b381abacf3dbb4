"""The import rules of docs/ARCHITECTURE.md, checked on the source: a service never imports
another service's code, the gateway and the shared library import no service, and nameko
stays in the entrypoints (service.py and the areas' entrypoints it joins, command-line tools)
and the shared library's few adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "service.py").exists())
# The shared library's modules that adapt nameko (dependencies, entrypoints, error types
# that cross RPC); everything else in crm_common is plain Python.
NAMEKO_ADAPTERS = {"acting", "cache", "entrypoints", "errors", "outbox", "storage"}


def sources(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, by its full dotted name (relative imports resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = path.relative_to(ROOT).parent.parts
                base = ".".join(package[: len(package) - node.level + 1])
                names.add(f"{base}.{node.module}" if node.module else base)
            else:
                names.add(node.module or "")
    return names


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_imports_no_other_services_code(service):
    wrong = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported(path) if name.startswith("services.") and name.split(".")[1] != service
        )
        for path in sources(f"services/{service}")
    }
    assert {path: names for path, names in wrong.items() if names} == {}


@pytest.mark.parametrize("folder", ["gateway", "crm_common"])
def test_the_gateway_and_the_shared_library_import_no_service(folder):
    wrong = {
        str(path.relative_to(ROOT)): sorted(n for n in imported(path) if n.split(".")[0] == "services")
        for path in sources(folder)
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_shared_library_imports_nothing_of_the_gateway():
    wrong = [
        str(p.relative_to(ROOT))
        for p in sources("crm_common")
        if any(n.split(".")[0] == "gateway" for n in imported(p))
    ]
    assert wrong == []


def test_nameko_stays_in_the_entrypoints_and_the_shared_adapters():
    """The domain knows no framework: a use case runs and is tested without a broker."""
    uses_nameko = {
        str(path.relative_to(ROOT))
        for folder in ("services", "crm_common")
        for path in sources(folder)
        if any(n.split(".")[0] == "nameko" for n in imported(path))
    }
    allowed = (
        {f"services/{s}/service.py" for s in SERVICES}
        | {
            str(p.relative_to(ROOT))
            for s in SERVICES
            for p in (ROOT / "services" / s).glob("entrypoints/*.py")
        }
        | {f"crm_common/{name}.py" for name in NAMEKO_ADAPTERS}
    )
    command_lines = {  # `python -m …` tools, which call the services as clients do
        str(path.relative_to(ROOT))
        for path in (ROOT / p for p in uses_nameko)
        if '__name__ == "__main__"' in path.read_text()
    }
    assert uses_nameko - allowed - command_lines == set()


def test_the_rules_see_imports_at_all():
    """Guards the checks above against passing because nothing was read."""
    entrypoints = imported(ROOT / "services/telephony/service.py")
    assert "nameko.rpc" in entrypoints and "services.telephony.models" in entrypoints


@pytest.mark.parametrize("service", SERVICES)
def test_each_entrypoint_is_declared_once_among_the_areas_a_service_joins(service):
    """A service class joins its areas' entrypoint classes; a name declared in two of them
    would silently answer with whichever comes first in the class's bases."""
    import importlib
    import inspect

    from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

    module = importlib.import_module(f"services.{service}.service")
    (service_cls,) = (
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and getattr(cls, "name", None) == service
    )
    declared: dict[str, list[str]] = {}
    for cls in service_cls.__mro__:
        for name, value in vars(cls).items():
            if getattr(value, ENTRYPOINT_EXTENSIONS_ATTR, None):
                declared.setdefault(name, []).append(cls.__qualname__)
    assert declared, "no entrypoints found: the check read nothing"
    assert {name: owners for name, owners in declared.items() if len(owners) > 1} == {}


def test_every_domain_module_is_type_checked_strictly():
    """The strict list in pyproject.toml names each service module with no nameko in it: a new
    domain module that is left off it is checked only loosely, and no one notices."""
    import fnmatch
    import tomllib

    overrides = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["overrides"]
    strict = {m for o in overrides if o.get("disallow_untyped_defs") for m in o["module"]}
    assert "crm_common.*" in strict, "the strict list was not read"
    loose = []
    for service in SERVICES:
        for path in sources(f"services/{service}"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "service" or "entrypoints" in parts:
                continue  # the entrypoints: nameko's decorators are untyped
            if any(n.split(".")[0] == "nameko" for n in imported(path)):
                continue  # command-line tools, which call the services as clients do
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if not any(fnmatch.fnmatch(name, pattern) for pattern in strict):
                loose.append(name)
    assert loose == []
