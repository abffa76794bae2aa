"""The message catalogs as files: where they are, reading, writing and compiling them, with Babel.

Used by the build (``build.py`` loads this file by its path, so it imports nothing of
``ronten_cli``), by ``i18n`` when a ``.po`` is newer than its ``.mo``, and by ``extraction``.
Running ronten never imports it otherwise.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

DOMAIN = "ronten"
PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"


def sources() -> list[Path]:
    """Every translation (``.po``) in the package, one per language."""
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def write(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` sorted by message and without line numbers, so that moving code around
    does not change the file."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=True, include_lineno=False, ignore_obsolete=True)
    path.write_bytes(buffer.getvalue())


def compile_catalog(source: Path) -> bytes:
    """The ``.mo`` of the ``.po`` ``source`` (fuzzy entries left out, as msgfmt does)."""
    buffer = io.BytesIO()
    write_mo(buffer, read(source))
    return buffer.getvalue()


def compile_all(into: Path) -> list[Path]:
    """Compile every ``.po`` into ``into/LANG/LC_MESSAGES/ronten.mo``; returns the files written."""
    written = []
    for source in sources():
        target = into / source.relative_to(LOCALE).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_catalog(source))
        written.append(target)
    return written
