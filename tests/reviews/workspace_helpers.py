"""A round under review with one application submitted, accepted and scored, assigned to the
`people` reviewer (still to declare) and to a second reviewer (declared)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from evalcenter.accounts.models import User
from evalcenter.applications import services
from evalcenter.applications.attachments import REQUIRED_KINDS
from evalcenter.applications.models import Application
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.reviews.models import Assignment, AssignmentStatus
from evalcenter.rounds.models import RoundStatus
from tests.applications.helpers import add_pdf, example_data, form_fields
from tests.factories import RoundFactory, UserFactory
from tests.review_factories import AssignmentFactory

FILE_NAME = "承诺书扫描件.pdf"


@dataclass
class Reviewing:
    app: Application
    mine: Assignment  # people.reviewer's, to declare
    other: Assignment  # another reviewer's, declared
    other_reviewer: User


def submitted_application(applicant, rnd) -> Application:
    app = services.start(applicant, rnd)
    data = {
        **example_data(),
        "uscc": applicant.organisation.uscc,
        "company_name": applicant.organisation.name,
    }
    services.import_json(applicant, app, json.dumps(data, ensure_ascii=False).encode(), 1)
    for kind in REQUIRED_KINDS:
        add_pdf(applicant, app, kind, FILE_NAME if kind == "commitment_letter" else f"{kind}.pdf")
    services.submit(applicant, app, app.version)
    return app


def reviewing(people, deadline_days: int = 10) -> Reviewing:
    """Committed, so that requests see it."""
    rnd = RoundFactory(review_deadline=datetime.now(UTC) + timedelta(days=deadline_days))
    app = submitted_application(people.applicant, rnd)
    services.formal_check(people.admin, app, True, "", 0)
    rnd.status = RoundStatus.REVIEWING
    other_reviewer = UserFactory(role=Role.REVIEWER, email="other-expert@example.cn", name="吴评审")
    mine = AssignmentFactory(
        application=app, reviewer=people.reviewer, status=AssignmentStatus.ASSIGNED
    )
    other = AssignmentFactory(application=app, reviewer=other_reviewer)
    db.session.commit()
    return Reviewing(app, mine, other, other_reviewer)


def post_page_form(client, url: str, action: str | None = None, **values):
    """POST the form of `url` (posting to `action`, default `url`) with the fields the page
    renders, overridden by `values` (None: left out, as an unticked checkbox)."""
    html = client.get(url).get_data(as_text=True)
    fields = {k: v[0] for k, v in form_fields(html, action or url).items()}
    fields.update(values)
    return client.post(action or url, data={k: v for k, v in fields.items() if v is not None})


def status_of(client, url: str) -> int:
    """The status of a GET, its body (a file, perhaps) closed."""
    response = client.get(url)
    response.close()
    return response.status_code


def version_of(html: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
