"""The report's bar chart: each group's points against its maximum, as escaped inline SVG.

Bars are drawn to one scale, so a group worth 30 points has a longer track than one worth 20;
the filled part is the points reached, and each bar is labelled with its points and maximum
(no axis: each SVG text costs WeasyPrint a layout of its own). Labels are in Chinese with the
English below.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from evalcenter.documents.data import GroupRow

WIDTH, ROW, TOP, LABEL, BAR_END = 640, 46, 8, 210, 540
INK, TRACK, FILL, GRID = "#1b2a3f", "#e4e8ee", "#2c4f7c", "#c8ced8"


def _num(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def _text(parent: ET.Element, x: float, y: float, text: str, size: float, **attrs: str) -> None:
    el = ET.SubElement(parent, "text", x=f"{x:g}", y=f"{y:g}", attrib={"font-size": f"{size:g}"})
    for key, value in attrs.items():
        el.set(key.replace("_", "-"), value)
    el.text = text  # ElementTree escapes it


def group_chart(groups: Sequence[GroupRow], font_family: str) -> str:
    """An ``<svg>`` element for the groups (empty string when there are none)."""
    if not groups:
        return ""
    top = max(g.maximum for g in groups) or Decimal(1)
    scale = (BAR_END - LABEL) / float(top)
    height = TOP + ROW * len(groups) + 8
    svg = ET.Element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {height}",
        attrib={"class": "chart", "font-family": font_family, "fill": INK},
    )
    bottom = TOP + ROW * len(groups)
    ET.SubElement(svg, "line", x1=str(LABEL), x2=str(LABEL), y1=str(TOP), y2=str(bottom),
                  stroke=GRID, attrib={"stroke-width": "0.6"})  # fmt: skip
    for n, group in enumerate(groups):
        y = TOP + n * ROW
        _text(svg, 0, y + 19, f"{group.id}  {group.label.zh}", 13, font_weight="700")
        _text(svg, 0, y + 35, group.label.en, 10, fill="#5a6473")
        track = float(group.maximum) * scale
        filled = max(0.0, min(float(group.points), float(group.maximum))) * scale
        ET.SubElement(svg, "rect", x=str(LABEL), y=f"{y + 12:g}", width=f"{track:g}",
                      height="20", fill=TRACK)  # fmt: skip
        ET.SubElement(svg, "rect", x=str(LABEL), y=f"{y + 12:g}", width=f"{filled:g}",
                      height="20", fill=FILL)  # fmt: skip
        value = f"{_num(group.points)} / {_num(group.maximum)}"
        _text(svg, LABEL + track + 8, y + 27, value, 12, font_weight="700")
    return ET.tostring(svg, encoding="unicode")
