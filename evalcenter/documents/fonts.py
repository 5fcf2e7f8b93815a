"""The fonts documents are set in: Noto CJK SC, pre-cut for speed, and a glyph-coverage check.

WeasyPrint subsets every embedded font; over the full 65k-glyph CJK faces that costs ~60 ms a
page. So each face (serif for certificates, sans for reports and forms; regular and bold) is cut
once, with harfbuzz-subset, to a "common" font: ASCII/Latin-1, punctuation, CJK symbols,
fullwidth forms and everything GB2312 encodes (its 6,763 hanzi among them). Documents name the
common font first and the full system face second, which Pango falls back to for the rest
(rare name characters such as 犇 燊 堃 喆 玥). Text neither face has is refused, never printed as
empty boxes: :func:`require_glyphs` raises ``ServiceError("document_missing_glyph")``.
"""

from __future__ import annotations

import ctypes
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from evalcenter.core.errors import ServiceError

SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
FACE_INDEX = 2  # the SC (simplified Chinese) face in Debian's Noto CJK collections
INSTALL = "apt-get install fonts-noto-cjk libharfbuzz-subset0"
CUT_VERSION = 3  # bump when the cut's coverage changes: cached fonts are cut again

STYLES = ("serif", "sans")
WEIGHTS = {400: "Regular", 700: "Bold"}
FULL_FAMILY = {"serif": "Noto Serif CJK SC", "sans": "Noto Sans CJK SC"}
COMMON_FAMILY = {"serif": "EvalCenter Serif", "sans": "EvalCenter Sans"}
# Latin, punctuation, letterlike symbols, number forms, arrows, mathematical operators (− ×
# ≤), enclosed numbers, box drawing and shapes (● ■), CJK symbols, fullwidth forms: a document
# that needs a character outside the cut embeds the full 65,000-glyph face as well, which
# costs a report about a fifth of its rendering time.
_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),
    (0x2100, 0x22FF),
    (0x2460, 0x25FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)
# GSUB only holds what horizontal simplified Chinese never asks for (vertical forms, the
# JP/KR/TC 'locl' variants, width variants); its closure doubles the cut. GPOS (kerning) stays.
DROP_TABLES = ("GSUB",)
_HB_SUBSET_SETS_DROP_TABLE_TAG = 3
_HB_SUBSET_NAMES = ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib")
_STAMP = "fonts.json"


class FontError(RuntimeError):
    """The fonts cannot be prepared; the message says what to install or fix."""


@dataclass(frozen=True)
class Fonts:
    """The pre-cut common fonts in ``directory``: ``files[(style, weight)]`` is a path."""

    directory: Path
    files: Mapping[tuple[str, int], Path]

    def face_css(self) -> str:
        """``@font-face`` rules naming the common fonts (loaded through the URL fetcher)."""
        rules = []
        for (style, weight), path in sorted(self.files.items()):
            rules.append(
                f'@font-face {{ font-family: "{COMMON_FAMILY[style]}"; '
                f'src: url("{path.as_uri()}"); font-weight: {weight}; }}'
            )
        return "\n".join(rules)


def family(style: str) -> str:
    """The CSS font-family list for a style: the common cut, then the full SC face."""
    return f'"{COMMON_FAMILY[style]}", "{FULL_FAMILY[style]}"'


def source_path(style: str, weight: int, source_dir: Path = SOURCE_DIR) -> Path:
    kind = "Serif" if style == "serif" else "Sans"
    return source_dir / f"Noto{kind}CJK-{WEIGHTS[weight]}.ttc"


def common_codepoints() -> list[int]:
    """What the common cut holds: the fixed ranges plus every character GB2312 encodes."""
    points = {c for lo, hi in _RANGES for c in range(lo, hi + 1)}
    for c in range(0x80, 0x10000):
        if 0xD800 <= c <= 0xDFFF or c in points:
            continue
        try:
            chr(c).encode("gb2312")
        except UnicodeEncodeError:
            continue
        points.add(c)
    return sorted(points)


