"""The documents' plain data, built from the database: what a certificate, a report and an
application form print. Rendering never sees a database object."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale

from evalcenter.applications import attachments as files
from evalcenter.applications.forms import COMMITMENT
from evalcenter.applications.models import Application, ApplicationSnapshot
from evalcenter.applications.sections import SECTIONS
from evalcenter.core.errors import ServiceError
from evalcenter.core.vocabulary import INDUSTRY_FIELDS
from evalcenter.documents.data import (
    ApplicationFormData,
    Bi,
    CertificateData,
    EvidenceFile,
    EvidenceKind,
    FormRow,
    FormSection,
    PanelSummary,
    ReportData,
)
from evalcenter.documents.report_parts import criterion_rows, evaluation_fields
from evalcenter.reviews.ranking import Ranking, round_ranking
from evalcenter.rounds.rulesets import ruleset_for_round

BEIJING = ZoneInfo("Asia/Shanghai")
VALID_YEARS = 3


def bi(text: Any) -> Bi:
    """A translatable text (lazy_gettext) in both languages."""
    with force_locale("zh_CN"):
        zh = str(text)
    with force_locale("en"):
        en = str(text)
    return Bi(zh, en)


def label(pair: Any) -> Bi:
    """A rule file's Label(en, zh) as Bi."""
    return Bi(pair.zh, pair.en)


def issuer() -> Bi:
    config = current_app.config
    return Bi(config["ISSUER_ZH"], config["ISSUER_EN"])


def field_of(code: str) -> Bi:
    return bi(INDUSTRY_FIELDS[code]) if code in INDUSTRY_FIELDS else Bi(code, code)


def round_title(app: Application) -> str:
    return app.round.name


def centre_name(company_name: str) -> str:
    return f"{company_name}技术中心"


def valid_until(issued_on: date) -> date:
    """Three years, to the day before the anniversary (29 February → 28 February)."""
    try:
        end = issued_on.replace(year=issued_on.year + VALID_YEARS)
    except ValueError:
        end = issued_on.replace(year=issued_on.year + VALID_YEARS, day=28)
    return date.fromordinal(end.toordinal() - 1)


def certificate_data(cert: Any, verify_url: str) -> CertificateData:
    """A certificate as printed, from its stored record."""
    return CertificateData(
        serial=cert.serial,
        centre_name=cert.centre_name,
        company_name=cert.company_name,
        uscc=cert.uscc,
        field=field_of(cert.industry_field),
        district=cert.district,
        round_title=cert.round.name,
        issued_on=cert.issued_on,
        valid_until=cert.valid_until,
        verify_url=verify_url,
        issuer=issuer(),
    )


def _value_text(spec: Any, value: Any) -> str:
    """An answer as the Chinese form prints it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "—"
    if spec.kind == "bool":
        return "是" if value else "否"
    if spec.kind == "enum" and value in spec.value_labels:
        return spec.value_labels[value].zh
    if spec.is_number:
        try:
            text = format(Decimal(str(value)), ",")
        except InvalidOperation:
            text = str(value)
        return f"{text} {spec.unit}" if spec.unit else text
    return str(value).strip()


def application_form_data(snapshot: ApplicationSnapshot) -> ApplicationFormData:
    """The submitted version as a printable application form (申报书)."""
    app = snapshot.application
    specs = {s.key: s for s in ruleset_for_round(app.round).inputs}
    sections = tuple(
        FormSection(
            bi(section.title),
            tuple(
                FormRow(label(specs[key].label), _value_text(specs[key], snapshot.data.get(key)))
                for key in section.keys
                if key in specs
            ),
        )
        for section in SECTIONS
    )
    by_kind: dict[str, list[EvidenceFile]] = {}
    for a in snapshot.attachments:
        by_kind.setdefault(a.kind, []).append(
            EvidenceFile(a.original_name, a.size, a.sha256, a.created_at.astimezone(BEIJING))
        )
    evidence = tuple(
        EvidenceKind(bi(text), tuple(by_kind[kind]))
        for kind, text in files.KINDS.items()
        if kind in by_kind
    )
    return ApplicationFormData(
        reference=app.reference or "",
        round_title=round_title(app),
        company_name=str(snapshot.data.get("company_name") or app.organisation.name),
        uscc=str(snapshot.data.get("uscc") or app.organisation.uscc),
        version=snapshot.number,
        submitted_at=snapshot.created_at.astimezone(BEIJING),
        sections=sections,
        evidence=evidence,
        commitment=bi(COMMITMENT),
        issuer=issuer(),
    )


def report_data(app: Application, ranking: Ranking | None = None) -> ReportData:
    """The evaluation report of a scored application (``ranking``: the round's, when the
    caller has it already, as a batch does)."""
    ranking = ranking or round_ranking(app.round)
    rows = {row.app_id: row for row in (*ranking.ranked, *ranking.pending)}
    row = rows.get(app.id)
    if row is None:
        raise ServiceError("document_not_scored")
    panel, data = row.panel, app.latest_snapshot.data
    result = panel.result
    return ReportData(
        reference=app.reference or "",
        company_name=str(data.get("company_name") or app.organisation.name),
        uscc=str(data.get("uscc") or app.organisation.uscc),
        field=field_of(str(data.get("industry_field", ""))),
        district=str(data.get("district", "")),
        round_title=round_title(app),
        generated_on=date.today(),
        panel=_panel_summary(ranking, panel),
        rank=row.rank,
        ranked=len(ranking.ranked) if row.rank else None,
        issuer=issuer(),
        **evaluation_fields(result, ranking.ruleset),
    )


def _panel_summary(ranking: Ranking, panel: Any) -> PanelSummary | None:
    """The panel's score and per-criterion means; how many reviews, never whose."""
    score = panel.result.panel.score
    if score is None:
        return None
    return PanelSummary(score, len(panel.reviews), criterion_rows(ranking.ruleset, panel.means))
