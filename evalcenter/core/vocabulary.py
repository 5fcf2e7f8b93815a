"""Coded values of the application data (application-data.md) with labels in both languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

DISTRICTS = {
    "东城区": _l("Dongcheng District"),
    "西城区": _l("Xicheng District"),
    "朝阳区": _l("Chaoyang District"),
    "海淀区": _l("Haidian District"),
    "丰台区": _l("Fengtai District"),
    "石景山区": _l("Shijingshan District"),
    "门头沟区": _l("Mentougou District"),
    "房山区": _l("Fangshan District"),
    "通州区": _l("Tongzhou District"),
    "顺义区": _l("Shunyi District"),
    "昌平区": _l("Changping District"),
    "大兴区": _l("Daxing District"),
    "怀柔区": _l("Huairou District"),
    "平谷区": _l("Pinggu District"),
    "密云区": _l("Miyun District"),
    "延庆区": _l("Yanqing District"),
    "北京经济技术开发区": _l("Beijing Economic-Technological Development Area"),
}

INDUSTRY_FIELDS = {
    "next_gen_it": _l("Next-generation information technology"),
    "pharma_health": _l("Pharmaceuticals and health"),
    "integrated_circuits": _l("Integrated circuits"),
    "connected_vehicles": _l("Intelligent connected vehicles"),
    "smart_manufacturing": _l("Smart manufacturing and equipment"),
    "green_energy": _l("Green energy, energy saving and environmental protection"),
    "blockchain_computing": _l("Blockchain and advanced computing"),
    "sci_tech_services": _l("Science and technology services"),
    "smart_city": _l("Smart city"),
    "info_content": _l("Information content consumption"),
}

SECTORS = {
    "C": _l("C · Manufacturing"),
    "I": _l("I · Information transmission, software and IT services"),
    "M": _l("M · Scientific research and technical services"),
    "E": _l("E · Construction"),
    "other": _l("Other sectors"),
}

UNITS_EN = {
    "万元": "10,000 CNY",
    "万元/人": "10,000 CNY per person",
    "人": "persons",
    "人月": "person-months",
    "件": "items",
    "项": "items",
    "个": "units",
    "%": "%",
}


def unit_text(unit: str | None, chinese: bool) -> str:
    """A unit as the page shows it: the Chinese unit, or its English name (glossary)."""
    if not unit:
        return ""
    return unit if chinese else UNITS_EN.get(unit, unit)


def choices(mapping: dict) -> list[tuple[str, str]]:
    """WTForms choices from a code → label mapping, with an empty first option."""
    return [("", "—")] + [(code, label) for code, label in mapping.items()]
