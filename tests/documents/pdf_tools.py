"""Reading rendered PDFs back: text and fonts through poppler, pages as PNG, metadata by pypdf."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "documents"


def text(pdf: bytes, page: int | None = None) -> str:
    """The text of the PDF (or of one page, from 1) in the order it was drawn."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", *pages, "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return out.stdout.decode()


def flat(pdf: bytes, page: int | None = None) -> str:
    """The text without any whitespace (letter-spaced titles and wrapped lines read whole)."""
    return "".join(text(pdf, page).split())


def fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font with its name and the emb/sub/uni columns."""
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False)
    if out.returncode:  # older poppler reads no stdin
        raise AssertionError(out.stderr.decode())
    rows = []
    for line in out.stdout.decode().splitlines()[2:]:
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def page_image(pdf: bytes, page: int = 1, dpi: int = 150) -> Image.Image:
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png))


def save_png(pdf: bytes, name: str, page: int = 1, dpi: int = 60) -> Path:
    """Write one page as test-artifacts/documents/<name>.png (for looking at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page_image(pdf, page, dpi).save(path)
    return path


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))
