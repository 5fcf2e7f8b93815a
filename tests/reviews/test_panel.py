"""Panel results (§6–7): the engine's panel rule on the submitted reviews of non-recused
reviewers, per-criterion means, the disagreement flag, and the panel on the admin page."""

from __future__ import annotations

from decimal import Decimal

from evalcenter.extensions import db
from evalcenter.reviews.models import AssignmentStatus, ReviewStatus
from evalcenter.reviews.ranking import round_ranking
from tests.conftest import client_for
from tests.factories import RoundFactory
from tests.review_factories import ReviewFactory, review_panel, scored_application

SPEC_TOTALS = [82, 78.5, 85, 90, 74]  # the spec example's reviews (ic-manufacturer)


def _only_row(rnd):
    ranking = round_ranking(rnd)
    return (ranking.ranked + ranking.pending)[0]


def test_five_reviews_drop_the_highest_and_lowest(app):
    rnd = RoundFactory()
    review_panel(scored_application(rnd), SPEC_TOTALS)
    panel = _only_row(rnd).panel
    assert panel.result.panel.score == Decimal("81.83")  # mean of 82, 78.5, 85
    assert panel.result.panel.dropped_highest == (Decimal(90),)
    assert panel.result.panel.dropped_lowest == (Decimal(74),)
    assert panel.result.quantitative == Decimal("86.31")
    assert panel.result.composite == Decimal("84.52")
    assert panel.result.recommendation == "recommend"
    assert [r.code for r in panel.reviews] == ["R01", "R02", "R03", "R04", "R05"]


def test_three_or_four_reviews_take_the_mean(app):
    rnd = RoundFactory()
    review_panel(scored_application(rnd), [80, 70, 75.5, 60])
    assert _only_row(rnd).panel.result.panel.score == Decimal("71.38")  # 285.5 / 4
    rnd2 = RoundFactory()
    review_panel(scored_application(rnd2), [80, 70, 75.5])
    assert _only_row(rnd2).panel.result.panel.score == Decimal("75.17")


def test_fewer_than_three_is_pending(app):
    rnd = RoundFactory()
    review_panel(scored_application(rnd), [80, 70])
    ranking = round_ranking(rnd)
    assert ranking.ranked == [] and len(ranking.pending) == 1
    assert ranking.pending[0].panel.pending
    assert ranking.pending[0].panel.result.recommendation == "pending"


def test_drafts_and_recused_reviewers_do_not_count(app):
    rnd = RoundFactory()
    application = scored_application(rnd)
    review_panel(application, [80, 80, 80])
    ReviewFactory(application=application, total=Decimal(20), status=ReviewStatus.DRAFT)
    ReviewFactory(
        application=application,
        total=Decimal(10),
        assignment__status=AssignmentStatus.RECUSED,
    )
    panel = _only_row(rnd).panel
    assert panel.result.panel.score == Decimal(80)
    assert len(panel.reviews) == 3


def test_criterion_means_are_rounded_half_up(app):
    rnd = RoundFactory()
    # X1 (max 15) takes 15, 15 and 10 of these totals; X2 20, 20, 0; X3 20, 0, 0
    review_panel(scored_application(rnd), [60, 35, 10])
    means = _only_row(rnd).panel.means
    assert means == {
        "X1": Decimal("13.33"),
        "X2": Decimal("13.33"),
        "X3": Decimal("6.67"),
        "X4": Decimal("1.67"),
        "X5": Decimal(0),
        "X6": Decimal(0),
    }
    rnd2 = RoundFactory()
    review_panel(scored_application(rnd2), [Decimal("0.5")] + [0] * 19)  # X1: 0.5 / 20
    assert _only_row(rnd2).panel.means["X1"] == Decimal("0.03")  # 0.025 half-up, not to even


def test_disagreement_when_the_spread_exceeds_the_threshold(app):
    rnd = RoundFactory(disagreement_threshold=Decimal(20))
    review_panel(scored_application(rnd), [70, 80, 90])  # spread 20: not above
    review_panel(scored_application(rnd), [70, 80, 90.5])  # spread 20.5
    flags = {r.panel.spread: r.panel.disagreement for r in round_ranking(rnd).ranked}
    assert flags == {Decimal(20): False, Decimal("20.5"): True}


def test_admin_application_page_shows_the_panel_with_codes(app, people):
    rnd = RoundFactory()
    application = scored_application(rnd)
    reviews = review_panel(application, SPEC_TOTALS)
    reviewer_names = [r.assignment.reviewer.name for r in reviews]
    db.session.commit()
    html = client_for(app, people.admin).get(f"/admin/applications/{application.id}").text
    assert 'data-testid="panel"' in html
    assert 'data-panel-score="81.83"' in html and 'data-composite="84.52"' in html
    assert "R05" in html
    assert not any(name in html for name in reviewer_names)
