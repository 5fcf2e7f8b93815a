"""The application form's sections, in the order of the spec, with help text for every field."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Section:
    id: str
    title: object
    intro: object
    keys: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "basic",
        _l("Basic status"),
        _l("Who the company is and the status of its technology centre."),
        (
            "company_name",
            "uscc",
            "district",
            "industry_field",
            "sector",
            "is_specialized_sme",
            "centre_level",
            "last_evaluation_grade",
            "integrity_violation_3y",
            "major_incident_3y",
        ),
    ),
    Section(
        "finance",
        _l("Finance"),
        _l(
            "Figures of the last complete financial year, in 万元 (10,000 CNY), as in the "
            "audited statements."
        ),
        (
            "main_revenue",
            "total_profit",
            "rd_expenditure",
            "new_product_revenue",
            "new_product_profit",
            "rd_equipment_value",
            "training_expenditure",
        ),
    ),
    Section(
        "talent",
        _l("Talent pipeline"),
        _l(
            "Staff at the end of the year, including international talent in R&D, "
            "inspection and testing, and standards and metrology."
        ),
        (
            "employees",
            "rd_staff",
            "rd_staff_prev_year",
            "senior_experts_phd",
            "intl_talent_rd",
            "intl_talent_testing",
            "intl_talent_standards",
            "external_expert_person_months",
        ),
    ),
    Section(
        "technology",
        _l("Technology base"),
        _l("Intellectual property, research projects and R&D platforms."),
        (
            "valid_ip",
            "valid_invention_patents",
            "rd_projects",
            "basic_applied_projects",
            "national_platforms",
            "provincial_platforms",
            "accredited_labs",
        ),
    ),
    Section(
        "output",
        _l("Output and bonuses"),
        _l(
            "Innovation output of the year and of the last three years, and the items that "
            "earn bonus points."
        ),
        (
            "invention_applications_year",
            "standards_international",
            "standards_national",
            "standards_industry",
            "key_product_breakthroughs",
            "national_awards_3y",
            "provincial_awards_3y",
            "ai_cross_industry_projects",
            "innovation_centre_or_pilot_platform",
            "chain_leader",
        ),
    ),
    Section(
        "narrative",
        _l("Narrative"),
        _l(
            "Plain text for the expert panel (not scored by the rules). Each part is "
            "required for submission, at most 5,000 characters."
        ),
        ("centre_overview", "talent_strategy", "key_technologies", "achievements"),
    ),
)
SECTION_BY_ID = {s.id: s for s in SECTIONS}

HELP = {
    "company_name": _l("The registered name, as on the business licence."),
    "uscc": _l("The 18-character unified social credit code of the registered organisation."),
    "district": _l("The Beijing district where the company is registered."),
    "industry_field": _l("The high-end industry field of the technology centre's main work."),
    "sector": _l(
        "The GB/T 4754 section of the company's main business; it sets the levels "
        "of some indicators."
    ),
    "is_specialized_sme": _l("Recognised as a specialised and sophisticated SME (专精特新)."),
    "centre_level": _l(
        "Only centres already recognised at municipal or national level are eligible."
    ),
    "last_evaluation_grade": _l("The grade of the centre's last annual evaluation."),
    "integrity_violation_3y": _l(
        "Whether the company has a serious dishonesty record in the "
        "last three years (makes the application ineligible)."
    ),
    "major_incident_3y": _l(
        "Whether a major safety, quality or environmental incident "
        "occurred in the last three years (10 points are deducted)."
    ),
    "main_revenue": _l("Main business revenue; greater than 0."),
    "total_profit": _l("Total profit; may be negative."),
    "rd_expenditure": _l("R&D expenditure as certified in the R&D audit report."),
    "new_product_revenue": _l("Revenue from new products; not more than main business revenue."),
    "new_product_profit": _l("Profit from new products; may be negative."),
    "rd_equipment_value": _l("Original value of instruments and equipment used for R&D."),
    "training_expenditure": _l("Spending on training R&D staff."),
    "employees": _l("All employees at the end of the year; greater than 0."),
    "rd_staff": _l("Staff working in R&D; not more than the employees."),
    "rd_staff_prev_year": _l("R&D staff at the end of the previous year (for the growth rate)."),
    "senior_experts_phd": _l("Senior experts and holders of a doctorate among the employees."),
    "intl_talent_rd": _l("International talent working in R&D."),
    "intl_talent_testing": _l("International talent working in inspection and testing."),
    "intl_talent_standards": _l("International talent working in standards and metrology."),
    "external_expert_person_months": _l(
        "Time worked by external experts, in person-months; one decimal allowed."
    ),
    "valid_ip": _l("Valid intellectual property obtained in the last three years."),
    "valid_invention_patents": _l("Valid invention patents; not more than the valid IP."),
    "rd_projects": _l("R&D projects carried out during the year."),
    "basic_applied_projects": _l("Basic and applied research projects among the R&D projects."),
    "national_platforms": _l("National-level R&D platforms the company runs."),
    "provincial_platforms": _l("Provincial or municipal R&D platforms the company runs."),
    "accredited_labs": _l("Laboratories or testing bodies accredited by CNAS or CMA."),
    "invention_applications_year": _l("Invention patent applications filed during the year."),
    "standards_international": _l("International standards led or joined in the last three years."),
    "standards_national": _l("National standards led or joined in the last three years."),
    "standards_industry": _l("Industry standards led or joined in the last three years."),
    "key_product_breakthroughs": _l(
        "Key bottleneck products (关键卡点产品) the company has broken through."
    ),
    "national_awards_3y": _l("National science and technology awards in the last three years."),
    "provincial_awards_3y": _l(
        "Provincial or ministerial science and technology awards in the last three years."
    ),
    "ai_cross_industry_projects": _l('Cross-industry "AI+" integration projects.'),
    "innovation_centre_or_pilot_platform": _l(
        "Leads or co-builds a high-end industry innovation centre or a pilot-test service platform."
    ),
    "chain_leader": _l("Recognised as a municipal chain-leader enterprise (链主企业)."),
    "centre_overview": _l(
        "Organisation, departments and main research directions of the technology centre."
    ),
    "talent_strategy": _l(
        "How the centre attracts, trains and motivates its talent, including international talent."
    ),
    "key_technologies": _l("The key core technologies the centre works on and its breakthroughs."),
    "achievements": _l("Main achievements and how they were put into production."),
}
