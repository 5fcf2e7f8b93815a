"""Exports of a round's results: the ranking and the panel results, as CSV (UTF-8 with a BOM,
Chinese headers, so that Excel opens them correctly) and as Excel workbooks.

Exports may leave the office: reviewers appear only as their codes (R01…, by reviewer id
within the round), never by name or e-mail."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from openpyxl import Workbook

from evalcenter.reviews.ranking import Ranking, Row

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

RANKING_HEADERS = (
    "排名",
    "受理编号",
    "企业名称",
    "统一社会信用代码",
    "所属区",
    "高精尖产业领域",
    "定量得分",
    "专家评审得分",
    "综合得分",
    "推荐意见",
    "名额内",
    "有效评审数",
    "评审分差",
    "评审分歧",
    "评审专家总分",
)


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def ranking_table(ranking: Ranking) -> tuple[Sequence[str], list[list]]:
    """The ranked applications, then the pending ones (no rank), one row each."""

    def row(r: Row) -> list:
        result, p = r.panel.result, r.panel
        totals = "；".join(f"{rev.code}: {rev.total}" for rev in p.reviews)
        return [
            r.rank,
            r.reference or "",
            r.organisation_name,
            r.uscc,
            r.district,
            ranking.field_label(r.field).zh,
            result.quantitative,
            result.panel.score,
            result.composite,
            ranking.outcome_label(result.recommendation).zh,
            _yes_no(r.within_quota),
            len(p.reviews),
            p.spread,
            _yes_no(p.disagreement),
            totals,
        ]

    return RANKING_HEADERS, [row(r) for r in [*ranking.ranked, *ranking.pending]]


def panel_table(ranking: Ranking) -> tuple[Sequence[str], list[list]]:
    """One row per submitted review: the application, the reviewer's code, the scores per
    criterion and the total."""
    criteria = ranking.ruleset.model.expert.criteria
    headers = ["受理编号", "企业名称", "评审专家编号", *(f"{c.id} {c.label.zh}" for c in criteria)]
    headers.append("总分")
    rows = [
        [r.reference or "", r.organisation_name, rev.code]
        + [rev.scores.get(c.id) for c in criteria]
        + [rev.total]
        for r in [*ranking.ranked, *ranking.pending]
        for rev in r.panel.reviews
    ]
    return headers, rows


TABLES = {"ranking": ("排名", ranking_table), "panel": ("专家评审结果", panel_table)}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(ranking: Ranking) -> bytes:
    """A workbook with the ranking and the panel results, one sheet each."""
    book = Workbook()
    book.remove(book.active)
    for title, table in TABLES.values():
        headers, rows = table(ranking)
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append(row)  # Decimal cells are written as numbers, exactly
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filename(ranking: Ranking, name: str, extension: str) -> str:
    return f"{ranking.round.name}-{TABLES[name][0]}.{extension}"


def csv_download(ranking: Ranking, name: str) -> tuple[bytes, str, str]:
    body = to_csv(*TABLES[name][1](ranking))
    return body, CSV_MIMETYPE, filename(ranking, name, "csv")


def xlsx_download(ranking: Ranking, name: str) -> tuple[bytes, str, str]:
    return to_xlsx(ranking), XLSX_MIMETYPE, filename(ranking, name, "xlsx")


def attachment_header(name: str) -> str:
    """`Content-Disposition` for a download named `name` (RFC 6266: an ASCII fallback and
    the UTF-8 name)."""
    fallback = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
