"""How a run ends: every failure becomes one line on stderr and an exit code.

0 success, 1 findings (``check``, ``fmt --check``, ``diff``), 2 bad input or a usage mistake,
3 a bug in ronten, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). A usage error is
reworded into ronten's one-line style instead of click's box.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
from typing import TYPE_CHECKING, NoReturn

import typer

from ..errors import RontenError
from ..i18n import N_, _, quoted
from .terminal import echo, error, say

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

BAD_INPUT = 2
INTERNAL = 3


@functools.cache
def _click_command(app: typer.Typer):  # returns a click Command, of the click Typer keeps private
    """The click command Typer builds from ``app``, built once: a process that runs several
    commands (a test suite, a program calling ``main``) would rebuild it on every call."""
    return typer.main.get_command(app)


def _command_path(app: typer.Typer, args: Sequence[str]) -> str:
    """'ronten templates export' for the words of ``args`` that name commands (for errors click
    raises before it knows the command)."""
    command = _click_command(app)
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
    (r"(?:Value error, )?'.*' is not one of (?P<choices>.*?)\.?", N_("not one of {choices}")),
    (r"Input should be greater than or equal to (?P<number>.*)", N_("must be {number} or more")),
    (r"Input should be a valid integer.*", N_("not a whole number")),
]
# click's usage errors, in ronten's words (the Click Typer vendors has no translations of its own).
_USAGE = [
    (r"No such option: (?P<option>.*)", N_("no such option: {option}")),
    (r"Missing argument '(?P<argument>[^']+)'\.", N_("missing argument {argument}")),
    (r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)", N_("too many arguments: {arguments}")),
    (r"Option '(?P<option>[^']+)' does not take a value\.", N_("option '{option}' does not take a value")),
    (r"Option '(?P<option>[^']+)' requires an argument\.", N_("option '{option}' requires an argument")),
    (
        r"Option '(?P<option>[^']+)' requires (?P<count>\d+) arguments\.",
        N_("option '{option}' requires {count} arguments"),
    ),
    (r"No such command '(?P<command>.*)'\.", N_("no such command '{command}'")),
    (r"Missing command\.", N_("missing command")),
]


def _reword(message: str, table: list[tuple[str, str]]) -> str:
    """``message`` as the first entry of ``table`` whose pattern it matches says it, in the user's
    language; any other message lower case and without click's full stop."""
    for pattern, reworded in table:
        m = re.fullmatch(pattern, message, re.S)
        if m is not None:
            fields = m.groupdict()
            if "choices" in fields:
                fields["choices"] = quoted(re.findall(r"'([^']*)'", fields["choices"]))
            if "argument" in fields:
                fields["argument"] = fields["argument"].upper()
            return _(reworded).format(**fields)
    return message[:1].lower() + message[1:].removesuffix(".")


def usage_message(exc: typer.TyperException, args: Sequence[str]) -> str:
    """A usage error as one line in the style of ronten's own messages: the option and the value
    it was given, and what is wrong."""
    param = getattr(exc, "param", None)
    guesses = getattr(exc, "possibilities", None)
    if type(exc) is typer.BadParameter and param is not None and param.opts:
        detail = _reword(str(exc.message), _BAD_VALUE)
        value = _given(args, [*param.opts, *param.secondary_opts])
        message = f"{param.opts[0]}{'' if value is None else f' {value}'}: {detail}"
    else:  # the guesses of a misspelt option are added below, in ronten's words
        message = _reword(str(exc.message) if guesses else exc.format_message(), _USAGE)
    if guesses:
        message = _("{message} (did you mean {options}?)").format(
            message=message, options=", ".join(sorted(guesses))
        )
    return message


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM: unwinds like KeyboardInterrupt, so every ``finally`` and
    every cleanup of a temporary file runs, but Typer does not turn it into a silent exit 130."""

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


def run(app: typer.Typer, args: list[str]) -> int:
    """Run ``app`` on ``args`` and return the exit code, having reported any failure."""
    try:
        with _signals_unwind():
            # standalone_mode=False hands usage errors back to us instead of printing click's box.
            code = _click_command(app).main(args or ["--help"], prog_name="ronten", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # click's usage errors, as Typer re-exports them
        if type(exc).__name__ == "NoArgsIsHelpError":  # 'ronten templates': its help, as 'ronten' alone
            echo(exc.format_message(), end="")  # empty when rich has printed the help already
            return 0
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else _command_path(app, args)
        error(
            _("{message} (see '{command} --help')").format(message=usage_message(exc, args), command=command)
        )
        return BAD_INPUT
    except RontenError as exc:
        error(str(exc))
        return BAD_INPUT
    except (Interrupted, KeyboardInterrupt, typer.Abort) as exc:
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
