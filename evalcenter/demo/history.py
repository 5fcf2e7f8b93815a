"""An earlier, finished round for the full demo: the 2024 evaluation of eight demo companies,
taken through the same steps as the full demo's round, its publicity over, and its
certificates issued; one certificate was later corrected (re-issued under a new serial) and
one revoked, so the certificate pages and the public verification show every state."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.decisions import publicity
from evalcenter.demo import full, seed
from evalcenter.documents import certificates
from evalcenter.extensions import db
from evalcenter.rounds import services as rounds
from evalcenter.rounds.models import EvaluationRound, RoundStatus

NAME = "2024年度北京市高精尖产业优秀企业技术中心评价"
DESCRIPTION = "2024年度评价已完成：公示期满无异议，认定结果已发布，证书已颁发。"
COMPANIES = {4: 0.83, 8: 0.78, 10: 0.71, 14: 0.86, 16: 0.65, 18: 0.80, 20: 0.74, 22: 0.62}
QUOTA = 5
CORRECTION = "企业名称变更（已完成工商变更登记），按新名称换发证书。"
REVOCATION = "企业在认定有效期内发生重大安全事故，依据评价办法撤销认定。"


def _round(admin: User) -> EvaluationRound:
    now = full._now()
    return rounds.create_round(
        admin,
        rounds.NewRound(
            name=NAME,
            year=2024,
            description=DESCRIPTION,
            ruleset=seed.REFERENCE_RULESET,
            opens_at=(now - timedelta(days=7)).replace(hour=9, minute=0),
            closes_at=(now + timedelta(days=30)).replace(hour=17, minute=0),
            status=RoundStatus.OPEN,
        ),
    )


def _finish(admin: User, rnd: EvaluationRound) -> None:
    """The publicity is started, then dated back to a period that is over (as it was in
    2024), and the round finishes: the recognised applications are published."""
    publicity.start(admin, rnd, publicity.default_start())
    today = publicity.today()
    rnd.publicity_starts_on = today - timedelta(days=21)
    rnd.publicity_ends_on = today - timedelta(days=14)
    publicity.finish(admin, rnd)


def _certify(admin: User, rnd: EvaluationRound) -> None:
    published = db.session.scalars(
        select(Application)
        .where(Application.round_id == rnd.id, Application.status == ApplicationStatus.PUBLISHED)
        .order_by(Application.id)
    ).all()
    issued = [certificates.issue(admin, app) for app in published]
    corrected, revoked = issued[0], issued[-1]
    name = f"{corrected.company_name.removesuffix('有限公司')}股份有限公司"
    printed = certificates.Printed(name, f"{name}技术中心", corrected.district)
    certificates.correct(admin, corrected, printed, CORRECTION)
    certificates.revoke(admin, revoked, REVOCATION)


def build_finished_round(admin: User) -> EvaluationRound | None:
    """The finished 2024 round with its certificates (None: it exists already)."""
    if db.session.scalar(select(EvaluationRound.id).where(EvaluationRound.name == NAME)):
        return None
    rnd = _round(admin)
    apps = full._submit_and_accept(admin, rnd, COMPANIES)
    full._close(admin, rnd, QUOTA)
    full._assign(admin, rnd)
    full._review(rnd, apps, COMPANIES)
    rounds.change_status(admin, rnd, "start_deciding", rnd.version)
    full._decide(admin, rnd, QUOTA)
    _finish(admin, rnd)
    _certify(admin, rnd)
    return rnd
