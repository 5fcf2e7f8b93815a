"""The evaluation report: the reference ruleset's example, mapped by report_parts and printed."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from evalcenter.documents import render, samples
from evalcenter.documents.report_parts import report_parts
from tests.documents import pdf_tools

RARE_NAME = "北京犇燊堃喆玥科技有限公司"


@pytest.fixture(scope="module")
def ruleset():
    return samples.reference_ruleset()


@pytest.fixture(scope="module")
def report(document_fonts, ruleset) -> tuple:
    data = samples.sample_report(RARE_NAME, ruleset)
    return data, render.render_report(data, document_fonts)


def test_report_parts_follow_the_result(ruleset):
    result = ruleset.evaluate(samples.sample_application(), reviews=samples.REVIEWS)
    parts = report_parts(result, ruleset)
    assert [g.id for g in parts.groups] == ["A", "B", "C", "D"]
    assert [str(g.points) for g in parts.groups] == ["19.81", "22.94", "14.15", "25.41"]
    assert sum(g.points for g in parts.groups) == result.base == Decimal("82.31")
    for group in parts.groups:
        assert sum(i.points for i in group.indicators) == group.points
    a1 = parts.groups[0].indicators[0]
    assert (a1.id, a1.label.zh, a1.label.en) == (
        "A1",
        "研发经费支出占主营业务收入比重",
        "R&D intensity",
    )
    assert (a1.basic, a1.full, a1.points) == (3, 8, Decimal("10.00"))  # sector C levels
    assert {label.zh: value for label, value in a1.inputs} == {
        "研发经费支出": "7350 万元",
        "主营业务收入": "86500 万元",
    }
    assert a1.level.zh == "达到满分值"
    assert len(parts.gates) == 8 and all(g.passed for g in parts.gates) and parts.eligible
    assert [i.points for i in parts.bonus_items] == [0, 2, 2, 0]  # E2 and E3, 4 in all
    assert parts.recommendation == ("推荐认定", "recommend")
    gains = [m.gain for m in parts.improvements]
    assert gains == sorted(gains, reverse=True) and gains[0] == Decimal("3.00")  # C4
    assert parts.improvements[0].label.zh == "国家级研发平台"


def test_it_prints_scores_ranking_and_ruleset(report):
    data, pdf = report
    flat = pdf_tools.flat(pdf)
    for expected in (
        "评价报告",
        "EvaluationReport",
        RARE_NAME,
        data.reference,
        data.uscc,
        "2025年11月20日",
        "第3名/共120名",
        "86.31",  # quantitative
        "81.83",  # panel
        "84.52",  # composite
        "推荐认定",
        "19.81/22.00",
        "22.94/28.00",
        "14.15/20.00",
        "25.41/30.00",
        "基础分合计Base(sumofthegroups)82.31",
        "依据5份独立评审意见",
        "研发经费支出：7350万元",
        "可提升",
        "+3.00",
    ):
        assert expected in flat, expected
    for criterion in data.panel.criteria:
        assert f"{criterion.id}{criterion.label.zh}" in flat
    for group in data.groups:
        for indicator in group.indicators:
            assert indicator.id in flat


def test_every_page_has_the_ruleset_and_its_number(report):
    data, pdf = report
    pages = len(pdf_tools.reader(pdf).pages)
    assert pages >= 4
    for n in range(1, pages + 1):
        flat = pdf_tools.flat(pdf, n)
        assert f"第{n}页/共{pages}页" in flat
        assert data.ruleset_sha256 in flat and f"规则集{data.ruleset_id}·第1版" in flat
        if n > 1:
            assert RARE_NAME in flat and data.reference in flat  # the running header
    pdf_tools.save_png(pdf, "report-page-2", page=2)
    pdf_tools.save_png(pdf, "report-page-1", page=1)


def test_the_chart_draws_each_group_against_its_maximum(report):
    data, pdf = report
    flat = pdf_tools.flat(pdf)
    assert "各组得分与满分" in flat
    for group in data.groups:  # the chart's labels are text, drawn from the SVG
        assert f"{group.id}{group.label.zh}" in flat


def test_fonts_are_embedded(report):
    rows = pdf_tools.fonts(report[1])
    assert all(r["emb"] == "yes" for r in rows)
    names = {r["name"].split("+", 1)[1] for r in rows}
    assert {"EvalCenter-Sans", "EvalCenter-Sans-Bold"} <= names


def test_an_unranked_report_without_a_panel(document_fonts, ruleset):
    data = dataclasses.replace(
        samples.sample_report(ruleset=ruleset), panel=None, composite=None, rank=None, ranked=None
    )
    flat = pdf_tools.flat(render.render_report(data, document_fonts))
    assert "专家评审尚未完成" in flat and "本批次尚未排名" in flat
    assert "第3名" not in flat


def test_an_ineligible_report_says_why(document_fonts, ruleset):
    values = {**samples.sample_application(), "centre_level": "none", "valid_ip": 9}
    values["valid_invention_patents"] = 5
    result = ruleset.evaluate(values, reviews=samples.REVIEWS)
    parts = report_parts(result, ruleset)
    data = dataclasses.replace(
        samples.sample_report(ruleset=ruleset),
        eligible=False,
        gates=parts.gates,
        recommendation=parts.recommendation,
    )
    flat = pdf_tools.flat(render.render_report(data, document_fonts))
    assert "资格条件：不符合" in flat and "不符合条件" in flat
    assert "尚未认定为国家级或市级企业技术中心" in flat
    assert "近三年有效知识产权少于10件" in flat
