"""Small real files of each accepted type, and files that must be refused."""

from __future__ import annotations

import struct
import zlib

from evalcenter.demo.pdf import evidence_pdf


def pdf(text: str = "EvalCenter evidence") -> bytes:
    """A minimal valid one-page PDF (the demo's evidence file, ASCII text)."""
    return evidence_pdf(text)


def png() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """Bytes with JPEG framing (SOI, JFIF APP0, EOI)."""
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64
        + b"\xff\xd9"
    )


HTML_AS_PDF = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
