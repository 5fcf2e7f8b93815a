"""Check your answers: each answer as a readable row with a link to change it, the evidence by
kind, and each problem that blocks submission with a link to where it is fixed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from flask import url_for
from flask_babel import gettext as _

from evalcenter.applications import attachments as files
from evalcenter.applications.models import Application, Attachment
from evalcenter.applications.sections import SECTIONS, Section
from evalcenter.core import messages
from evalcenter.core.i18n import is_chinese, pick
from evalcenter.core.vocabulary import DISTRICTS, unit_text

RETURN_TO_CHECK = "check"
_SECTION_OF = {key: section.id for section in SECTIONS for key in section.keys}


class Row(NamedTuple):
    """One line of the `summary_list` macro: what, the answer, where to change it (None: not
    changeable) and the hidden text after "Change" (None: the label)."""

    label: str
    value: str
    change: str | None
    hidden: str | None = None


@dataclass(frozen=True)
class SectionRows:
    section: Section
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Blocker:
    """A problem that blocks submission and the page where it is fixed (None: nowhere)."""

    key: str
    text: str
    href: str | None


def grouped(value: Any) -> str:
    """A number with thousands separators, its decimals as stored (86500.00 → 86,500.00)."""
    try:
        return format(Decimal(str(value)), ",")
    except InvalidOperation:
        return str(value)


def display_value(spec: Any, value: Any) -> str:
    """An answer as a person reads it ("" when unanswered)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if spec.kind == "bool":
        return _("Yes") if value else _("No")
    if spec.kind == "enum" and value in spec.value_labels:
        return pick(spec.value_labels[value])
    if spec.key == "district" and value in DISTRICTS and not is_chinese():
        return f"{DISTRICTS[value]} ({value})"
    text = grouped(value) if spec.is_number else str(value).strip()
    unit = unit_text(spec.unit, is_chinese())
    return f"{text} {unit}" if unit else text


def field_anchor(spec: Any) -> str:
    """The id of the input a link should lead to (the first radio button of a yes/no)."""
    return f"{spec.key}-0" if spec.kind == "bool" else spec.key


def change_url(app: Application, key: str, specs: dict[str, Any]) -> str | None:
    """The section page of `key`, at its field, returning to the check page after saving."""
    section_id = _SECTION_OF.get(key)
    if section_id is None:
        return None
    anchor = field_anchor(specs[key]) if key in specs else key
    return url_for(
        "applications.section",
        app_id=app.id,
        section_id=section_id,
        return_to=RETURN_TO_CHECK,
        _anchor=anchor,
    )


def evidence_url(app: Application, kind: str) -> str:
    """The attachments page with `kind` chosen in the upload form."""
    return url_for("attachments.manage", app_id=app.id, kind=kind, _anchor="file")


def answer_rows(
    app: Application, specs: dict[str, Any], data: dict[str, Any], editable: bool
) -> list[SectionRows]:
    out = []
    for section in SECTIONS:
        rows = tuple(
            Row(
                pick(specs[key].label),
                display_value(specs[key], data.get(key)),
                change_url(app, key, specs) if editable else None,
            )
            for key in section.keys
            if key in specs
        )
        out.append(SectionRows(section, rows))
    return out


def evidence_rows(app: Application, attachments: Iterable[Attachment], editable: bool) -> list[Row]:
    """One row per kind of evidence: uploaded (how many files) or not."""
    counts: dict[str, int] = {}
    for attachment in attachments:
        counts[attachment.kind] = counts.get(attachment.kind, 0) + 1
    rows = []
    for kind, label in files.KINDS.items():
        n = counts.get(kind, 0)
        if n:
            value = _("Uploaded: %(n)d file(s)", n=n)
        elif kind in files.REQUIRED_KINDS:
            value = _("Not uploaded yet (required)")
        else:
            value = _("None (optional)")
        rows.append(Row(str(label), value, evidence_url(app, kind) if editable else None))
    return rows


def blockers(app: Application, problems: Iterable[Any], specs: dict[str, Any]) -> list[Blocker]:
    out = []
    for problem in problems:
        key = messages.field_of(problem)
        if key.startswith("attachment:"):
            href = evidence_url(app, key.removeprefix("attachment:"))
        else:
            href = change_url(app, key, specs)
        out.append(Blocker(key, messages.text(problem), href))
    return out
