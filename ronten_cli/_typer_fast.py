"""Keep pydantic out of ``ronten check``'s start-up.

Typer (0.29 and later) coerces every command-line value through a pydantic ``TypeAdapter``, and
building the first one imports pydantic: about 0.15 s, more than importing Typer itself, which
takes ``ronten check`` from about 1.5x to 3x ``python -c "import typer"`` (the budget is 1.8x).
A ``str``, a list of ``str``, a valid ``StrEnum`` value or a missing value needs no coercion, so
those are returned as they are; anything else, and every invalid value, goes to Typer's own
coercion, built only then (so its error messages are unchanged).

The shim relies on no more of Typer's internals than its own parameters do: they call
``core.build_runtime_param(descriptor)`` once and then ``.coerce(value, param=…, ctx=…)`` on what it
returns. If ``build_runtime_param`` is gone, ``install`` leaves Typer alone: slower, never broken.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, get_args, get_origin


def _plain(annotation: Any, value: Any) -> tuple[bool, Any]:
    """(True, value to use) when ``value`` needs no coercion for ``annotation``."""
    if annotation is str and isinstance(value, str):
        return True, value
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        if isinstance(value, annotation):
            return True, value
        if isinstance(value, str) and value in annotation._value2member_map_:
            return True, annotation(value)
    if (
        get_origin(annotation) is list
        and get_args(annotation) == (str,)
        and isinstance(value, list | tuple)
        and all(isinstance(item, str) for item in value)
    ):
        return True, list(value)
    return False, None


class _PlainFirst:
    """Stands in for Typer's coercion of one parameter; builds the real one only when needed."""

    def __init__(self, build: Callable[[Any], Any], descriptor: Any) -> None:
        self.build = build
        self.descriptor = descriptor
        self.typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            # Typer's own answer for a missing value: nothing, or an empty tuple for a repeated one.
            return () if param.multiple or param.nargs == -1 else None
        plain, result = _plain(self.descriptor.annotation, value)
        if plain:
            return result
        if self.typer is None:
            self.typer = self.build(self.descriptor)
        return self.typer.coerce(value, param=param, ctx=ctx)


_installed = False


def install() -> None:
    """Route plain values around Typer's pydantic coercion (see the module docstring)."""
    global _installed
    from typer import core

    build = getattr(core, "build_runtime_param", None)
    if build is None or _installed:  # a Typer that moved it (slower, still right), or done already
        return
    _installed = True
    # _PlainFirst has the one method Typer calls on a RuntimeParam, not its type.
    core.build_runtime_param = lambda descriptor: _PlainFirst(build, descriptor)  # type: ignore[assignment,return-value]
