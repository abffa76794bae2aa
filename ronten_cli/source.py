"""Reading outlines: a file, standard input or a git ``REV:path``; encodings and newlines.

Everything here turns bytes into one ``str`` with ``\\n`` newlines, or raises ``InputError`` with a
one-line message that names the input. A ``REV:path`` is read from git only when the caller asks
(``git=True``, as the CLI does): a library user's path that happens to hold a colon must not run git.
git gets the name only after ``--end-of-options`` and must find a blob there, so a name starting
with ``-`` can never become an option (``--output=FILE`` would have git write anywhere).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import InputError
from .i18n import _

if TYPE_CHECKING:
    import subprocess

# What a file holding an outline is called: a folder of them, or a meeting's material, is read by these.
OUTLINE_SUFFIXES = (".md", ".markdown", ".txt")
# What a Word memo is called (.doc, .odt and .rtf through LibreOffice): a meeting's material with one
# of these is read as an outline when its body has numbered items, and handed on as it is otherwise.
WORD_SUFFIXES = (".docx", ".doc", ".odt", ".rtf")

_BOMS = (
    # UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's, and read as UTF-16 it decodes
    # without complaint into text with a NUL after every character.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Characters from U+0800 up take three bytes in UTF-8; two of them decoded before the first bad
# byte say the file is UTF-8 with a flaw, which CP932 would silently turn into plausible-looking
# nonsense (and ``ronten fmt`` would then save).
_UTF8_EVIDENCE = 2


class Source(NamedTuple):
    """Decoded text plus what was undone to get it (so layout-only differences can be ignored)."""

    name: str
    text: str
    encoding: str
    bom: bool
    newline: str


def decode(data: bytes, name: str) -> Source:
    """Decode ``data``: a BOM decides; else UTF-8, else CP932 (Shift_JIS as Windows writes it)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    _("{path}: not valid {encoding} text despite its byte order mark ({reason})").format(
                        path=name, encoding=encoding, reason=exc.reason
                    ),
                    path=name,
                ) from None
            if "\x00" in text:
                raise InputError(
                    _("{path}: binary file, not a text outline (a NUL character in {encoding})").format(
                        path=name, encoding=encoding
                    ),
                    path=name,
                )
            return _normalise(name, text, encoding, True)
    if b"\x00" in data:
        raise InputError(_("{path}: binary file, not a text outline").format(path=name), path=name)
    try:
        return _normalise(name, data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        flaw = exc
    line = data.count(b"\n", 0, flaw.start) + 1
    try:
        data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        raise InputError(
            _(
                "{path}:{line}: UTF-8 with an encoded surrogate (CESU-8, as some Java and database tools "
                "write it), not text ronten can keep; save the file as plain UTF-8"
            ).format(path=name, line=line),
            path=name,
            line=line,
        )
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        raise InputError(
            _("{path}: neither UTF-8 nor CP932 (Shift_JIS) text").format(path=name), path=name
        ) from None
    before = data[: flaw.start].decode("utf-8")
    if sum(1 for ch in before if ch >= "\u0800") >= _UTF8_EVIDENCE:
        raise InputError(
            _(
                "{path}:{line}: not valid UTF-8 ({reason} at byte {offset}), though the text before it "
                "is; the file may be cut short or damaged"
            ).format(path=name, line=line, reason=flaw.reason, offset=flaw.start),
            path=name,
            line=line,
        )
    return _normalise(name, text, "cp932", False)


def _normalise(name: str, text: str, encoding: str, bom: bool) -> Source:
    if "\r\n" in text:
        newline = "\r\n"
    elif "\r" in text:
        newline = "\r"
    else:
        newline = "\n"
    if newline != "\n" or "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(name, text, encoding, bom, newline)


def read_bytes(spec: str, *, git: bool = False) -> bytes:
    """The bytes of ``spec``: ``-`` for standard input, an existing file, or (with ``git``) a git
    ``REV:path`` naming a file in the repository of the current folder."""
    if spec == "-":
        return sys.stdin.buffer.read()
    path = Path(spec)
    if path.is_dir():
        raise InputError(_("{path}: is a folder, not an outline file").format(path=spec), path=spec)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if git and _looks_like_revision(spec):
            return _git_show(spec)
        raise InputError(_("{path}: no such file").format(path=spec), path=spec) from None
    except OSError as exc:
        raise InputError(
            _("{path}: cannot read ({reason})").format(path=spec, reason=exc.strerror or exc), path=spec
        ) from None
    except ValueError:  # a NUL in the name, which no file can have
        raise InputError(
            _("{path}: no such file (the name holds a NUL character)").format(path=repr(spec)), path=spec
        ) from None


def read(spec: str, *, git: bool = False) -> Source:
    """Read and decode one input (``git``: see ``read_bytes``)."""
    return decode(read_bytes(spec, git=git), "<stdin>" if spec == "-" else spec)


def _looks_like_revision(spec: str) -> bool:
    rev, sep, path = spec.partition(":")
    # A Windows drive letter ("C:\\x") is a path, not a revision.
    return bool(sep and rev and path) and not (len(rev) == 1 and path[:1] in ("\\", "/"))


def _git_show(spec: str) -> bytes:
    rev, _colon, path = spec.partition(":")
    if rev.startswith("-") or path.startswith("-"):
        raise InputError(
            _(
                "{path}: no such file, nor a git revision and path (a revision or path starting with '-' "
                "is refused: git would read it as an option)"
            ).format(path=spec),
            path=spec,
        )
    if ".." in rev:
        raise InputError(
            _(
                "{path}: no such file, nor a git revision and path ({revision} is a range of revisions, "
                "not one version; name one, e.g. HEAD~1:{name})"
            ).format(path=spec, revision=rev, name=path),
            path=spec,
        )
    # "REV:path" in git is relative to the repository root; a user in a sub-folder means the
    # path relative to where they stand, which git spells "REV:./path".
    candidates = [f"{rev}:{path}"] if path.startswith("./") else [f"{rev}:./{path}", f"{rev}:{path}"]
    last = ""
    for candidate in candidates:
        # cat-file, not show: show would run a textconv filter the repository's attributes name.
        kind = _git(spec, "-t", candidate)
        if kind.returncode == 0:
            found = kind.stdout.decode("ascii", "replace").strip()
            if found != "blob":
                what = _("a folder") if found == "tree" else _("a git {kind}").format(kind=found)
                raise InputError(
                    _("{path}: is {what} in {revision}, not an outline file").format(
                        path=spec, what=what, revision=rev
                    ),
                    path=spec,
                )
            done = _git(spec, "blob", candidate)
            if done.returncode == 0:
                return done.stdout
            kind = done
        lines = kind.stderr.decode("utf-8", "replace").strip().splitlines()
        last = lines[-1] if lines else last
    raise InputError(
        _("{path}: no such file, nor a git revision and path ({reason})").format(
            path=spec, reason=last or _("git cat-file failed")
        ),
        path=spec,
    )


def _git(spec: str, mode: str, name: str) -> subprocess.CompletedProcess[bytes]:
    import subprocess  # only a git REV:path needs it: reading a file starts faster without it

    try:
        return subprocess.run(
            ["git", "cat-file", mode, "--end-of-options", name],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C"},
        )
    except OSError:
        raise InputError(
            _("{path}: no such file, and git is not available to read it as REV:path").format(path=spec),
            path=spec,
        ) from None