# -- harfbuzz-subset through ctypes --------------------------------------------------------
@cache
def _harfbuzz() -> tuple[ctypes.CDLL, ctypes.CDLL] | None:
    """libharfbuzz and libharfbuzz-subset with the signatures used here, or None."""
    subset = None
    for name in _HB_SUBSET_NAMES:
        try:
            subset = ctypes.CDLL(name)
            break
        except OSError:
            continue
    if subset is None:
        return None
    hb = subset  # libharfbuzz-subset links libharfbuzz: its symbols resolve through it
    vp, uint = ctypes.c_void_p, ctypes.c_uint
    for fn, res, args in (
        (hb.hb_blob_create_from_file, vp, [ctypes.c_char_p]),
        (hb.hb_face_create, vp, [vp, uint]),
        (hb.hb_face_reference_blob, vp, [vp]),
        (hb.hb_blob_get_data, ctypes.POINTER(ctypes.c_char), [vp, ctypes.POINTER(uint)]),
        (hb.hb_blob_get_length, uint, [vp]),
        (hb.hb_blob_destroy, None, [vp]),
        (hb.hb_face_destroy, None, [vp]),
        (hb.hb_set_add, None, [vp, ctypes.c_uint32]),
        (subset.hb_subset_input_create_or_fail, vp, []),
        (subset.hb_subset_input_unicode_set, vp, [vp]),
        (subset.hb_subset_input_set, vp, [vp, ctypes.c_int]),
        (subset.hb_subset_input_destroy, None, [vp]),
        (subset.hb_subset_or_fail, vp, [vp, vp]),
    ):
        fn.restype, fn.argtypes = res, args
    return hb, subset


def has_harfbuzz_subset() -> bool:
    return _harfbuzz() is not None


