"""The review form: built from the ruleset's expert criteria, a draft that keeps only valid
scores, submission on a confirmation page, optimistic locking, and reopening by an
administrator."""

from __future__ import annotations

import re

from sqlalchemy import select

from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from evalcenter.reviews.models import AssignmentStatus, Review, ReviewStatus
from evalcenter.rounds.models import RoundStatus
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.reviews.workspace_helpers import post_page_form, reviewing

FULL = {"X1": "12.5", "X2": "16", "X3": "17.5", "X4": "11", "X5": "10", "X6": "12"}  # 79


def _declared(app, people):
    world = reviewing(people)
    client = client_for(app, people.reviewer)
    post_page_form(client, f"/reviews/{world.mine.id}/declare", commitment="y")
    return world, client


def _post_review(client, assignment, scores, *, button="save", opinion="", html=None, **extra):
    """Post the review form as rendered in `html` (default: opened now)."""
    url = f"/reviews/{assignment.id}/review"
    html = html if html is not None else client.get(url).get_data(as_text=True)
    data = {k: v[0] for k, v in form_fields(html, url).items()}
    data.pop("save", None), data.pop("submit", None)
    data.update({f"score_{cid}": value for cid, value in scores.items()})
    data.update(opinion=opinion, **{button: "1"}, **extra)
    return client.post(url, data=data)


def _review(world):
    return db.session.scalar(select(Review).where(Review.assignment_id == world.mine.id))


def test_the_form_has_a_score_and_a_comment_per_expert_criterion(app, people):
    world, client = _declared(app, people)
    html = client.get(f"/reviews/{world.mine.id}/review").get_data(as_text=True)
    for cid, label in (("X1", "创新战略与组织体系"), ("X6", "成果转化与高精尖产品创制")):
        assert f'name="score_{cid}"' in html and f'name="comment_{cid}"' in html
        assert label in html
    assert 'name="opinion"' in html
    assert re.search(r'id="score_X2-help"[^>]*>[^<]*20', html)  # the maximum in the hint
    assert 'id="review-total"' in html


def test_a_draft_keeps_valid_scores_and_comments(app, people):
    world, client = _declared(app, people)
    response = _post_review(client, world.mine, {"X1": "12.5", "X2": ""}, comment_X1="研发体系完善")
    assert response.status_code == 302
    review = _review(world)
    assert review.status == ReviewStatus.DRAFT and review.scores == {"X1": "12.5"}
    assert review.comments == {"X1": "研发体系完善"} and review.total is None
    html = client.get(f"/reviews/{world.mine.id}/review").get_data(as_text=True)
    assert 'value="12.5"' in html and "研发体系完善" in html
    assert 'data-state="draft"' in html
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.save"))


def test_invalid_scores_are_refused_beside_their_fields_and_kept_in_the_form(app, people):
    world, client = _declared(app, people)
    bad = {"X1": "16", "X2": "7.3", "X3": "abc", "X4": "-1", "X5": "１０", "X6": "5"}
    response = _post_review(client, world.mine, bad, opinion="总体良好")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for cid in ("X1", "X2", "X3", "X4", "X5"):
        assert f'id="score_{cid}-error"' in html, cid
    assert 'id="score_X6-error"' not in html
    assert 'value="7.3"' in html and 'value="abc"' in html and "总体良好" in html
    assert _review(world) is None  # nothing stored


def test_submission_requires_every_score_and_the_opinion(app, people):
    world, client = _declared(app, people)
    response = _post_review(client, world.mine, {"X1": "10"}, button="submit")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="score_X2-error"' in html and 'id="score_X6-error"' in html
    assert _review(world) is None


