"""Every route of the app, for every role, answers with the status its access rule demands.

A new route fails this test until it is added to EXPECTED, so no route goes unchecked.
"""

from __future__ import annotations

import pytest

from evalcenter.core.roles import Role
from evalcenter.extensions import db
from tests.applications.helpers import add_pdf
from tests.conftest import client_for, csrf_token
from tests.factories import UserFactory
from tests.rulesets.helpers import make_draft

ROLES = ("anonymous", "applicant", "reviewer", "admin")

PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {"anonymous": 302, "applicant": 200, "reviewer": 200, "admin": 200}
ADMIN_PAGE = {"anonymous": 302, "applicant": 403, "reviewer": 403, "admin": 200}
REVIEWER_PAGE = {"anonymous": 302, "applicant": 403, "reviewer": 200, "admin": 403}
# A reviewer's workspace page of an assignment that is not theirs (the matrix's does not exist).
REVIEWER_NOT_FOUND = {"anonymous": 302, "applicant": 403, "reviewer": 404, "admin": 403}
ADMIN_ACTION = {"anonymous": 302, "applicant": 403, "reviewer": 403, "admin": 302}
APPLICANT_PAGE = {"anonymous": 302, "applicant": 200, "reviewer": 403, "admin": 403}
APPLICANT_ACTION = {"anonymous": 302, "applicant": 302, "reviewer": 403, "admin": 403}
# A confirmation page posted with nothing but its token: refused on the page (reason missing,
# or the action is not allowed from the object's state).
ADMIN_REFUSED = {"anonymous": 302, "applicant": 403, "reviewer": 403, "admin": 422}
# A company's or the administrators' document of something that does not exist yet.
OWN_NOTHING_YET = {"anonymous": 302, "applicant": 404, "reviewer": 403, "admin": 404}
# The victim (a reviewer) and an unknown invitation are no colleague of the applicant's.
NOT_A_COLLEAGUE = {"anonymous": 302, "applicant": 404, "reviewer": 403, "admin": 403}

