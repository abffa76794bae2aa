"""``ronten diff``: match two outline versions by content and report what changed.

``compare(old, new)`` returns a ``Comparison``; the reporters (terminal, JSON, Markdown) live in
``report`` and the Word documents (新旧対照表, tracked changes) in ``docx``, both imported only by
the commands that use them.
"""

from __future__ import annotations

from .match import compare
from .model import Change, Comparison, DiffNode, Row, Segment

__all__ = ["Change", "Comparison", "DiffNode", "Row", "Segment", "compare"]
