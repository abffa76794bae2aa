"""What every ``bench_*.py`` module shares: the synthetic outlines, the ``ronten`` command, timing.

``bench/run.py`` puts this folder on ``sys.path`` (it is the script's own folder), so a module
loaded by it imports these as ``import common``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Size name -> gen_outline.py arguments (TOPICS SECTIONS BULLETS, and --blocks for paragraphs,
# tables and ※ notes under the items, as real memos carry).
SIZES = {
    "13k": ("100", "10", "10"),
    "132k": ("1000", "10", "10"),
    "18k-blocks": ("100", "10", "10", "--blocks"),
    "176k-blocks": ("1000", "10", "10", "--blocks"),
}
# Each large outline and the small one of the same shape it is compared with (linear: ~10x).
SMALLER = {"132k": "13k", "176k-blocks": "18k-blocks"}
# Commands run with bytecode caching on, as after ``pip install``, even when the calling
# environment sets PYTHONDONTWRITEBYTECODE.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def outline(workdir: Path, size: str) -> Path:
    """The synthetic outline of ``size`` (a key of ``SIZES``) that run.py wrote into ``workdir``."""
    return workdir / f"outline-{size}.md"


def generate(gen: Path, workdir: Path) -> None:
    """Write every outline of ``SIZES`` into ``workdir`` with ``gen_outline.py``."""
    for size, arguments in SIZES.items():
        with open(outline(workdir, size), "wb") as out:
            subprocess.run([sys.executable, str(gen), *arguments], stdout=out, check=True)


def ronten() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m ronten_cli``."""
    script = Path(sys.executable).parent / "ronten"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ronten_cli"]


def run(command: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, int, float]:
    """Wall time, peak resident memory (KiB) and CPU time (user + system) of one child process.

    An exit status outside ``ok`` stops the benchmark with the command's stderr.
    """
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV) as process:
        # os.wait4 rather than Popen.wait: it reports the child's memory and CPU time too.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed (exit {process.returncode}): {stderr.strip()}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def load_average() -> str:
    """The machine's load over the last minute, for the note of a row measured while others ran
    (on 2 cores, a load above 2 means processes waited for a core)."""
    return f"load {os.getloadavg()[0]:.1f}"


def alternate(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median wall time of each action, the actions run in turn so a busy machine slows all alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def cpu_median(action: Callable[[], object], repeat: int) -> float:
    """Median CPU time of ``action`` in this process: other processes of a busy machine do not
    inflate it."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)
