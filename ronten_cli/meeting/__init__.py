"""Meeting metadata and the documents made from it: the 次第, the 議事要旨 and the print bundle.

``model`` holds the values, ``load`` reads and validates a meeting file (or an outline's front
matter), ``documents`` builds the template context and the bundle. The names below are the
package's interface; the CLI and the tests import them from here.
"""

from __future__ import annotations

from .documents import (
    TITLES,
    agenda_items,
    attendee_groups,
    bundle_name,
    choose_outline,
    default_output,
    meeting_context,
    render_bundle,
    render_document,
)
from .load import ATTENDEE_KEYS, KEYS, MATERIAL_KEYS, REQUIRED, load_meeting
from .model import Attendee, Material, Meeting

__all__ = [
    "ATTENDEE_KEYS",
    "KEYS",
    "MATERIAL_KEYS",
    "REQUIRED",
    "TITLES",
    "Attendee",
    "Material",
    "Meeting",
    "agenda_items",
    "attendee_groups",
    "bundle_name",
    "choose_outline",
    "default_output",
    "load_meeting",
    "meeting_context",
    "render_bundle",
    "render_document",
]
