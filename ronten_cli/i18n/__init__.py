"""Messages in the user's language: which language ronten speaks, and ``_()`` to say it in.

ronten speaks Japanese when ``RONTEN_LANG`` starts with ``ja``; with ``RONTEN_LANG`` unset, when the
first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set starts with ``ja`` (the POSIX order).
With none of them set, as on Windows, where LANG is normally unset, the system's language decides
(``system_language``: Windows' display language, else Python's locale). Anything else,
``RONTEN_LANG=en`` included, is English. The language is read when a message is made, so a program
may change it between calls.

Catalogs are gettext's: ``locale/ronten.pot`` lists every message, ``locale/ja/LC_MESSAGES/ronten.po``
translates them, and the build compiles it into the ``ronten.mo`` the wheel ships (``build.py``).
In a source checkout (an editable install) a ``.mo`` that is missing or older than its ``.po`` is
compiled on first use, with Babel, into the package folder. Running ronten needs only the standard
library's ``gettext``; Babel is imported only to compile or extract.

Marking a message (for whoever adds or wraps one):

- ``from ..i18n import _`` (or ``ngettext``) and write the English as the message id, with named
  placeholders filled after translating: ``_("{path}: no such file").format(path=path)``. The id
  must be a literal string (never an f-string) so that extraction finds it.
- Quote the user's text as ``'{name}'`` in the English; the Japanese quotes it as ``「{name}」``.
  Diagnostic codes, option names, JSON keys and file names stay as they are in both languages.
- A message defined before it is shown (a table at module level) is marked with ``N_()`` and
  passed through ``_()`` where it is shown.
- Help text needs no mark: the CLI translates every command's and option's help as it draws the
  help page (``cli/help.py``), and extraction reads it from the commands themselves.
- Then run ``python -m ronten_cli.i18n extract``: it rewrites ``ronten.pot`` from the code and merges
  it into every ``.po``, where the new entries wait with an empty ``msgstr``. ``python -m
  ronten_cli.i18n check`` lists what is still untranslated; so does the test suite, which fails
  until every message has its Japanese.
- The bad-input sweep (tests/test_errors.py) runs under ``LANG=C`` and ``LANG=ja_JP.UTF-8``: every
  error line must be Japanese in the second.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path

DOMAIN = "ronten"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def language() -> str:
    """``ja`` or ``en``: the language ronten speaks now, from the environment."""
    chosen = os.environ.get("RONTEN_LANG", "")
    if not chosen:
        # The first of these that is set and not empty decides, as for every POSIX program.
        chosen = next(
            (value for name in ("LC_ALL", "LC_MESSAGES", "LANG") if (value := os.environ.get(name, ""))), ""
        )
    if not chosen:
        return system_language()
    return "ja" if chosen.lower().startswith("ja") else "en"


# LANG_JAPANESE, the primary language in the low ten bits of a Windows LANGID (0x0411 is ja-JP).
_WINDOWS_JAPANESE = 0x11


def system_language() -> str:
    """``ja`` or ``en`` from the system, for when no environment variable names a language:
    Windows' display language for this user, else the locale Python started with (``ja_JP`` on
    POSIX, ``Japanese_Japan`` on Windows)."""
    ui_language = _windows_ui_language()
    if ui_language is not None:
        return "ja" if ui_language & 0x3FF == _WINDOWS_JAPANESE else "en"
    import locale

    name = (locale.getlocale()[0] or "").lower()
    return "ja" if name == "ja" or name.startswith(("ja_", "ja-", "japanese")) else "en"


def _windows_ui_language() -> int | None:
    """The LANGID of the user's Windows display language, or None off Windows (or if it will not say)."""
    if sys.platform == "win32":
        try:
            import ctypes

            return int(ctypes.windll.kernel32.GetUserDefaultUILanguage())
        except (AttributeError, OSError):
            return None
    return None


def _(message: str) -> str:
    """``message`` in the user's language."""
    return _catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` as ``count`` asks, in the user's language (Japanese has one form)."""
    return _catalog(language()).ngettext(singular, plural, count)


def quoted(items: Iterable[str]) -> str:
    """``'a', 'b'`` in English, ``「a」、「b」`` in Japanese: a list of words named in a message."""
    return _(", ").join(_("'{text}'").format(text=item) for item in items)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; it is translated by ``_()`` where it is shown."""
    return message


def catalog_file(lang: str) -> Path:
    """Where the compiled catalog of ``lang`` is, in the package."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@functools.cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":  # the message ids are the English
        return gettext.NullTranslations()
    return load_catalog(catalog_file(lang))


def load_catalog(compiled: Path) -> gettext.NullTranslations:
    """The catalog compiled in ``compiled`` (none: English). Next to its ``.po``, in a source
    checkout, it is compiled again first when it is missing or older than the ``.po``."""
    source = compiled.with_suffix(".po")
    if source.exists() and (not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime):
        data = _compile(source, compiled)
        if data is not None:
            return gettext.GNUTranslations(io.BytesIO(data))
    try:
        with compiled.open("rb") as stream:
            return gettext.GNUTranslations(stream)
    except OSError:
        return gettext.NullTranslations()


def _compile(source: Path, compiled: Path) -> bytes | None:
    """``source`` (.po) compiled, and saved as ``compiled`` when its folder is writable; ``None``
    without Babel (an editable install without the test extras keeps the .mo its build made)."""
    try:
        from .catalog import compile_catalog
    except ImportError:
        return None
    import tempfile  # a source checkout only: an installed ronten never compiles

    data = compile_catalog(source)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{compiled.name}.", dir=compiled.parent)
    except OSError:  # a read-only checkout: the catalog is used from memory
        return data
    try:  # written aside and renamed: another ronten may be reading the old one
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes it private; other users of the install read it
        os.replace(temp, compiled)
    except OSError:
        Path(temp).unlink(missing_ok=True)
    return data
