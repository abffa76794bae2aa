"""Reading hand-written YAML (front matter, meeting files) that may come from a shared folder.

PyYAML's ``SafeLoader`` runs no code, but it still lets a tiny file cost unbounded memory or break
whatever walks the result. This loader refuses, while composing and before any value is built:

- anchors and aliases (``&a``, ``*a``): a 543-byte "billion laughs" document expands into
  gigabytes once walked, and ``r: &r [*r]`` is a cycle that no comparison or serialisation
  survives. A hand-written front matter gains nothing from them, and without aliases no cycle
  can exist;
- nesting deeper than ``MAX_DEPTH``, which PyYAML composes and constructs recursively;
- ``.nan`` and ``.inf``: NaN equals nothing (a file would differ from itself) and neither has a
  JSON form;
- ``!!set`` and ``!!binary``, which have no text form of their own (a set prints in hash order).

So are integers past 64 bits (one of 5000 digits is past what Python converts at all). Every
refusal is a ``yaml.MarkedYAMLError`` carrying ``problem`` and ``problem_mark``, so callers report
it exactly as they report a syntax error. A date PyYAML cannot build (``2026-02-30``) still raises
``ValueError``, as from ``yaml.safe_load``: the caller names it with the date grammar's words.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from .i18n import N_, _

# Far deeper than any front matter or meeting file, far shallower than Python's recursion limit.
MAX_DEPTH = 64
# How much of a refused value a message repeats: it must stay one readable line.
_SHOWN = 40
# Integers beyond 64 bits are no count, date or number a meeting document holds.
_MAX_INT_BITS = 64

_REFUSED_TAGS = {
    "tag:yaml.org,2002:set": N_("a set (!!set) is not supported; write a list or text instead"),
    "tag:yaml.org,2002:binary": N_("binary data (!!binary) is not supported; write a list or text instead"),
}


class RefusedYAML(yaml.MarkedYAMLError):
    """YAML that parses but that ronten will not build values from; ``problem_mark`` is where."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise RefusedYAML(
                _("anchors and aliases (&name, *name) are not supported; write the value out in full"),
                event.start_mark,
            )
        refused = _REFUSED_TAGS.get(getattr(event, "tag", None) or "")
        if refused is not None:
            raise RefusedYAML(_(refused), event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise RefusedYAML(
                _("nested more than {limit} levels deep").format(limit=MAX_DEPTH), event.start_mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            value: int = super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts (4300)
            value = 1 << _MAX_INT_BITS
        if value.bit_length() > _MAX_INT_BITS:
            # 0x and 0b numbers escape Python's digit limit, only to fail wherever they are printed.
            raise RefusedYAML(
                _("{value}: a number too large to use; quote it to keep it as text").format(
                    value=_shown(node)
                ),
                node.start_mark,
            )
        return value

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value: float = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise RefusedYAML(
                _(
                    "{value}: not a finite number (NaN and infinity cannot be compared or written as "
                    "JSON); quote it to keep it as text"
                ).format(value=node.value),
                node.start_mark,
            )
        return value


_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _shown(node: yaml.Node) -> str:
    written = str(node.value)
    return written if len(written) <= _SHOWN else written[:_SHOWN] + "…"


def load(text: str) -> Any:
    """The value of one YAML document, as ``yaml.safe_load`` builds it, or ``RefusedYAML``."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """The composed node tree of one YAML document (values kept as written), or ``RefusedYAML``."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
