"""The output formats of ``ronten check`` (its findings) and ``ronten rules`` (the rule table).

Each returns the whole output as one string (empty when there is nothing to say), so the CLI
only has to print it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from .i18n import _, ngettext
from .lint import BY_CODE, RULES
from .model import Diagnostic


def as_text(diagnostics: Sequence[Diagnostic]) -> str:
    """``path:line:col: CODE message``, one per line, the way compilers and editors expect it."""
    return "".join(f"{d.filename}:{d.line}:{d.column}: {d.code} {d.message}\n" for d in diagnostics)


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON array of objects with code, severity, message, filename, line, column and fixable."""
    records = [
        {
            "code": d.code,
            "severity": d.severity,
            "message": d.message,
            "filename": d.filename,
            "line": d.line,
            "column": d.column,
            "fixable": d.fixable,
        }
        for d in diagnostics
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands, which annotate the lines of a pull request."""
    return "".join(
        f"::{d.severity} file={_escape_property(d.filename)},line={d.line},col={d.column},"
        f"title={d.code}::{_escape_data(d.message)}\n"
        for d in diagnostics
    )


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One line for a person: how many errors and warnings, how many fixable, in how many files."""
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    where = ngettext("{count} file", "{count} files", files).format(count=files)
    if not diagnostics:
        return _("no problems in {files}").format(files=where)
    fixes = Counter(BY_CODE[d.code].fix for d in diagnostics if d.fixable)
    found = _("{errors}, {warnings} in {files}").format(
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
        files=where,
    )
    for fix, count in sorted(fixes.items()):
        hint = _("{count} fixable with 'ronten {fix}'").format(count=count, fix=fix)
        found = _("{summary}; {hint}").format(summary=found, hint=hint)
    return found


def rules_text() -> str:
    """The rule table for a terminal: code, severity, fix, summary in aligned columns."""
    rows = [("code", "severity", "fix", "what it finds")]
    rows += [(r.code, r.severity, r.fix or "-", r.summary) for r in RULES]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(
        f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}\n" for row in rows
    )


def rules_markdown() -> str:
    """The rule table as Markdown; docs/reference.md's table is exactly this text (a test checks)."""
    lines = ["| code | severity | fixed by | what it finds |", "|---|---|---|---|"]
    for rule in RULES:
        summary_cell = rule.summary.replace("|", "\\|")
        lines.append(f"| {rule.code} | {rule.severity} | {rule.fix or '—'} | {summary_cell} |")
    return "\n".join(lines) + "\n"


def rules_json() -> str:
    """The rule table as a JSON array, for tools."""
    return (
        json.dumps(
            [
                {
                    "code": r.code,
                    "severity": r.severity,
                    "fixable": bool(r.fix),
                    "fix": r.fix,
                    "summary": r.summary,
                }
                for r in RULES
            ],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
