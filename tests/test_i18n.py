"""ronten in Japanese: which language it speaks, a catalog that translates every message, help
pages that are Japanese from end to end, and the catalog compiled where it is used.

The bad-input sweep in both languages is in test_errors.py; the installed wheel speaking Japanese
is in test_packaging.py.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import string
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click
import pytest
from rich.cells import cell_len

from ronten_cli import i18n
from ronten_cli.cli import app
from ronten_cli.cli.help import wrap
from ronten_cli.i18n import catalog, extraction

from .helpers import SEED, subcommands

LOCALE_VARIABLES = ("RONTEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LC_ALL": "C", "LC_MESSAGES": "ja_JP.UTF-8"}, "en"),
        ({"LC_ALL": "", "LC_MESSAGES": "ja_JP.UTF-8"}, "ja"),  # set but empty counts as unset
        ({"LC_ALL": "ja_JP.eucJP", "LANG": "C"}, "ja"),
        ({"RONTEN_LANG": "ja", "LANG": "C"}, "ja"),
        ({"RONTEN_LANG": "en", "LC_ALL": "ja_JP.UTF-8"}, "en"),
        ({"RONTEN_LANG": "ja_JP", "LC_ALL": "C"}, "ja"),
    ],
    ids=repr,
)
def test_language_from_the_environment(monkeypatch, environment, expected):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # A Japanese system must not decide while any of the variables names a language.
    monkeypatch.setattr(i18n, "_windows_ui_language", lambda: 0x0411)
    assert i18n.language() == (expected if environment else "ja")


@pytest.mark.parametrize(
    ("ui_language", "locale_name", "expected"),
    [
        (0x0411, "en_US", "ja"),  # Windows in Japanese: its display language decides
        (0x0409, "ja_JP", "en"),  # Windows in English, whatever the regional format
        (0x0011, None, "ja"),  # a LANGID of Japanese without its country
        (0x0804, None, "en"),  # Chinese (simplified)
        (None, "Japanese_Japan", "ja"),  # Windows will not say: Python's locale, as Windows names it
        (None, "ja_JP", "ja"),  # not Windows: the POSIX locale
        (None, "jv_ID", "en"),  # Javanese is not Japanese
        (None, None, "en"),  # the C locale
    ],
    ids=repr,
)
def test_with_no_variable_set_the_system_language_decides(monkeypatch, ui_language, locale_name, expected):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(i18n, "_windows_ui_language", lambda: ui_language)
    monkeypatch.setattr("locale.getlocale", lambda *args: (locale_name, "UTF-8" if locale_name else None))
    assert i18n.language() == expected


def test_the_windows_probe_is_asked_only_on_windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert i18n._windows_ui_language() is None
    # On Windows it asks kernel32 for the user's display language.
    calls = []

    class Kernel32:
        def GetUserDefaultUILanguage(self) -> int:
            calls.append(True)
            return 0x0411

    class WinDLL:
        kernel32 = Kernel32()

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr("ctypes.windll", WinDLL(), raising=False)
    assert i18n._windows_ui_language() == 0x0411 and calls == [True]


def test_messages_follow_the_language_of_the_moment(monkeypatch):
    monkeypatch.setenv("RONTEN_LANG", "ja")
    assert i18n._("Show this message and exit.") == "このヘルプを表示して終了します。"
    assert i18n.ngettext("{count} file", "{count} files", 2) == "{count} ファイル"
    assert i18n.quoted(["tree", "json"]) == "「tree」、「json」"
    monkeypatch.setenv("RONTEN_LANG", "en")
    assert i18n._("Show this message and exit.") == "Show this message and exit."
    assert i18n.ngettext("{count} file", "{count} files", 2) == "{count} files"
    assert i18n.quoted(["tree", "json"]) == "'tree', 'json'"


# --- the catalog ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template() -> Any:
    """Every message of the code, extracted now with Babel."""
    return extraction.extract()


@pytest.fixture(scope="module")
def japanese() -> Any:
    (source,) = [path for path in catalog.sources() if path.parts[-3] == "ja"]
    return catalog.read(source)


def ids(messages: Any) -> set[Any]:
    return {
        message.id if isinstance(message.id, str) else tuple(message.id) for message in messages if message.id
    }


def test_extraction_finds_every_kind_of_message(template):
    found = ids(template)
    assert "ronten: error: {message}" in found  # marked with _() in the code
    assert ("{count} file", "{count} files") in found  # ngettext
    assert "Monday" in found  # N_() in a table
    assert "Show this message and exit." in found  # Click's --help, read from the commands
    assert any(str(message).startswith("Render outlines to Word") for message in found)  # a docstring
    assert "Report only these codes or prefixes, comma-separated: RN1,RN301." in found  # an option's help=


def test_every_message_has_its_japanese(template, japanese):
    (source,) = [path for path in catalog.sources() if path.parts[-3] == "ja"]
    missing = extraction.untranslated(source, template)
    assert not missing, (
        f"translate these in {source.name} (python -m ronten_cli.i18n extract adds them): {missing}"
    )


def test_the_template_lists_exactly_the_messages_of_the_code(template):
    assert ids(catalog.read(catalog.TEMPLATE)) == ids(template), "run: python -m ronten_cli.i18n extract"


def test_untranslated_finds_a_missing_an_empty_and_a_fuzzy_entry(tmp_path, template):
    """The check above must be able to fail."""
    source = next(path for path in catalog.sources() if path.parts[-3] == "ja")
    text = source.read_text(encoding="utf-8")
    text = text.replace('msgstr "このヘルプを表示して終了します。"', 'msgstr ""')
    text = text.replace('msgid "wrote {path}"\n', '#, fuzzy\nmsgid "wrote {path}"\n')
    text = re.sub(r'\n#: [^\n]*\nmsgid "Monday"\nmsgstr "[^"]*"\n', "\n", text)
    broken = tmp_path / "ronten.po"
    broken.write_text(text, encoding="utf-8")
    assert sorted(extraction.untranslated(broken, template)) == [
        "Monday",
        "Show this message and exit.",
        "wrote {path}",
    ]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# The one message whose Japanese may leave a placeholder out: it names the weekday in one way only.
MAY_LEAVE_OUT = {"{written} has the wrong weekday: {date} is a {weekday} ({day}), not {given}": {"day"}}


def test_translations_fill_the_same_placeholders(japanese):
    for message in japanese:
        if not message.id or not message.string:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translated in strings:
            assert fields(translated) <= fields(english), (english, translated)  # else a KeyError
            left_out = fields(english) - fields(translated)
            assert left_out <= MAY_LEAVE_OUT.get(english, set()), f"{translated!r} leaves out {left_out}"


# 'text' after anything but a letter: a quotation, not the apostrophe of "meeting's".
QUOTED = re.compile(r"(?<![A-Za-z])'([^']+)'")


def test_japanese_quotes_in_kagikakko_what_the_english_quotes(japanese):
    for message in japanese:
        if not message.id or not message.string or not isinstance(message.id, str):
            continue
        for quoted in QUOTED.findall(message.id):
            assert f"「{quoted}」" in message.string, (message.id, message.string)


# --- help pages ---------------------------------------------------------------------------------------


def command_paths() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in subcommands(command).items():
            walk(sub, (*path, name))

    walk(app, ())
    return paths


def squash(text: str) -> str:
    """``text`` without spaces, line breaks and the panels' borders: what is left of a help text
    however the page wrapped it."""
    return re.sub(r"[\s│╭╮╰╯─]", "", text)


def help_texts(path: tuple[str, ...]) -> list[tuple[str, bool]]:
    """The English help texts on the page of ``ronten PATH --help``, and whether the page shows
    each whole: the command's and its parameters' are, a sub-command's shows its first paragraph."""
    command: click.Command = app
    context = command.make_context("ronten", [], resilient_parsing=True)
    for name in path:
        command = subcommands(command)[name]
        context = command.make_context(name, [], parent=context, resilient_parsing=True)
    texts = [(command.help or "", True)] + [(param.help, True) for param in command.get_params(context)]
    texts += [(sub.help, False) for sub in subcommands(command).values()]
    return [(text, whole) for text, whole in texts if text]