def test_submitting_after_the_confirmation_page(app, people):
    world, client = _declared(app, people)
    response = _post_review(client, world.mine, FULL, button="submit", opinion="推荐认定")
    confirm = f"/reviews/{world.mine.id}/review/submit"
    assert response.headers["Location"] == confirm
    assert _review(world).status == ReviewStatus.DRAFT  # saved, not yet submitted
    page = client.get(confirm).get_data(as_text=True)
    assert "79" in page
    assert post_page_form(client, confirm).status_code == 302
    review = _review(world)
    assert review.status == ReviewStatus.SUBMITTED and str(review.total) == "79.00"
    db.session.refresh(world.mine)
    assert world.mine.status == AssignmentStatus.SUBMITTED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.submit"))
    assert event.after["total"] == "79.00"
    # read-only from now on: no form, and a direct POST changes nothing
    html = client.get(f"/reviews/{world.mine.id}/review").get_data(as_text=True)
    assert 'data-testid="review-form"' not in html and 'data-testid="review-summary"' in html
    refused = _post_review(client, world.mine, {"X1": "15"}, html=_form_html(client, world))
    assert refused.status_code == 422
    assert _review(world).scores["X1"] == "12.5"
    assert client.get(confirm).status_code == 302  # nothing left to confirm


def _form_html(client, world) -> str:
    """A form page as it was before the submission (fields and token), to post again."""
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/account").text)
    url = f"/reviews/{world.mine.id}/review"
    return (
        f'<form method="post" action="{url}"><input name="csrf_token" value="{token.group(1)}">'
        f'<input name="version" value="{_review(world).version}"></form>'
    )


def test_two_tabs_cannot_silently_overwrite_each_other(app, people):
    world, client = _declared(app, people)
    _post_review(client, world.mine, {"X1": "10"})
    url = f"/reviews/{world.mine.id}/review"
    first, second = client.get(url).text, client.get(url).text  # two tabs, same version
    assert _post_review(client, world.mine, {"X1": "11"}, html=first).status_code == 302
    refused = _post_review(client, world.mine, {"X1": "14.5"}, html=second, opinion="第二个标签页")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'data-testid="review-conflict"' in html
    assert 'value="14.5"' in html and "第二个标签页" in html  # what was typed is kept
    assert _review(world).scores == {"X1": "11"}
    # saving again from the refused page replaces the saved review, knowingly
    again = _post_review(client, world.mine, {"X1": "14.5"}, html=html)
    assert again.status_code == 302 and _review(world).scores == {"X1": "14.5"}


def test_reviews_change_only_while_the_round_is_under_review(app, people):
    world, client = _declared(app, people)
    html = client.get(f"/reviews/{world.mine.id}/review").text
    world.app.round.status = RoundStatus.DECIDING
    db.session.commit()
    assert _post_review(client, world.mine, {"X1": "10"}, html=html).status_code == 422
    assert _review(world) is None
    assert 'data-testid="review-closed"' in client.get(f"/reviews/{world.mine.id}/review").text


def _submitted(app, people):
    world, client = _declared(app, people)
    _post_review(client, world.mine, FULL, button="submit", opinion="推荐认定")
    post_page_form(client, f"/reviews/{world.mine.id}/review/submit")
    return world, client, _review(world)


def test_an_administrator_reopens_a_submitted_review_with_a_reason(app, people):
    world, reviewer, review = _submitted(app, people)
    url = f"/admin/reviews/{review.id}/reopen"
    assert reviewer.get(url).status_code == 404
    admin = client_for(app, people.admin)
    assert admin.get(url).status_code == 200
    assert post_page_form(admin, url).status_code == 422  # no reason
    assert post_page_form(admin, url, reason="X3 评分依据不足，请复核。").status_code == 302
    db.session.refresh(review)
    db.session.refresh(world.mine)
    assert review.status == ReviewStatus.DRAFT and review.total is None
    assert world.mine.status == AssignmentStatus.DECLARED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.reopen"))
    assert event.after["reason"] == "X3 评分依据不足，请复核。"
    note = db.session.scalar(select(Notification).where(Notification.kind == "review_reopened"))
    assert note.user_id == people.reviewer.id and note.params["reason"].startswith("X3")
    # the reviewer edits again; a second reopening is refused
    html = reviewer.get(f"/reviews/{world.mine.id}/review").text
    assert 'data-testid="review-form"' in html and 'value="17.5"' in html
    assert post_page_form(admin, url, reason="再次").status_code == 422
