"""Templates: the context contract, filters, ``--set`` values, the user folder, and one-line errors."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from ronten_cli import load, parse
from ronten_cli.cli.values import UsageError, parse_assignments, parse_value
from ronten_cli.errors import TemplateError
from ronten_cli.parser import clean
from ronten_cli.render.filters import (
    FILTERS,
    jtime_filter,
    kanji_number,
    label_filter,
    md_escape,
    wareki_filter,
)
from ronten_cli.render.templating import catalogue, outline_context, render_template, today

from .helpers import KOBUN, SEED, run_ronten


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def render_seed(template: Path | str, **kwargs) -> str:
    outline = load(str(SEED))
    view = outline_context(outline)
    return render_template(str(template), {"outline": view, "meta": view.meta}, **kwargs)


# ---- the context --------------------------------------------------------------------------------


def test_the_issue_example_loop_works_on_the_seed(tmp_path):
    template = write(
        tmp_path,
        "loop.md.j2",
        "{% for t in outline.children %}{{ t.label }}|{{ t.text }}|{{ t.children|length }}{% endfor %}",
    )
    out = render_seed(template)
    outline = load(str(SEED))
    assert out == "".join(f"{t.label}|{t.text}|{len(t.children)}" for t in outline.children) + "\n"
    # The seed's first 論点 has three sections (1)-(3): the loop reads the real tree.
    assert out.startswith("論点1|都市自治体が取り組むデジタル人材確保・育成の意義|3論点2|")


def test_nodes_expose_marker_number_line_and_notes_their_text(tmp_path):
    template = write(
        tmp_path,
        "fields.md.j2",
        "{{ outline.title }}|{{ outline.status }}\n"
        "{% for node, depth in outline.walk() %}{% if depth == 1 %}"
        "{{ node.marker }} {{ node.number }} {{ node.line }}\n{% endif %}{% endfor %}"
        "{% for note in outline.notes %}[{{ note.text }}]{% endfor %}",
    )
    lines = render_seed(template).splitlines()
    assert lines[0] == "論点メモ(案)|案"
    # (1) of 論点1 is on line 5 of the seed; sections of every 論点 restart at 1.
    assert lines[1] == "paren_arabic 1 5"
    assert [line.split()[1] for line in lines[1:-1]] == ["1", "2", "3", "1", "2", "3", "4", "1", "2", "3"]
    assert lines[-1].startswith("[「論点メモ」はあくまで事務局案となります。]")


def test_meta_is_front_matter_merged_with_overrides():
    outline = parse(
        "---\ncommittee: 研究会\ndate: 2026-12-10\nnested:\n  a: 1\n  b: 2\n---\n# T\n\n論点1 x\n"
    )
    view = outline_context(outline, {"date": dt.date(2027, 1, 5), "nested": {"b": 3}, "material": "資料2"})
    assert view.meta == {
        "committee": "研究会",
        "date": dt.date(2027, 1, 5),
        "nested": {"a": 1, "b": 3},
        "material": "資料2",
    }
    assert outline.meta["date"] == dt.date(2026, 12, 10), "the parsed outline itself is not changed"


def test_layout_keeps_same_kind_nesting_as_lists():
    # "1" nested under "1" can only be told apart by indentation, which headings cannot carry.
    outline = parse("# T\n\n- 1 a\n  - 1 b\n- 2 c\n")
    entries = [(node.text, heading, indent) for node, _, heading, indent in outline_context(outline).layout()]
    assert entries == [("a", 0, 0), ("b", 0, 1), ("c", 2, 0)]


def test_today_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765324800")  # 2025-12-10 00:00 UTC
    assert today() == dt.date(2025, 12, 10)


# ---- filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (dt.date(2026, 12, 10), {}, "令和8年12月10日"),
        (dt.date(2026, 12, 10), {"weekday": True}, "令和8年12月10日（木）"),
        ("2019-05-01", {}, "令和元年5月1日"),
        (dt.datetime(2019, 4, 30, 10, 0), {}, "平成31年4月30日"),
        (dt.date(2026, 12, 10), {"full": True}, "令和８年１２月１０日"),
        ("R8.12.10", {"weekday": True}, "令和8年12月10日（木）"),  # any form of the one grammar
        ("令和8年12月10日", {"full": True}, "令和８年１２月１０日"),
        ("２０１９／５／１", {}, "令和元年5月1日"),
        ("令和8年度", {}, "令和8年度"),  # text with 年 that is not a whole date: kept as written
    ],
)
def test_wareki_filter(value, kwargs, expected):
    assert wareki_filter(value, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14:00", "14時00分"),
        ("午後2時半", "14時30分"),
        ("１６時", "16時00分"),
        (dt.time(9, 5), "9時05分"),
        (dt.datetime(2026, 12, 10, 16, 30), "16時30分"),
    ],
)
def test_jtime_filter(value, expected):
    assert jtime_filter(value) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "〇"),
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (111, "百十一"),
        (2026, "二千二十六"),
        (10000, "一万"),
        (110000, "十一万"),
        (100000000, "一億"),
        ("１２", "十二"),
    ],
)
def test_kanji_number(number, expected):
    assert kanji_number(number) == expected


def test_label_filter_writes_any_marker_kind():
    assert label_filter(3, "paren_arabic") == "(3)"
    assert label_filter(2, "katakana") == "イ"
    assert label_filter(12, "dai", "full") == "第１２"
    with pytest.raises(ValueError, match="unknown marker kind 'roman'"):
        label_filter(1, "roman")


@pytest.mark.parametrize(
    "text",
    ["*強調*ではない", "1. 番号ではない", "# 見出しではない", "a_b_c", "[リンク](x)", "- 箇条でない", "\\"],
)
def test_md_escape_is_undone_by_the_parser(text):
    escaped = md_escape(text)
    assert clean(escaped) == text
    assert escaped != text or text == "\\"


@pytest.mark.parametrize("text", ["見直し #", "課題 #2 と ##", "#", "C# と F#"])
def test_md_escape_keeps_hashes_that_would_close_a_heading(text):
    from ronten_cli.render.markdown import parse_blocks

    (heading,) = parse_blocks(f"### (1)　{md_escape(text)}\n")
    assert "".join(span.text for span in heading.spans) == f"(1)　{text}"
    assert clean(md_escape(text)) == text


def test_every_filter_is_usable_from_a_template(tmp_path):
    template = write(
        tmp_path,
        "filters.md.j2",
        "{{ meta.date|wareki(weekday=True) }} {{ meta.date|weekday }} {{ meta.start|jtime }} "
        "{{ 12|full_width }} {{ '１２'|half_width }} {{ 12|kanji_number }} {{ 3|label('paren_arabic') }} "
        "{{ '*x*'|md_escape }} {{ '(2)注'|paragraph }} {{ note|block(1) }}",
    )
    context = {
        "meta": {"date": dt.date(2026, 12, 10), "start": dt.time(14, 0)},
        "note": parse("1 あ\n\n*注\n").notes[0],
    }
    out = render_template(str(template), context)
    assert out == "令和8年12月10日（木） 木 14時00分 １２ 12 十二 (3) \\*x\\* <!---->(2)注   \\*注\n"
    assert set(FILTERS) == {
        "wareki", "weekday", "jtime", "full_width", "half_width", "kanji_number", "label", "md_escape",
        "paragraph", "block",
    }  # fmt: skip


# ---- --set values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("-3", -3),
        ("1.5", 1.5),
        ("007", "007"),  # a code, not a number: leading zeros are kept
        ("2026-12-10", dt.date(2026, 12, 10)),
        ("令和8年12月10日（木）", dt.date(2026, 12, 10)),
        ("R8/12/10", dt.date(2026, 12, 10)),
        ("2026年12月10日", dt.date(2026, 12, 10)),
        ("14:00", dt.time(14, 0)),
        ("9:30", dt.time(9, 30)),
        ("午後2時", dt.time(14, 0)),
        ("14時30分", dt.time(14, 30)),
        ("2026-12-10T14:00", dt.datetime(2026, 12, 10, 14, 0)),
        ("令和8年12月10日 14時", dt.datetime(2026, 12, 10, 14, 0)),
        ("true", True),
        ("false", False),
        ("no", "no"),
        ("資料1", "資料1"),
        ("", ""),
    ],
)
def test_parse_value(text, expected):
    value = parse_value(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("date=2026-13-40", "--set date: 2026-13-40 is not a valid date (there is no month 13)"),
        ("date=令和8年12月10日（金）", "--set date: 令和8年12月10日（金） has the wrong weekday"),
        ("date=平成31年5月1日", "--set date: 平成31年5月1日 is not a date of 平成"),
        ("a.start=25:00", "--set a.start: 25:00 is not a valid time of day"),
    ],
)
def test_parse_assignments_refuses_a_date_or_time_that_does_not_exist(assignment, message):
    with pytest.raises(UsageError) as error:
        parse_assignments([assignment])
    assert str(error.value).startswith(message) and error.value.field == "--set"


def test_parse_assignments_nests_dotted_keys():
    assert parse_assignments(["a.b=1", "a.c=x=y", "d=2026-12-10"]) == {
        "a": {"b": 1, "c": "x=y"},
        "d": dt.date(2026, 12, 10),
    }


@pytest.mark.parametrize("bad", ["novalue", "=x", "a..b=1"])
def test_parse_assignments_rejects_malformed(bad):
    with pytest.raises(UsageError, match="expected KEY=VALUE"):
        parse_assignments([bad])


def test_parse_assignments_rejects_a_key_under_a_value():
    with pytest.raises(UsageError, match="a is already set to a value"):
        parse_assignments(["a=1", "a.b=2"])


def test_a_set_nothing_reads_is_a_warning_with_a_guess(ronten, tmp_path):
    out = tmp_path / "out.md"
    result = ronten("render", SEED, "-o", out, "--set", "matrial=資料1", "--set", "zzz=1")
    assert result.code == 0 and out.exists()
    assert [line for line in result.err.splitlines() if line.startswith("ronten: warning")] == [
        "ronten: warning: --set matrial: no template in use reads meta.matrial, so it changes nothing; "
        "did you mean material?",
        "ronten: warning: --set zzz: no template in use reads meta.zzz, so it changes nothing",
    ]
    # Read by the memo template (date, committee, session) or by the Word writer (material, author).
    used = ronten(
        "render", SEED, "-o", out, *("--set", "date=R8.12.10", "--set", "committee.name=研究会"),
        *("--set", "session=2", "--set", "material=1", "--set", "author=事務局"),
    )  # fmt: skip
    assert used.code == 0 and "ronten: warning" not in used.err


def keys_read(tmp_path: Path, source: str, **others: str) -> frozenset[str] | None:
    from ronten_cli.render.meta_keys import meta_keys
    from ronten_cli.render.templating import Templates

    for name, text in others.items():
        write(tmp_path, f"{name}.md.j2", text)
    templates = Templates(tmp_path)
    return meta_keys(templates, templates.load(str(write(tmp_path, "main.md.j2", source))))


def test_meta_keys_follow_includes_extends_and_imports(tmp_path):
    found = keys_read(
        tmp_path,
        "{% extends 'base.md.j2' %}{% block b %}{{ meta.a }}{% include 'part.md.j2' %}{% endblock %}",
        base="{{ outline.meta['b'] }}{% block b %}{% endblock %}{% import 'macros.md.j2' as m %}",
        part="{{ meta.get('c') }}{{ meta.d | default('') }}{% if meta.e is defined %}{% endif %}",
        macros="{% macro x() %}{{ outline.meta.f }}{% endmacro %}",
    )
    assert found == {"a", "b", "c", "d", "e", "f"}
    assert keys_read(tmp_path, "{{ outline.title }}") == set()  # meta never read


@pytest.mark.parametrize(
    "source",
    [
        "{% for key in meta %}{{ key }}{% endfor %}",  # every key
        "{% for key, value in meta.items() %}{% endfor %}",
        "{{ meta[outline.title] }}",  # a key computed at run time
        "{% set view = outline %}{{ view.meta.x }}",  # the outline handed on whole
        "{% include outline.title ~ '.md.j2' %}",  # a template named at run time
        "{{ 'x' in meta }}",
    ],
)
def test_meta_keys_claim_nothing_when_any_key_may_be_read(tmp_path, source):
    assert keys_read(tmp_path, source) is None


def test_no_warning_when_the_template_may_read_any_key(ronten, tmp_path):
    template = write(tmp_path, "all.md.j2", "{% for k, v in meta.items() %}{{ k }}{% endfor %}")
    result = ronten("render", SEED, "-t", template, "-o", tmp_path / "o.md", "--set", "anything=1")
    assert result.code == 0 and "ronten: warning" not in result.err


# ---- where templates come from ------------------------------------------------------------------


def test_user_folder_is_searched_before_the_builtins(tmp_path):
    write(tmp_path, "memo.md.j2", "CUSTOM {{ outline.title }}")
    assert render_seed("memo", template_dir=tmp_path) == "CUSTOM 論点メモ(案)\n"
    assert render_seed("memo").startswith("# 論点メモ(案)\n")


def test_templates_folder_in_the_current_directory_is_used_only_when_named(tmp_path, monkeypatch):
    # A shared folder's templates/ must not run just because ronten runs there.
    (tmp_path / "templates").mkdir()
    write(tmp_path / "templates", "memo.md.j2", "X")
    monkeypatch.chdir(tmp_path)
    assert render_seed("memo").startswith("# 論点メモ(案)\n")
    assert render_seed("memo", template_dir=Path("templates")) == "X\n"


def test_a_user_template_can_include_a_builtin(tmp_path):
    write(tmp_path, "wrap.md.j2", "前文\n\n{% include 'memo.md.j2' %}")
    out = render_seed("wrap", template_dir=tmp_path)
    assert out.startswith("前文\n\n# 論点メモ(案)\n")


def test_catalogue_marks_user_templates_that_replace_builtins(tmp_path):
    write(tmp_path, "memo.md.j2", "x")
    write(tmp_path, "mine.md.j2", "x")
    found = {info.name: info for info in catalogue(tmp_path)}
    assert {"memo", "mine", "agenda", "minutes"} <= set(found)
    assert found["memo"].overrides_builtin and found["memo"].source == str(tmp_path / "memo.md.j2")
    assert not found["mine"].overrides_builtin
    assert found["agenda"].source.startswith("built-in")


# ---- errors: one line, naming file, line and the offending name ---------------------------------


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("a\n{{ outline.titel }}\n", 2, "undefined name 'titel' (outline has no attribute 'titel')"),
        ("a\nb\n{{ nothing }}", 3, "undefined name 'nothing'"),
        ("{{ meta.date }}", 1, "undefined name 'date' (no such key"),
        ("\n{% for %}", 2, "syntax error: Expected an expression"),
        ("{{ 1|nofilter }}", 1, "unknown filter 'nofilter' (ronten's filters: block, full_width"),
        ("\n\n{% include 'missing.md.j2' %}", 3, "template 'missing.md.j2' not found"),
        ("{{ 'x'|wareki }}", 1, "filter 'wareki' failed: x is not a date (write it as 2026-12-10 or 令和8年"),
        ("{{ '2026-02-30'|weekday }}", 1, "filter 'weekday' failed: 2026-02-30 is not a valid date"),
        ("{{ '昼'|jtime }}", 1, "filter 'jtime' failed: 昼 is not a time (write it as 14:00 or 14時)"),
        ("{{ meta.missing|wareki }}", 1, "undefined name 'missing'"),
        ("{% for n, d in outline.walk(1) %}{% endfor %}", 1, "TypeError"),
    ],
)
def test_template_errors_name_file_line_and_name(tmp_path, source, line, message):
    template = write(tmp_path, "bad.md.j2", source)
    with pytest.raises(TemplateError) as info:
        render_seed(template)
    text = str(info.value)
    assert text.startswith(f"{template}:{line}: "), text
    assert message in text
    assert "\n" not in text


def test_error_inside_an_included_template_names_that_template(tmp_path):
    write(tmp_path, "part.md.j2", "ok\n{{ outline.nope }}")
    template = write(tmp_path, "main.md.j2", "{% include 'part.md.j2' %}")
    with pytest.raises(TemplateError, match=r"part\.md\.j2:2: undefined name 'nope'"):
        render_seed(template)


def test_errors_in_builtin_templates_name_the_packaged_file(tmp_path):
    # The built-in memo used with a context lacking meta: the error points into the package.
    with pytest.raises(TemplateError, match=r"^ronten_cli/templates/memo\.md\.j2:\d+: undefined name 'meta'"):
        render_template("memo", {"outline": outline_context(load(str(KOBUN)))})


def test_unknown_template_name_lists_the_available_ones():
    with pytest.raises(TemplateError, match=r"^nosuch: no such template \(templates: .*memo"):
        render_template("nosuch", {})


def test_missing_template_file_and_folder(tmp_path):
    with pytest.raises(TemplateError, match="no such template file"):
        render_template(str(tmp_path / "none.md.j2"), {})
    with pytest.raises(TemplateError, match="template folder does not exist"):
        render_template("memo", {}, template_dir=tmp_path / "nofolder")


def test_template_that_is_not_utf8(tmp_path):
    path = tmp_path / "sjis.md.j2"
    path.write_bytes("論点".encode("cp932"))
    with pytest.raises(TemplateError, match="not UTF-8 text"):
        render_template(str(path), {})


# ---- the compiled-template cache ---------------------------------------------------------------


def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The names of the templates Jinja compiles from now on."""
    import jinja2

    names: list[str | None] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_templates_are_compiled_once_into_the_user_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compiled = compiles(monkeypatch)
    first = render_seed("memo")
    assert compiled == ["memo.md.j2"]
    (folder,) = (tmp_path / "cache" / "ronten").iterdir()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert len(list(folder.iterdir())) == 1
    assert render_seed("memo") == first  # a new environment, as in the next run of ronten
    assert compiled == ["memo.md.j2"]


