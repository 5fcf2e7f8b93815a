"""Demo data: an administrator, reviewers, the demo organisations with their contacts and an
open evaluation round, all created through the services the pages use (so the demo holds
only what the platform itself would accept, with its audit trail). Idempotent: existing
records (by email, round name) are kept."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from evalcenter.accounts import organisations
from evalcenter.accounts import services as accounts
from evalcenter.accounts.models import OrganisationStatus
from evalcenter.applications import services as applications
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.rounds import services as rounds
from evalcenter.rounds.models import EvaluationRound, RoundStatus

DEMO_FILE = Path(__file__).with_name("applications.json")
REFERENCE_RULESET = "bj-excellent-etc-2025@1"
ROUND_DESCRIPTION = (
    "面向已认定的市级及以上企业技术中心，评价创新投入、人才梯队、技术积累与创新产出。"
)
ROUND_NAME = "2025年度北京市高精尖产业优秀企业技术中心评价"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    name: str


ADMIN = DemoLogin("admin", "admin@demo.evalcenter.cn", "Demo-Office-2025", "王敏（管理员）")
REVIEWERS = [
    DemoLogin("reviewer", f"expert{i}@demo.evalcenter.cn", f"Demo-Expert-{i}-2025", name)
    for i, name in enumerate(["李建国", "陈晓燕", "张玥", "刘喆", "赵燊"], start=1)
]
APPLICANT_PASSWORD = "Demo-Company-2025"


def demo_applications() -> list[dict]:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def applicant_email(index: int) -> str:
    return f"clerk{index:02d}@demo.evalcenter.cn"


def _ensure_user(login: DemoLogin, organisation_id: int | None = None) -> None:
    if accounts.find_user_by_email(login.email) is None:
        accounts.create_user(
            None,
            accounts.NewUser(
                name=login.name,
                email=login.email,
                role=login.role,
                password=login.password,
                organisation_id=organisation_id,
            ),
        )


def _ensure_round(admin) -> EvaluationRound:
    existing = db.session.scalar(select(EvaluationRound).where(EvaluationRound.name == ROUND_NAME))
    if existing is not None:
        return existing
    now = datetime.now(SHANGHAI).replace(tzinfo=None, second=0, microsecond=0)
    return rounds.create_round(
        admin,
        rounds.NewRound(
            name=ROUND_NAME,
            year=2025,
            description=ROUND_DESCRIPTION,
            ruleset=REFERENCE_RULESET,
            opens_at=(now - timedelta(days=7)).replace(hour=9, minute=0),
            closes_at=(now + timedelta(days=30)).replace(hour=17, minute=0),
            status=RoundStatus.OPEN,
        ),
    )


def _ensure_company(admin, rnd: EvaluationRound, login: DemoLogin, data: dict) -> None:
    """The company registered and approved as the sign-up and approval pages do it, with a
    draft holding its complete data (validated like an import)."""
    contact = accounts.find_user_by_email(login.email)
    if contact is None:
        signup = organisations.Signup(
            company_name=data["company_name"],
            uscc=data["uscc"],
            district=data["district"],
            industry_field=data["industry_field"],
            sector=data["sector"],
            contact_name=login.name,
            email=login.email,
            password=login.password,
        )
        contact = organisations.register(signup)
    if contact.organisation.status != OrganisationStatus.APPROVED:
        organisations.decide(admin, contact.organisation, True)
    application = applications.start(contact, rnd)
    if len(application.data) < len(data):
        applications.import_json(contact, application, json.dumps(data).encode(), None)


def filled_draft(contact, rnd: EvaluationRound, index: int) -> Any:
    """The company's application in ``rnd`` holding its complete demo data."""
    application = applications.start(contact, rnd)
    data = demo_applications()[index - 1]
    applications.import_json(contact, application, json.dumps(data).encode(), None)
    return application


def seed_demo() -> list[DemoLogin]:
    """Add the demo records that are missing (the caller commits); return the demo logins."""
    _ensure_user(ADMIN)
    for login in REVIEWERS:
        _ensure_user(login)
    admin = accounts.find_user_by_email(ADMIN.email)
    rnd = _ensure_round(admin)
    logins = [ADMIN, *REVIEWERS]
    for index, data in enumerate(demo_applications(), start=1):
        login = DemoLogin(
            Role.APPLICANT,
            applicant_email(index),
            APPLICANT_PASSWORD,
            f"{data['company_name']}经办人",
        )
        _ensure_company(admin, rnd, login, data)
        logins.append(login)
    return logins