@pytest.mark.parametrize("columns", [80, 50])
@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "ronten")
def test_every_help_page_is_japanese_and_whole(ronten, monkeypatch, path, columns):
    monkeypatch.setenv("RONTEN_LANG", "ja")
    monkeypatch.setenv("COLUMNS", str(columns))
    result = ronten(*path, "--help")
    assert (result.code, result.err) == (0, "")
    page = result.out
    assert "Show this message and exit." not in page and "このヘルプを表示して終了します。" in squash(page)
    assert page.lstrip().startswith(f"使い方: {' '.join(('ronten', *path))} [オプション]")
    assert "Options" not in page and "╭─ オプション" in page
    assert "…" not in page  # nothing cut off
    assert max(cell_len(line) for line in page.splitlines()) <= columns
    for english, whole in help_texts(path):
        japanese = i18n._(english)
        assert japanese != english, f"untranslated: {english!r}"
        shown = japanese if whole else japanese.split("\n\n")[0]
        assert squash(shown) in squash(page), f"{shown!r} is not whole on the page"
        assert squash(english.split("\n\n")[0]) not in squash(page)


def test_english_help_is_english(ronten):
    page = ronten("render", "--help").out
    assert page.lstrip().startswith("Usage: ronten render [OPTIONS]")
    assert "Show this message and exit." in page and "[default: memo]" in page
    assert not re.search(r"[\u3041-\u309f]", page)  # no hiragana: nothing Japanese but the examples


