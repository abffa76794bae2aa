"""Keep pydantic out of ``ronten check``'s start-up.

Typer (0.29 and later) coerces every command-line value through a pydantic ``TypeAdapter``, and
building the first one imports pydantic: about 0.1-0.3 s, more than importing Typer itself, and
twice the 1.8x start-up budget ``ronten check`` has. A ``str``, a list of ``str`` or a valid
``StrEnum`` name needs no coercion, so those values are returned as they are; anything else, and
every invalid value, goes through Typer's own coercion (so its error messages are unchanged).
If Typer's internals move, ``install`` leaves Typer alone: slower, never broken.
"""

from __future__ import annotations

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


def install() -> None:
    """Route plain values around Typer's pydantic coercion (see the module docstring)."""
    try:
        from typer import _coercion, core

        original = core.build_runtime_param
        base = _coercion.RuntimeParam
    except (ImportError, AttributeError):  # pragma: no cover - an older or newer Typer
        return

    class PlainRuntimeParam(base):  # type: ignore[valid-type,misc]
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain, result = _plain(self.annotation, value)
            if plain:
                return result
            return original(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)

    def build_runtime_param(descriptor: Any) -> Any:
        if descriptor.file_annotation is None:
            return PlainRuntimeParam(
                annotation=descriptor.annotation, parameter_info=descriptor.parameter_info
            )
        return original(descriptor)

    core.build_runtime_param = build_runtime_param
