"""Reading outlines: a file, standard input or a git ``REV:path``; encodings and newlines.

Everything here turns bytes into one ``str`` with ``\\n`` newlines, or raises ``InputError`` with a
one-line message that names the input. A ``REV:path`` is read from git only when the caller asks
(``git=True``, as the CLI does): a library user's path that happens to hold a colon must not run git.
git gets the name only after ``--end-of-options`` and must find a blob there, so a name starting
with ``-`` can never become an option (``--output=FILE`` would have git write anywhere).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

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


@dataclass(frozen=True, slots=True)
class Source:
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
                    f"{name}: not valid {encoding} text despite its byte order mark ({exc.reason})"
                ) from None
            if "\x00" in text:
                raise InputError(f"{name}: binary file, not a text outline (a NUL character in {encoding})")
            return _normalise(name, text, encoding, True)
    if b"\x00" in data:
        raise InputError(f"{name}: binary file, not a text outline")
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
            f"{name}:{line}: UTF-8 with an encoded surrogate (CESU-8, as some Java and database tools "
            "write it), not text ronten can keep; save the file as plain UTF-8"
        )
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        raise InputError(f"{name}: neither UTF-8 nor CP932 (Shift_JIS) text") from None
    before = data[: flaw.start].decode("utf-8")
    if sum(1 for ch in before if ch >= "\u0800") >= _UTF8_EVIDENCE:
        raise InputError(
            f"{name}:{line}: not valid UTF-8 ({flaw.reason} at byte {flaw.start}), though the text "
            "before it is; the file may be cut short or damaged"
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
        raise InputError(f"{spec}: is a folder, not an outline file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if git and _looks_like_revision(spec):
            return _git_show(spec)
        raise InputError(f"{spec}: no such file") from None
    except OSError as exc:
        raise InputError(f"{spec}: cannot read ({exc.strerror or exc})") from None
    except ValueError:  # a NUL in the name, which no file can have
        raise InputError(f"{spec!r}: no such file (the name holds a NUL character)") from None


def read(spec: str, *, git: bool = False) -> Source:
    """Read and decode one input (``git``: see ``read_bytes``)."""
    return decode(read_bytes(spec, git=git), "<stdin>" if spec == "-" else spec)


def _looks_like_revision(spec: str) -> bool:
    rev, sep, path = spec.partition(":")
    # A Windows drive letter ("C:\\x") is a path, not a revision.
    return bool(sep and rev and path) and not (len(rev) == 1 and path[:1] in ("\\", "/"))


def _git_show(spec: str) -> bytes:
    rev, _, path = spec.partition(":")
    if rev.startswith("-") or path.startswith("-"):
        raise InputError(
            f"{spec}: no such file, nor a git revision and path (a revision or path starting with '-' "
            "is refused: git would read it as an option)"
        )
    if ".." in rev:
        raise InputError(
            f"{spec}: no such file, nor a git revision and path ({rev} is a range of revisions, not "
            f"one version; name one, e.g. HEAD~1:{path})"
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
                what = "a folder" if found == "tree" else f"a git {found}"
                raise InputError(f"{spec}: is {what} in {rev}, not an outline file")
            done = _git(spec, "blob", candidate)
            if done.returncode == 0:
                return done.stdout
            kind = done
        lines = kind.stderr.decode("utf-8", "replace").strip().splitlines()
        last = lines[-1] if lines else last
    raise InputError(f"{spec}: no such file, nor a git revision and path ({last or 'git cat-file failed'})")


def _git(spec: str, mode: str, name: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "cat-file", mode, "--end-of-options", name],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C"},
        )
    except OSError:
        raise InputError(f"{spec}: no such file, and git is not available to read it as REV:path") from None
