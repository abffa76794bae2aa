"""LibreOffice headless, ronten's PDF engine: finding it, and converting documents in one start-up.

ronten does not typeset PDF itself: LibreOffice renders the very .docx ronten writes (and a
meeting's .xlsx/.pptx materials) through its documented PDF export filter. Starting LibreOffice
costs seconds, so every document of a run goes through one ``soffice --convert-to`` call.

Each call gets a private temporary user profile (``-env:UserInstallation``): with the user's own
profile, a LibreOffice window already open would take the request over (or lock the profile), and
two ronten runs would wait on each other. LibreOffice runs in a process group of its own, so a
timeout or Ctrl-C stops all of it (``soffice`` is a launcher with ``soffice.bin`` below it) before
the temporary folder is removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConversionError
from .i18n import N_, _
from .signatures import OLE, RTF, ZIP

ENV_SOFFICE = "RONTEN_SOFFICE"
ENV_TIMEOUT = "RONTEN_PDF_TIMEOUT"
DEFAULT_TIMEOUT = 300.0

# What LibreOffice converts for ronten: Word, Excel and PowerPoint files, old and new, and their
# OpenDocument counterparts; the LibreOffice module that opens each (which names the package to
# install) and how the file starts. LibreOffice opens what it does not recognise as plain text, so
# a damaged .docx would come out as a page of its own bytes: the first bytes are checked first.
_KINDS = {
    ".docx": ("Writer", ZIP),
    ".doc": ("Writer", OLE),
    ".odt": ("Writer", ZIP),
    ".rtf": ("Writer", RTF),
    ".xlsx": ("Calc", ZIP),
    ".xls": ("Calc", OLE),
    ".ods": ("Calc", ZIP),
    ".pptx": ("Impress", ZIP),
    ".ppt": ("Impress", OLE),
    ".odp": ("Impress", ZIP),
}
CONVERTIBLE = tuple(_KINDS)

INSTALL = N_(
    "install LibreOffice 7.4 or later (Debian/Ubuntu: sudo apt install libreoffice-writer-nogui; "
    "Windows and macOS: https://www.libreoffice.org/download/) or set RONTEN_SOFFICE to its soffice "
    "program; --to docx works without it"
)


def _installed() -> list[Path]:
    """Where LibreOffice's own installers put soffice, which they do not add to PATH."""
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    for variable in ("ProgramFiles", "ProgramFiles(x86)"):
        if os.environ.get(variable):
            places.append(Path(os.environ[variable]) / "LibreOffice" / "program" / "soffice.exe")
    return places


def find_soffice() -> str:
    """The LibreOffice program: ``RONTEN_SOFFICE``, else ``soffice`` or ``libreoffice`` on PATH,
    else where the Windows and macOS installers put it. Raises ``ConversionError`` naming what
    to install when there is none."""
    chosen = os.environ.get(ENV_SOFFICE)
    if chosen:
        path = Path(chosen)
        if not path.is_file() or not os.access(path, os.X_OK):
            raise ConversionError(
                _("{setting}: no such program; {install}").format(
                    setting=f"{ENV_SOFFICE}={chosen}", install=_(INSTALL)
                ),
                field=ENV_SOFFICE,
            )
        return chosen
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in _installed():
        if path.is_file():
            return str(path)
    raise ConversionError(
        _("PDF output needs LibreOffice, which was not found: {install}").format(install=_(INSTALL))
    )


def configured_timeout() -> float:
    """Seconds one LibreOffice run may take: ``RONTEN_PDF_TIMEOUT``, else 300."""
    value = os.environ.get(ENV_TIMEOUT)
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        # A setting of the environment, not of the command line: the conversion cannot start.
        raise ConversionError(
            _("{setting}: expected a number of seconds, e.g. {example}").format(
                setting=f"{ENV_TIMEOUT}={value}", example=f"{ENV_TIMEOUT}=600"
            ),
            field=ENV_TIMEOUT,
        )
    return seconds


