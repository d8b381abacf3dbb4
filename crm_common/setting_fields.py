"""A settings field: the environment variable it is read from, its default, what it
means, and its bounds; and reading a variable's text as the field's type.

Why apart from crm_common/config.py: that module says which settings there are and how
they must agree; this one how any one of them is declared and parsed, the same for all.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin

T = TypeVar("T")


class SettingsError(RuntimeError):
    """The environment describes a configuration that must not run."""


def setting(
    env: str,
    default: T,
    doc: str,
    *,
    shown: str | None = None,
    also: str = "",
    upper: bool = False,
    above: int | None = None,
    at_least: int | None = None,
    at_most: int | None = None,
) -> T:
    """A Settings field read from the variable `env`. `shown` is the default as the README
    shows it (when it is not the value itself); `also` names the other files that read
    the variable; `upper` upper-cases the value; `above`, `at_least` and `at_most` bound
    a number."""
    meta: dict[str, object] = {"env": env, "doc": doc, "shown": shown, "upper": upper, "also": also}
    meta.update(above=above, at_least=at_least, at_most=at_most)
    return field(default=default, metadata=meta)


def given(env: Mapping[str, str], name: str) -> bool:
    """An empty variable counts as unset: its default applies."""
    return bool(env.get(name, "").strip())


def parse(name: str, raw: str, kind: Any, meta: Mapping[str, Any]) -> Any:
    """`raw` as a value of type `kind` (int, float, Decimal, bool, Path, str, or one of
    them or None) within the field's bounds; SettingsError names the variable otherwise."""
    if get_origin(kind) in (Union, types.UnionType):
        kind = next(a for a in get_args(kind) if a is not type(None))
    if kind is str:
        return raw.upper() if meta["upper"] else raw
    if kind is Path:
        return Path(raw)
    if kind is bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name} must be true or false, not {raw!r}")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from None
    if not number.is_finite():
        raise SettingsError(f"{name} must be a number, not {raw!r}")
    if kind is int and number != number.to_integral_value():
        raise SettingsError(f"{name} must be a whole number, not {raw!r}")
    _check_bounds(name, number, meta)
    return int(number) if kind is int else float(number) if kind is float else number


def _check_bounds(name: str, number: Decimal, meta: Mapping[str, Any]) -> None:
    above, at_least, at_most = meta["above"], meta["at_least"], meta["at_most"]
    if (above is not None and number <= above) or (at_most is not None and number > at_most):
        bounds = [
            f"above {above}" if above is not None else "",
            f"at most {at_most}" if at_most is not None else "",
        ]
        raise SettingsError(f"{name} must be {' and '.join(b for b in bounds if b)}")
    if at_least is not None and number < at_least:
        raise SettingsError(f"{name} must be at least {at_least}")
