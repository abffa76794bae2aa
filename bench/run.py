#!/usr/bin/env python3
"""Run every benchmark in bench/ and print one table of medians and notes.

usage: python bench/run.py [--repeat N] [--only NAME] [--gen PATH]

Each ``bench/bench_*.py`` module defines
``benchmarks(workdir: pathlib.Path, repeat: int) -> list[tuple[str, float, str]]`` returning rows of
(name, median seconds, note). Before they run, this script writes the standard synthetic
outlines into ``workdir`` (``common.SIZES``) with ``gen_outline.py`` from the ``shared/`` folder
next to the repository (or ``--gen``). See bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import subprocess
import sys
import tempfile
import time

from common import ROOT, generate

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_GEN = ROOT.parent / "shared" / "bench" / "gen_outline.py"


def discover(only: str | None) -> list[tuple[str, pathlib.Path]]:
    found = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only is None or only in (name, path.stem):
            found.append((name, path))
    return found


def load(path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_module(path: pathlib.Path, workdir: pathlib.Path, repeat: int) -> list[tuple[str, float, str]]:
    """The rows of one module, run in a Python process of its own.

    A child process started from a parent that has parsed the 132k-line outline reports the
    parent's memory as its own peak (fork shares the pages until exec), and the parent's heap
    would slow the next module's in-process stages: each module starts clean.
    """
    command = [sys.executable, __file__, "--module", str(path), "--workdir", str(workdir)]
    done = subprocess.run([*command, "--repeat", str(repeat)], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{path.name} failed:\n{done.stderr}")
    return [(name, median, note) for name, median, note in json.loads(done.stdout)]


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run ronten's benchmarks and print one table.")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is shown")
    parser.add_argument("--only", help="run only bench_NAME.py (NAME or bench_NAME)")
    parser.add_argument("--gen", type=pathlib.Path, default=DEFAULT_GEN, help="path of gen_outline.py")
    parser.add_argument("--module", type=pathlib.Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=pathlib.Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.module is not None:  # run_module's child: one module's rows as JSON
        print(json.dumps(load(args.module).benchmarks(args.workdir, args.repeat)))
        return 0
    if not args.gen.is_file():
        parser.error(f"{args.gen}: gen_outline.py not found; pass --gen PATH")
    modules = discover(args.only)
    if not modules:
        parser.error(f"no bench/bench_{args.only}.py")
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="ronten-bench-") as folder:
        workdir = pathlib.Path(folder)
        generate(args.gen, workdir)
        for name, path in modules:
            started = time.perf_counter()
            for row_name, median, note in run_module(path, workdir, args.repeat):
                rows.append((f"{name}: {row_name}", seconds(median), note))
            print(f"ran bench_{name}.py in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    widths = [max(len(row[i]) for row in [("benchmark", "median", "note"), *rows]) for i in range(2)]
    print(f"{'benchmark':<{widths[0]}}  {'median':>{widths[1]}}  note")
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
