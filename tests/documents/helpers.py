"""A finished round with recognised (published) applications, ready for certificates."""

from __future__ import annotations

from datetime import timedelta

from evalcenter.decisions import publicity
from evalcenter.extensions import db
from tests.decisions.helpers import open_period, under_publicity


def finished_round(admin, outcomes=("recognised", "not_recognised")):
    """A finished round whose applications got these decisions (recognised ones published)."""
    rnd, apps = under_publicity(admin, outcomes)
    today = publicity.today()
    open_period(rnd, today - timedelta(days=12), today - timedelta(days=1))
    publicity.finish(admin, rnd)
    db.session.commit()
    return rnd, apps
