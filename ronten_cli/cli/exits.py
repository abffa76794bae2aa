"""How a run ends: every failure becomes one line on stderr and an exit code.

0 success, 1 findings (``check``, ``fmt --check``, ``diff``), 2 bad input or a usage mistake,
3 a bug in ronten, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). A usage error is
reworded into ronten's one-line style instead of click's box.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import typer

from ..errors import RontenError
from .terminal import echo, error, visible

if TYPE_CHECKING:
    from collections.abc import Sequence

BAD_INPUT = 2
INTERNAL = 3


def _command_path(app: typer.Typer, args: Sequence[str]) -> str:
    """'ronten templates export' for the words of ``args`` that name commands (for errors click
    raises before it knows the command)."""
    command = typer.main.get_command(app)
    path = ["ronten"]
    for word in args:
        commands = getattr(command, "commands", {})
        if word not in commands:
            break
        command = commands[word]
        path.append(word)
    return " ".join(path)


def _given(args: Sequence[str], options: list[str]) -> str | None:
    """The value given on the command line to an option known as any of ``options`` (the last wins)."""
    value = None
    for index, word in enumerate(args):
        if word == "--":
            break
        for option in options:
            if word == option and index + 1 < len(args):
                value = args[index + 1]
            elif option.startswith("--") and word.startswith(f"{option}="):
                value = word[len(option) + 1 :]
            elif not option.startswith("--") and word.startswith(option) and word != option:
                value = word[len(option) :].removeprefix("=")  # -fxml, -f=xml
    return value


# click's and pydantic's wording of a bad value, in ronten's words.
_BAD_VALUE = [
    (r"^(?:Value error, )?'.*' is not one of (.*?)\.?$", r"not one of \1"),
    (r"^Input should be greater than or equal to (.*)$", r"must be \1 or more"),
    (r"^Input should be a valid integer.*$", "not a whole number"),
]


def usage_message(exc: typer.TyperException, args: Sequence[str]) -> str:
    """A usage error as one line in the style of ronten's own messages: the option and the value
    it was given, what is wrong, lower case and without click's full stop."""
    message = exc.format_message()
    param = getattr(exc, "param", None)
    if type(exc) is typer.BadParameter and param is not None and param.opts:
        detail = str(exc.message)
        for pattern, replacement in _BAD_VALUE:
            detail = re.sub(pattern, replacement, detail)
        value = _given(args, [*param.opts, *param.secondary_opts])
        message = f"{param.opts[0]}{'' if value is None else f' {value}'}: {detail}"
    missing = re.fullmatch(r"Missing argument '([^']+)'\.", message)
    if missing:
        message = f"missing argument {missing[1].upper()}"
    message = re.sub(r"^Got unexpected extra argument\(s\) \((.*)\)$", r"too many arguments: \1", message)
    message = re.sub(r" \(Possible options: (.*)\)$", r" (did you mean \1?)", message)
    return message[:1].lower() + message[1:].removesuffix(".")


def run(app: typer.Typer, args: list[str]) -> int:
    """Run ``app`` on ``args`` and return the exit code, having reported any failure."""
    try:
        # standalone_mode=False hands usage errors back to us instead of printing click's box.
        code = app(args=args or ["--help"], prog_name="ronten", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # click's usage errors, as Typer re-exports them
        if type(exc).__name__ == "NoArgsIsHelpError":  # 'ronten templates': its help, as 'ronten' alone
            echo(exc.format_message(), end="")  # empty when rich has printed the help already
            return 0
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else _command_path(app, args)
        error(f"{usage_message(exc, args)} (see '{command} --help')")
        return BAD_INPUT
    except RontenError as exc:
        error(str(exc))
        return BAD_INPUT
    except (typer.Abort, KeyboardInterrupt):
        echo("ronten: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug must still reach the user as one line, not a traceback
        echo(f"ronten: internal error: {visible(f'{type(exc).__name__}: {exc}')}", err=True)
        return BAD_INPUT
    return code if isinstance(code, int) else 0