@pytest.mark.parametrize("width", [8, 13, 20, 37])
def test_wrap_breaks_japanese_anywhere_but_before_closing_marks(width):
    text = (
        "「ronten check」の点検項目をすべて一覧にします。コード、重大度、「ronten fmt」での直し方を示します。"
    )
    lines = list(wrap(text, width))
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cell_len(line) <= width for line in lines)
    assert not any(line[0] in "、。」）" for line in lines[1:]), lines
    assert not any(line.endswith(("「", "（")) for line in lines), lines


def test_wrap_keeps_english_words_whole():
    lines = list(wrap("Folder searched for templates first (default: ./templates if present).", 20))
    assert lines == ["Folder searched for", "templates first", "(default:", "./templates if", "present)."]


# --- where the catalog comes from ---------------------------------------------------------------------


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the package's catalogs, as a source checkout has them: the .po, no .mo."""
    folder = tmp_path / "locale"
    shutil.copytree(catalog.LOCALE, folder, ignore=shutil.ignore_patterns("*.mo"))
    return folder / "ja" / "LC_MESSAGES" / "ronten.mo"


def test_a_missing_catalog_is_compiled_into_the_package_folder(checkout):
    assert not checkout.exists()
    loaded = i18n.load_catalog(checkout)
    assert loaded.gettext("wrote {path}") == "{path} を書き出しました"
    umask = os.umask(0)
    os.umask(umask)
    assert checkout.stat().st_mode & 0o777 == 0o666 & ~umask  # readable as the .po beside it


def test_a_catalog_older_than_its_po_is_compiled_again(checkout):
    i18n.load_catalog(checkout)
    source = checkout.with_suffix(".po")
    source.write_text(
        source.read_text(encoding="utf-8").replace("{path} を書き出しました", "{path} に書きました"),
        encoding="utf-8",
    )
    later = time.time() + 10
    os.utime(source, (later, later))
    assert i18n.load_catalog(checkout).gettext("wrote {path}") == "{path} に書きました"


def test_a_read_only_checkout_compiles_the_catalog_in_memory(checkout, monkeypatch):
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    assert i18n.load_catalog(checkout).gettext("wrote {path}") == "{path} を書き出しました"
    assert not checkout.exists()


def test_without_a_catalog_ronten_speaks_english(tmp_path):
    assert (
        i18n.load_catalog(tmp_path / "ja" / "LC_MESSAGES" / "ronten.mo").gettext("wrote {path}")
        == "wrote {path}"
    )


@pytest.mark.slow
def test_check_in_japanese_starts_light():
    """Japanese costs the standard library's gettext only: no Babel (nor rich) on the way."""
    script = (
        "import sys\n"
        "from ronten_cli.cli import main\n"
        "try:\n"
        f"    main(['check', {str(SEED)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print([name for name in ('babel', 'rich') if name in sys.modules])\n"
    )
    environment = {**os.environ, "RONTEN_LANG": "ja"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=environment
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "1 ファイルでエラー 0 件、警告" in done.stderr


def test_extract_rewrites_the_template_and_merges_into_each_po(tmp_path, monkeypatch, capsys, template):
    """``python -m ronten_cli.i18n extract`` on a copy: a new message waits untranslated (with the
    translation of a message it resembles, marked fuzzy), a message no longer in the code leaves,
    translations are kept, and ``check`` then names the new messages and exits 1."""
    locale = tmp_path / "locale"
    shutil.copytree(catalog.LOCALE, locale, ignore=shutil.ignore_patterns("*.mo"))
    source = locale / "ja" / "LC_MESSAGES" / "ronten.po"
    source.write_text(
        source.read_text(encoding="utf-8") + '\nmsgid "a message gone from the code"\nmsgstr "消えた"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalog, "LOCALE", locale)
    monkeypatch.setattr(catalog, "TEMPLATE", locale / "ronten.pot")

    def extract() -> Any:
        # What the code holds was extracted once, for the whole module (a second a time).
        found = copy.deepcopy(template)
        found.add("a message new in the code")
        found.add("Zq")
        return found

    monkeypatch.setattr(extraction, "extract", extract)
    from ronten_cli.i18n.__main__ import main

    assert main(["extract"]) == 0
    merged = catalog.read(source)
    assert merged.get("Zq").string == ""
    assert merged.get("a message new in the code").fuzzy
    assert merged.get("a message gone from the code") is None
    assert merged.get("wrote {path}").string == "{path} を書き出しました"
    assert "a message new in the code" in ids(catalog.read(locale / "ronten.pot"))
    assert main(["check"]) == 1
    assert capsys.readouterr().out.count("untranslated") == 2
