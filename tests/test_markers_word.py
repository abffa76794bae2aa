"""The marker grammar reads the labels Word's Japanese number formats write: kanji numerals
(第一, 十二, 一〇), ⑴ and ⒈, in a .docx or typed in a text outline; renumbering keeps their script."""

from __future__ import annotations

import pytest

from ronten_cli import parse
from ronten_cli.fmt import format_outline
from ronten_cli.markers import LINE, kanji, kanji_number, number_of


@pytest.mark.parametrize(
    ("text", "marker", "number"),
    [
        ("第一　総論", "dai", 1),
        ("第十二　x", "dai", 12),
        ("一　はじめに", "arabic", 1),
        ("百一　x", "arabic", 101),
        ("一〇五　x", "arabic", 105),
        ("(三)　x", "paren_arabic", 3),
        ("⑵　x", "paren_arabic", 2),
        ("⑵背景", "paren_arabic", 2),
        ("⒇ x", "paren_arabic", 20),
        ("⒊　x", "arabic", 3),
    ],
)
def test_word_labels_are_markers(text, marker, number):
    m = LINE.match(text)
    assert m is not None and m[marker] is not None, text
    assert number_of(marker, m[marker]) == number


@pytest.mark.parametrize("text", ["一方で　x", "十分　検討", "三重県　x", "⒊背景"])
def test_kanji_words_are_not_markers(text):
    assert LINE.match(text)["label"] is None


def test_kanji_numbers_both_ways():
    for number in (1, 9, 10, 11, 20, 99, 100, 101, 110, 999, 1000, 2030, 9999):
        assert kanji_number(kanji(number)) == number
    assert (kanji(12), kanji(101), kanji(2030)) == ("十二", "百一", "二千三十")


def test_renumbering_keeps_kanji_and_enclosed_forms():
    text = "題\n\n第一　a\n\n第三　b\n\n⑴　c\n\n⑶　d\n\n一〇　e\n\n一二　f\n"
    renumbered = format_outline(parse(text), renumber=True)
    assert "第二　b" in renumbered and "⑵　d" in renumbered and "二　f" in renumbered
