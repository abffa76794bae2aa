"""Which front matter keys a render reads, so that a ``--set`` nothing reads is said, not ignored.

Jinja's own analysis (``jinja2.meta``) does the reading: ``find_undeclared_variables`` tells whether
a template takes ``meta`` or ``outline`` from the context at all, ``find_referenced_templates`` which
templates it includes, extends or imports, followed to the last. The keys are the attributes and
constant subscripts read on ``meta`` and ``outline.meta`` (``meta.date``, ``meta["date"]``,
``meta.get("date")``). Whenever the analysis cannot be sure (``meta`` handed on whole, a key computed
at run time, a template named at run time) it claims nothing: a wrong warning would teach users to
ignore the right ones.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes

from ..i18n import _
from . import WRITER_KEYS
from .templating import Templates

_ROOTS = frozenset({"meta", "outline"})


def meta_keys(templates: Templates, template: jinja2.Template) -> frozenset[str] | None:
    """The ``meta`` keys ``template`` and every template it uses read; ``None`` when unknowable."""
    environment = templates.environment
    loader = environment.loader
    if loader is None or template.name is None:
        return None
    pending = [template.name]
    seen: set[str] = set()
    keys: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = loader.get_source(environment, name)[0]
            tree = environment.parse(source, name)
        except jinja2.TemplateError:
            return None  # rendering reports it, in the words of a template error
        found = _keys_read(tree, jinja2.meta.find_undeclared_variables(tree) & _ROOTS)
        if found is None:
            return None
        keys |= found
        for referenced in jinja2.meta.find_referenced_templates(tree):
            if referenced is None:
                return None
            pending.append(referenced)
    return frozenset(keys)


def _keys_read(tree: nodes.Template, roots: set[str]) -> set[str] | None:
    """The keys read on the context's ``meta`` in one template, or ``None`` if it may read any."""
    keys: set[str] = set()
    for node, above in _walk(tree):
        if not isinstance(node, nodes.Name) or node.ctx != "load" or node.name not in roots:
            continue
        if node.name == "outline":
            if not above or not isinstance(above[0], nodes.Getattr):
                return None  # the whole outline handed on: its meta may be read anywhere
            if above[0].attr != "meta":
                continue
            # outline.meta is meta: what reads it is one level further up.
            node, above = above[0], above[1:]
        key = _key(node, above)
        if key is None:
            return None
        keys.add(key)
    return keys


def _key(meta: nodes.Node, above: tuple[nodes.Node, ...]) -> str | None:
    """The key the expression around ``meta`` (``above``: its ancestors) reads, or ``None`` when it
    is not a fixed key."""
    parent, grandparent = (*above, None, None)[:2]
    if isinstance(parent, nodes.Getattr) and parent.node is meta:
        if parent.attr == "get":
            if (
                isinstance(grandparent, nodes.Call)
                and grandparent.node is parent
                and grandparent.args
                and isinstance(grandparent.args[0], nodes.Const)
                and isinstance(grandparent.args[0].value, str)
            ):
                return grandparent.args[0].value
            return None
        # Jinja looks attributes up on the dict first: meta.items is the method, not a key.
        return None if hasattr(dict, parent.attr) else parent.attr
    if (
        isinstance(parent, nodes.Getitem)
        and parent.node is meta
        and isinstance(parent.arg, nodes.Const)
        and isinstance(parent.arg.value, str)
    ):
        return parent.arg.value
    return None


def _walk(tree: nodes.Node) -> Iterator[tuple[nodes.Node, tuple[nodes.Node, ...]]]:
    """Every node with its nearest three ancestors (parent first), without recursion."""
    stack: list[tuple[nodes.Node, tuple[nodes.Node, ...]]] = [(tree, ())]
    while stack:
        node, above = stack.pop()
        yield node, above
        stack.extend((child, (node, *above[:2])) for child in node.iter_child_nodes())


def unread_settings(overrides: dict[str, Any], template: str, template_dir: Path | None = None) -> list[str]:
    """A warning for each ``--set`` key that neither the templates of this render nor the Word
    writer read, with the nearest key they do read when one is close (``matrial`` → ``material``)."""
    if not overrides:
        return []
    templates = Templates(template_dir)
    read = meta_keys(templates, templates.load(template))
    if read is None:
        return []
    known = sorted(read | set(WRITER_KEYS))
    warnings = []
    for key in overrides:
        if key in known:
            continue
        guess = difflib.get_close_matches(key, known, n=1)
        if guess:
            message = _(
                "--set {key}: no template in use reads meta.{key}, so it changes nothing; "
                "did you mean {guess}?"
            )
        else:
            message = _("--set {key}: no template in use reads meta.{key}, so it changes nothing")
        warnings.append(message.format(key=key, guess=guess[0] if guess else ""))
    return warnings
