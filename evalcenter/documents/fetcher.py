"""The only way WeasyPrint reads anything while rendering a document.

Allowed: ``file:`` URLs of regular files under the package's document assets
(``evalcenter/static/documents/``) or the font cache (after resolving ``..`` and symlinks), and
``data:`` URLs. Everything else (other files, http(s), ftp, ...) raises :class:`FetchRefused`,
which WeasyPrint logs and skips: the image or stylesheet is simply left out.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS_DIR = Path(__file__).resolve().parent.parent / "static" / "documents"


class FetchRefused(ValueError):
    """A URL a document may not load."""


class DocumentFetcher(URLFetcher):
    """A WeasyPrint URL fetcher for the assets directory, the given roots and ``data:``."""

    def __init__(self, *roots: str | Path) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.roots = tuple(Path(root).resolve() for root in (ASSETS_DIR, *roots))

    def allowed_path(self, url: str) -> Path:
        """The regular file a ``file:`` URL names, if it lies under one of the roots."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"not a local file URL: {url[:200]}")
        raw = Path(url2pathname(unquote(parts.path)))
        if not raw.is_absolute():
            raise FetchRefused(f"not an absolute path: {url[:200]}")
        path = raw.resolve()  # follows symlinks and removes '..'
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(f"outside the document assets: {url[:200]}")
        if not path.is_file():
            raise FetchRefused(f"no such asset: {url[:200]}")
        return path

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.allowed_path(url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})
        raise FetchRefused(f"documents load no {scheme or 'relative'} URLs: {url[:200]}")
