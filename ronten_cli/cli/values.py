"""What the text of an option means: ``--set KEY=VALUE``, ``--select``/``--ignore`` codes and
``--headers NEW,OLD``; and ``UsageError``, for a command line that does not fit together.

These are grammars of the command line, not of the documents: the library takes the mapping,
the codes and the two names they become, and never sees a ``UsageError``.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import RontenError
from ..i18n import _


class UsageError(RontenError):
    """Command-line arguments that do not fit together or name nothing usable; never bad data.

    ``field`` is the option at fault, where there is one."""


def parse_codes(text: str, option: str) -> tuple[str, ...]:
    """Codes or code prefixes from a comma-separated option value (``RN1,RN301``), checked."""
    from ..lint import RULES

    codes = tuple(code.strip().upper() for code in text.split(",") if code.strip())
    for code in codes:
        if not any(rule.code.startswith(code) for rule in RULES):
            raise UsageError(
                _("{option}: no rule code starts with '{code}' (see 'ronten rules')").format(
                    option=option, code=code
                ),
                field=option,
            )
    return codes


def parse_headers(headers: str) -> tuple[str, str]:
    """The two column headings of ``--headers NEW,OLD``; a Japanese comma or 、 separates too."""
    parts = [part.strip() for part in headers.replace("，", ",").replace("、", ",").split(",")]
    if len(parts) != 2 or not all(parts):
        raise UsageError(
            _("--headers '{headers}': expected two names, NEW,OLD (e.g. 改正後,改正前)").format(
                headers=headers
            ),
            field="--headers",
        )
    return parts[0], parts[1]


_INT = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")


def parse_value(text: str) -> Any:
    """A ``--set`` value as the template sees it.

    ``12`` is an int, ``1.5`` a float, a date, time or date and time in the grammar of ``dates``
    (``2026-12-10``, ``令和8年12月10日``, ``14:00``, ``午後2時``, ``2026-12-10T14:00``) a date, time or
    datetime, ``true``/``false`` a bool; anything else (``資料1``, ``007``) stays text. Text shaped
    like a date or time that is not a valid one (``2026-02-30``) raises ``DateTimeError``. YAML is
    not used on purpose: it reads ``14:00`` as the number 840 and ``no`` as false.
    """
    from ..dates import read_value

    if _INT.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (4300): an identifier, kept as text
            return text
    if _FLOAT.fullmatch(text):
        return float(text)
    parsed = read_value(text)
    if parsed is not None:
        return parsed
    if text in ("true", "false"):
        return text == "true"
    return text


def parse_assignments(assignments: list[str]) -> dict[str, Any]:
    """``["date=2026-12-10", "committee.name=研究会"]`` as a nested mapping of parsed values."""
    from ..dates import DateTimeError

    result: dict[str, Any] = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        key = key.strip()
        parts = key.split(".")
        if not sep or not all(parts):
            raise UsageError(
                _("--set {assignment}: expected KEY=VALUE, e.g. --set date=2026-12-10").format(
                    assignment=assignment
                ),
                field="--set",
            )
        target = result
        for part in parts[:-1]:
            child = target.setdefault(part, {})
            if not isinstance(child, dict):
                raise UsageError(
                    _("--set {assignment}: {part} is already set to a value, not a mapping").format(
                        assignment=assignment, part=part
                    ),
                    field="--set",
                )
            target = child
        try:
            target[parts[-1]] = parse_value(value)
        except DateTimeError as exc:
            # A slip to report here, not as a filter failure in a template line the user never wrote.
            raise UsageError(f"--set {key}: {exc}", field="--set") from None
    return result
