"""Made-up but realistic data for specimen documents (marked ``specimen=True``).

The sample report is the reference ruleset's evaluation of a sample application (the rule
file's ``ic-manufacturer`` example), mapped by :func:`~.report_parts.report_parts` as issued
reports are. No database: the ``evalcenter documents sample-*`` commands and the tests use these.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from evalcenter.documents.data import (
    ApplicationFormData,
    Bi,
    CertificateData,
    EvidenceFile,
    EvidenceKind,
    FormRow,
    FormSection,
    PanelSummary,
    ReportData,
)
from evalcenter.documents.report_parts import bi, criterion_rows, evaluation_fields, shown
from evalcenter.scoring import Ruleset, find_ruleset, load_ruleset
from evalcenter.scoring.uscc import check_character

RULESET_ID, RULESET_VERSION = "bj-excellent-etc-2025", 1
COMPANY = "北京芯原微电子科技有限公司"
RARE_COMPANY = "北京犇燊堃喆玥智能装备有限公司"  # 犇 燊 堃 喆 玥 are outside GB2312
ISSUER = Bi(
    "北京市经济和信息化局", "Beijing Municipal Bureau of Economy and Information Technology"
)
ROUND_TITLE = "2025年度北京市高精尖产业优秀企业技术中心评价"
FIELD = Bi("集成电路", "integrated circuits")
DISTRICT = "海淀区"
REVIEWS = (82, Decimal("78.5"), 85, 90, 74)
CRITERION_MEANS = {"X1": "12.50", "X2": "16.33", "X3": "16.67", "X4": "12.17", "X5": "11.83",
                   "X6": "12.33"}  # fmt: skip
COMMITMENT = Bi(
    "本单位郑重承诺：申报材料及佐证材料真实、准确、完整，近三年无严重失信记录，接受主管部门核查。"
    "如有虚假，自愿承担取消认定资格、撤销认定并记入信用记录等责任。",
    "The organisation declares that all information and evidence in this application are true, "
    "accurate and complete, that it has no serious dishonesty record, and that it accepts "
    "verification by the programme office. False statements lead to rejection or revocation of "
    "the recognition and are recorded in the credit system.",
)

APPLICATION: dict[str, Any] = {
    "company_name": COMPANY, "uscc": "", "district": DISTRICT,
    "industry_field": "integrated_circuits", "sector": "C", "is_specialized_sme": False,
    "centre_level": "municipal", "last_evaluation_grade": "good",
    "integrity_violation_3y": False, "major_incident_3y": False, "main_revenue": "86500",
    "total_profit": "9120.5", "rd_expenditure": "7350", "new_product_revenue": "41200",
    "new_product_profit": "5230.25", "rd_equipment_value": "1680", "training_expenditure": "96",
    "employees": 1240, "rd_staff": 312, "rd_staff_prev_year": 281, "senior_experts_phd": 14,
    "intl_talent_rd": 6, "intl_talent_testing": 2, "intl_talent_standards": 0,
    "external_expert_person_months": "26.5", "valid_ip": 48, "valid_invention_patents": 17,
    "rd_projects": 36, "basic_applied_projects": 5, "national_platforms": 0,
    "provincial_platforms": 2, "accredited_labs": 1, "invention_applications_year": 15,
    "standards_international": 0, "standards_national": 2, "standards_industry": 3,
    "key_product_breakthroughs": 1, "national_awards_3y": 0, "provincial_awards_3y": 2,
    "ai_cross_industry_projects": 1, "innovation_centre_or_pilot_platform": False,
    "chain_leader": False,
    "centre_overview": "企业技术中心成立于2012年，下设芯片设计、封装测试、标准计量三个研究所，"
    "现有研发人员312人，其中博士及高级专家14人。",
    "talent_strategy": "实施“领军人才+青年骨干”双通道培养，设立海外联合实验室引进国际化人才。",
    "key_technologies": "高速SerDes接口IP；车规级MCU；先进封装热仿真。",
    "achievements": "2024年车规级MCU实现量产，替代进口，年销售收入4.12亿元。",
}  # fmt: skip

# The application form's sections (the same keys as evalcenter.applications.sections).
SECTIONS = (
    (Bi("一、基本情况", "1. Basic status"),
     ("company_name", "uscc", "district", "industry_field", "sector", "is_specialized_sme",
      "centre_level", "last_evaluation_grade", "integrity_violation_3y", "major_incident_3y")),
    (Bi("二、财务指标", "2. Finance"),
     ("main_revenue", "total_profit", "rd_expenditure", "new_product_revenue",
      "new_product_profit", "rd_equipment_value", "training_expenditure")),
    (Bi("三、人才梯队", "3. Talent pipeline"),
     ("employees", "rd_staff", "rd_staff_prev_year", "senior_experts_phd", "intl_talent_rd",
      "intl_talent_testing", "intl_talent_standards", "external_expert_person_months")),
    (Bi("四、技术积累与平台", "4. Technology base"),
     ("valid_ip", "valid_invention_patents", "rd_projects", "basic_applied_projects",
      "national_platforms", "provincial_platforms", "accredited_labs")),
    (Bi("五、创新产出与加分事项", "5. Output and bonuses"),
     ("invention_applications_year", "standards_international", "standards_national",
      "standards_industry", "key_product_breakthroughs", "national_awards_3y",
      "provincial_awards_3y", "ai_cross_industry_projects",
      "innovation_centre_or_pilot_platform", "chain_leader")),
    (Bi("六、技术中心情况说明", "6. Narrative"),
     ("centre_overview", "talent_strategy", "key_technologies", "achievements")),
)  # fmt: skip


def sample_uscc(seed: str = "91110108MA01XC7K2") -> str:
    """A unified social credit code with a valid check character."""
    return seed + check_character(seed)


def reference_ruleset() -> Ruleset:
    return load_ruleset(find_ruleset(None, RULESET_ID, RULESET_VERSION), check_cases=False)


def sample_certificate(company_name: str | None = None, rare: bool = False) -> CertificateData:
    company = company_name or (RARE_COMPANY if rare else COMPANY)
    return CertificateData(
        serial="BJ-ETC-2025-0001",
        centre_name=f"{company}企业技术中心",
        company_name=company,
        uscc=sample_uscc(),
        field=FIELD,
        district=DISTRICT,
        round_title=ROUND_TITLE,
        issued_on=date(2025, 12, 1),
        valid_until=date(2028, 11, 30),
        verify_url="https://evalcenter.example.cn/verify/Q7mX2kP9vR4tY8wZ",
        issuer=ISSUER,
        specimen=True,
    )


def sample_application(company_name: str | None = None) -> dict[str, Any]:
    return {**APPLICATION, "company_name": company_name or COMPANY, "uscc": sample_uscc()}


def sample_report(company_name: str | None = None, ruleset: Ruleset | None = None) -> ReportData:
    ruleset = ruleset or reference_ruleset()
    result = ruleset.evaluate(sample_application(company_name), reviews=REVIEWS)
    means = {key: Decimal(value) for key, value in CRITERION_MEANS.items()}
    panel = PanelSummary(result.panel.score, len(REVIEWS), criterion_rows(ruleset, means))
    return ReportData(
        reference="BJETC-2025-0042",
        company_name=result.application["company_name"],
        uscc=result.application["uscc"],
        field=FIELD,
        district=DISTRICT,
        round_title=ROUND_TITLE,
        generated_on=date(2025, 11, 20),
        panel=panel,
        rank=3,
        ranked=120,
        issuer=ISSUER,
        specimen=True,
        **evaluation_fields(result, ruleset),
    )


def _sections(ruleset: Ruleset, values: dict[str, Any]) -> tuple[FormSection, ...]:
    specs = {spec.key: spec for spec in ruleset.inputs}
    out = []
    for title, keys in SECTIONS:
        rows = []
        for key in keys:
            spec, value = specs[key], values[key]
            if spec.is_number:
                value = Decimal(str(value))
            rows.append(FormRow(bi(spec.label), shown(value, spec.unit, spec.value_labels)))
        out.append(FormSection(title, tuple(rows)))
    return tuple(out)


def sample_form(company_name: str | None = None, ruleset: Ruleset | None = None):
    ruleset = ruleset or reference_ruleset()
    values = sample_application(company_name)
    uploaded = datetime(2025, 9, 18, 10, 42)
    evidence = (
        EvidenceKind(Bi("经审计的财务报表", "Audited financial statements"), (
            EvidenceFile("2024年度审计报告.pdf", 2_481_112, "3f1c9a" + "7e" * 29, uploaded),
        )),
        EvidenceKind(Bi("研发费用专项审计报告", "R&D expenditure audit report"), (
            EvidenceFile("研发费用专项审计报告.pdf", 1_204_530, "a94b0e" + "1d" * 29, uploaded),
        )),
        EvidenceKind(Bi("知识产权清单", "List of intellectual property"), (
            EvidenceFile("知识产权清单.pdf", 318_775, "0d72c4" + "5b" * 29, uploaded),
            EvidenceFile("发明专利证书扫描件.pdf", 6_022_913, "b81f37" + "c0" * 29, uploaded),
        )),
        EvidenceKind(Bi("签章承诺书", "Signed commitment letter"), (
            EvidenceFile("承诺书（盖章）.jpg", 845_221, "5e0a91" + "f4" * 29, uploaded),
        )),
    )  # fmt: skip
    return ApplicationFormData(
        reference="BJETC-2025-0042",
        round_title=ROUND_TITLE,
        company_name=values["company_name"],
        uscc=values["uscc"],
        version=2,
        submitted_at=datetime(2025, 9, 20, 16, 5),
        sections=_sections(ruleset, values),
        evidence=evidence,
        commitment=COMMITMENT,
        issuer=ISSUER,
        specimen=True,
    )
