"""The main pages of every role, on data that fills them: used by the page sweeps (raw
identifiers over HTTP, axe-core and the Nu Html Checker in the browser, screenshots).

`build_world(people)` makes two open rounds: in one the applicant's draft (every answer and
the required evidence, not yet submitted), in the other its application returned for
correction; other organisations' applications submitted, returned and accepted; an
organisation awaiting approval and a candidate ruleset. `pages(world)` lists (name, url) per
role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from evalcenter.accounts.models import OrganisationStatus
from evalcenter.applications import services
from evalcenter.applications.attachments import REQUIRED_KINDS
from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTIONS
from evalcenter.core import jobs
from evalcenter.decisions import objections
from evalcenter.decisions import services as decisions
from evalcenter.documents.models import CertificateStatus
from evalcenter.extensions import db
from evalcenter.reviews.models import AssignmentStatus
from evalcenter.rounds.models import EvaluationRound, RoundStatus
from evalcenter.rulesets import services as rulesets
from tests.applications.helpers import add_pdf, example_data
from tests.core.job_kinds import KIND
from tests.decisions.helpers import deciding_round, open_period, under_publicity
from tests.documents.factories import CertificateFactory
from tests.factories import OrganisationFactory, RoundFactory, UserFactory
from tests.review_factories import AssignmentFactory

ROLES = ("anonymous", "applicant", "reviewer", "admin")
FILE_NAMES = {
    "audited_financials": "2024年度审计报告.pdf",
    "rd_audit": "研发费用专项审计报告.pdf",
    "ip_list": "知识产权清单.pdf",
    "commitment_letter": "承诺书.pdf",
}


@dataclass
class World:
    people: object
    round: EvaluationRound
    draft: Application
    returned_own: Application
    submitted: Application
    returned: Application
    accepted: Application
    pending_organisation: object
    ruleset_draft: object
    to_declare: object = None  # the reviewer's assignments in a round under review
    declared: object = None
    deciding: EvaluationRound | None = None  # ranking, calibration and decisions
    publicity: EvaluationRound | None = None  # objections
    job: object = None  # a finished background job with failed items
    certificates: tuple = ()  # a valid and a revoked certificate (public verification)


def _filled(user, rnd: EvaluationRound, *, submit: bool) -> Application:
    app = services.start(user, rnd)
    data = example_data()
    data["uscc"] = user.organisation.uscc
    data["company_name"] = user.organisation.name
    services.import_json(user, app, _json(data), app.version)
    for kind in REQUIRED_KINDS:
        add_pdf(user, app, kind, FILE_NAMES[kind])
    if submit:
        services.submit(user, app, app.version)
    return app


def _json(data: dict) -> bytes:
    import json

    return json.dumps(data, ensure_ascii=False).encode()


def build_world(people) -> World:
    """Data for every main page; committed so that requests see it."""
    for user, name in (
        (people.admin, "李管理"),
        (people.reviewer, "周专家"),
        (people.applicant, "王芳"),
    ):
        user.name = name
    earlier = RoundFactory(name="2024年度评价", year=2024)
    rnd = RoundFactory()
    returned_own = _filled(people.applicant, earlier, submit=True)
    services.formal_check(people.admin, returned_own, False, "承诺书未加盖公章，请重新上传。")
    draft = _filled(people.applicant, rnd, submit=False)
    submitted = _filled(people.other_applicant, rnd, submit=True)
    returned = _filled(UserFactory(email="clerk3@example.cn"), rnd, submit=True)
    services.formal_check(people.admin, returned, False, "研发费用审计报告缺少盖章页。")
    accepted = _filled(UserFactory(email="clerk4@example.cn"), rnd, submit=True)
    services.formal_check(people.admin, accepted, True, "", 1)
    pending = OrganisationFactory(name="北京垚鑫新材料有限公司", status=OrganisationStatus.PENDING)
    ruleset_draft = rulesets.copy_published(
        people.admin, "", f"{rnd.ruleset_id}@{rnd.ruleset_version}"
    )
    to_declare, declared = _reviewer_assignments(people)
    deciding, under = _result_rounds(people)
    job = jobs.enqueue(people.admin, KIND, n=4, fail=[2], crash=[3])  # runs at the commit
    certificates = (
        CertificateFactory(application=accepted),
        CertificateFactory(
            application=submitted,
            status=CertificateStatus.REVOKED,
            revoked_at=datetime.now(UTC),
            reason="申报材料中研发人员数据不实，经核查撤销认定。",
        ),
    )
    db.session.commit()
    world = World(
        people,
        rnd,
        draft,
        returned_own,
        submitted,
        returned,
        accepted,
        pending,
        ruleset_draft,
        to_declare,
        declared,
        deciding,
        under,
        certificates=certificates,
    )
    world.job = job
    return world


def _result_rounds(people):
    """A round in deciding (two applications with five reviews, one decided, and one with
    two reviews) and a round under publicity with an open and a resolved objection."""
    deciding, (first, *_rest) = deciding_round(reviewed=2, unreviewed=1)
    deciding.name, deciding.year = "2022年度评价", 2022
    decisions.decide(people.admin, first, "recognised", "")
    under, (recognised, _rejected) = under_publicity(people.admin)
    under.name, under.year = "2021年度评价", 2021
    open_period(under)
    for name, text in (("王五", "研发人员数量与社保记录不符。"), ("赵六", "专利权属存在争议。")):
        spec = objections.NewObjection(recognised.id, name, "13800138000", text)
        objection = objections.file(under, spec)
    objections.resolve(people.admin, objection, "经核查，专利权属清晰，异议不成立。", 1)
    return deciding, under


def _reviewer_assignments(people):
    """A round under review with two accepted applications assigned to the reviewer: one
    still to declare, one declared."""
    reviewing = RoundFactory(name="2023年度评价", year=2023)
    apps = []
    for email in ("clerk5@example.cn", "clerk6@example.cn"):
        app = _filled(UserFactory(email=email), reviewing, submit=True)
        services.formal_check(people.admin, app, True, "", 0)
        apps.append(app)
    reviewing.status = RoundStatus.REVIEWING
    status = (AssignmentStatus.ASSIGNED, AssignmentStatus.DECLARED)
    return tuple(
        AssignmentFactory(application=app, reviewer=people.reviewer, status=s)
        for app, s in zip(apps, status, strict=True)
    )


def pages(world: World) -> dict[str, list[tuple[str, str]]]:
    """(name, url) of the main pages of each role; those named error-… answer 404."""
    a, r, p = world.draft.id, world.round.id, world.people
    mine = world.returned_own.id
    ruleset = f"/admin/rulesets/{world.round.ruleset_id}/{world.round.ruleset_version}"
    candidate = f"/admin/rulesets/drafts/{world.ruleset_draft.id}"
    applicant = [
        ("applicant-dashboard", "/"),
        ("applicant-overview", f"/applications/{a}"),
        *[(f"applicant-section-{x.id}", f"/applications/{a}/sections/{x.id}") for x in SECTIONS],
        ("applicant-self-assessment", f"/applications/{a}/self-assessment"),
        ("applicant-attachments", f"/applications/{a}/attachments"),
        ("applicant-check", f"/applications/{a}/check"),
        ("applicant-status", f"/applications/{a}/status"),
        ("applicant-returned-overview", f"/applications/{mine}"),
        ("applicant-returned-status", f"/applications/{mine}/status"),
        ("applicant-returned-section", f"/applications/{mine}/sections/basic"),
        ("applicant-submitted", f"/applications/{mine}/submitted"),
        ("applicant-receipt", f"/applications/{mine}/receipt"),
        ("applicant-colleagues", "/colleagues"),
        ("applicant-invite", "/colleagues/invite"),
        ("applicant-account", "/account"),
        ("applicant-messages", "/notifications"),
    ]
    admin = [
        ("admin-dashboard", "/"),
        ("admin-rounds", "/admin/rounds"),
        ("admin-round-new", "/admin/rounds/new"),
        ("admin-round-edit", f"/admin/rounds/{r}/edit"),
        ("admin-round-close", f"/admin/rounds/{r}/status/close"),
        ("admin-round-applications", f"/admin/rounds/{r}/applications"),
        ("admin-application", f"/admin/applications/{world.submitted.id}"),
        ("admin-application-accept", f"/admin/applications/{world.submitted.id}/accept"),
        ("admin-application-return", f"/admin/applications/{world.submitted.id}/return"),
        ("admin-application-returned", f"/admin/applications/{world.returned.id}"),
        ("admin-application-accepted", f"/admin/applications/{world.accepted.id}"),
        ("admin-organisations", "/admin/organisations"),
        ("admin-organisation", f"/admin/organisations/{p.organisation.id}"),
        ("admin-organisation-pending", f"/admin/organisations/{world.pending_organisation.id}"),
        (
            "admin-organisation-reject",
            f"/admin/organisations/{world.pending_organisation.id}/reject",
        ),
        ("admin-users", "/admin/users"),
        ("admin-user", f"/admin/users/{p.reviewer.id}"),
        ("admin-user-new", "/admin/users/new"),
        ("admin-rulesets", "/admin/rulesets"),
        ("admin-ruleset", ruleset),
        ("admin-ruleset-drafts", "/admin/rulesets/drafts"),
        ("admin-ruleset-draft-new", "/admin/rulesets/drafts/new"),
        ("admin-ruleset-draft", candidate),
        ("admin-ruleset-draft-what-if", f"{candidate}/what-if?round={r}"),
        ("admin-ruleset-draft-publish", f"{candidate}/publish"),
        ("admin-what-if", f"/admin/rulesets/what-if/{r}"),
        ("admin-assignment", f"/admin/rounds/{world.to_declare.round_id}/assignment"),
        ("admin-ranking", f"/admin/rounds/{world.deciding.id}/ranking"),
        ("admin-calibration", f"/admin/rounds/{world.deciding.id}/calibration"),
        ("admin-decisions", f"/admin/rounds/{world.deciding.id}/decisions"),
        ("admin-objections", f"/admin/rounds/{world.publicity.id}/objections"),
        ("admin-job", f"/jobs/{world.job.id}"),
        ("admin-certificates", f"/admin/rounds/{world.certificates[0].round_id}/certificates"),
        ("admin-certificate", f"/admin/certificates/{world.certificates[0].id}"),
        ("admin-certificate-revoke", f"/admin/certificates/{world.certificates[0].id}/revoke"),
        ("admin-certificate-correct", f"/admin/certificates/{world.certificates[0].id}/correct"),
        ("admin-audit", "/admin/audit"),
        ("admin-messages", "/notifications"),
    ]
    return {
        "anonymous": [
            ("home", "/"),
            ("login", "/login"),
            ("signup", "/signup"),
            ("forgot-password", "/password/forgot"),
            ("error-not-found", "/no-such-page"),
            ("verify-search", "/verify"),
            ("verify-valid", f"/verify/{world.certificates[0].token}"),
            ("verify-revoked", f"/verify/{world.certificates[1].token}"),
        ],
        "applicant": applicant,
        "reviewer": [
            ("reviewer-dashboard", "/"),
            ("reviewer-account", "/account"),
            ("reviewer-messages", "/notifications"),
            ("reviewer-assignments", "/reviews"),
            ("reviewer-declare", f"/reviews/{world.to_declare.id}/declare"),
            ("reviewer-recuse", f"/reviews/{world.to_declare.id}/recuse"),
            ("reviewer-application", f"/reviews/{world.declared.id}"),
            ("reviewer-review", f"/reviews/{world.declared.id}/review"),
        ],
        "admin": admin,
    }


def expected_status(name: str) -> int:
    return 404 if name.startswith("error-") else 200


def user_of(world: World, role: str):
    return {
        "anonymous": None,
        "applicant": world.people.applicant,
        "reviewer": world.people.reviewer,
        "admin": world.people.admin,
    }[role]
