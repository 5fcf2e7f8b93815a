"""Fonts: the common cut (made once, reused, made again when damaged), coverage, start-up check."""

from __future__ import annotations

import logging
import os

import pytest
from fontTools.ttLib import TTFont

from evalcenter import create_app
from evalcenter.core.errors import ServiceError
from evalcenter.documents import fonts

RARE = "犇燊堃喆玥"
UNMAPPED = ("\U000f0000", "\U00030000")  # private use plane 15; CJK Extension G


def cmap(path, number=0) -> set[int]:
    with TTFont(path, fontNumber=number, lazy=True) as font:
        return set(font.getBestCmap())


def test_the_cut_holds_gb2312_and_not_the_rare_characters(document_fonts):
    assert set(document_fonts.files) == {(s, w) for s in fonts.STYLES for w in fonts.WEIGHTS}
    for (style, weight), path in document_fonts.files.items():
        source = fonts.source_path(style, weight)
        assert path.stat().st_size < source.stat().st_size / 4
        have, full = cmap(path), cmap(source, fonts.FACE_INDEX)
        assert {ord(c) for c in "北京市高精尖产业优秀企业技术中心荣誉证书，。（）A-z0-9"} <= have
        assert set(fonts.common_codepoints()) & full <= have
        assert len(have) > 7000
        assert not {ord(c) for c in RARE} & have
        assert {ord(c) for c in RARE} <= full


def test_the_cut_is_made_once_and_again_when_damaged(tmp_path):
    first = fonts.prepare(tmp_path)
    stamps = {key: path.stat().st_mtime_ns for key, path in first.files.items()}
    assert fonts.prepare(tmp_path).files == first.files
    assert {k: p.stat().st_mtime_ns for k, p in first.files.items()} == stamps

    damaged = first.files["serif", 700]
    damaged.write_bytes(damaged.read_bytes()[:1000])  # e.g. a disk that filled up
    again = fonts.prepare(tmp_path)
    assert again.files["serif", 700].stat().st_size > 1_000_000
    assert not list(tmp_path.glob("*.tmp"))  # written through temporary files, renamed


def test_missing_glyphs_are_only_what_no_face_has():
    for ch in UNMAPPED:  # the test's premise: really missing from both full faces
        assert ord(ch) not in cmap(fonts.source_path("serif", 400), fonts.FACE_INDEX)
        assert ord(ch) not in cmap(fonts.source_path("sans", 400), fonts.FACE_INDEX)
    assert fonts.missing_glyphs(f"北京{RARE}科技有限公司 Ltd.\n\t\u200b") == set()
    assert fonts.missing_glyphs(f"北京{UNMAPPED[0]}科技{UNMAPPED[1]}", "serif") == set(UNMAPPED)

    with pytest.raises(ServiceError) as caught:
        fonts.require_glyphs(["北京", f"公司{UNMAPPED[0]}"], "serif")
    assert caught.value.code == "document_missing_glyph"
    assert "U+F0000" in caught.value.params["characters"]


def test_check_names_what_to_install(tmp_path, monkeypatch):
    assert fonts.check(tmp_path / "fonts") == []

    problems = fonts.check(tmp_path / "fonts", source_dir=tmp_path)
    assert len(problems) == 4
    assert all("apt-get install fonts-noto-cjk" in p for p in problems)

    monkeypatch.setattr(fonts, "_harfbuzz", lambda: None)  # as without libharfbuzz-subset0
    (problem,) = fonts.check(tmp_path / "fonts")
    assert "libharfbuzz-subset" in problem and "libharfbuzz-subset0" in problem


def test_check_finds_a_cache_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    (problem,) = fonts.check(blocker / "fonts")
    assert "not writable" in problem
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert fonts.check(locked / "fonts")


def test_the_app_warns_at_start_and_starts(tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="evalcenter.app"):
        app = create_app(
            {
                "ENV": "testing",
                "SECRET_KEY": "test",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
                "UPLOAD_DIR": str(tmp_path / "uploads"),
                "FONT_CACHE_DIR": str(blocker / "fonts"),
            }
        )
    assert app is not None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("font cache" in w and "not writable" in w for w in warnings), warnings
