"""Starting the publicity, the public page, objections, resolving them and finishing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from evalcenter.applications.models import ApplicationStatus
from evalcenter.decisions import publicity, services
from evalcenter.decisions.models import Objection
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from evalcenter.reviews.models import Review
from evalcenter.rounds.models import RoundStatus
from tests.applications.helpers import form_fields
from tests.decisions.helpers import deciding_round, english, open_period, under_publicity


def _fields(client, url: str, page_url: str | None = None) -> dict:
    html = client.get(page_url or url).get_data(as_text=True)
    return {k: v[0] for k, v in form_fields(html, url).items()}


def test_start_refused_while_an_application_is_undecided(app, people):
    rnd, (first, _second) = deciding_round(2)
    services.decide(people.admin, first, "recognised", "")
    db.session.commit()
    client = english(app, people.admin)
    url = f"/admin/rounds/{rnd.id}/publicity/start"
    response = client.post(url, data=_fields(client, url))
    assert "1 application(s) in review have no decision yet" in response.get_data(as_text=True)
    db.session.refresh(rnd)
    assert rnd.status == RoundStatus.DECIDING and rnd.publicity_starts_on is None


def test_start_sets_the_period_and_announces_the_decisions(app, people):
    rnd, (first, second) = deciding_round(2)
    services.decide(people.admin, first, "recognised", "")
    services.decide(people.admin, second, "not_recognised", "综合得分低于推荐线")
    db.session.commit()
    # before the publicity the company does not see the outcome
    company = english(app, first.organisation.members[0])
    assert 'data-testid="outcome"' not in company.get(f"/applications/{first.id}/status").get_data(
        as_text=True
    )
    assert db.session.query(Notification).count() == 0
    client = english(app, people.admin)
    url = f"/admin/rounds/{rnd.id}/publicity/start"
    page = client.get(url).get_data(as_text=True)
    assert "1 organisation(s) are listed as recognised" in page
    fields = _fields(client, url)
    assert fields["starts_on"] == publicity.default_start().isoformat()
    assert client.post(url, data=fields).status_code == 302
    db.session.refresh(rnd)
    assert rnd.status == RoundStatus.PUBLICITY
    assert rnd.publicity_starts_on == publicity.default_start()
    assert rnd.publicity_ends_on >= rnd.publicity_starts_on + timedelta(days=rnd.publicity_days - 1)
    assert {first.status, second.status} == {ApplicationStatus.DECIDED}
    kinds = {(n.user_id, n.kind) for n in db.session.scalars(select(Notification))}
    applicant = first.organisation.members[0]
    assert {(applicant.id, "decision_made"), (applicant.id, "publicity_started")} <= kinds


def test_start_refuses_a_holiday(app, people):
    rnd, apps = deciding_round(1)
    services.decide(people.admin, apps[0], "recognised", "")
    db.session.commit()
    client = english(app, people.admin)
    url = f"/admin/rounds/{rnd.id}/publicity/start"
    day = publicity.default_start()
    while publicity.calendar.is_working_day(day):
        day += timedelta(days=1)
    response = client.post(url, data={**_fields(client, url), "starts_on": day.isoformat()})
    assert "must start on a working day" in response.get_data(as_text=True)


def test_public_page_shows_only_recognised_names_fields_districts(app, people):
    rnd, (recognised, rejected) = under_publicity(people.admin)
    open_period(rnd)
    reviewer_email = db.session.scalar(select(Review)).assignment.reviewer.email
    client = english(app)
    for url in ("/publicity", f"/publicity/{rnd.id}"):
        html = client.get(url).get_data(as_text=True)
        assert recognised.organisation.name in html
        assert "Next-generation information technology" in html and "Haidian District" in html
        assert rejected.organisation.name not in html.split('id="object"')[0]
        for hidden in (reviewer_email, "next_gen_it", "海淀区</td>", "评分未达线", "quantitative"):
            assert hidden not in html
    assert rnd.publicity_ends_on.isoformat() in html


def _object(client, rnd, **changes):
    url = f"/publicity/{rnd.id}"
    fields = _fields(client, url)
    return client.post(url, data={**fields, **changes})


def test_objection_needs_a_real_name_and_contact(app, people):
    rnd, (recognised, _) = under_publicity(people.admin)
    open_period(rnd)
    client = english(app)
    base = {"application_id": str(recognised.id), "contact": "13800138000", "text": "数据不实"}
    for name in ("", "匿名", " x "):  # five posts: the rate limit
        response = _object(client, rnd, **base, name=name)
        assert response.status_code == 422
        assert "Give your real name" in response.get_data(as_text=True)
    response = _object(client, rnd, **{**base, "contact": "call me"}, name="张三")
    assert "phone number or an e-mail" in response.get_data(as_text=True)
    response = _object(client, rnd, **base, name="张三")
    assert response.status_code == 302
    objection = db.session.scalar(select(Objection))
    assert (objection.name, objection.source, objection.status) == ("张三", "public", "open")
    admins = {
        n.user_id
        for n in db.session.scalars(select(Notification))
        if n.kind == "objection_received"
    }
    assert admins == {people.admin.id}


def test_objection_outside_the_period_is_refused(app, people):
    rnd, (recognised, _) = under_publicity(people.admin)
    open_period(rnd, publicity.today() + timedelta(days=1), publicity.today() + timedelta(days=8))
    data = {"application_id": str(recognised.id), "name": "张三", "contact": "a@b.cn", "text": "x"}
    response = _object(english(app), rnd, **data)
    assert "only during the publicity period" in response.get_data(as_text=True)
    assert db.session.query(Objection).count() == 0


def test_objection_without_csrf_is_refused(app, people):
    rnd, (recognised, _) = under_publicity(people.admin)
    open_period(rnd)
    data = {"application_id": str(recognised.id), "name": "张三", "contact": "a@b.cn", "text": "x"}
    assert english(app).post(f"/publicity/{rnd.id}", data=data).status_code == 400
    assert db.session.query(Objection).count() == 0


def test_objections_are_rate_limited(app, people):
    rnd, (recognised, _) = under_publicity(people.admin)
    open_period(rnd)
    client = english(app)
    statuses = [_object(client, rnd, name="").status_code for _ in range(6)]
    assert statuses == [422] * 5 + [429]


def test_resolve_then_finish(app, people):
    rnd, (recognised, rejected) = under_publicity(people.admin)
    open_period(rnd)
    client = english(app)
    data = {"application_id": str(recognised.id), "name": "李四", "contact": "li@example.cn"}
    _object(client, rnd, **data, text="研发投入数据存疑")
    admin = english(app, people.admin)
    finish_url = f"/admin/rounds/{rnd.id}/finish"
    refused = admin.post(finish_url, data=_fields(admin, finish_url))
    assert "1 objection(s) are still open" in refused.get_data(as_text=True)
    listing = admin.get(f"/admin/rounds/{rnd.id}/objections").get_data(as_text=True)
    assert "研发投入数据存疑" in listing and "李四" in listing
    objection = db.session.scalar(select(Objection))
    url = f"/admin/objections/{objection.id}/resolve"
    fields = _fields(admin, url)
    assert "Write the outcome" in admin.post(url, data=fields).get_data(as_text=True)
    assert admin.post(url, data={**fields, "outcome": "经核查数据属实"}).status_code == 302
    db.session.refresh(objection)
    assert (objection.status, objection.outcome) == ("resolved", "经核查数据属实")
    assert admin.get(url).status_code == 404  # resolved: nothing left to do
    # the period has not ended yet
    refused = admin.post(finish_url, data=_fields(admin, finish_url))
    assert "The publicity period runs until" in refused.get_data(as_text=True)
    open_period(rnd, publicity.today() - timedelta(days=9), publicity.today() - timedelta(days=1))
    assert admin.post(finish_url, data=_fields(admin, finish_url)).status_code == 302
    db.session.refresh(rnd)
    assert rnd.status == RoundStatus.FINISHED and rnd.finished_at is not None
    assert recognised.status == ApplicationStatus.PUBLISHED
    assert rejected.status == ApplicationStatus.DECIDED
    assert english(app).get(f"/publicity/{rnd.id}").status_code == 404


def test_company_sees_its_outcome(app, people):
    rnd, (recognised, rejected) = under_publicity(people.admin)
    winner = english(app, recognised.organisation.members[0])
    html = winner.get(f"/applications/{recognised.id}/status").get_data(as_text=True)
    assert "Outcome: recognised" in html and "under publicity until" in html
    loser = english(app, rejected.organisation.members[0])
    html = loser.get(f"/applications/{rejected.id}/status").get_data(as_text=True)
    assert "Outcome: not recognised" in html and "评分未达线" in html
    assert "Outcome" not in english(app, people.applicant).get("/").get_data(as_text=True)


def test_the_audit_log_names_an_objections_status_in_words(app, people):
    rnd, (recognised, _) = under_publicity(people.admin)
    open_period(rnd)
    data = {"application_id": str(recognised.id), "name": "李四", "contact": "li@example.cn"}
    _object(english(app), rnd, **data, text="数据存疑")
    admin = english(app, people.admin)
    objection = db.session.scalar(select(Objection))
    url = f"/admin/objections/{objection.id}/resolve"
    assert admin.post(url, data={**_fields(admin, url), "outcome": "属实"}).status_code == 302
    html = admin.get("/admin/audit?action=objection.resolve").get_data(as_text=True)
    assert "Status: Awaiting an outcome → Resolved" in html
    assert "Status: open" not in html
