"""Keeping the catalogs in step with the code: extract every message, merge, list what is missing.

Every message ronten can show comes from two places, and ``extract`` reads both: the ids marked
with ``_``/``N_``/``ngettext`` in ronten's code (Babel's extractor), and the help of every command
and option (docstrings, ``help=``, Click's own ``--help``), read from the Click commands
themselves. Used by ``python -m ronten_cli.i18n`` and the tests, never by a running ronten.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from . import catalog as files

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every message ronten can show, as a template catalog (English ids, no translations)."""
    template = Catalog(
        domain=files.DOMAIN,
        project="ronten",
        header_comment="# Every message of ronten, made by 'python -m ronten_cli.i18n extract'.\n#",
        charset="utf-8",
        fuzzy=False,
    )
    marked = extract_from_dir(
        files.PACKAGE, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    )
    for filename, _line, message, comments, context in marked:
        location = (f"ronten_cli/{filename}", 0)
        template.add(message, locations=[location], auto_comments=comments, context=context)
    for page, message in help_messages():
        template.add(message, locations=[(page, 0)])
    return template


def help_messages() -> Iterator[tuple[str, str]]:
    """(``ronten COMMAND --help``, text) for every text of every help page, in English: the
    commands' help and usage words, every option's help, and Click's own ``--help`` option."""
    import click

    from ..cli import app

    def walk(command: Any, name: str, parent: Any) -> Iterator[tuple[str, str]]:
        context = command.make_context(name, [], parent=parent, resilient_parsing=True)
        page = f"{context.command_path} --help"
        texts = [command.help, command.short_help, command.epilog, command.options_metavar]
        texts.append(getattr(command, "subcommand_metavar", None))
        texts += [param.help for param in command.get_params(context)]
        yield from ((page, text) for text in texts if text)
        for sub_name in command.list_commands(context) if isinstance(command, click.Group) else []:
            yield from walk(command.get_command(context, sub_name), sub_name, context)

    yield from walk(app, "ronten", None)


def update() -> list[Path]:
    """Rewrite the template from the code and merge it into every ``.po``; returns the files written.

    New messages wait in each ``.po`` with an empty translation; a message whose English changed
    keeps its old translation marked fuzzy, which counts as untranslated until someone checks it.
    """
    template = extract()
    if files.TEMPLATE.exists():
        before = files.read(files.TEMPLATE)
        if _ids(before) == _ids(template):  # keep the date, so that an extraction changes nothing
            template.creation_date = before.creation_date
    files.write(files.TEMPLATE, template)
    for source in files.sources():
        translation = files.read(source)
        translation.update(template, update_creation_date=False)
        files.write(source, translation)
    return [files.TEMPLATE, *files.sources()]


def untranslated(source: Path, template: Catalog | None = None) -> list[str]:
    """The messages of ``template`` (default: the code's) that ``source`` does not translate:
    missing, empty or fuzzy."""
    template = extract() if template is None else template
    translation = files.read(source)
    missing = []
    for message in template:
        if not message.id:
            continue
        entry = translation.get(message.id, context=message.context)
        strings = entry.string if entry is not None else ""
        done = strings if isinstance(strings, (tuple, list)) else (strings,)
        if entry is None or entry.fuzzy or not all(done):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def _ids(catalog: Catalog) -> set[Any]:
    return {
        message.id if isinstance(message.id, str) else tuple(message.id) for message in catalog if message.id
    }
