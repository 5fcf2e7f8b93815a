"""The full demo's reviewers: twelve experts (the five of the basic demo and seven more) with
their expertise (the ruleset's industry fields), a fictional employer with a valid USCC, and
one declared relation (回避) to a demo company."""

from __future__ import annotations

from dataclasses import dataclass

from evalcenter.core.roles import Role
from evalcenter.demo.seed import REVIEWERS, DemoLogin
from evalcenter.reviews.models import RelationKind
from evalcenter.scoring.uscc import check_character


def fictional_uscc(first17: str) -> str:
    """A USCC with its check character: fictional, but valid under GB 32100-2015."""
    return first17 + check_character(first17)


@dataclass(frozen=True)
class Expert:
    login: DemoLogin
    fields: tuple[str, ...]
    employer_name: str
    employer_uscc: str


MORE_REVIEWERS = [
    DemoLogin(Role.REVIEWER, f"expert{i}@demo.evalcenter.cn", f"Demo-Expert-{i}-2025", name)
    for i, name in enumerate(["孙立群", "周慧敏", "吴振宇", "郑璐", "王泓", "冯启航", "何静怡"], 6)
]
# Per reviewer (REVIEWERS, then MORE_REVIEWERS): fields, employer and the first 17 characters
# of its USCC; public institutions (12…) and companies (91…) of Beijing, all invented.
PROFILES = [
    (("integrated_circuits", "next_gen_it"), "京华微电子研究院", "12110000400000011"),
    (("pharma_health",), "燕山医科大学", "12110000400000022"),
    (("connected_vehicles", "smart_manufacturing"), "北方汽车工程研究院", "12110108400000033"),
    (("blockchain_computing", "next_gen_it"), "首都信息技术研究所", "12110105400000044"),
    (("green_energy",), "华北能源科学研究院", "12110114400000055"),
    (("smart_manufacturing", "integrated_circuits"), "京西精密机械研究院", "12110107400000066"),
    (("sci_tech_services", "smart_city"), "北京科创咨询评估有限公司", "91110108MA00DEM77"),
    (("info_content", "next_gen_it"), "燕京传媒大学", "12110105400000088"),
    (("smart_city", "green_energy"), "京畿城市规划研究院", "12110102400000099"),
    (("pharma_health", "sci_tech_services"), "北方药品检验研究所", "12110112400000110"),
    (("connected_vehicles", "info_content"), "北京远望产业研究有限公司", "91110105MA00DEM12"),
    (("integrated_circuits", "blockchain_computing"), "首都集成电路设计中心", "12110108400000120"),
]
EXPERTS = [
    Expert(login, fields, employer, fictional_uscc(code))
    for login, (fields, employer, code) in zip(REVIEWERS + MORE_REVIEWERS, PROFILES, strict=True)
]


@dataclass(frozen=True)
class DeclaredRelation:
    expert: int  # index in EXPERTS
    company: int  # 1-based index in applications.json
    kind: str
    reason: str


RELATION = DeclaredRelation(
    expert=0,
    company=1,
    kind=RelationKind.ADVISORY,
    reason="2024年起担任该企业技术中心技术顾问，参与其芯片设计项目评审。",
)
