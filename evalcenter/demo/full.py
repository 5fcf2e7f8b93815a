"""The full demo: the basic demo's open round taken through a complete evaluation with the
services the pages use. Fourteen companies across ten industry fields submit their evidence
and are accepted at the formal check; twelve reviewers with profiles (one with a declared
relation) are assigned five per application by the solver; one recuses and the slot is
refilled; every panel submits its reviews (one disagrees beyond the threshold); the
administrator decides by the ranking and the quota and starts the publicity, during which
one objection is filed and resolved. The round stays under publicity: it can finish only once
its period is over, on a later working day.

Runs only on a round still open (once built, the round has moved on: nothing is changed)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from flask import current_app

from evalcenter.accounts import services as accounts
from evalcenter.accounts.models import User
from evalcenter.applications import attachments
from evalcenter.applications import services as applications
from evalcenter.applications.models import Application
from evalcenter.core.roles import Role
from evalcenter.decisions import calendar, objections, publicity
from evalcenter.decisions import services as decisions
from evalcenter.decisions.models import Outcome
from evalcenter.demo import seed
from evalcenter.demo.experts import EXPERTS, MORE_REVIEWERS, RELATION
from evalcenter.demo.pdf import evidence_pdf
from evalcenter.demo.scores import review_entries
from evalcenter.extensions import db
from evalcenter.reviews import assignment, profiles, relations, review_service, workspace
from evalcenter.reviews.models import Assignment, AssignmentStatus
from evalcenter.reviews.ranking import round_ranking
from evalcenter.rounds import services as rounds
from evalcenter.rounds.models import EvaluationRound, RoundStatus

# 1-based indices in applications.json: one company of each of the ten industry fields, and
# four more; with the level their reviewers tend to give (share of each criterion's maximum).
COMPANIES = {
    1: 0.88,
    3: 0.72,
    5: 0.81,
    7: 0.66,
    9: 0.60,
    11: 0.84,
    13: 0.77,
    15: 0.69,
    17: 0.74,
    19: 0.63,
    2: 0.79,
    6: 0.57,
    12: 0.86,
    23: 0.70,
}
DISAGREEMENT = 7  # the company whose first reviewer scores far lower than the others
DISCREPANCY = 6  # the company with one verified discrepancy at the formal check
RECUSAL = 11  # the company whose first reviewer recuses
QUOTA = 8
RECUSAL_REASON = "本人所在单位与该企业正在联合承担市级科技项目，存在利害关系，申请回避。"
OBJECTION = {
    "name": "周立新",
    "contact": "zhou.lixin@example.cn",
    "text": "该企业申报的研发人员数量与其社保缴纳人数明显不一致，请核实。",
}
OBJECTION_OUTCOME = (
    "经核查企业提供的社保缴纳记录与劳务派遣合同，研发人员统计口径符合评价办法要求，"
    "异议不成立，维持认定结果。"
)


def _now() -> datetime:
    """Beijing time to the minute, naive (as the round forms take it)."""
    return datetime.now(seed.SHANGHAI).replace(tzinfo=None, second=0, microsecond=0)


def _reviewers(admin: User) -> None:
    """The seven more reviewer accounts, every reviewer's profile and the declared relation."""
    for login in MORE_REVIEWERS:
        seed._ensure_user(login)
    users = []
    for expert in EXPERTS:
        user = accounts.find_user_by_email(expert.login.email)
        profile = profiles.profile_of(user)
        if profile is None:
            spec = profiles.ProfileSpec(
                list(expert.fields), expert.employer_name, expert.employer_uscc, None
            )
            profiles.update_profile(admin, user, spec, 0)
        users.append(user)
    company = seed.demo_applications()[RELATION.company - 1]
    relations.add_relation(
        users[RELATION.expert],
        users[RELATION.expert],
        relations.RelationSpec(
            company["company_name"], company["uscc"], RELATION.kind, RELATION.reason
        ),
    )


def _submit_and_accept(
    admin: User, rnd: EvaluationRound, companies: dict[int, float]
) -> dict[int, Application]:
    """Each chosen company's evidence uploaded and its application submitted, then accepted."""
    limits = attachments.limits(current_app.config)
    apps = {}
    for index in companies:
        contact = accounts.find_user_by_email(seed.applicant_email(index))
        app = applications.application_for(contact, rnd) or seed.filled_draft(contact, rnd, index)
        for kind in attachments.REQUIRED_KINDS:
            name = f"{kind}.pdf"
            stream = io.BytesIO(evidence_pdf(f"{app.organisation.uscc} {kind}"))
            applications.add_attachment(contact, app, kind, stream, name, limits)
        applications.submit(contact, app, None)
        apps[index] = app
    for index, app in apps.items():
        applications.formal_check(admin, app, True, "", 1 if index == DISCREPANCY else 0)
    return apps


