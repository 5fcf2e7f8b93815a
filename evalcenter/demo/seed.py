"""Demo data: an administrator, reviewers, the demo organisations with their contacts and an
open evaluation round. Idempotent: existing records (by email, USCC, round name) are kept."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from evalcenter.accounts import services as accounts
from evalcenter.accounts.models import Organisation, OrganisationStatus
from evalcenter.core import audit
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound, RoundStatus
from evalcenter.scoring import default_rules_dir, sha256_file

DEMO_FILE = Path(__file__).with_name("applications.json")
REFERENCE_RULESET = ("bj-excellent-etc-2025", 1, "bj-excellent-etc-2025.yaml")
ROUND_NAME = "2025年度北京市高精尖产业优秀企业技术中心评价"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    name: str


ADMIN = DemoLogin("admin", "admin@demo.evalcenter.cn", "Demo-Admin-2025", "王敏（管理员）")
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


def _ensure_organisation(data: dict) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.uscc == data["uscc"]))
    if org is None:
        org = Organisation(
            name=data["company_name"],
            uscc=data["uscc"],
            district=data["district"],
            industry_field=data["industry_field"],
            sector=data["sector"],
            status=OrganisationStatus.APPROVED,
            approved_at=utcnow(),
        )
        db.session.add(org)
        db.session.flush()
        audit.record(
            "organisation.create",
            "organisation",
            org.id,
            actor_label="seed-demo",
            object_label=org.name,
            after={"uscc": org.uscc, "status": org.status},
        )
    return org


def _ensure_round() -> EvaluationRound:
    existing = db.session.scalar(select(EvaluationRound).where(EvaluationRound.name == ROUND_NAME))
    if existing is not None:
        return existing
    ruleset_id, version, filename = REFERENCE_RULESET
    sha = sha256_file(default_rules_dir() / filename)
    now = datetime.now(SHANGHAI)
    rnd = EvaluationRound(
        name=ROUND_NAME,
        year=2025,
        ruleset_id=ruleset_id,
        ruleset_version=version,
        ruleset_sha256=sha,
        status=RoundStatus.OPEN,
        description="面向已认定的市级及以上企业技术中心，评价创新投入、人才梯队、技术积累与创新产出。",
        opens_at=(now - timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0),
        closes_at=(now + timedelta(days=30)).replace(hour=17, minute=0, second=0, microsecond=0),
    )
    db.session.add(rnd)
    db.session.flush()
    audit.record(
        "round.create",
        "round",
        rnd.id,
        actor_label="seed-demo",
        object_label=rnd.name,
        after={"status": rnd.status, "ruleset": f"{ruleset_id}@{version}"},
    )
    return rnd


def _ensure_draft(rnd: EvaluationRound, contact, data: dict) -> None:
    """A draft holding the demo company's complete data (validated like an import)."""
    from evalcenter.applications import services as applications

    application = applications.start(contact, rnd)
    if len(application.data) < len(data):
        applications.import_json(contact, application, json.dumps(data).encode(), None)


def seed_demo() -> list[DemoLogin]:
    """Create the demo records that are missing and return the demo logins."""
    _ensure_user(ADMIN)
    for login in REVIEWERS:
        _ensure_user(login)
    logins = [ADMIN, *REVIEWERS]
    rnd = _ensure_round()
    for index, data in enumerate(demo_applications(), start=1):
        org = _ensure_organisation(data)
        login = DemoLogin(
            Role.APPLICANT,
            applicant_email(index),
            APPLICANT_PASSWORD,
            f"{data['company_name']}经办人",
        )
        _ensure_user(login, org.id)
        logins.append(login)
        _ensure_draft(rnd, accounts.find_user_by_email(login.email), data)
    db.session.commit()
    return logins
