"""Where every line of a memo sits, measured where a reader meets it: in LibreOffice's PDF.

The positions are read with ``pdftotext -bbox``: a label and its text are two words (one
full-width space apart), so each line gives its label's start, the label's end and the text's start,
and a wrapped line gives the column it hangs at. The rules (JAPANESE.md section 6): every label
hangs, a numbered child starts one character right of its parent's label and never right of its
parent's text, a ・ sits at its parent's text column, one full-width space follows every label, and
nothing is drawn left of its parent however deep the outline goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import pytest

from ronten_cli import load
from ronten_cli.model import Node
from ronten_cli.render import render
from ronten_cli.render.docx import DocxOptions, markdown_to_docx
from ronten_cli.render.layout import INDENT_CAP

from .docx_helpers import Box, documents_to_pdf, needs_libreoffice, pdf_lines
from .helpers import ROOT

DEEP = ROOT / "outlines" / "deep-memo.md"
EM = 10.5  # points: one character of the body text
TOP_EM = 11.0  # the top level (第1, 論点1) is set at 11 pt
LEFT = 1701 / 20  # the left margin, in points
CAP = INDENT_CAP / 20
NEAR = 0.75  # points: what LibreOffice's rounding of positions may add


@dataclass
class Placed:
    """One item as printed: its label's start and end, its text column and its wrapped lines."""

    node: Node
    parent: Placed | None
    start: float
    label_end: float
    text: float
    wrapped: list[float]


def _placed(nodes: tuple[Node, ...], lines: list[list[Box]]) -> list[Placed]:
    """Find each item's lines in document order: its first line starts with its label (a numbered
    one as a word of its own), and the lines up to the next item's are its wrapped lines."""
    found: list[Placed] = []
    queue = [(node, None) for node in reversed(nodes)]
    position = 0
    current: Placed | None = None
    while queue:
        node, parent = queue.pop()
        bullet = node.marker == "bullet"
        while position < len(lines):
            words = lines[position]
            position += 1
            head = words[0].text
            starts = (
                head.startswith("・" + node.text[:4])
                if bullet
                else head == node.label and len(words) > 1 and words[1].text.startswith(node.text[:4])
            )
            if starts:
                break
            if current is not None and len(words) == 1 and not head.isdigit():  # not the page number
                current.wrapped.append(words[0].left)
        else:
            pytest.fail(f"{node.label} {node.text} not found in the PDF")
        first = lines[position - 1]
        start = first[0].left
        if bullet:
            current = Placed(node, parent, start, start + EM, start + EM, [])
        else:
            current = Placed(node, parent, start, first[0].right, first[1].left, [])
        found.append(current)
        queue.extend((child, current) for child in reversed(node.children))
    return found


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> list[Placed]:
    outline = load(str(DEEP))
    data = render(outline).data
    assert isinstance(data, bytes)
    pdf = documents_to_pdf(tmp_path_factory.mktemp("deep"), {"deep": data})["deep"]
    return _placed(outline.children, pdf_lines(pdf))


def test_the_deep_memo_uses_every_level_and_bullets_under_most_of_them():
    kinds = {node.marker for node in load(str(DEEP)).walk()}
    assert kinds == {
        "dai",
        "arabic",
        "paren_arabic",
        "katakana",
        "paren_katakana",
        "latin",
        "paren_latin",
        "bullet",
    }
    parents = {
        node.marker for node in load(str(DEEP)).walk() if "bullet" in {c.marker for c in node.children}
    }
    assert len(parents - {"bullet"}) >= 6


@needs_libreoffice
def test_every_label_hangs_one_full_width_space_before_its_text(deep: list[Placed]):
    wrapped = 0
    for item in deep:
        em = TOP_EM if item.node.marker == "dai" else EM
        if item.node.marker != "bullet":
            gap = item.text - item.label_end
            assert em - 1.5 <= gap <= em + 1.5, (item.node.label, item.node.text, gap)
        for column in item.wrapped:
            wrapped += 1
            assert abs(column - item.text) <= NEAR, (item.node.label, item.node.text, column, item.text)
    assert wrapped >= 4  # items, bullets and headings that wrap, at several levels


@needs_libreoffice
def test_a_child_starts_right_of_its_parent_label_and_not_past_its_text(deep: list[Placed]):
    for item in deep:
        parent = item.parent
        if parent is None:
            assert abs(item.start - LEFT) <= NEAR, item.node.text
            continue
        where = (item.node.label, item.node.text)
        assert parent.start + 1 < item.start <= parent.text + NEAR, where
        if item.node.marker == "bullet":
            # A ・ sits under its own parent's text, whatever the parent's level.
            assert abs(item.start - parent.text) <= NEAR, where
        else:
            assert abs(item.start - parent.start - EM) <= NEAR, where


