"""Render certificates, evaluation reports and application forms to (unsigned) PDF bytes.

Input is only the plain data of :mod:`evalcenter.documents.data`: no database, no Flask, so
worker processes render too. Templates live in ``templates/documents/`` and run in a sandboxed,
autoescaping Jinja environment; WeasyPrint loads nothing but the document assets, the pre-cut
fonts and ``data:`` URLs (:mod:`.fetcher`). One font configuration and the parsed stylesheets
are kept per process and font directory, so only the first document pays for loading fonts.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Iterator
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from evalcenter.documents import fonts as font_files
from evalcenter.documents.chart import group_chart
from evalcenter.documents.data import ApplicationFormData, CertificateData, ReportData
from evalcenter.documents.fetcher import ASSETS_DIR, DocumentFetcher
from evalcenter.documents.qr import qr_svg

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "documents"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
STYLE = {"certificate": "serif", "report": "sans", "application_form": "sans"}


# -- template filters ----------------------------------------------------------------------
def zh_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def en_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def zh_datetime(value: datetime) -> str:
    return f"{zh_date(value)} {value:%H:%M}"


def en_datetime(value: datetime) -> str:
    return f"{en_date(value)}, {value:%H:%M}"


def dec(value: Decimal | int | None, places: int = 2) -> str:
    """A number with ``places`` decimals, rounded half-up (``—`` for none)."""
    if value is None:
        return "—"
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def size(n: int) -> str:
    """A file size in B, KB or MB (powers of 1024, one decimal)."""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def pairs(rows: Any, longest: int = 28) -> list[tuple]:
    """Form rows two to a line; a long value (or a row left alone) gets a line to itself."""
    out: list[tuple] = []
    waiting = None
    for row in rows:
        if len(row.value) > longest or "\n" in row.value:
            if waiting is not None:
                out.append((waiting,))
                waiting = None
            out.append((row,))
        elif waiting is None:
            waiting = row
        else:
            out.append((waiting, row))
            waiting = None
    if waiting is not None:
        out.append((waiting,))
    return out


@cache
def environment() -> SandboxedEnvironment:
    """The one template environment: sandboxed, autoescaping, seeing only documents/."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        zh_date=zh_date, en_date=en_date, zh_datetime=zh_datetime, en_datetime=en_datetime,
        dec=dec, size=size, pairs=pairs,
    )  # fmt: skip
    return env


# -- WeasyPrint, one set-up per process and font directory --------------------------------
class _Engine:
    """The fetcher, font configuration and parsed stylesheets for one font directory."""

    def __init__(self, fonts: font_files.Fonts) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.lock = threading.Lock()
        self.fetcher = DocumentFetcher(fonts.directory)
        self.font_config = FontConfiguration()
        self.image_cache: dict = {}  # the assets' images (corner ornaments ...), parsed once
        base = ASSETS_DIR.as_uri() + "/"
        self.stylesheets = {}
        for name, style in STYLE.items():
            text = fonts.face_css() + f"\nhtml {{ font-family: {font_files.family(style)}; }}\n"
            text += (ASSETS_DIR / f"{name}.css").read_text(encoding="utf-8")
            self.stylesheets[name] = CSS(
                string=text, base_url=base, url_fetcher=self.fetcher, font_config=self.font_config
            )


_engines: dict[Path, _Engine] = {}
_engines_lock = threading.Lock()


def _engine(fonts: font_files.Fonts) -> _Engine:
    with _engines_lock:
        engine = _engines.get(fonts.directory)
        if engine is None:
            engine = _engines[fonts.directory] = _Engine(fonts)
            settle()
        return engine


def settle() -> None:
    """Take what is alive now (the app, WeasyPrint, fonts, parsed stylesheets: long-lived in a
    process that renders documents) out of the cyclic garbage collector's scans. A render makes
    many short-lived objects; with the long-lived ones scanned at every full collection, a
    report took about a fifth longer."""
    gc.collect()
    gc.freeze()


def render_html(html: str, fonts: font_files.Fonts, kind: str) -> bytes:
    """``html`` as PDF with the stylesheet of ``kind`` (a key of ``STYLE``)."""
    from weasyprint import HTML

    engine = _engine(fonts)
    with engine.lock:  # WeasyPrint's font configuration is not meant for concurrent use
        doc = HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=engine.fetcher)
        return doc.write_pdf(
            stylesheets=[engine.stylesheets[kind]],
            font_config=engine.font_config,
            cache=engine.image_cache,
        )


def _strings(value: Any) -> Iterator[str]:
    """Every string in a document's data (dataclasses, tuples and named tuples, nested)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def _render(kind: str, data: Any, fonts: font_files.Fonts, **context: Any) -> bytes:
    font_files.require_glyphs(_strings(data), STYLE[kind])
    html = environment().get_template(f"{kind}.html").render(d=data, **context)
    return render_html(html, fonts, kind)


# -- the documents -------------------------------------------------------------------------
def render_certificate(data: CertificateData, fonts: font_files.Fonts) -> bytes:
    qr = Markup(qr_svg(data.verify_url))  # noqa: S704 - segno's SVG: path data only, no text
    return _render("certificate", data, fonts, qr=qr)


def render_report(data: ReportData, fonts: font_files.Fonts) -> bytes:
    chart = group_chart(data.groups, font_files.family(STYLE["report"]))
    return _render("report", data, fonts, chart=Markup(chart))  # noqa: S704 - built escaped


def render_application_form(data: ApplicationFormData, fonts: font_files.Fonts) -> bytes:
    return _render("application_form", data, fonts)
