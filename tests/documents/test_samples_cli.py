"""`evalcenter documents sample-*`: the real templates with sample data, no database."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from evalcenter.documents.cli import documents_group
from evalcenter.extensions import db
from evalcenter.scoring.uscc import problem
from tests.documents import pdf_tools

RARE_NAME = "北京犇燊堃喆玥科技有限公司"


@pytest.fixture()
def run(app, document_fonts, monkeypatch):
    """Invoke `evalcenter documents ...`, failing if the command touches the database."""
    monkeypatch.setitem(app.config, "FONT_CACHE_DIR", str(document_fonts.directory))
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield lambda *args: app.test_cli_runner().invoke(documents_group, list(args))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
        assert statements == []


def test_sample_certificate(run, tmp_path):
    out = tmp_path / "certificate.pdf"
    result = run("sample-certificate", str(out), "--company-name", RARE_NAME)
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and " ms" in result.output
    flat = pdf_tools.flat(out.read_bytes())
    assert f"{RARE_NAME}企业技术中心" in flat and "样本SPECIMEN" in flat


def test_sample_report_and_application(run, tmp_path):
    report, form = tmp_path / "report.pdf", tmp_path / "form.pdf"
    assert run("sample-report", str(report), "--company-name", RARE_NAME).exit_code == 0
    assert run("sample-application", str(form)).exit_code == 0
    assert RARE_NAME in pdf_tools.flat(report.read_bytes())
    assert "申报书" in pdf_tools.flat(form.read_bytes())


def test_a_name_without_glyphs_exits_1_with_the_message(run, tmp_path):
    out = tmp_path / "certificate.pdf"
    result = run("sample-certificate", str(out), "--company-name", "北京\U000f0000科技有限公司")
    assert result.exit_code == 1
    assert "the fonts have no glyph for" in result.output and "U+F0000" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert not out.exists()


def test_the_samples_are_valid_data():
    from evalcenter.documents import samples

    for data in (samples.sample_certificate(), samples.sample_report(), samples.sample_form()):
        assert problem(data.uscc) is None and data.specimen