@needs_libreoffice
def test_siblings_of_one_kind_start_together(deep: list[Placed]):
    starts: dict[tuple[int, str], set[float]] = {}
    for item in deep:
        key = (id(item.parent), item.node.marker)
        starts.setdefault(key, set()).add(round(item.start))
    assert all(len(found) == 1 for found in starts.values()), starts


# --- past depth 6, wide labels, and what sits under an item ---------------------------------------

_STRESS = """\
# 深さと幅

## （９）　九番目の項目

## （１０）　十番目の項目は二けたの番号で、折り返した行がどこにそろうかを確かめるための長い見出しです

見出しの下の段落は、その見出しの本文の位置から始まり、折り返した行も同じ位置にそろう。十分に長い文章にして折り返させる。

続く段落も同じ位置に置かれる。

| 項目 | 内容 |
|---|---|
| 表の中 | 見出しの本文の位置から |

- ・一段目の箇条は、親の本文の位置から始まる。折り返した行が本文の位置にそろうことを確かめるための長い文です。

  箇条の下の段落は、その箇条の本文の位置にそろう。こちらも十分に長くして、折り返した行の位置を確かめる。

  | 箇条の表 | 内容 |
  |---|---|
  | 箇条の下の表 | 箇条の本文の位置から |

  - ・二段目
    - ・三段目
      - ・四段目
        - ・五段目
          - ・六段目
            - ・七段目
              - ・八段目
                - ・九段目
                  - ・十段目
                    - ・十一段目
                      - ・十二段目
                        - ・十三段目
                          - ・十四段目
                            - ・十五段目
                              - ・十六段目
                                - ・十七段目
                                  - ・十八段目は上限に届いても、親より左には出ない。

## 第９　第九

## 第１０　第十
"""


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> list[list[Box]]:
    data = markdown_to_docx(_STRESS, DocxOptions()).data
    pdf = documents_to_pdf(tmp_path_factory.mktemp("stress"), {"stress": data})["stress"]
    return pdf_lines(pdf)


def _line(lines: list[list[Box]], start: str) -> int:
    (found,) = [at for at, words in enumerate(lines) if words[0].text.startswith(start)]
    return found


@needs_libreoffice
def test_wide_labels_keep_one_full_width_space_and_push_only_their_own_text(stress: list[list[Box]]):
    nine, ten = stress[_line(stress, "（９）")], stress[_line(stress, "（１０）")]
    assert abs(nine[0].left - ten[0].left) <= NEAR  # siblings start together
    assert abs((nine[1].left - nine[0].right) - (ten[1].left - ten[0].right)) <= NEAR
    assert abs(ten[1].left - nine[1].left - EM) <= 1.5  # （１０） is one character wider
    wrapped = stress[_line(stress, "（１０）") + 1]
    assert abs(wrapped[0].left - ten[1].left) <= NEAR
    dai9, dai10 = stress[_line(stress, "第９")], stress[_line(stress, "第１０")]
    assert abs((dai9[1].left - dai9[0].right) - (dai10[1].left - dai10[0].right)) <= NEAR


@needs_libreoffice
def test_paragraphs_tables_and_bullets_under_an_item_start_at_its_text(stress: list[list[Box]]):
    ten = stress[_line(stress, "（１０）")]
    column = ten[1].left
    first = _line(stress, "見出しの下の段落")
    assert abs(stress[first][0].left - column) <= NEAR
    assert abs(stress[first + 1][0].left - column) <= NEAR  # its wrapped line
    assert abs(stress[_line(stress, "続く段落")][0].left - column) <= NEAR
    # A table's text sits one cell margin (85 twips) inside its border, which starts at the column.
    assert abs(stress[_line(stress, "表の中")][0].left - column - 85 / 20) <= NEAR
    bullet = _line(stress, "・一段目")
    assert abs(stress[bullet][0].left - column) <= NEAR
    assert abs(stress[bullet + 1][0].left - column - EM) <= NEAR  # hanging after the ・
    under = _line(stress, "箇条の下の段落")
    assert abs(stress[under][0].left - column - EM) <= NEAR
    assert abs(stress[under + 1][0].left - column - EM) <= NEAR
    assert abs(stress[_line(stress, "箇条の下の表")][0].left - column - EM - 85 / 20) <= NEAR


@needs_libreoffice
def test_deep_bullets_grow_until_the_cap_and_never_step_left(stress: list[list[Box]]):
    names = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"]
    names += ["十五", "十六", "十七", "十八"]
    starts = [stress[_line(stress, f"・{name}段目")][0].left for name in names]
    steps = list(pairwise(starts))
    assert all(later >= earlier - NEAR for earlier, later in steps)
    assert all(later > earlier + 1 for earlier, later in steps[:7])
    assert max(starts) <= LEFT + CAP + NEAR
    assert starts[-1] == starts[-2]  # at the cap, a child starts where its parent does