def cut_face(
    source: Path,
    codepoints: Iterable[int],
    index: int = FACE_INDEX,
    drop_tables: Iterable[str] = DROP_TABLES,
) -> bytes:
    """The face ``index`` of ``source`` cut down to ``codepoints``, without ``drop_tables``."""
    libs = _harfbuzz()
    if libs is None:
        raise FontError(f"libharfbuzz-subset is missing: {INSTALL}")
    hb, subset = libs
    blob = hb.hb_blob_create_from_file(str(source).encode())
    if not blob or not hb.hb_blob_get_length(blob):
        hb.hb_blob_destroy(blob)
        raise FontError(f"cannot read the font {source}: {INSTALL}")
    face = hb.hb_face_create(blob, index)
    spec = subset.hb_subset_input_create_or_fail()
    out_face = out_blob = None
    try:
        unicodes = subset.hb_subset_input_unicode_set(spec)
        for c in codepoints:
            hb.hb_set_add(unicodes, c)
        dropped = subset.hb_subset_input_set(spec, _HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in drop_tables:
            hb.hb_set_add(dropped, int.from_bytes(tag.encode(), "big"))
        out_face = subset.hb_subset_or_fail(face, spec)
        if not out_face:
            raise FontError(f"harfbuzz-subset could not cut {source} (face {index})")
        out_blob = hb.hb_face_reference_blob(out_face)
        size = ctypes.c_uint()
        data = hb.hb_blob_get_data(out_blob, ctypes.byref(size))
        return ctypes.string_at(data, size.value)
    finally:
        for fn, ptr in (
            (hb.hb_blob_destroy, out_blob),
            (hb.hb_face_destroy, out_face),
            (subset.hb_subset_input_destroy, spec),
            (hb.hb_face_destroy, face),
            (hb.hb_blob_destroy, blob),
        ):
            if ptr:
                fn(ptr)


# -- the cache directory -------------------------------------------------------------------
def _sources_stamp(source_dir: Path) -> dict[str, list[int]]:
    out = {}
    for style in STYLES:
        for weight in WEIGHTS:
            st = source_path(style, weight, source_dir).stat()
            out[f"{style}-{weight}"] = [st.st_size, st.st_mtime_ns]
    return out


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            os.fchmod(out.fileno(), 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cached(cache_dir: Path, expected: dict) -> Fonts | None:
    """The fonts already cut into ``cache_dir`` for these sources, or None."""
    try:
        stamp = json.loads((cache_dir / _STAMP).read_text())
    except (OSError, ValueError):
        return None
    if stamp.get("version") != CUT_VERSION or stamp.get("sources") != expected:
        return None
    files = {}
    for key, size in stamp.get("files", {}).items():
        style, weight = key.rsplit("-", 1)
        path = cache_dir / f"{key}.otf"
        try:
            if path.stat().st_size != size:
                return None
        except OSError:
            return None
        files[(style, int(weight))] = path
    return Fonts(cache_dir, files) if len(files) == len(STYLES) * len(WEIGHTS) else None


def prepare(cache_dir: str | Path, source_dir: Path = SOURCE_DIR) -> Fonts:
    """The common fonts in ``cache_dir``, cut now (~0.6 s) unless already there for the same
    system fonts. Files are written atomically, so processes preparing at once do no harm."""
    cache_dir = Path(cache_dir)
    problems = _source_problems(source_dir)
    if problems:
        raise FontError("; ".join(problems))
    expected = _sources_stamp(source_dir)
    found = _cached(cache_dir, expected)
    if found is not None:
        return found
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FontError(f"cannot create the font cache {cache_dir}: {err}") from err
    codepoints = common_codepoints()
    files, sizes = {}, {}
    for style in STYLES:
        for weight in WEIGHTS:
            data = cut_face(source_path(style, weight, source_dir), codepoints)
            path = cache_dir / f"{style}-{weight}.otf"
            _write_atomic(path, data)
            files[(style, weight)] = path
            sizes[f"{style}-{weight}"] = len(data)
    stamp = {"version": CUT_VERSION, "sources": expected, "files": sizes}
    _write_atomic(cache_dir / _STAMP, json.dumps(stamp, indent=1).encode())
    return Fonts(cache_dir, files)


# -- coverage ------------------------------------------------------------------------------
@cache
def _cmap(style: str, source_dir: Path = SOURCE_DIR) -> frozenset[int]:
    """The characters the full SC face of ``style`` maps (regular and bold both have them)."""
    from fontTools.ttLib import TTFont

    path = source_path(style, 400, source_dir)
    with TTFont(path, fontNumber=FACE_INDEX, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _ignored(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch.isspace() or category[0] == "Z" or category in ("Cc", "Cf")


def missing_glyphs(text: str, style: str = "sans") -> set[str]:
    """The characters of ``text`` that neither the common cut nor the full face has (the cut
    is a subset of the full face, so the full face's character map decides)."""
    cmap = _cmap(style)
    return {ch for ch in set(text) if ord(ch) not in cmap and not _ignored(ch)}


def require_glyphs(texts: Iterable[str], style: str) -> None:
    """Raise ``ServiceError("document_missing_glyph")`` naming the characters no font has."""
    missing: set[str] = set()
    for text in texts:
        if text:
            missing |= missing_glyphs(text, style)
    if missing:
        shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in sorted(missing))
        raise ServiceError("document_missing_glyph", characters=shown)


# -- start-up check ------------------------------------------------------------------------
def _source_problems(source_dir: Path) -> list[str]:
    problems = []
    for style in STYLES:
        for weight in WEIGHTS:
            path = source_path(style, weight, source_dir)
            if not path.is_file():
                problems.append(f"documents: the font {path} is missing: {INSTALL}")
                continue
            name = _face_name(path)
            if "SC" not in name:
                problems.append(
                    f"documents: face {FACE_INDEX} of {path} is {name!r}, not the simplified "
                    f"Chinese (SC) face: reinstall Debian's fonts-noto-cjk ({INSTALL})"
                )
    return problems


@cache
def _face_name(path: Path) -> str:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=FACE_INDEX, lazy=True) as font:
            return font["name"].getDebugName(1) or ""
    except (OSError, TTLibError, IndexError) as err:
        return f"unreadable ({err})"


def check(cache_dir: str | Path, source_dir: Path = SOURCE_DIR) -> list[str]:
    """Problems that keep documents from printing (or make them slow), each saying what to do."""
    problems = _source_problems(source_dir)
    if not has_harfbuzz_subset():
        problems.append(
            "documents: libharfbuzz-subset is missing, so every PDF takes seconds (WeasyPrint "
            f"falls back to fontTools) and fonts cannot be pre-cut: {INSTALL}"
        )
    cache_dir = Path(cache_dir)
    probe = cache_dir if cache_dir.exists() else cache_dir.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        problems.append(
            f"documents: the font cache {cache_dir} is not writable by this user: make "
            f"{probe} writable or set the instance folder to one that is"
        )
    return problems
