"""The round's ranking page: the ruleset's ranking keys, filters, the quota line, pending
applications apart, and a constant number of SQL statements."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from sqlalchemy import event

from evalcenter.extensions import db
from evalcenter.reviews.ranking import round_ranking
from tests.conftest import client_for
from tests.factories import RoundFactory
from tests.review_factories import review_panel, scored_application

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _ranked_ids(rnd) -> list[int]:
    return [r.app_id for r in round_ranking(rnd).ranked]


def _page_ids(html: str, testid: str = "ranking") -> list[int]:
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return [int(n) for n in re.findall(r'data-application="(\d+)"', table)]


def test_composite_decides_first(app):
    rnd = RoundFactory()
    low = scored_application(rnd)
    high = scored_application(rnd)
    review_panel(low, [70, 70, 70])
    review_panel(high, [90, 90, 90])
    assert _ranked_ids(rnd) == [high.id, low.id]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _tying_totals(qa: Decimal, qb: Decimal) -> tuple[list[Decimal], list[Decimal]]:
    """Review totals (three or four each) giving two applications with quantitative scores
    qa > qb the same composite (0.6 q + 0.4 panel, 2 dp): `a` needs the lower panel."""
    half, wq, wp = Decimal("0.5"), Decimal("0.6"), Decimal("0.4")
    for n in (3, 4):
        sums = [Decimal(60 * n) + half * k for k in range(40 * n)]
        by_composite = {_cents(wq * qb + wp * _cents(s / n)): s for s in sums}
        for sa in sums:
            sb = by_composite.get(_cents(wq * qa + wp * _cents(sa / n)))
            if sb is not None:
                return _spread(sa, n), _spread(sb, n)
    raise AssertionError("no tying panels")


def _spread(total: Decimal, n: int) -> list[Decimal]:
    each = (total / n / Decimal("0.5")).to_integral_value(ROUND_FLOOR) * Decimal("0.5")
    return [each] * (n - 1) + [total - each * (n - 1)]


def test_ties_broken_by_the_submission_time_last(app):
    rnd = RoundFactory()
    early = scored_application(rnd, submitted_at=T0)
    late = scored_application(rnd, submitted_at=T0 + timedelta(hours=1))
    review_panel(late, [80, 80, 80])
    review_panel(early, [80, 80, 80])
    assert _ranked_ids(rnd) == [early.id, late.id]


def test_ties_broken_by_quantitative_score(app):
    rnd = RoundFactory()
    a = scored_application(rnd, submitted_at=T0 + timedelta(hours=1))
    b = scored_application(rnd, submitted_at=T0, new_product_profit=3000)
    qa, qb = (round_ranking(rnd).pending[n].panel.result.quantitative for n in (1, 0))
    assert qa > qb
    totals_a, totals_b = _tying_totals(qa, qb)
    review_panel(a, totals_a)
    review_panel(b, totals_b)
    rows = round_ranking(rnd).ranked
    assert rows[0].panel.result.composite == rows[1].panel.result.composite
    assert [r.app_id for r in rows] == [a.id, b.id]  # the higher quantitative, though later


def test_ties_broken_by_a1_value(app):
    rnd = RoundFactory()
    a = scored_application(rnd, submitted_at=T0)
    # a little more R&D spending (A1 8.53 % instead of 8.50 %, full points either way) and a
    # little less new-product profit: the same quantitative score
    b = scored_application(
        rnd, submitted_at=T0 + timedelta(hours=1), rd_expenditure=7380, new_product_profit=5230
    )
    review_panel(a, [80, 80, 80])
    review_panel(b, [80, 80, 80])
    rows = round_ranking(rnd).ranked
    ra, rb = (r.panel.result for r in sorted(rows, key=lambda r: r.app_id))
    assert (ra.composite, ra.quantitative) == (rb.composite, rb.quantitative)
    assert rb.value("A1") > ra.value("A1")
    assert [r.app_id for r in rows] == [b.id, a.id]


def test_filters_keep_official_ranks_and_quota_line(app, people):
    rnd = RoundFactory(quota=2)
    apps = [
        scored_application(rnd, district="海淀区", industry_field="integrated_circuits"),
        scored_application(rnd, district="朝阳区", industry_field="integrated_circuits"),
        scored_application(rnd, district="海淀区", industry_field="next_gen_it", sector="I"),
        scored_application(rnd, district="朝阳区", industry_field="next_gen_it", sector="I"),
    ]
    for n, application in enumerate(apps):
        review_panel(application, [90 - 5 * n] * 3)
    pending = scored_application(rnd, district="海淀区")
    review_panel(pending, [88, 88])
    db.session.commit()
    client = client_for(app, people.admin)
    url = f"/admin/rounds/{rnd.id}/ranking"

    html = client.get(url).text
    official = _page_ids(html)
    assert len(official) == 4 and pending.id not in official
    assert _page_ids(html, "pending") == [pending.id]
    # the quota line follows the second row
    body = html.split('data-testid="ranking"', 1)[1]
    second = body.index(f'data-application="{official[1]}"')
    third = body.index(f'data-application="{official[2]}"')
    line = body.index('data-testid="quota-line"')
    assert second < line < third
    assert "Quota: 2" in body or "名额：2" in body or ": 2" in body[line : line + 200]

    html = client.get(url, query_string={"district": "海淀区"}).text
    shown = _page_ids(html)
    assert shown == [i for i in official if i in {apps[0].id, apps[2].id}]
    ranks = dict(re.findall(r'data-application="(\d+)" data-rank="(\d+)"', html))
    assert ranks[str(apps[2].id)] == str(official.index(apps[2].id) + 1)  # official rank kept
    assert _page_ids(html, "pending") == [pending.id]

    html = client.get(url, query_string={"field": "next_gen_it", "district": "朝阳区"}).text
    assert _page_ids(html) == [apps[3].id]
    assert 'data-testid="quota-line"' not in html.split('data-testid="pending"')[0]

    outcome = round_ranking(rnd).ranked[0].panel.result.recommendation
    html = client.get(url, query_string={"recommendation": outcome}).text
    assert all(
        r.panel.result.recommendation == outcome
        for r in round_ranking(rnd).ranked
        if r.app_id in _page_ids(html)
    )

    # unknown values are ignored, never an error
    html = client.get(url, query_string={"district": "<script>", "field": "x"}).text
    assert _page_ids(html) == official and "<script>" not in html


def _count_statements(client, url: str) -> int:
    statements: list[str] = []

    def listener(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_statement_count_does_not_grow_with_the_round(app, people):
    small, large = RoundFactory(quota=3), RoundFactory(quota=3)
    for rnd, count in ((small, 5), (large, 50)):
        for n in range(count):
            review_panel(scored_application(rnd), [60 + n % 30] * (5 if n % 7 else 2))
    db.session.commit()
    client = client_for(app, people.admin)
    for path in ("ranking", "calibration", "ranking.csv", "ranking.xlsx"):
        counts = [_count_statements(client, f"/admin/rounds/{r.id}/{path}") for r in (small, large)]
        assert counts[0] == counts[1], (path, counts)
        assert counts[0] <= 12, (path, counts)


def test_ranking_is_for_administrators_only(app, people):
    rnd = RoundFactory()
    db.session.commit()
    for user in (people.reviewer, people.applicant):
        response = client_for(app, user).get(f"/admin/rounds/{rnd.id}/ranking")
        assert response.status_code == 404
    assert client_for(app, people.admin).get("/admin/rounds/999999/ranking").status_code == 404


def test_the_applications_above_the_quota_line_are_recognised_in_one_confirmed_step(app, people):
    rnd = RoundFactory(quota=2, status="deciding", closed=True)
    apps = [scored_application(rnd) for _ in range(3)]
    for n, application in enumerate(apps):
        review_panel(application, [90 - 5 * n] * 3)
    db.session.commit()
    client = client_for(app, people.admin)
    html = client.get(f"/admin/rounds/{rnd.id}/ranking").text
    link = re.search(r'data-testid="decide-quota">\s*<a class="[^"]*" href="([^"]+)"', html)
    assert link, "the ranking offers the decision for the applications above the line"
    url = link.group(1).replace("&amp;", "&")
    confirm = client.get(url)
    assert confirm.status_code == 200
    page = confirm.text
    assert apps[0].organisation.name in page and apps[1].organisation.name in page
    assert apps[2].organisation.name not in page  # below the line
    assert "app=" in url and url.count("app=") == 2
    # not while reviewing: the decisions have not started
    rnd.status = "reviewing"
    db.session.commit()
    html = client.get(f"/admin/rounds/{rnd.id}/ranking").text
    assert 'data-testid="decide-quota"' not in html
