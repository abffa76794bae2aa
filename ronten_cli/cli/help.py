"""Help pages in the user's language: the command classes every ronten command is built with.

Help texts are written in English where the commands are declared (docstrings, ``help=``); they
are the message ids of the catalog, and are translated here, as the page is drawn. The page is
drawn by ronten rather than by Typer's rich formatter for two reasons. Rich breaks lines only at
spaces and cuts a longer run with "…" inside a table cell, so an option's Japanese help (which has
no spaces) lost most of its text on an 80-column terminal; ``Prose`` breaks Japanese between any
two characters, as it is written, keeping 、。」 off the start of a line and 「（ off its end. And
every word on the page, "Usage:", "Options", Click's own ``--help`` and Typer's completion options
included, then goes through ``_()`` like any other message.

Only public Click API is used: ``format_help`` and ``format_usage`` are overridden by the classes
Typer builds with (``typer.Typer(cls=Group)``, ``app.command(cls=Command)``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any

from typer.core import TyperArgument, TyperCommand, TyperGroup

from ..i18n import _

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from typer._click import Command as ClickCommand
    from typer._click import Context, HelpFormatter


# 禁則: what may not start a line (closing marks, small kana) and what may not end one (openers).
_NO_START = set("、。，．・：；？！ー）」』】〕〉》”’…‥,.:;!?)]}")
_NO_START |= set("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_END = set("（「『【〔〈《“‘([{")
# A run of spaces, a run of narrow characters (a word), or one character of any other kind.
_UNIT = re.compile(r"\s+|[^\s\u1100-\uffef]+|.")


def _units(line: str) -> list[str]:
    """``line`` cut where it may break: at spaces, around words, between two wide characters."""
    units: list[str] = []
    glue = False  # the last unit ends with an opener: the next one stays with it
    for unit in _UNIT.findall(line):
        if units and not unit.isspace() and (glue or (unit[0] in _NO_START and not units[-1].isspace())):
            units[-1] += unit
        else:
            units.append(unit)
        glue = not unit.isspace() and unit[-1] in _NO_END
    return units


def wrap(text: str, width: int) -> Iterator[str]:
    """The lines of ``text`` at most ``width`` cells wide, for Japanese and English alike."""
    from rich.cells import cell_len, chop_cells

    for paragraph in text.split("\n"):
        line, size = "", 0
        for unit in _units(paragraph):
            if unit.isspace():
                if line:
                    line, size = line + unit, size + cell_len(unit)
                continue
            need = cell_len(unit)
            if size + need > width and line.strip():
                yield line.rstrip()
                line, size = "", 0
            if need > width:  # longer than a whole line: cut it where it must be cut
                *whole, unit = chop_cells(unit, width)
                yield from whole
                need = cell_len(unit)
            line, size = line + unit, size + need
        yield line.rstrip()


class Prose:
    """Text that breaks into lines as Japanese and English are each written (rich breaks at spaces)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        yield Text("\n".join(wrap(self.text, options.max_width)), style=self.style, no_wrap=True)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        lines = self.text.split("\n")
        widest = max(cell_len(line) for line in lines)
        # Any unit folds if it must: the narrowest sensible column still holds a word of ten cells.
        return Measurement(min(widest, 10), widest)


def _usage(command: ClickCommand, ctx: Context, formatter: HelpFormatter) -> None:
    pieces = [_(command.options_metavar)] if command.options_metavar else []
    for param in command.get_params(ctx):
        pieces.extend(param.get_usage_pieces(ctx))
    if isinstance(command, TyperGroup):
        pieces.append(_(command.subcommand_metavar))
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))


def _names(param: Any, ctx: Context) -> tuple[str, str, str]:
    """The long names, the short names and the value placeholder of an option or argument."""
    if isinstance(param, TyperArgument):
        name = param.metavar or (param.name or "").upper()
        return name + ("..." if param.nargs != 1 else ""), "", ""
    opts = [*param.opts, *param.secondary_opts]
    long = ",".join(opt for opt in opts if opt.startswith("--"))
    short = ",".join(opt for opt in opts if not opt.startswith("--"))
    if param.is_flag:
        return long, short, ""
    return long, short, param.metavar or param.display_type_rich(ctx=ctx) or ""


def _default(param: Any) -> str:
    """The default worth showing: a value the option takes when it is left out, not 'nothing'."""
    default = param.default
    if isinstance(param, TyperArgument) or param.is_flag or not param.show_default:
        return ""
    if default is None or default == "" or callable(default):
        return ""
    return str(default.value if isinstance(default, Enum) else default)


def _page(command: ClickCommand, ctx: Context) -> list[RenderableType]:
    """The help page of ``command``: usage, its help, its arguments, options and sub-commands."""
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table

    page: list[RenderableType] = [Padding(Prose(command.get_usage(ctx), "bold"), 1)]
    if command.help:
        first, *rest = _(inspect.cleandoc(command.help)).split("\n\n")
        page.append(Padding(Prose(first), (0, 1)))
        page.extend(Padding(Prose(paragraph, "dim"), (1, 1, 0, 1)) for paragraph in rest)
        page.append(Padding("", (0, 1)))

    def panel(title: str, table: Table) -> None:
        if table.row_count:
            page.append(Panel(table, title=title, title_align="left", border_style="dim"))

    params = [param for param in command.get_params(ctx) if not getattr(param, "hidden", False)]
    for title, group in (
        (_("Arguments"), [param for param in params if isinstance(param, TyperArgument)]),
        (_("Options"), [param for param in params if not isinstance(param, TyperArgument)]),
    ):
        table = Table.grid(padding=(0, 1), expand=True)
        required = any(param.required for param in group)
        if required:
            table.add_column(style="red")
        for style in ("bold cyan", "bold green", "bold yellow"):
            table.add_column(style=style, no_wrap=True)
        table.add_column(ratio=1)
        for param in group:
            explained = getattr(param, "help", None)
            notes = [_(explained)] if explained else []
            default = _default(param)
            if default:
                notes.append(_("[default: {value}]").format(value=default))
            if param.required:
                notes.append(_("[required]"))
            row = ["*" if param.required else ""] if required else []
            table.add_row(*row, *_names(param, ctx), Prose(" ".join(notes)))
        panel(title, table)

    if isinstance(command, TyperGroup):
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(ratio=1)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                summary = _(inspect.cleandoc(sub.help)).split("\n\n")[0] if sub.help else ""
                table.add_row(name, Prose(summary))
        panel(_("Commands"), table)
    return page


def _show(command: ClickCommand, ctx: Context) -> None:
    from rich.console import Group as Lines

    from .terminal import print_rich

    print_rich(Lines(*_page(command, ctx)))


class Command(TyperCommand):
    """A ronten command: ``app.command(cls=Command)``."""

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        _show(self, ctx)

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _usage(self, ctx, formatter)


class Group(TyperGroup):
    """A ronten command group: ``typer.Typer(cls=Group)``."""

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        _show(self, ctx)

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _usage(self, ctx, formatter)
