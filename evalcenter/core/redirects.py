"""Same-origin redirect targets only."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` if it is a local path on this site, else `fallback`.

    Refuses absolute URLs, scheme-relative `//host`, backslash tricks and control characters.
    """
    if not target:
        return fallback
    if any(ord(c) < 32 for c in target) or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
