"""Writing results safely: atomically, and never over an input.

A crash or a full disk mid-write must leave the previous file intact, so every output goes to a
temporary file in the same folder and is renamed over the target only when complete.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError
from .i18n import _


def _failed(message: str, path: str | Path, exc: OSError) -> OutputError:
    """The error for ``exc`` at ``path``: ``message`` names ``{path}`` and the ``{reason}``."""
    return OutputError(message.format(path=path, reason=exc.strerror or exc), path=path)


def refuse_inputs(target: Path, inputs: Iterable[str | Path]) -> None:
    """Raise ``OutputError`` if ``target`` is one of ``inputs`` (the same file, however it is named)."""
    for source in inputs:
        source_path = Path(source)
        if not source_path.exists() or not target.exists():
            if source_path.resolve() == target.resolve():
                raise OutputError(
                    _("{path}: refusing to overwrite the input file").format(path=target), path=target
                )
            continue
        if os.path.samefile(source_path, target):
            raise OutputError(
                _("{path}: refusing to overwrite the input file {input}").format(path=target, input=source),
                path=target,
            )


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) when it does not exist yet."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(_("{path}: cannot create the output folder ({reason})"), folder, exc) from None


def write_atomic(target: str | Path, data: bytes | str, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write ``data`` (text is written as UTF-8) to the file ``target``.

    Interrupted by any exception, Ctrl-C and SIGTERM included (the CLI raises those as
    exceptions), it removes its temporary file and leaves ``target`` as it was.
    """
    if str(target) == "-":
        raise ValueError("write_atomic writes files; standard output is for the command line to write")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path = _destination(target, inputs)
        if path.exists() and not path.is_file():
            # A device or a pipe (/dev/null, /dev/stdout) cannot be renamed over: that would put a
            # plain file in its place. Write into it; there is no old content to keep safe.
            with path.open("wb") as stream:
                stream.write(payload)
            return
    except OSError as exc:  # a name too long for the file system, a folder that cannot be read
        raise _failed(_("{path}: cannot write ({reason})"), target, exc) from None
    _replace(path, payload)


def _destination(target: str | Path, inputs: Iterable[str | Path]) -> Path:
    """The file to write for ``target``: refused when it is an input or a folder, or its folder is
    missing; the file a symbolic link points to."""
    path = Path(target)
    refuse_inputs(path, inputs)
    if path.is_dir():
        raise OutputError(_("{path}: is a folder; name a file to write").format(path=path), path=path)
    if str(target).endswith(("/", os.sep)):  # Path() drops the slash: 'new/' would become a file 'new'
        raise OutputError(_("{path}: names a folder; name a file to write").format(path=target), path=target)
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            _("{path}: cannot write: {folder} is a file, not a folder").format(path=path, folder=folder),
            path=path,
        )
    if not folder.is_dir():
        raise OutputError(
            _("{path}: cannot write: folder {folder} does not exist").format(path=path, folder=folder),
            path=path,
        )
    # Replace the file a link points to and keep the link, as ``ronten fmt`` does in place.
    return path.resolve() if path.is_symlink() else path


def _replace(path: Path, payload: bytes) -> None:
    """Write ``payload`` to a temporary file beside ``path`` and rename it over ``path``."""
    temp: str | None = None
    try:
        # Only the start of the name: ".NAME.xxxx.tmp" of a name at the file system's length
        # limit would itself be too long.
        handle, temp = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _failed(_("{path}: cannot write ({reason})"), path, exc) from None
        raise


def write_folder(
    folder: str | Path, files: Iterable[tuple[str, bytes | str]], *, inputs: Iterable[str | Path] = ()
) -> list[Path]:
    """Write ``files`` (name and data; text as UTF-8) into ``folder``, all of them or none.

    They are written into a temporary folder next to ``folder`` first, and moved into place only
    when every one succeeded: the temporary folder is renamed to ``folder`` when that does not exist
    yet, else each file is renamed into it (a rename in one folder does not run out of space).
    A failure leaves ``folder`` as it was and no temporary folder behind. Returns the paths written.
    """
    target = Path(folder)
    files = list(files)
    paths = [target / name for name, _data in files]
    inputs = list(inputs)
    path = target
    try:  # a name too long for the file system fails even to be looked up
        if target.exists() and not target.is_dir():
            raise OutputError(_("{path}: is a file, not a folder").format(path=target), path=target)
        for path in paths:
            refuse_inputs(path, inputs)
            if path.is_dir():
                raise OutputError(
                    _("{path}: is a folder; cannot write a file in its place").format(path=path), path=path
                )
    except OSError as exc:
        raise _failed(_("{path}: cannot write ({reason}); nothing was written"), path, exc) from None
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=".ronten-", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _failed(_("{path}: cannot create the folder ({reason})"), target, exc) from None
    try:
        for (name, data), path in zip(files, paths, strict=True):
            try:
                (temp / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            except OSError as exc:
                raise _failed(_("{path}: cannot write ({reason}); nothing was written"), path, exc) from None
        try:
            if target.is_dir():
                for name, _data in files:
                    os.replace(temp / name, target / name)
                temp.rmdir()
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o777 & ~umask)  # mkdtemp makes it private to its owner
                os.rename(temp, target)
        except OSError as exc:
            raise _failed(_("{path}: cannot move the files into place ({reason})"), target, exc) from None
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return paths
