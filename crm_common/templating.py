"""Jinja2's sandbox for text that administrators and agents write (message templates,
reply templates): a template reads the values it is given and nothing else — no
attribute of Python objects, no import, no file (M1, K8). A missing value is an error
rather than an empty gap in a letter to a customer."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, Template, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from crm_common.errors import InvalidInput

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True)


@lru_cache(maxsize=512)
def compiled(source: str) -> Template:
    """Compiling a template costs far more than filling it in: once per text."""
    return _env.from_string(source)


def check(source: str, field: str) -> None:
    """Refuse a template that does not parse, naming the field and the line."""
    try:
        _env.parse(source)
    except TemplateSyntaxError as err:
        raise InvalidInput(
            "the template does not parse", {field: f"line {err.lineno}: {err.message}"}
        ) from None
