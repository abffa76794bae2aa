"""Help pages in the user's language: the command classes every ronten command is built with.

Help texts are written in English where the commands are declared (docstrings, ``help=``); they
are the message ids of the catalog, and are translated here, as the page is drawn. The page is
drawn by ronten rather than by Click's formatter, which breaks lines only at spaces, so an
option's Japanese help (which has no spaces) would run past the edge of an 80-column terminal;
``Prose`` breaks Japanese between any two characters, as it is written, keeping 、。」 off the start
of a line and 「（ off its end. And every word on the page, "Usage:", "Options", Click's own
``--help`` and the completion option included, goes through ``_()`` like any other message. Rich
draws the page, so it is imported only when a help page is shown.

Only public Click API is used: ``format_help`` and ``format_usage`` are overridden by the classes
every command is built with (``@click.command(cls=Command)``, ``@click.group(cls=Group)``), and
list order is the order the commands were added in, not Click's alphabetical one.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import click

from ..i18n import _

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement


# 禁則: what may not start a line (closing marks, small kana) and what may not end one (openers).
_NO_START = set("、。，．・：；？！ー）」』】〕〉》”’…‥,.:;!?)]}")
_NO_START |= set("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_END = set("（「『【〔〈《“‘([{")


@functools.cache
def _unit() -> re.Pattern[str]:
    """A run of spaces, a run of narrow characters (a word), or one character of any other kind.
    Compiled on the first help page: its character class takes milliseconds to compile, which
    every other run of ronten would pay for nothing."""
    return re.compile(r"\s+|[^\s\u1100-\uffef]+|.")


def _units(line: str) -> list[str]:
    """``line`` cut where it may break: at spaces, around words, between two wide characters."""
    units: list[str] = []
    glue = False  # the last unit ends with an opener: the next one stays with it
    for unit in _unit().findall(line):
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


def _argument(param: click.Argument) -> str:
    """How an argument is named on the page: FILE, FILE... when it takes several, [FILE] when it
    may be left out."""
    name = param.human_readable_name + ("..." if param.nargs != 1 else "")
    return name if param.required else f"[{name}]"


def _usage(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    pieces = [_(command.options_metavar)] if command.options_metavar else []
    pieces += [_argument(param) for param in command.get_params(ctx) if isinstance(param, click.Argument)]
    if isinstance(command, click.Group):
        pieces.append(_(command.subcommand_metavar))
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))


def _names(param: Any, ctx: click.Context) -> tuple[str, str, str]:
    """The long names, the short names and the value placeholder of an option or argument, as
    rich markup (a placeholder in [] would be read as a style)."""
    from rich.markup import escape

    if isinstance(param, click.Argument):
        return escape(_argument(param)), "", ""
    opts = [*param.opts, *param.secondary_opts]
    long = ",".join(opt for opt in opts if opt.startswith("--"))
    short = ",".join(opt for opt in opts if not opt.startswith("--"))
    if param.is_flag:
        return long, short, ""
    if param.metavar is None and isinstance(param.type, click.Choice):
        return long, short, escape("<{}>".format("|".join(map(str, param.type.choices))))
    return long, short, escape(param.make_metavar(ctx))


def _default(param: Any) -> str:
    """The default of an option declared with ``show_default=True``: a value the option takes
    when it is left out (the others default to nothing, or to what another option implies)."""
    if isinstance(param, click.Argument) or not param.show_default:
        return ""
    return str(param.default)


def _page(command: click.Command, ctx: click.Context) -> list[RenderableType]:
    """The help page of ``command``: usage, its help, its arguments, options and sub-commands."""
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table

    page: list[RenderableType] = [Padding(Prose(command.get_usage(ctx), "bold"), 1)]
    if command.help:
        first, *rest = _(command.help).split("\n\n")
        page.append(Padding(Prose(first), (0, 1)))
        page.extend(Padding(Prose(paragraph, "dim"), (1, 1, 0, 1)) for paragraph in rest)
        page.append(Padding("", (0, 1)))

    def panel(title: str, table: Table) -> None:
        if table.row_count:
            page.append(Panel(table, title=title, title_align="left", border_style="dim"))

    params = [param for param in command.get_params(ctx) if not getattr(param, "hidden", False)]
    for title, group in (
        (_("Arguments"), [param for param in params if isinstance(param, click.Argument)]),
        (_("Options"), [param for param in params if not isinstance(param, click.Argument)]),
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

    if isinstance(command, click.Group):
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(ratio=1)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                table.add_row(name, Prose(sub.get_short_help_str()))
        panel(_("Commands"), table)
    return page


def _show(command: click.Command, ctx: click.Context) -> None:
    from rich.console import Group as Lines

    from .terminal import print_rich

    print_rich(Lines(*_page(command, ctx)))


class _Page(click.Command):
    """What every ronten command and group shares: its help is the docstring as
    ``inspect.cleandoc`` leaves it (the text the catalog translates), drawn by ``_show``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = inspect.cleandoc(self.help) if self.help else self.help

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _show(self, ctx)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _usage(self, ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the help, in the user's language: the command's line in its
        group's page and beside its name in zsh's and fish's completion."""
        return _(self.help).split("\n\n")[0] if self.help else ""


class Command(_Page):
    """A ronten command: ``@click.command(cls=Command)``."""


class Group(_Page, click.Group):
    """A ronten command group: ``@click.group(cls=Group, lazy={NAME: ".module:function"})``.

    A command named in ``lazy`` is imported from its module of this package when it is first
    asked for, so ``ronten check`` does not pay for declaring render's and diff's options. The
    commands are listed in the order of ``lazy``, which puts the everyday ones first, then those
    added directly.
    """

    command_class = Command

    def __init__(self, *args: Any, lazy: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.lazy, *(name for name in self.commands if name not in self.lazy)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _, name = self.lazy[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module, __package__), name), cmd_name)
        return super().get_command(ctx, cmd_name)
