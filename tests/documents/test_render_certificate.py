"""The certificate: what it prints, its fonts, its QR code, its metadata, and refusals."""

from __future__ import annotations

import dataclasses

import pytest
import zxingcpp

from evalcenter.core.errors import ServiceError
from evalcenter.documents import render, samples
from tests.documents import pdf_tools

RARE_NAME = "北京犇燊堃喆玥科技有限公司"


@pytest.fixture(scope="module")
def certificate(document_fonts) -> tuple:
    data = samples.sample_certificate(RARE_NAME)
    return data, render.render_certificate(data, document_fonts)


def test_it_prints_the_recognition(certificate):
    data, pdf = certificate
    flat = pdf_tools.flat(pdf)
    for expected in (
        "荣誉证书",
        f"{RARE_NAME}企业技术中心被认定为北京市高精尖产业优秀企业技术中心",
        "isrecognisedasanExcellentEnterpriseTechnologyCentreofBeijing'sHigh-endIndustries",
        RARE_NAME,
        data.serial,
        data.uscc,
        "集成电路integratedcircuits",
        "海淀区",
        data.round_title,
        "2025年12月1日至2028年11月30日",
        "1December2025–30November2028",
        "北京市经济和信息化局BeijingMunicipalBureauofEconomyandInformationTechnology",
        "扫码验证Scantoverify",
        data.verify_url,
        "样本SPECIMEN",
    ):
        assert expected in flat, expected
    reader = pdf_tools.reader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (842, 595)  # A4 landscape, in points


def test_fonts_are_embedded_subsets_with_the_rare_characters(certificate, document_fonts):
    data, pdf = certificate
    rows = pdf_tools.fonts(pdf)
    assert rows and all(r["emb"] == r["sub"] == r["uni"] == "yes" for r in rows), rows
    names = {r["name"].split("+", 1)[1] for r in rows}
    assert {"EvalCenter-Serif", "EvalCenter-Serif-Bold"} <= names
    assert any(n.startswith("Noto-Serif-CJK-SC") for n in names)  # for 犇燊堃喆玥 only
    assert not any("Sans" in n for n in names)

    plain = render.render_certificate(samples.sample_certificate(), document_fonts)
    plain_names = {r["name"].split("+", 1)[1] for r in pdf_tools.fonts(plain)}
    assert plain_names == {"EvalCenter-Serif", "EvalCenter-Serif-Bold"}


def test_the_qr_code_opens_the_verification_page(certificate):
    data, pdf = certificate
    found = zxingcpp.read_barcodes(pdf_tools.page_image(pdf, 1, dpi=150))
    assert [(b.format.name, b.text) for b in found] == [("QRCode", data.verify_url)]
    pdf_tools.save_png(pdf, "certificate")


def test_metadata_comes_from_the_data_and_the_bytes_repeat(certificate, document_fonts):
    data, pdf = certificate
    meta = pdf_tools.reader(pdf).metadata
    assert data.serial in meta.title and RARE_NAME in meta.title
    assert meta.author == f"{data.issuer.zh} {data.issuer.en}"
    assert meta.creation_date.date() == data.issued_on
    assert render.render_certificate(data, document_fonts) == pdf


def test_not_a_specimen_has_no_watermark(document_fonts):
    data = dataclasses.replace(samples.sample_certificate(), specimen=False)
    flat = pdf_tools.flat(render.render_certificate(data, document_fonts))
    assert "SPECIMEN" not in flat and "样本" not in flat and data.serial in flat


@pytest.mark.parametrize("character", ["\U000f0000", "\U00030000"])
def test_a_name_no_font_can_print_is_refused(document_fonts, character):
    data = samples.sample_certificate(f"北京{character}科技有限公司")
    with pytest.raises(ServiceError) as caught:
        render.render_certificate(data, document_fonts)
    assert caught.value.code == "document_missing_glyph"
    assert f"U+{ord(character):04X}" in caught.value.params["characters"]
