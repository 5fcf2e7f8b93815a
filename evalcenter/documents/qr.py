"""The certificate's QR code: the verification URL as inline SVG (error correction M)."""

from __future__ import annotations

import segno


def qr_svg(url: str, css_class: str = "qr") -> str:
    """An ``<svg>`` element (no XML declaration, no fixed size: CSS sizes it) with a quiet
    zone of four modules, as scanners expect."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.svg_inline(scale=1, border=4, omitsize=True, svgclass=css_class, lineclass=None)
