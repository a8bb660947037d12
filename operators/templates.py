"""Key templates such as `i2i:{item_id}` or `user:{user.id}:seen`, filled from the request
context or a row. Hand-written because str.format would let a template reach attributes and
indexes of the values it is given; this only substitutes dotted lookups."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

import pydantic

_FIELD = re.compile(r"\{([^{}]*)\}")
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_MISSING: Any = object()


class TemplateError(ValueError):
    pass


def template_fields(template: str) -> list[str]:
    """The dotted paths a template refers to; raises TemplateError if it is malformed."""
    stripped = template.replace("{{", "").replace("}}", "")
    names = _FIELD.findall(stripped)
    for name in names:
        if not _PATH.match(name):
            raise TemplateError(f"'{{{name}}}' is not a field name like {{user.id}}")
    if "{" in _FIELD.sub("", stripped) or "}" in _FIELD.sub("", stripped):
        raise TemplateError("unbalanced braces; write {{ or }} for a literal brace")
    return names


def render(template: str, lookup: Callable[[str], Any]) -> str:
    """Fill each `{path}` with `lookup(path)`; a missing value is an error naming it."""

    def fill(match: re.Match[str]) -> str:
        text = match.group(0)
        if text in ("{{", "}}"):
            return text[0]
        value = lookup(match.group(1))
        if value is None or value is _MISSING:
            raise TemplateError(f"template {template!r} needs '{match.group(1)}', which is "
                                "missing")
        return str(value)

    return re.sub(r"\{\{|\}\}|\{([^{}]*)\}", fill, template)


def _check(template: str) -> str:
    template_fields(template)
    return template


# A parameter type: a template whose braces are checked when the graph validates.
Template = Annotated[str, pydantic.AfterValidator(_check)]
