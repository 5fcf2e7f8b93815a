"""The application form: every section and row, the evidence, the commitment and the boxes."""

from __future__ import annotations

import dataclasses

import pytest

from evalcenter.documents import render, samples
from evalcenter.documents.data import FormRow, FormSection
from tests.documents import pdf_tools


@pytest.fixture(scope="module")
def form(document_fonts) -> tuple:
    data = samples.sample_form()
    return data, render.render_application_form(data, document_fonts)


def test_it_prints_every_section_and_row(form):
    data, pdf = form
    flat = pdf_tools.flat(pdf)
    submitted = ("2025年9月20日16:05", "20September2025,16:05(Beijingtime)")
    for expected in ("申报书", "ApplicationForm", data.reference, data.round_title, *submitted):
        assert expected in flat, expected
    assert data.uscc in flat and "第2版" in flat
    for section in data.sections:
        assert "".join(section.title.zh.split()) in flat
        for row in section.rows:
            label = "".join(f"{row.label.zh}{row.label.en}".split())
            assert label in flat, label
            assert "".join(row.value.split()) in flat, row.value
    assert "86500万元" in flat and "集成电路integratedcircuits" in flat and "否no" in flat


def test_it_lists_the_evidence_and_has_boxes_to_sign_and_stamp(form):
    data, pdf = form
    flat = pdf_tools.flat(pdf)
    for kind in data.evidence:
        assert kind.kind.zh in flat
        for file in kind.files:
            assert "".join(file.name.split()) in flat and file.sha256[:16] in flat
    assert "2.4MB" in flat and "311.3KB" in flat
    assert "".join(data.commitment.zh.split()) in flat
    for box in ("法定代表人签字", "单位盖章", "日期", "年月日"):
        assert box in flat
    pages = len(pdf_tools.reader(pdf).pages)
    assert f"第{pages}页/共{pages}页" in pdf_tools.flat(pdf, pages)
    pdf_tools.save_png(pdf, "application-form-page-1")


def test_long_answers_wrap_onto_more_pages(document_fonts, form):
    data, pdf = form
    essay = "技术中心下设芯片设计、封装测试、标准计量三个研究所。" * 150  # ~3,900 characters
    last = data.sections[-1]
    extra = FormSection(last.title, (FormRow(last.rows[0].label, essay),))
    longer = dataclasses.replace(data, sections=(*data.sections, extra))
    longer_pdf = render.render_application_form(longer, document_fonts)
    assert len(pdf_tools.reader(longer_pdf).pages) > len(pdf_tools.reader(pdf).pages)
    # Nothing cut off: one 究 a sentence (a word may break across a page, a character cannot).
    assert pdf_tools.flat(longer_pdf).count("究") == pdf_tools.flat(pdf).count("究") + 150
    count = len(pdf_tools.reader(longer_pdf).pages)
    filled = [len(pdf_tools.flat(longer_pdf, n)) for n in range(1, count)]
    assert min(filled) > 300, filled  # no page holds just a heading