def filter_options(*, pdfa: bool = False) -> str:
    """The PDF export filter's options as the JSON ``--convert-to`` takes since LibreOffice 7.4:
    tagged (for screen readers), headings as bookmarks, the title in the viewer's title bar, and
    PDF/A-2b (``SelectPdfVersion`` 2) when ``pdfa``, else the filter's default version."""
    options = {
        "UseTaggedPDF": ("boolean", "true"),
        "ExportBookmarks": ("boolean", "true"),
        "DisplayPDFDocumentTitle": ("boolean", "true"),
        "SelectPdfVersion": ("long", "2" if pdfa else "0"),
    }
    return json.dumps(
        {name: {"type": kind, "value": value} for name, (kind, value) in options.items()},
        separators=(",", ":"),
    )


@dataclass(frozen=True)
class Document:
    """One document to convert: ``data`` is its bytes or its file; ``name`` is what messages call it."""

    name: str
    data: bytes | Path
    suffix: str = ".docx"


@dataclass(frozen=True)
class Converted:
    """What became of one document: its PDF, or a one-line ``problem`` naming it."""

    name: str
    pdf: bytes | None
    problem: str = ""


def convert(
    documents: Sequence[Document], *, pdfa: bool = False, timeout: float | None = None
) -> list[Converted]:
    """Convert every document to PDF in one LibreOffice run; results in the order given.

    A document LibreOffice cannot open is a ``Converted`` with a problem, and the others are still
    converted. Raises ``ConversionError`` when LibreOffice is missing, runs out of ``timeout``
    seconds (default ``configured_timeout()``), or fails without converting anything.
    """
    soffice = find_soffice()
    limit = configured_timeout() if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="ronten-pdf-", ignore_cleanup_errors=True) as temp:
        work = Path(temp)
        inbox, outbox = work / "in", work / "out"
        inbox.mkdir()
        results: list[Converted | None] = []
        inputs: list[Path] = []
        for index, document in enumerate(documents):
            # Numbered names: the materials' own names may clash (two 名簿.xlsx) or confuse the
            # command line, and LibreOffice names each PDF after its input.
            path = inbox / f"{index:03d}{document.suffix.lower()}"
            problem = _place(document, path)
            results.append(Converted(document.name, None, problem) if problem else None)
            if not problem:
                inputs.append(path)
        if not inputs:
            return [result for result in results if result is not None]
        command = _command(
            soffice, work, f"pdf:writer_pdf_Export:{filter_options(pdfa=pdfa)}", outbox, inputs
        )
        code, errors = _run(command, limit)
        made = {pdf.stem for pdf in outbox.glob("*.pdf")} if outbox.is_dir() else set()
        # LibreOffice exits 0 even when it cannot open a file; it says so on stderr. Anything
        # else that leaves no PDF at all means LibreOffice itself did not work.
        if not made and (code != 0 or "could not be loaded" not in errors):
            said = errors.strip().splitlines()
            detail = said[-1] if said else _("exit status {code}").format(code=code)
            raise ConversionError(
                _("LibreOffice ({program}) converted nothing: {detail}").format(
                    program=soffice, detail=detail
                )
            )
        done: list[Converted] = []
        for index, (document, result) in enumerate(zip(documents, results, strict=True)):
            if result is not None:
                done.append(result)
            elif f"{index:03d}" in made:
                done.append(Converted(document.name, (outbox / f"{index:03d}.pdf").read_bytes()))
            else:
                done.append(Converted(document.name, None, _cannot_open(document)))
        return done


