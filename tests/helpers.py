"""What the tests share: the example files, and running ``ronten`` as a user's shell does.

Test modules import from here (and from ``docx_helpers`` for Word files, ``strategies`` for
generated outlines), never from each other or from ``conftest``; the in-process ``ronten`` fixture
lives in ``conftest``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
OUTLINES = ROOT / "outlines"
SEED = OUTLINES / "memo.md"
KOBUN = OUTLINES / "kobun.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")

# The console script of this environment (pip installs it next to the interpreter).
RONTEN = Path(sys.executable).with_name("ronten")


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_ronten(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdout: int | None = subprocess.PIPE,
    timeout: float = 60,
) -> Result:
    """``ronten ARGS...`` in a child process, as a shell runs it (``python -m ronten_cli``, so it
    works without the console script); ``env`` is added to the environment."""
    done = subprocess.run(
        [sys.executable, "-m", "ronten_cli", *map(str, args)],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
        check=False,
    )
    out = done.stdout.decode("utf-8", "replace") if done.stdout is not None else ""
    return Result(done.returncode, out, done.stderr.decode("utf-8", "replace"))


def edited_seed() -> str:
    """The seed memo after a realistic revision: one of each change kind."""
    text = SEED_TEXT
    # A new (2) under 論点1: the old (2) and (3) become (3) and (4).
    text = text.replace(
        "## (2) 都市自治体と市民による共通目的の形成",
        "## (2) 新しい論点の追加\n\n- ・追加された項目その1\n- ・追加された項目その2\n\n"
        "## (3) 都市自治体と市民による共通目的の形成",
    )
    text = text.replace("# (3) デジタル人材の類型化と確保・育成", "# (4) デジタル人材の類型化と確保・育成")
    # A bullet edited.
    text = text.replace(
        "・デジタル人材の確保方法(採用方法の改善・プッシュ型採用の導入)",
        "・デジタル人材の確保方法(採用方法の改善・副業人材の活用・プッシュ型採用の導入)",
    )
    # A bullet deleted.
    text = text.replace("- ・委員会等への市民参加\n", "")
    # A bullet moved from 論点2 (3) to 論点3 (3).
    text = text.replace("- ・シビックテックと地域社会の成熟化 等\n", "")
    text = text.replace(
        "- ・デジタル社会と市民を繋ぐ担い手 等\n",
        "- ・デジタル社会と市民を繋ぐ担い手 等\n- ・シビックテックと地域社会の成熟化 等\n",
    )
    return text


def block_key(block):
    """A block as fmt must keep it: its type, place among its owner's children, mark and Markdown
    (a table: its cells as written, and the alignments it declares). fmt may guard a paragraph
    that would read as an item or a heading behind an empty comment."""
    if block.type == "table":
        return ("table", block.after, block.cells, block.aligns if any(block.aligns) else ())
    return (block.type, block.after, block.mark, block.markdown.removeprefix("<!---->"))


def tree_key(outline, *, block=block_key, text=lambda node: node.text, meta=True):
    """What fmt must keep: every marker kind, number, label (bullets: only that it is one), text,
    block, title, status, meta, preface and notes. ``block`` and ``text`` say what of a block and
    of an item's text counts; without ``meta``, the front matter does not."""

    def node(n):
        label = None if n.marker == "bullet" else n.label
        blocks = tuple(block(b) for b in n.blocks)
        return (n.marker, n.number, label, text(n), blocks, tuple(node(c) for c in n.children))

    return (
        outline.title,
        outline.status,
        *((outline.meta,) if meta else ()),
        tuple(block(p) for p in outline.preface),
        tuple(block(n) for n in outline.notes),
        tuple(node(c) for c in outline.children),
        tuple(block(b) for b in outline.blocks),
    )


# Prints, last, the top-level names of the installed (site-packages) modules the code before it loaded.
_LOADED = """
import sys, sysconfig
from pathlib import Path
site = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
loaded = set()
for name, module in list(sys.modules.items()):
    file = getattr(module, "__file__", None)
    if file and not site.isdisjoint(Path(file).resolve().parents):
        loaded.add(name.partition(".")[0])
print()
print("loaded:", *sorted(loaded))
"""


def modules_loaded_by(code: str, cwd: Path = ROOT) -> set[str]:
    """Every module (dotted name) a fresh Python imports to run ``code``, beyond what it imports
    on its own at start-up."""

    def loaded(prefix: str) -> set[str]:
        probe = "\nimport sys\nprint()\nprint('loaded:', *sorted(sys.modules))"
        done = subprocess.run(
            [sys.executable, "-c", prefix + probe], cwd=cwd, capture_output=True, text=True, check=True
        )
        return set(done.stdout.rpartition("loaded:")[2].split())

    return loaded(code + "\n") - loaded("")


def installed_modules_loaded_by(code: str, cwd: Path = ROOT) -> set[str]:
    """The installed packages a fresh Python imports to run ``code``, beyond what it imports on
    its own at start-up (.pth hooks); this project's own package is not counted."""

    def loaded(prefix: str) -> set[str]:
        done = subprocess.run(
            [sys.executable, "-c", prefix + _LOADED], cwd=cwd, capture_output=True, text=True, check=True
        )
        return set(done.stdout.rpartition("loaded:")[2].split())

    return loaded(code + "\n") - loaded("") - {"ronten_cli"}


def subcommands(command: click.Command) -> dict[str, click.Command]:
    """The sub-commands of a command group by name, in the order its help lists them (each
    imported, as when it runs); none for a command."""
    if not isinstance(command, click.Group):
        return {}
    context = click.Context(command)
    found = {name: command.get_command(context, name) for name in command.list_commands(context)}
    return {name: sub for name, sub in found.items() if sub is not None}