@pytest.mark.slow
def test_the_next_run_of_ronten_loads_the_compiled_template(tmp_path):
    """Across processes, as a user runs it: the second render reads the cache file, not rewrites it."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run_ronten("render", SEED, "-o", tmp_path / "1.docx", env=env).code == 0
    (cached,) = (tmp_path / "cache" / "ronten").glob("*/*")
    long_ago = 10**18  # a time no write could give the file (2001-09-09)
    os.utime(cached, ns=(long_ago, long_ago))
    assert run_ronten("render", SEED, "-o", tmp_path / "2.docx", env=env).code == 0
    assert cached.stat().st_mtime_ns == long_ago


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    template = write(tmp_path, "mine.md.j2", "A {{ outline.title }}")
    assert render_seed(template) == "A 論点メモ(案)\n"
    write(tmp_path, "mine.md.j2", "B {{ outline.title }}")
    assert render_seed(template) == "B 論点メモ(案)\n"


def test_code_compiled_outside_the_sandbox_is_never_loaded_into_it(tmp_path, monkeypatch):
    import jinja2

    from ronten_cli.render.templating import Templates, bytecode_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sandboxed = bytecode_cache(Templates().environment)
    plain = bytecode_cache(
        jinja2.Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    )
    assert isinstance(sandboxed, jinja2.FileSystemBytecodeCache)
    assert isinstance(plain, jinja2.FileSystemBytecodeCache)
    assert sandboxed.directory != plain.directory


def test_without_a_usable_cache_folder_templates_render_uncached(tmp_path, monkeypatch):
    from ronten_cli.render.templating import Templates

    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert Templates().environment.bytecode_cache is None
    assert render_seed("memo").startswith("# 論点メモ(案)\n")
    shared = tmp_path / "shared"
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    assert Templates().environment.bytecode_cache is not None
    for folder in [shared / "ronten", *(shared / "ronten").iterdir()]:
        folder.chmod(0o777)  # another user could plant compiled code here
    assert Templates().environment.bytecode_cache is None
