"""Test data for expert review: assignments, reviews and scored applications, declared with
factory_boy like `tests/factories.py` (each flushes into the test's session)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import factory

from evalcenter.applications.models import Application, ApplicationSnapshot, ApplicationStatus
from evalcenter.applications.score_models import ApplicationScore
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.reviews.models import Assignment, AssignmentStatus, Review, ReviewStatus
from evalcenter.rounds.rulesets import ruleset_for_round
from tests.applications.helpers import example_data
from tests.factories import OrganisationFactory, UserFactory, _Base

# X1..X6 maxima of the reference ruleset: a total is spread over them in this order.
CRITERIA = (("X1", 15), ("X2", 20), ("X3", 20), ("X4", 15), ("X5", 15), ("X6", 15))


def criterion_scores(total: Decimal | int | str) -> dict[str, str]:
    """Per-criterion scores (strings, as the review form stores them) adding up to `total`."""
    left, scores = Decimal(str(total)), {}
    for cid, maximum in CRITERIA:
        part = min(left, Decimal(maximum))
        scores[cid] = str(part)
        left -= part
    return scores


def scored_application(rnd, *, submitted_at: datetime | None = None, **changes) -> Application:
    """An application accepted at the formal check and scored by the round's ruleset: the
    spec's IC-manufacturer data with `changes` (e.g. `district`, `rd_expenditure`)."""
    org = OrganisationFactory()
    data = {**example_data(), "company_name": org.name, "uscc": org.uscc, **changes}
    when = submitted_at or datetime.now(UTC) - timedelta(days=10)
    app = Application(
        round=rnd,
        organisation=org,
        status=ApplicationStatus.ACCEPTED,
        data=data,
        submitted_at=when,
    )
    snapshot = ApplicationSnapshot(application=app, number=1, data=data, created_at=when)
    ruleset = ruleset_for_round(rnd)
    result = ruleset.evaluate({**data, "verified_discrepancies": 0}, trace=False)
    db.session.add_all([app, snapshot])
    db.session.add(
        ApplicationScore(
            application=app,
            snapshot_number=1,
            ruleset_id=ruleset.id,
            ruleset_version=ruleset.version,
            ruleset_sha256=ruleset.sha256,
            eligible=result.eligible,
            quantitative=result.quantitative,
            result=result.to_dict(),
        )
    )
    db.session.flush()
    return app


class AssignmentFactory(_Base):
    """A reviewer on an application of a round (declared: the reviewer may open it)."""

    class Meta:
        model = Assignment

    application = None  # required
    round_id = factory.LazyAttribute(lambda a: a.application.round_id)
    application_id = factory.LazyAttribute(lambda a: a.application.id)
    reviewer = factory.SubFactory(UserFactory, role=Role.REVIEWER)
    status = AssignmentStatus.DECLARED


class ReviewFactory(_Base):
    """A submitted review with `total` spread over X1..X6 (`assignment__status` is set to
    submitted too)."""

    class Meta:
        model = Review
        exclude = ("application",)

    application = None  # required
    total = Decimal(80)
    assignment = factory.SubFactory(
        AssignmentFactory,
        application=factory.SelfAttribute("..application"),
        status=AssignmentStatus.SUBMITTED,
    )
    application_id = factory.LazyAttribute(lambda r: r.application.id)
    reviewer_id = factory.LazyAttribute(lambda r: r.assignment.reviewer_id)
    scores = factory.LazyAttribute(lambda r: criterion_scores(r.total))
    status = ReviewStatus.SUBMITTED
    submitted_at = factory.LazyFunction(lambda: datetime.now(UTC))


def review_panel(app: Application, totals, reviewers=None) -> list[Review]:
    """Submitted reviews of `app` with these totals (by these reviewers, or new ones)."""
    reviewers = reviewers or [None] * len(totals)
    reviews = []
    for total, reviewer in zip(totals, reviewers, strict=True):
        extra = {"assignment__reviewer": reviewer} if reviewer is not None else {}
        reviews.append(ReviewFactory(application=app, total=Decimal(str(total)), **extra))
    return reviews
