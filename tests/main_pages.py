"""The main pages of every role, on data that fills them: used by the page sweeps (raw
identifiers over HTTP, axe-core and the Nu Html Checker in the browser, screenshots).

`build_world(people)` makes an open round, the applicant's draft (every answer and the
required evidence, not yet submitted), another organisation's submitted application, a
returned one and an organisation awaiting approval; `pages(world)` lists (name, url) per
role."""

from __future__ import annotations

from dataclasses import dataclass

from evalcenter.accounts.models import OrganisationStatus
from evalcenter.applications import services
from evalcenter.applications.attachments import REQUIRED_KINDS
from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTIONS
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from tests.applications.helpers import add_pdf, example_data
from tests.factories import OrganisationFactory, RoundFactory, UserFactory

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
    submitted: Application
    returned: Application


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
    rnd = RoundFactory()
    draft = _filled(people.applicant, rnd, submit=False)
    submitted = _filled(people.other_applicant, rnd, submit=True)
    third = UserFactory(email="clerk3@example.cn")
    returned = _filled(third, rnd, submit=True)
    services.formal_check(people.admin, returned, False, "研发费用审计报告缺少盖章页。")
    OrganisationFactory(name="北京垚鑫新材料有限公司", status=OrganisationStatus.PENDING)
    db.session.commit()
    return World(people, rnd, draft, submitted, returned)


def pages(world: World) -> dict[str, list[tuple[str, str]]]:
    """(name, url) of the main pages of each role."""
    a, s, r = world.draft.id, world.submitted.id, world.round.id
    p = world.people
    ruleset = f"/admin/rulesets/{world.round.ruleset_id}/{world.round.ruleset_version}"
    applicant = [
        ("applicant-dashboard", "/"),
        ("applicant-overview", f"/applications/{a}"),
        *[(f"applicant-section-{x.id}", f"/applications/{a}/sections/{x.id}") for x in SECTIONS],
        ("applicant-self-assessment", f"/applications/{a}/self-assessment"),
        ("applicant-attachments", f"/applications/{a}/attachments"),
        ("applicant-check", f"/applications/{a}/check"),
        ("applicant-status", f"/applications/{a}/status"),
        ("applicant-account", "/account"),
    ]
    admin = [
        ("admin-dashboard", "/"),
        ("admin-rounds", "/admin/rounds"),
        ("admin-round-applications", f"/admin/rounds/{r}/applications"),
        ("admin-application", f"/admin/applications/{s}"),
        ("admin-application-returned", f"/admin/applications/{world.returned.id}"),
        ("admin-organisations", "/admin/organisations"),
        ("admin-organisation", f"/admin/organisations/{p.organisation.id}"),
        ("admin-users", "/admin/users"),
        ("admin-user", f"/admin/users/{p.reviewer.id}"),
        ("admin-user-new", "/admin/users/new"),
        ("admin-round-new", "/admin/rounds/new"),
        ("admin-rulesets", "/admin/rulesets"),
        ("admin-ruleset", ruleset),
        ("admin-audit", "/admin/audit"),
        ("admin-what-if", f"/admin/rulesets/what-if/{r}"),
    ]
    return {
        "anonymous": [("home", "/"), ("login", "/login"), ("signup", "/signup")],
        "applicant": applicant,
        "reviewer": [("reviewer-dashboard", "/"), ("reviewer-account", "/account")],
        "admin": admin,
    }


def user_of(world: World, role: str):
    return {
        "anonymous": None,
        "applicant": world.people.applicant,
        "reviewer": world.people.reviewer,
        "admin": world.people.admin,
    }[role]