def _close(admin: User, rnd: EvaluationRound, quota: int = QUOTA) -> None:
    """Applications close now; the review is due in three weeks and the quota is set."""
    closes_at = _now() + timedelta(minutes=2)
    opens_at = rnd.opens_at.astimezone(seed.SHANGHAI).replace(tzinfo=None)
    changes = rounds.RoundChanges(rnd.name, rnd.description, opens_at, closes_at)
    settings = {"quota": quota, "review_deadline": closes_at + timedelta(days=21)}
    rounds.update_round(admin, rnd, changes, settings, rnd.version)
    rounds.change_status(admin, rnd, "close", rnd.version)
    rounds.change_status(admin, rnd, "start_review", rnd.version)


def _assign(admin: User, rnd: EvaluationRound) -> None:
    """The solver's proposal previewed and saved, as on the assignment page."""
    _data, solution = assignment.preview(rnd)
    assignment.save(admin, rnd, assignment.digest(solution))


def _recuse_and_replace(admin: User, rnd: EvaluationRound, app: Application) -> None:
    """The application's first reviewer recuses; the suggested reviewer fills the slot."""
    recused = _assignments(rnd, app)[0]
    workspace.recuse(recused.reviewer, recused, RECUSAL_REASON)
    suggestion = assignment.replacement_suggestion(recused)
    assignment.replace(admin, recused, suggestion.id)


def _assignments(rnd: EvaluationRound, app: Application) -> list[Assignment]:
    return [
        a
        for a in db.session.scalars(
            db.select(Assignment)
            .where(Assignment.round_id == rnd.id, Assignment.application_id == app.id)
            .order_by(Assignment.reviewer_id)
        )
    ]


def _review(
    rnd: EvaluationRound, apps: dict[int, Application], companies: dict[int, float]
) -> None:
    """Every reviewer declares and submits scores on each application still theirs."""
    for index, app in apps.items():
        active = [a for a in _assignments(rnd, app) if a.status != AssignmentStatus.RECUSED]
        for n, item in enumerate(active):
            reviewer = item.reviewer
            workspace.declare(reviewer, item, True)
            entries = review_entries(
                review_service.expert_model(item),
                companies[index],
                f"{app.organisation.uscc}|{reviewer.email}",
                outlier=index == DISAGREEMENT and n == 0,
            )
            review = review_service.save(reviewer, item, entries, 0, complete=True)
            review_service.submit(reviewer, item, review.version)


def _decide(admin: User, rnd: EvaluationRound, quota: int = QUOTA) -> None:
    """Recognised above the quota line; the others not, with the reason."""
    for row in round_ranking(rnd).ranked:
        app = db.session.get(Application, row.app_id)
        if row.within_quota:
            decisions.decide(admin, app, Outcome.RECOGNISED, "")
            continue
        if not row.panel.result.eligible:
            rationale = "不满足认定的资格条件。"
        else:
            rationale = f"综合得分排名第{row.rank}位，位于本轮{quota}个认定名额之后。"
        decisions.decide(admin, app, Outcome.NOT_RECOGNISED, rationale)


def _publicity(admin: User, rnd: EvaluationRound) -> None:
    """The publicity starts today (or on the next working day); an objection against the
    first recognised company is filed on the public page, or recorded by the administrator
    when the period has not begun yet, and resolved."""
    today = publicity.today()
    starts_on = today if calendar.is_working_day(today) else publicity.default_start()
    publicity.start(admin, rnd, starts_on)
    target = min(objections.objectable(rnd), key=lambda a: a.id)
    spec = objections.NewObjection(application_id=target.id, **OBJECTION)
    objection = objections.file(rnd, spec, None if starts_on == today else admin)
    objections.resolve(admin, objection, OBJECTION_OUTCOME, objection.version)


def build_full_round(admin: User, rnd: EvaluationRound) -> bool:
    """Take the open demo round through to its publicity; False (nothing done) when the round
    is no longer open."""
    if rnd.status != RoundStatus.OPEN:
        return False
    _reviewers(admin)
    apps = _submit_and_accept(admin, rnd, COMPANIES)
    _close(admin, rnd)
    _assign(admin, rnd)
    _recuse_and_replace(admin, rnd, apps[RECUSAL])
    _review(rnd, apps, COMPANIES)
    rounds.change_status(admin, rnd, "start_deciding", rnd.version)
    _decide(admin, rnd)
    _publicity(admin, rnd)
    return True


def seed_full_demo() -> tuple[list[seed.DemoLogin], bool]:
    """The basic demo, then the full round; the logins, and whether anything was built."""
    logins = seed.seed_demo()
    admin = accounts.find_user_by_email(seed.ADMIN.email)
    rnd = db.session.scalar(
        db.select(EvaluationRound).where(EvaluationRound.name == seed.ROUND_NAME)
    )
    built = build_full_round(admin, rnd)
    if built:
        from evalcenter.demo.history import build_finished_round  # it builds on this module

        build_finished_round(admin)
    reviewers = [login for login in logins if login.role != Role.APPLICANT]
    applicants = [login for login in logins if login.role == Role.APPLICANT]
    return [*reviewers, *MORE_REVIEWERS, *applicants], built
