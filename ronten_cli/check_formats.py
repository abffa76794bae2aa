"""The output formats of ``ronten check`` (its findings) and ``ronten rules`` (the rule table).

Each returns the whole output as one string (empty when there is nothing to say), so the CLI
only has to print it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from .i18n import N_, _, ngettext
from .lint import BY_CODE, RULES
from .model import Diagnostic
from .widths import display_width

# A severity as a person reads it; JSON and GitHub annotations keep the words error and warning.
SEVERITY_NAMES = {"error": N_("error"), "warning": N_("warning")}


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
    """The rule table for a terminal: code, severity, fix, summary in aligned columns (as wide as
    a terminal shows them: a Japanese heading takes two columns a character)."""
    rows = [(_("code"), _("severity"), _("fix"), _("what it finds"))]
    rows += [(r.code, _(SEVERITY_NAMES[r.severity]), r.fix or "-", _(r.summary)) for r in RULES]
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]

    def padded(text: str, width: int) -> str:
        return text + " " * (width - display_width(text))

    return "".join(
        f"{padded(row[0], widths[0])}  {padded(row[1], widths[1])}  {padded(row[2], widths[2])}  {row[3]}\n"
        for row in rows
    )


def rules_markdown() -> str:
    """The rule table as Markdown; docs/reference.md's table is exactly this text in English (a
    test checks)."""
    header = (_("code"), _("severity"), _("fixed by"), _("what it finds"))
    lines = ["| {} | {} | {} | {} |".format(*header), "|---|---|---|---|"]
    for rule in RULES:
        summary_cell = _(rule.summary).replace("|", "\\|")
        severity = _(SEVERITY_NAMES[rule.severity])
        lines.append(f"| {rule.code} | {severity} | {rule.fix or '—'} | {summary_cell} |")
    return "\n".join(lines) + "\n"


def rules_json() -> str:
    """The rule table as a JSON array, for tools: the keys, codes, severities and fixes as in every
    language, the summary in the user's."""
    return (
        json.dumps(
            [
                {
                    "code": r.code,
                    "severity": r.severity,
                    "fixable": bool(r.fix),
                    "fix": r.fix,
                    "summary": _(r.summary),
                }
                for r in RULES
            ],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
