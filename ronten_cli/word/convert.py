""".doc, .odt and .rtf into .docx through LibreOffice headless, when it is installed.

LibreOffice reads these formats better than any Python library, so it is run once per file with
fixed arguments, a private throw-away profile (a user's running LibreOffice or a parallel run
does not interfere) and a time limit; a file it cannot convert is one error line.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError

TIMEOUT = 120
_NAMES = {"doc": "Word 97-2003 (.doc)", "odt": "OpenDocument (.odt)", "rtf": "RTF (.rtf)"}


def soffice() -> str | None:
    """The LibreOffice program on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, name: str, kind: str) -> bytes:
    """The .docx LibreOffice makes of ``data``, a ``kind`` (doc, odt, rtf) file called ``name``."""
    program = soffice()
    if program is None:
        raise InputError(
            f"{name}: LibreOffice is needed to read {_NAMES[kind]} files; install it, or save the "
            "file as .docx in Word",
            path=name,
        )
    with tempfile.TemporaryDirectory(prefix="ronten-") as folder:
        work = Path(folder)
        source = work / f"input.{kind}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            # A session of its own, so a timeout stops soffice.bin as well as the soffice script.
            with subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            ) as process:
                try:
                    process.wait(timeout=TIMEOUT)
                except subprocess.TimeoutExpired:
                    if hasattr(os, "killpg"):
                        os.killpg(process.pid, signal.SIGKILL)
                    else:  # Windows has no process groups to kill; the program itself goes
                        process.kill()
                    process.wait()
                    raise InputError(
                        f"{name}: LibreOffice did not convert it within {TIMEOUT} seconds", path=name
                    ) from None
        except OSError as exc:
            raise InputError(
                f"{name}: LibreOffice could not be run ({exc.strerror or exc})", path=name
            ) from None
        result = work / "out" / "input.docx"
        if not result.is_file():
            raise InputError(
                f"{name}: LibreOffice could not convert it to .docx (damaged or password-protected?)",
                path=name,
            )
        return result.read_bytes()