def to_docx(document: Document, *, timeout: float | None = None) -> bytes:
    """A .doc, .odt or .rtf ``document`` as the .docx LibreOffice makes of it, for the Word reader.

    Raises ``ConversionError`` when LibreOffice is missing, runs out of ``timeout`` seconds, or
    cannot open the document.
    """
    try:
        soffice = find_soffice()
    except ConversionError:
        if os.environ.get(ENV_SOFFICE):
            raise
        raise ConversionError(
            _(
                "{name}: LibreOffice is needed to read {suffix} files and was not found; install it "
                "(Debian/Ubuntu: sudo apt install libreoffice-writer-nogui; Windows and macOS: "
                "https://www.libreoffice.org/download/), or save the file as .docx in Word"
            ).format(name=document.name, suffix=document.suffix)
        ) from None
    limit = configured_timeout() if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="ronten-docx-", ignore_cleanup_errors=True) as temp:
        work = Path(temp)
        source = work / f"input{document.suffix.lower()}"
        problem = _place(document, source)
        if problem:
            raise ConversionError(problem)
        command = _command(soffice, work, "docx:MS Word 2007 XML", work / "out", [source])
        _run(command, limit, product=N_("no document was written"))
        result = work / "out" / "input.docx"
        if not result.is_file():
            raise ConversionError(_cannot_open(document))
        return result.read_bytes()


def _command(soffice: str, work: Path, target: str, outdir: Path, inputs: Sequence[Path]) -> list[str]:
    """The ``soffice`` call converting ``inputs`` to ``target`` in ``outdir``, with a private
    profile in ``work``."""
    return [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        *map(str, inputs),
    ]


def _place(document: Document, path: Path) -> str:
    """Put ``document`` at ``path`` for LibreOffice; what is wrong with it, or ``""``."""
    suffix = document.suffix.lower()
    if suffix not in _KINDS:
        return _("{path}: LibreOffice converts only {suffixes} files").format(
            path=document.name, suffixes=", ".join(CONVERTIBLE)
        )
    try:
        if isinstance(document.data, Path):
            with document.data.open("rb") as stream:
                start = stream.read(8)
            shutil.copyfile(document.data, path)
        else:
            start = document.data[:8]
            path.write_bytes(document.data)
    except OSError as exc:
        return _("{path}: cannot read ({reason})").format(path=document.name, reason=exc.strerror or exc)
    if not start.startswith(_KINDS[suffix][1]):
        return _("{path}: not a {suffix} file (its content is something else, or damaged)").format(
            path=document.name, suffix=suffix
        )
    return ""


def _cannot_open(document: Document) -> str:
    module = _KINDS[document.suffix.lower()][0]
    return _(
        "{path}: LibreOffice could not open it (is it a valid {suffix} file, and is LibreOffice "
        "{module} installed? Debian/Ubuntu: {package})"
    ).format(
        path=document.name,
        suffix=document.suffix.lower(),
        module=module,
        package=f"libreoffice-{module.lower()}-nogui",
    )


def _run(command: list[str], timeout: float, product: str = N_("no PDF was written")) -> tuple[int, str]:
    """Run LibreOffice; its exit status and what it said on stderr. On timeout or any interruption
    (Ctrl-C) the whole process group is stopped before the exception goes on. ``product`` says what
    a timeout leaves unwritten."""
    group: dict[str, Any] = (
        {"start_new_session": True}
        if os.name == "posix"
        else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    )
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **group
        )
    except OSError as exc:
        raise ConversionError(
            _("{program}: cannot run LibreOffice ({reason})").format(
                program=command[0], reason=exc.strerror or exc
            )
        ) from None
    with process:
        try:
            _output, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise ConversionError(
                _(
                    "LibreOffice did not finish within {seconds:g} s and was stopped; {product} "
                    "(a large document may need more: set {setting})"
                ).format(seconds=timeout, product=_(product), setting=f"{ENV_TIMEOUT}=SECONDS"),
                field=ENV_TIMEOUT,
            ) from None
        except BaseException:
            _stop(process)
            raise
    return process.returncode, errors.decode("utf-8", "replace")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and everything it started, and wait until they are gone."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    process.kill()
    process.wait()
    if os.name != "posix":
        return
    # soffice.bin is the launcher's child: it may outlive the launcher by a moment, still writing
    # into the profile that is about to be removed.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)
