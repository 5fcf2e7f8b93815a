"""Fixtures of the document tests: the fonts cut once per test session."""

from __future__ import annotations

import pytest

from evalcenter.documents import fonts


@pytest.fixture(scope="session")
def document_fonts(tmp_path_factory) -> fonts.Fonts:
    """The common fonts, cut with harfbuzz-subset into a fresh folder (as the app does)."""
    return fonts.prepare(tmp_path_factory.mktemp("fonts"))
