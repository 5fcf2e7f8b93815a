"""Blind review stays blind: a reviewer never reaches another reviewer's review nor sees who
else reviews or what they scored; a company never sees its reviewers, their scores or their
comments on any page it can reach."""

from __future__ import annotations

from decimal import Decimal

from evalcenter.extensions import db
from evalcenter.reviews.models import Review
from tests.conftest import client_for
from tests.main_pages import build_world, pages
from tests.review_factories import criterion_scores
from tests.reviews.workspace_helpers import post_page_form, reviewing

MY_COMMENT = "内部评语甲：研发投入核算口径存疑"
MY_OPINION = "内部意见甲：建议复核财务数据"
OTHER_COMMENT = "内部评语乙：专利质量一般"


def _reviewed(app, people):
    """The applicant's application with two submitted reviews carrying internal comments."""
    world = reviewing(people)
    client = client_for(app, people.reviewer)
    post_page_form(client, f"/reviews/{world.mine.id}/declare", commitment="y")
    url = f"/reviews/{world.mine.id}/review"
    scores = {f"score_{k}": v for k, v in criterion_scores("81.5").items()}
    post_page_form(client, url, submit="1", comment_X1=MY_COMMENT, opinion=MY_OPINION, **scores)
    post_page_form(client, f"{url}/submit")
    other = Review(
        assignment=world.other,
        application_id=world.app.id,
        reviewer_id=world.other_reviewer.id,
        scores=criterion_scores("63.5"),
        comments={"X3": OTHER_COMMENT},
        opinion="内部意见乙",
        total=Decimal("63.5"),
        status="submitted",
    )
    world.other.status = "submitted"
    db.session.add(other)
    db.session.commit()
    return world, client


def test_a_reviewer_cannot_reach_another_reviewers_review(app, people):
    world, client = _reviewed(app, people)
    for path in ("", "/review", "/review/submit", "/declare", "/recuse"):
        assert client.get(f"/reviews/{world.other.id}{path}").status_code == 404
    assert client.get(f"/admin/reviews/{world.other.review.id}/reopen").status_code == 404


def test_a_reviewers_pages_show_no_other_reviewer(app, people):
    world, client = _reviewed(app, people)
    hidden = ("吴评审", "other-expert@example.cn", OTHER_COMMENT, "内部意见乙", "63.5")
    for url in (
        "/",
        "/reviews",
        f"/reviews/{world.mine.id}",
        f"/reviews/{world.mine.id}/review",
    ):
        html = client.get(url).get_data(as_text=True)
        for text in hidden:
            assert text not in html, (url, text)


def test_no_page_a_company_reaches_shows_reviewers_scores_or_comments(app, people):
    site = build_world(people)  # names the reviewer 周专家
    world, _ = _reviewed(app, people)
    a = world.app.id
    urls = [url for _, url in pages(site)["applicant"]] + [
        f"/applications/{a}",
        f"/applications/{a}/status",
        f"/applications/{a}/submitted",
        f"/applications/{a}/receipt",
        f"/applications/{a}/check",
        "/notifications",
    ]
    hidden = (
        "周专家",
        people.reviewer.email,
        "吴评审",
        "other-expert@example.cn",
        MY_COMMENT,
        MY_OPINION,
        OTHER_COMMENT,
        "内部意见乙",
        "81.5",
        "63.5",
    )
    company = client_for(app, people.applicant)
    checked = 0
    for url in urls:
        response = company.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code != 200:
            continue
        html = response.get_data(as_text=True)
        checked += 1
        for text in hidden:
            assert text not in html, (url, text)
    assert checked >= len(urls) - 2
    for url in (f"/reviews/{world.mine.id}", f"/reviews/{world.mine.id}/review", "/reviews"):
        assert company.get(url).status_code == 404
