"""Reviewer calibration: mean, spread and bias (z-scores within panels), the normalised
ranking beside the official one, quota-side changes, and the distribution chart."""

from __future__ import annotations

from decimal import Decimal

from evalcenter.extensions import db
from evalcenter.reviews.calibration import round_calibration
from tests.conftest import client_for
from tests.factories import RoundFactory, UserFactory
from tests.review_factories import review_panel, scored_application


def _reviewers(*names):
    return [UserFactory(role="reviewer", name=name) for name in names]


def test_stats_bias_and_normalised_ranking(app, people):
    rnd = RoundFactory(quota=1)
    harsh, fair1, fair2, other = _reviewers("专家0", "专家1", "专家2", "专家3")
    a, b = scored_application(rnd), scored_application(rnd)
    # `harsh` sits only on a's panel and scores 30 points below the others
    review_panel(a, [50, 80, 80], [harsh, fair1, fair2])
    review_panel(b, [78, 78, 79], [other, fair1, fair2])
    db.session.commit()
    report = round_calibration(rnd)
    stats = {r.name: r for r in report.reviewers}
    assert stats["专家0"].count == 1 and stats["专家0"].mean == Decimal(50)
    assert stats["专家1"].mean == Decimal(79) and stats["专家1"].spread == Decimal(1)
    # within a's panel (50, 80, 80): mean 70, sd 14.14…: z = −1.41 for the harsh reviewer
    assert stats["专家0"].bias == Decimal("-1.41")
    assert stats["专家0"].bins[5] == 1 and sum(stats["专家0"].bins) == 1
    # officially b (panel 78.33) beats a (panel 70); normalised, the harsh reviewer's single
    # total is moved to the round's mean and a comes first: both cross the quota line
    assert [r.app_id for r in report.official.ranked] == [b.id, a.id]
    assert [r.app_id for r in report.normalised.ranked] == [a.id, b.id]
    assert {c.official.app_id for c in report.changes} == {a.id, b.id}

    html = client_for(app, people.admin).get(f"/admin/rounds/{rnd.id}/calibration").text
    assert 'data-testid="official"' in html and 'data-testid="normalised"' in html
    assert html.count('data-testid="distribution"') == 4 and "<svg" in html
    assert 'data-testid="distribution-table"' in html
    assert 'data-bias="-1.41"' in html and "专家0" in html
    assert f'data-application="{a.id}"' in html.split('data-testid="quota-changes"')[1]


def test_no_changes_without_a_quota_and_an_empty_round(app, people):
    rnd = RoundFactory()
    review_panel(scored_application(rnd), [70, 80, 90])
    empty = RoundFactory()
    db.session.commit()
    assert round_calibration(rnd).changes == []
    client = client_for(app, people.admin)
    assert client.get(f"/admin/rounds/{empty.id}/calibration").status_code == 200
    assert (
        client_for(app, people.reviewer).get(f"/admin/rounds/{rnd.id}/calibration").status_code
        == 404
    )
