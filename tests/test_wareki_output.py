"""Era dates at their boundaries, and atomic writes that never touch an input."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from ronten_cli import OutputError, UsageError
from ronten_cli.output import write_atomic
from ronten_cli.wareki import era, full_width, jtime, wareki


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2019, 4, 30), "平成31年4月30日（火）"),
        (dt.date(2019, 5, 1), "令和元年5月1日（水）"),
        (dt.date(2026, 12, 10), "令和8年12月10日（木）"),
        (dt.date(1989, 1, 7), "昭和64年1月7日（土）"),
        (dt.date(1989, 1, 8), "平成元年1月8日（日）"),
        (dt.date(1926, 12, 25), "昭和元年12月25日（土）"),
        (dt.date(1912, 7, 30), "大正元年7月30日（火）"),
    ],
)
def test_era_boundaries_with_weekday(date, expected):
    assert wareki(date, weekday=True) == expected


def test_wareki_options():
    assert wareki(dt.date(2019, 5, 1), gannen=False) == "令和1年5月1日"
    assert wareki(dt.date(2026, 12, 10), full=True) == "令和８年１２月１０日"
    assert era(dt.date(2026, 1, 1)) == ("令和", 8)
    assert full_width("資料1-2") == "資料１-２"
    assert jtime(dt.time(14, 0)) == "14時00分"
    with pytest.raises(UsageError, match="1800-01-01"):
        era(dt.date(1800, 1, 1))


def test_write_atomic_replaces_whole_file_and_keeps_mode(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_atomic(target, "新しい")
    assert target.read_text(encoding="utf-8") == "新しい"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_write_atomic_refuses_the_input_by_any_name(tmp_path, monkeypatch):
    source = tmp_path / "memo.md"
    source.write_text("原本", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in (source, "memo.md", "./memo.md"):
        with pytest.raises(OutputError, match="refusing to overwrite the input"):
            write_atomic(name, "x", inputs=[str(source)])
    link = tmp_path / "link.md"
    link.symlink_to(source)
    with pytest.raises(OutputError, match="refusing"):
        write_atomic(link, "x", inputs=["memo.md"])
    assert source.read_text(encoding="utf-8") == "原本"


def test_write_atomic_reports_unwritable_targets(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "x.docx", b"x")
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, b"x")
    # /proc refuses new files even to root, so this holds whoever runs the tests.
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic("/proc/ronten-test.docx", b"x")
