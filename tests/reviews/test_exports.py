"""Exports of a round's results: CSV with a UTF-8 BOM and Chinese headers, Excel workbooks
that openpyxl reads back, reviewers only as codes, downloads as attachments, and the
`evalcenter export ranking` command."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from evalcenter.cli import export_ranking_command
from evalcenter.extensions import db
from tests.conftest import client_for
from tests.factories import RoundFactory
from tests.review_factories import review_panel, scored_application


def _round_with_reviews():
    rnd = RoundFactory(name="2025年度评价", quota=1)
    first, second = scored_application(rnd), scored_application(rnd)
    reviews = review_panel(first, [82, 78.5, 85, 90, 74])
    reviews += review_panel(second, [70, 72, 71])
    pending = scored_application(rnd)
    reviews += review_panel(pending, [60])
    db.session.commit()
    identities = set()
    for r in reviews:
        identities |= {r.assignment.reviewer.name, r.assignment.reviewer.email}
    return rnd, (first, second, pending), identities


def _no_identity(data: bytes | str, identities: set[str]) -> None:
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    assert not [i for i in identities if i in text]


def test_csv_has_a_bom_chinese_headers_and_codes_only(app, people):
    rnd, (first, second, pending), identities = _round_with_reviews()
    client = client_for(app, people.admin)
    response = client.get(f"/admin/rounds/{rnd.id}/ranking.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["排名", "受理编号", "企业名称"] and "综合得分" in rows[0]
    names = [row[2] for row in rows[1:]]
    assert names == [first.organisation.name, second.organisation.name, pending.organisation.name]
    assert rows[1][0] == "1" and rows[3][0] == ""  # the pending one has no rank
    assert rows[1][rows[0].index("综合得分")] == "84.52"
    assert rows[1][rows[0].index("推荐意见")] == "推荐认定"
    assert rows[1][rows[0].index("名额内")] == "是" and rows[2][rows[0].index("名额内")] == "否"
    assert "R01: " in rows[1][-1]
    _no_identity(body, identities)

    panel = client.get(f"/admin/rounds/{rnd.id}/panel.csv")
    assert panel.data.startswith(b"\xef\xbb\xbf")
    panel_rows = list(csv.reader(io.StringIO(panel.data.decode("utf-8-sig"))))
    assert panel_rows[0][2] == "评审专家编号" and panel_rows[0][-1] == "总分"
    assert len(panel_rows) == 1 + 5 + 3 + 1
    assert {row[2] for row in panel_rows[1:]} == {f"R{n:02d}" for n in range(1, 10)}
    _no_identity(panel.data, identities)


def test_xlsx_opens_with_both_sheets(app, people):
    rnd, (first, second, pending), identities = _round_with_reviews()
    response = client_for(app, people.admin).get(f"/admin/rounds/{rnd.id}/ranking.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["排名", "专家评审结果"]
    ranking = list(book["排名"].iter_rows(values_only=True))
    assert ranking[0][2] == "企业名称"
    assert [row[2] for row in ranking[1:]] == [
        first.organisation.name,
        second.organisation.name,
        pending.organisation.name,
    ]
    assert str(ranking[1][8]) == "84.52"
    assert len(list(book["专家评审结果"].iter_rows())) == 1 + 9
    cells = " ".join(
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row
    )
    _no_identity(cells, identities)


def test_ranking_page_links_the_downloads(app, people):
    rnd, _, _ = _round_with_reviews()
    html = client_for(app, people.admin).get(f"/admin/rounds/{rnd.id}/ranking").text
    for path in ("ranking.xlsx", "ranking.csv", "panel.csv", "calibration"):
        assert f"/admin/rounds/{rnd.id}/{path}" in html


def test_export_command(app, tmp_path):
    rnd, (first, _, _), identities = _round_with_reviews()
    runner = app.test_cli_runner()
    out = tmp_path / "ranking.csv"
    result = runner.invoke(
        export_ranking_command, ["--round", str(rnd.id), "--format", "csv", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and first.organisation.name.encode() in data
    _no_identity(data, identities)

    xlsx = tmp_path / "ranking.xlsx"
    result = runner.invoke(
        export_ranking_command, ["--round", "latest", "--format", "xlsx", "-o", str(xlsx)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(xlsx)["排名"].max_row == 4

    for bad in ("999999", "abc"):
        result = runner.invoke(
            export_ranking_command, ["--round", bad, "--format", "csv", "-o", str(out)]
        )
        assert result.exit_code != 0 and "no round" in result.output