# (endpoint, method) -> expected status per role
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("static", "GET"): PUBLIC,
    ("bootstrap.static", "GET"): PUBLIC,
    ("web.index", "GET"): PUBLIC,
    ("core.healthz", "GET"): PUBLIC,
    ("core.set_language", "GET"): dict.fromkeys(ROLES, 302),
    ("accounts.login", "GET"): {"anonymous": 200, "applicant": 302, "reviewer": 302, "admin": 302},
    ("accounts.login", "POST"): {"anonymous": 200, "applicant": 302, "reviewer": 302, "admin": 302},
    ("accounts.logout", "POST"): {
        "anonymous": 302,
        "applicant": 302,
        "reviewer": 302,
        "admin": 302,
    },
    ("accounts.account", "GET"): LOGGED_IN,
    ("accounts.account", "POST"): LOGGED_IN,
    ("password_reset.forgot", "GET"): {
        "anonymous": 200,
        "applicant": 302,
        "reviewer": 302,
        "admin": 302,
    },
    # an empty form (no email) is shown again to visitors, with its error
    ("password_reset.forgot", "POST"): {
        "anonymous": 422,
        "applicant": 302,
        "reviewer": 302,
        "admin": 302,
    },
    ("password_reset.reset", "GET"): dict.fromkeys(ROLES, 404),  # an unknown token
    ("password_reset.reset", "POST"): dict.fromkeys(ROLES, 404),
    ("notifications.list_notifications", "GET"): LOGGED_IN,
    ("notifications.show", "GET"): {**LOGGED_IN, "applicant": 404, "reviewer": 404, "admin": 404},
    ("notifications.mark_all_read", "POST"): dict.fromkeys(ROLES, 302),
    # background jobs: the matrix's job does not exist
    ("jobs.show", "GET"): {**LOGGED_IN, "applicant": 404, "reviewer": 404, "admin": 404},
    ("jobs.progress", "GET"): {**LOGGED_IN, "applicant": 404, "reviewer": 404, "admin": 404},
    ("jobs.result", "GET"): {**LOGGED_IN, "applicant": 404, "reviewer": 404, "admin": 404},
    ("jobs.retry", "POST"): {**LOGGED_IN, "applicant": 404, "reviewer": 404, "admin": 404},
    ("admin_users.list_users", "GET"): ADMIN_PAGE,
    ("admin_users.create_user", "GET"): ADMIN_PAGE,
    ("admin_users.create_user", "POST"): ADMIN_PAGE,
    ("admin_users.show_user", "GET"): ADMIN_PAGE,
    ("admin_users.deactivate_user", "GET"): ADMIN_PAGE,
    ("admin_users.deactivate_user", "POST"): ADMIN_ACTION,
    ("admin_users.reactivate_user", "POST"): ADMIN_ACTION,
    ("audit.audit_log", "GET"): ADMIN_PAGE,
    ("signup.signup", "GET"): {"anonymous": 200, "applicant": 302, "reviewer": 302, "admin": 302},
    ("signup.signup", "POST"): {"anonymous": 200, "applicant": 302, "reviewer": 302, "admin": 302},
    ("colleagues.list_colleagues", "GET"): APPLICANT_PAGE,
    ("colleagues.invite", "GET"): APPLICANT_PAGE,
    ("colleagues.invite", "POST"): APPLICANT_PAGE,
    ("colleagues.revoke_invitation", "GET"): NOT_A_COLLEAGUE,
    ("colleagues.revoke_invitation", "POST"): NOT_A_COLLEAGUE,
    ("colleagues.deactivate", "GET"): NOT_A_COLLEAGUE,
    ("colleagues.deactivate", "POST"): NOT_A_COLLEAGUE,
    ("colleagues.reactivate", "POST"): NOT_A_COLLEAGUE,
    ("colleagues.accept_invitation", "GET"): dict.fromkeys(ROLES, 404),
    ("colleagues.accept_invitation", "POST"): dict.fromkeys(ROLES, 404),
    ("admin_organisations.list_organisations", "GET"): ADMIN_PAGE,
    ("admin_organisations.show_organisation", "GET"): ADMIN_PAGE,
    ("admin_organisations.approve", "GET"): ADMIN_PAGE,
    ("admin_organisations.approve", "POST"): ADMIN_REFUSED,  # already approved
    ("admin_organisations.reject", "GET"): ADMIN_PAGE,
    ("admin_organisations.reject", "POST"): ADMIN_REFUSED,  # no reason
    ("admin_applications.round_applications", "GET"): ADMIN_PAGE,
    ("admin_applications.show_application", "GET"): ADMIN_PAGE,
    ("admin_applications.accept", "GET"): ADMIN_PAGE,
    ("admin_applications.accept", "POST"): ADMIN_REFUSED,  # a draft is not checked
    ("admin_applications.return_for_correction", "GET"): ADMIN_PAGE,
    ("admin_applications.return_for_correction", "POST"): ADMIN_REFUSED,
    ("admin_ranking.ranking", "GET"): ADMIN_PAGE,
    ("admin_ranking.ranking_csv", "GET"): ADMIN_PAGE,
    ("admin_ranking.ranking_xlsx", "GET"): ADMIN_PAGE,
    ("admin_ranking.panel_csv", "GET"): ADMIN_PAGE,
    ("admin_ranking.calibration_page", "GET"): ADMIN_PAGE,
    ("applications.start", "POST"): {
        "anonymous": 302,
        "applicant": 302,
        "reviewer": 403,
        "admin": 403,
    },
    ("applications.overview", "GET"): APPLICANT_PAGE,
    ("applications.section", "GET"): APPLICANT_PAGE,
    ("applications.section", "POST"): APPLICANT_PAGE,
    ("applications.self_assessment", "GET"): APPLICANT_PAGE,
    ("applications.export_json", "GET"): {
        "anonymous": 302,
        "applicant": 200,
        "reviewer": 403,
        "admin": 200,
    },
    ("applications.import_json", "POST"): APPLICANT_ACTION,
    ("applications.check_answers", "GET"): APPLICANT_PAGE,
    ("applications.submit", "POST"): APPLICANT_ACTION,
    ("applications.status", "GET"): APPLICANT_PAGE,
    # Before the first submission there is nothing to confirm: back to the overview.
    ("applications.submitted", "GET"): APPLICANT_ACTION,
    ("applications.receipt", "GET"): APPLICANT_ACTION,
    ("applications.withdraw", "POST"): APPLICANT_ACTION,
    ("attachments.manage", "GET"): APPLICANT_PAGE,
    ("attachments.manage", "POST"): {
        "anonymous": 302,
        "applicant": 422,
        "reviewer": 403,
        "admin": 403,
    },
    # a reviewer downloads only the frozen files of an application they declared on
    ("attachments.download", "GET"): {
        "anonymous": 302,
        "applicant": 200,
        "reviewer": 404,
        "admin": 200,
    },
    ("attachments.delete", "POST"): APPLICANT_ACTION,
    ("rulesets.list_all", "GET"): ADMIN_PAGE,
    ("web_admin.rounds", "GET"): ADMIN_PAGE,
    ("rounds.create", "GET"): ADMIN_PAGE,
    ("rounds.create", "POST"): ADMIN_PAGE,
    ("rounds.edit", "GET"): ADMIN_PAGE,
    ("rounds.edit", "POST"): ADMIN_PAGE,  # the form again, with its errors
    ("rounds.change_status", "GET"): ADMIN_PAGE,
    ("rounds.change_status", "POST"): ADMIN_REFUSED,  # no version: the page was not opened
    ("rounds.reopen", "GET"): ADMIN_PAGE,
    ("rounds.reopen", "POST"): ADMIN_REFUSED,  # no reason, and the round is open
    # reviewer assignment: only while the round is under review (the matrix's is open)
    ("admin_assignment.preview", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_assignment.preview", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_assignment.save", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_assignment.save", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_assignment.remove_constraint", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_assignment.replace", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_assignment.replace", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("rulesets.show", "GET"): ADMIN_PAGE,
    ("web_admin.what_if_page", "GET"): ADMIN_PAGE,
    # reviewer profiles and declared relations (the matrix's relation does not exist)
    ("admin_reviewers.list_reviewers", "GET"): ADMIN_PAGE,
    ("admin_reviewers.profile", "GET"): ADMIN_PAGE,
    ("admin_reviewers.profile", "POST"): ADMIN_ACTION,  # an empty profile is saved
    ("admin_reviewers.add_relation", "GET"): ADMIN_PAGE,
    ("admin_reviewers.add_relation", "POST"): ADMIN_PAGE,  # the form again, with its errors
    ("admin_reviewers.remove_relation", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_reviewers.remove_relation", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("reviewer.relations_page", "GET"): REVIEWER_PAGE,
    ("reviewer.add_relation", "GET"): REVIEWER_PAGE,
    ("reviewer.add_relation", "POST"): REVIEWER_PAGE,  # the form again, with its errors
    ("reviewer.remove_relation", "GET"): {**REVIEWER_PAGE, "reviewer": 404},
    ("reviewer.remove_relation", "POST"): {**REVIEWER_PAGE, "reviewer": 404},
    # candidate rulesets: an empty post is refused with the form (422); the matrix's candidate
    # repeats the published version 1, so publishing it is refused with a redirect
    ("ruleset_drafts.index", "GET"): ADMIN_PAGE,
    ("ruleset_drafts.new", "GET"): ADMIN_PAGE,
    ("ruleset_drafts.upload", "POST"): {**ADMIN_PAGE, "admin": 422},
    ("ruleset_drafts.copy", "POST"): {**ADMIN_PAGE, "admin": 422},
    ("ruleset_drafts.edit", "GET"): ADMIN_PAGE,
    ("ruleset_drafts.edit", "POST"): {**ADMIN_PAGE, "admin": 422},
    ("ruleset_drafts.what_if", "GET"): ADMIN_PAGE,
    ("ruleset_drafts.publish", "GET"): ADMIN_ACTION,
    ("ruleset_drafts.publish", "POST"): ADMIN_ACTION,
    # decisions and publicity: the matrix's round is open, so deciding and objecting are 404
    ("admin_decisions.decisions", "GET"): ADMIN_PAGE,
    ("admin_decisions.decide", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_decisions.decide", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_decisions.bulk", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_decisions.bulk", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_decisions.start_publicity", "GET"): ADMIN_PAGE,
    ("admin_decisions.start_publicity", "POST"): ADMIN_REFUSED,
    ("admin_decisions.finish", "GET"): ADMIN_PAGE,
    ("admin_decisions.finish", "POST"): ADMIN_REFUSED,
    ("admin_decisions.round_objections", "GET"): ADMIN_PAGE,
    ("admin_decisions.record_objection", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_decisions.record_objection", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_decisions.resolve", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_decisions.resolve", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_calendar.days", "GET"): ADMIN_PAGE,
    ("admin_calendar.days", "POST"): ADMIN_PAGE,  # the form again, with its errors
    ("admin_calendar.remove", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_calendar.remove", "POST"): {**ADMIN_PAGE, "admin": 404},
    # the reviewer's workspace and the reopening of a review (the matrix's do not exist)
    ("reviews.my_assignments", "GET"): REVIEWER_PAGE,
    ("reviews.declare", "GET"): REVIEWER_NOT_FOUND,
    ("reviews.declare", "POST"): REVIEWER_NOT_FOUND,
    ("reviews.recuse", "GET"): REVIEWER_NOT_FOUND,
    ("reviews.recuse", "POST"): REVIEWER_NOT_FOUND,
    ("reviews.application", "GET"): REVIEWER_NOT_FOUND,
    ("reviews.review", "GET"): REVIEWER_NOT_FOUND,
    ("reviews.review", "POST"): REVIEWER_NOT_FOUND,
    ("reviews.submit_review", "GET"): REVIEWER_NOT_FOUND,
    ("reviews.submit_review", "POST"): REVIEWER_NOT_FOUND,
    ("review_admin.reopen", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("review_admin.reopen", "POST"): {**ADMIN_PAGE, "admin": 404},
    # documents: the matrix's application is a draft (no submitted version, no score), its
    # round is open (no certificates yet) and certificate 999999 does not exist
    ("documents.application_form", "GET"): OWN_NOTHING_YET,
    ("documents.report", "GET"): OWN_NOTHING_YET,
    ("documents.certificate", "GET"): OWN_NOTHING_YET,
    ("documents.application_certificate", "GET"): OWN_NOTHING_YET,
    ("admin_documents.round_certificates", "GET"): ADMIN_PAGE,
    ("admin_documents.issue_round", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_documents.issue_round", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_documents.issue_one", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_documents.issue_one", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_documents.show", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_documents.revoke", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_documents.revoke", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("admin_documents.correct", "GET"): {**ADMIN_PAGE, "admin": 404},
    ("admin_documents.correct", "POST"): {**ADMIN_PAGE, "admin": 404},
    ("publicity.index", "GET"): PUBLIC,
    ("publicity.show", "GET"): dict.fromkeys(ROLES, 404),
    ("publicity.show", "POST"): dict.fromkeys(ROLES, 404),
    # certificate verification, public: the matrix's token matches no certificate (the same page
    # as a known one); posting without a file or search terms shows the form's errors
    ("verify.search", "GET"): PUBLIC,
    ("verify.search", "POST"): dict.fromkeys(ROLES, 422),
    ("verify.show", "GET"): PUBLIC,
    ("verify.show", "POST"): dict.fromkeys(ROLES, 422),
}

# Review data is hidden from everyone it is not for: a company (or a reviewer, for the
# administrators' panel pages) asking for it gets 404, not even learning that it exists.
HIDDEN = ("reviews.", "admin_assignment.", "admin_ranking.", "review_admin.")
for (_endpoint, _method), _expected in EXPECTED.items():
    if _endpoint.startswith(HIDDEN):
        EXPECTED[(_endpoint, _method)] = {r: 404 if c == 403 else c for r, c in _expected.items()}

# Deleting, withdrawing and logging out change what later requests see, so they run last.
LAST = [
    ("rounds.change_status", "POST"),  # closes the round
    ("attachments.delete", "POST"),
    ("applications.withdraw", "POST"),
    ("accounts.logout", "POST"),
]


def _routes(app):
    routes = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule, method))

    def order(route):
        key = (route[0].endpoint, route[1])
        return (LAST.index(key) if key in LAST else -1, key)

    return sorted(routes, key=order)


def test_every_route_is_declared(app):
    missing = [(r.endpoint, m) for r, m in _routes(app) if (r.endpoint, m) not in EXPECTED]
    assert not missing, f"declare the access rule of these routes in EXPECTED: {missing}"
    stale = set(EXPECTED) - {(r.endpoint, m) for r, m in _routes(app)}
    assert not stale, f"EXPECTED names routes that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_route_status_for_role(app, people, draft, role):
    victim = UserFactory(role=Role.REVIEWER, email="victim@example.cn")
    attachment = add_pdf(people.applicant, draft)
    candidate = make_draft()
    db.session.commit()
    user = None if role == "anonymous" else getattr(people, role)
    client = client_for(app, user)
    args = {
        "user_id": victim.id,
        "org_id": people.other_organisation.id,
        "round_id": draft.round_id,
        "app_id": draft.id,
        "section_id": "finance",
        "attachment_id": attachment.id,
        "ruleset_id": "bj-excellent-etc-2025",
        "version": 1,
        "action": "close",
        "code": "en",
        "filename": "css/evalcenter.css",
        "draft_id": candidate.id,
        "invitation_id": 999999,
        "token": "x" * 43,
        "objection_id": 999999,
        "day_id": 999999,
        "notification_id": 999999,
        "assignment_id": 999999,
        "review_id": 999999,
        "constraint_id": 999999,
        "relation_id": 999999,
        "job_id": 999999,
        "cert_id": 999999,
    }
    mismatches = []
    for rule, method in _routes(app):
        url = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)[1]
        if rule.endpoint == "bootstrap.static":
            url = url.replace("css/evalcenter.css", "css/bootstrap.min.css")
        if method == "GET":
            response = client.get(url)
        else:
            token = csrf_token(client, "/login" if user is None else "/account")
            response = client.open(url, method=method, data={"csrf_token": token})
        response.close()
        expected = EXPECTED[(rule.endpoint, method)][role]
        if response.status_code != expected:
            mismatches.append((method, url, expected, response.status_code))
    assert not mismatches


@pytest.mark.parametrize("path", ["/admin/users/999999", "/no-such-page"])
def test_unknown_objects_are_404_for_admin(app, people, path):
    client = client_for(app, people.admin)
    assert client.get(path).status_code == 404
