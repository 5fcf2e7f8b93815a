"""A round in deciding with scored, reviewed applications; a round under publicity."""

from __future__ import annotations

from datetime import date, timedelta

from evalcenter.decisions import publicity, services
from evalcenter.extensions import db
from evalcenter.rounds.models import RoundStatus
from tests.factories import RoundFactory, UserFactory
from tests.review_factories import review_panel, scored_application


def deciding_round(reviewed: int = 2, unreviewed: int = 0):
    """A round in deciding: ``reviewed`` applications with five submitted reviews each and
    ``unreviewed`` ones with two (no panel score); each organisation has an applicant."""
    rnd = RoundFactory(status=RoundStatus.DECIDING, closed=True)
    apps = []
    for i in range(reviewed + unreviewed):
        app = scored_application(rnd)
        UserFactory(organisation=app.organisation)
        review_panel(app, [80, 85, 90, 75, 70] if i < reviewed else [80, 85])
        apps.append(app)
    db.session.commit()
    return rnd, apps


def under_publicity(admin, outcomes=("recognised", "not_recognised")):
    """A round under publicity (from the next working day) with these decisions."""
    rnd, apps = deciding_round(len(outcomes))
    for app, outcome in zip(apps, outcomes, strict=True):
        services.decide(admin, app, outcome, "" if outcome == "recognised" else "评分未达线")
    publicity.start(admin, rnd, publicity.default_start())
    db.session.commit()
    return rnd, apps


def open_period(rnd, first: date | None = None, last: date | None = None):
    """Put today inside (or, with explicit days, around) the publicity period."""
    today = publicity.today()
    rnd.publicity_starts_on = first or today - timedelta(days=1)
    rnd.publicity_ends_on = last or today + timedelta(days=5)
    db.session.commit()


def english(app, user=None):
    """A client logged in as ``user`` (anonymous when None) reading English pages."""
    from tests.conftest import client_for

    client = client_for(app, user)
    client.get("/lang/en")
    return client
