"""How a run ends: every failure becomes one line on stderr and an exit code.

0 success, 1 findings (``check``, ``fmt --check``, ``diff``), 2 bad input or a usage mistake,
3 a bug in ronten, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). A usage error is
reworded into ronten's one-line style instead of click's box.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
from typing import TYPE_CHECKING, NoReturn

import click

from ..errors import RontenError
from ..i18n import N_, _, quoted
from .terminal import echo, error, say

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

BAD_INPUT = 2
INTERNAL = 3


def _command_path(app: click.Group, args: Sequence[str]) -> str:
    """'ronten templates export' for the words of ``args`` that name commands (for errors click
    raises before it knows the command)."""
    command: click.Command | None = app
    path = ["ronten"]
    for word in args:
        if not isinstance(command, click.Group):
            break
        command = command.get_command(click.Context(command), word)
        if command is None:
            break
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


def _bad_value(param: click.Parameter, value: str | None, exc: click.BadParameter) -> str:
    """What is wrong with ``value``, told from the type the option takes, in the user's language."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return _("not one of {choices}").format(choices=quoted(str(choice) for choice in kind.choices))
    if isinstance(kind, click.types.IntParamType):  # IntRange too: first a number, then its range
        try:
            int(value or "")
        except ValueError:
            return _("not a whole number")
        if isinstance(kind, click.IntRange) and kind.min is not None and kind.max is None:
            return _("must be {number} or more").format(number=kind.min)
    return _lower(exc.message)


# click's other usage errors, in ronten's words (Click's own messages are not translated).
_USAGE = [
    (r"Got unexpected extra arguments? \((?P<arguments>.*)\)", N_("too many arguments: {arguments}")),
    (r"Option '(?P<option>[^']+)' does not take a value\.", N_("option '{option}' does not take a value")),
    (r"Option '(?P<option>[^']+)' requires an argument\.", N_("option '{option}' requires an argument")),
    (
        r"Option '(?P<option>[^']+)' requires (?P<count>\d+) arguments\.",
        N_("option '{option}' requires {count} arguments"),
    ),
    (r"No such command '(?P<command>.*)'\.", N_("no such command '{command}'")),
    (r"Missing command\.", N_("missing command")),
]


def _lower(message: str) -> str:
    """A message of click's in the style of ronten's: lower case, without the full stop."""
    return message[:1].lower() + message[1:].removesuffix(".")


def _reword(message: str) -> str:
    """``message`` as the first entry of ``_USAGE`` whose pattern it matches says it, in the user's
    language; any other message as it is, in ronten's style."""
    for pattern, reworded in _USAGE:
        m = re.fullmatch(pattern, message, re.S)
        if m is not None:
            return _(reworded).format(**m.groupdict())
    return _lower(message)


def usage_message(exc: click.UsageError, args: Sequence[str]) -> str:
    """A usage error as one line in the style of ronten's own messages: the option and the value
    it was given, and what is wrong."""
    param = getattr(exc, "param", None)
    guesses: list[str] = []
    if isinstance(exc, click.MissingParameter) and isinstance(param, click.Argument):
        message = _("missing argument {argument}").format(argument=param.human_readable_name)
    elif isinstance(exc, click.BadParameter) and param is not None and param.opts:
        value = _given(args, [*param.opts, *param.secondary_opts])
        detail = _bad_value(param, value, exc)
        message = f"{param.opts[0]}{'' if value is None else f' {value}'}: {detail}"
    elif isinstance(exc, click.NoSuchOption):
        message = _("no such option: {option}").format(option=exc.option_name)
        guesses = sorted(exc.possibilities or ())
    else:
        message = _reword(exc.format_message())
    if guesses:
        message = _("{message} (did you mean {options}?)").format(message=message, options=", ".join(guesses))
    return message


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM: unwinds like KeyboardInterrupt, so every ``finally`` and
    every cleanup of a temporary file runs, but Click does not turn it into an ``Abort``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame: object) -> NoReturn:
    # A second Ctrl-C or SIGTERM must not cut short the removal of temporary files the first
    # one started; the handlers in place before the run come back when it ends.
    for other in (signal.SIGINT, signal.SIGTERM):
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """SIGINT and SIGTERM raise ``Interrupted`` while the command runs (a SIGINT the shell told
    ronten to ignore, as for a background job, stays ignored)."""
    wanted = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        wanted.append(signal.SIGINT)
    try:
        previous = {signum: signal.signal(signum, _interrupt) for signum in wanted}
    except ValueError:  # not the main thread: Python delivers no signals here to begin with
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _internal_error(exc: BaseException) -> int:
    """A bug: one line that says so and how to see where, or the traceback with RONTEN_DEBUG=1."""
    bug = f"{type(exc).__name__}: {exc}"
    if os.environ.get("RONTEN_DEBUG", "") in ("", "0"):
        say(
            _(
                "ronten: internal error: {error} (a bug in ronten; please report it; "
                "RONTEN_DEBUG=1 shows where it happened)"
            ).format(error=bug)
        )
    else:
        import traceback

        echo("".join(traceback.format_exception(exc)), err=True, end="")
        say(_("ronten: internal error: {error} (a bug in ronten; please report it)").format(error=bug))
    return INTERNAL


def run(app: click.Group, args: list[str]) -> int:
    """Run ``app`` on ``args`` and return the exit code, having reported any failure."""
    try:
        with _signals_unwind():
            # standalone_mode=False hands usage errors back to us instead of printing click's box,
            # and returns the code of a command's ``Exit`` instead of exiting.
            code = app.main(args or ["--help"], prog_name="ronten", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError:  # 'ronten templates': its help, as 'ronten' alone
        return 0  # the help page is printed already, as it was drawn
    except click.UsageError as exc:
        ctx = exc.ctx
        command = ctx.command_path if ctx is not None else _command_path(app, args)
        error(
            _("{message} (see '{command} --help')").format(message=usage_message(exc, args), command=command)
        )
        return BAD_INPUT
    except RontenError as exc:
        error(str(exc))
        return BAD_INPUT
    except (Interrupted, KeyboardInterrupt, click.Abort) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        say(_("ronten: terminated") if signum == signal.SIGTERM else _("ronten: interrupted"))
        return 128 + signum
    except OSError as exc:
        if exc.filename is None:
            return _internal_error(exc)
        # The system refused a file ronten was asked to use (a name too long for the file
        # system, a permission): that file is at fault, not ronten.
        error(
            _("{path}: cannot use this file ({reason})").format(
                path=os.fsdecode(exc.filename), reason=exc.strerror or exc
            )
        )
        return BAD_INPUT
    except Exception as exc:  # a bug must still reach the user as one line, not a traceback
        return _internal_error(exc)
    return code if isinstance(code, int) else 0
