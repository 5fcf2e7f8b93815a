"""The administrators' side of an application: the formal check through confirmation pages,
what changed in a resubmitted application and why it was returned, and its history in words."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from evalcenter.applications import services
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from tests.applications.helpers import add_pdf, example_data, form_fields
from tests.conftest import client_for
from tests.rounds.test_round_admin import confirm, english
from tests.rounds.test_round_edit import marked_invalid

REQUIRED = ("audited_financials", "rd_audit", "ip_list", "commitment_letter")


def _submitted(people, draft) -> Application:
    data = example_data()
    data["uscc"] = people.organisation.uscc
    services.import_json(people.applicant, draft, json.dumps(data).encode(), None)
    for kind in REQUIRED:
        add_pdf(people.applicant, draft, kind, f"{kind}.pdf")
    services.submit(people.applicant, draft, None)
    db.session.commit()
    return draft


def _status(application) -> str:
    return db.session.get(Application, application.id).status


def test_the_page_links_to_confirmation_pages_not_one_click_forms(app, people, draft):
    application = _submitted(people, draft)
    admin = client_for(app, people.admin)
    html = admin.get(f"/admin/applications/{application.id}").get_data(as_text=True)
    assert f'href="/admin/applications/{application.id}/accept"' in html
    assert f'href="/admin/applications/{application.id}/return"' in html
    assert "formal-check" not in re.findall(r'<form[^>]*action="([^"]*)"', html)


def test_accepting_states_the_consequences_then_scores(app, people, draft):
    application = _submitted(people, draft)
    admin = english(client_for(app, people.admin))
    url = f"/admin/applications/{application.id}/accept"
    page = admin.get(url).get_data(as_text=True)
    assert "verified discrepancy" in page and 'data-testid="consequences"' in page
    assert _status(application) == ApplicationStatus.SUBMITTED
    assert confirm(admin, url, discrepancies="2").status_code == 302
    assert _status(application) == ApplicationStatus.ACCEPTED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.accept"))
    assert event.after["verified_discrepancies"] == 2


def test_odd_discrepancies_are_a_field_error_on_the_confirmation_page(app, people, draft):
    application = _submitted(people, draft)
    admin = client_for(app, people.admin)
    url = f"/admin/applications/{application.id}/accept"
    for typed in ("²", "٣", "9" * 400, "-1", "1e3"):
        response = confirm(admin, url, discrepancies=typed)
        assert response.status_code == 422
        assert marked_invalid(response.get_data(as_text=True), "discrepancies")
    assert _status(application) == ApplicationStatus.SUBMITTED


def test_returning_without_a_reason_marks_the_reason_field(app, people, draft):
    application = _submitted(people, draft)
    admin = english(client_for(app, people.admin))
    url = f"/admin/applications/{application.id}/return"
    assert "sees the reason" in admin.get(url).get_data(as_text=True)
    response = confirm(admin, url, reason="   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and marked_invalid(html, "reason")
    assert 'href="#reason"' in html  # the error summary links to the field
    assert _status(application) == ApplicationStatus.SUBMITTED
    assert confirm(admin, url, reason="研发费用与审计报告不符").status_code == 302
    assert _status(application) == ApplicationStatus.RETURNED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "application.return"))
    assert event.after["reason"] == "研发费用与审计报告不符"


def test_a_post_without_the_confirmation_pages_token_is_refused(app, people, draft):
    application = _submitted(people, draft)
    admin = client_for(app, people.admin)
    for path in ("accept", "return"):
        url = f"/admin/applications/{application.id}/{path}"
        response = admin.post(url, data={"reason": "x", "discrepancies": "0"})
        assert response.status_code == 400
    assert _status(application) == ApplicationStatus.SUBMITTED


def test_a_check_already_done_is_explained_on_the_page(app, people, draft):
    application = _submitted(people, draft)
    first, second = (english(client_for(app, people.admin)) for _ in range(2))
    url = f"/admin/applications/{application.id}/accept"
    second_page = second.get(url).get_data(as_text=True)
    assert confirm(first, url).status_code == 302
    data = {k: v[0] for k, v in form_fields(second_page, url).items()}
    response = second.post(url, data=data)
    assert response.status_code == 422
    assert "Nothing was changed" in response.get_data(as_text=True)


def _resubmitted(app, people, draft) -> Application:
    application = _submitted(people, draft)
    services.formal_check(people.admin, application, False, "研发费用与审计报告不符，请更正。")
    db.session.commit()
    application = db.session.get(Application, application.id)
    services.save_section(
        people.applicant, application, "finance", {**application.data, "rd_expenditure": 7300}, None
    )
    old = next(a for a in application.current_attachments if a.kind == "rd_audit")
    services.remove_attachment(people.applicant, application, old, app.config["UPLOAD_DIR"])
    add_pdf(people.applicant, application, "rd_audit", "研发审计报告-更正.pdf")
    services.submit(people.applicant, application, None)
    db.session.commit()
    return application


def test_a_resubmitted_application_shows_what_changed_and_why_it_was_returned(app, people, draft):
    application = _resubmitted(app, people, draft)
    admin = english(client_for(app, people.admin))
    html = admin.get(f"/admin/applications/{application.id}").get_data(as_text=True)
    reason = re.search(r'data-testid="return-reason".*?</div>\s*</div>', html, re.S).group(0)
    assert "研发费用与审计报告不符，请更正。" in reason
    assert people.admin.name in reason and "@" not in reason  # by name, not by e-mail
    table = re.search(r'data-testid="changed-answers".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    assert len(rows) == 1  # only the answer that changed
    assert "R&amp;D" in rows[0] or "research" in rows[0].lower()  # its label, not its key
    assert "rd_expenditure" not in rows[0]
    assert "7,350.00" in rows[0] and "7,300.00" in rows[0]
    files = re.search(r'data-testid="changed-files".*?</ul>', html, re.S).group(0)
    assert "Added" in files and "Removed" in files and "研发审计报告-更正.pdf" in files
    assert "Removed: rd_audit" not in files and "Added: rd_audit" not in files  # by kind, in words


def test_a_first_submission_shows_no_comparison(app, people, draft):
    application = _submitted(people, draft)
    html = client_for(app, people.admin).get(f"/admin/applications/{application.id}")
    assert 'data-testid="resubmission"' not in html.get_data(as_text=True)


def test_the_history_is_readable_and_the_raw_record_is_on_demand(app, people, draft):
    application = _resubmitted(app, people, draft)
    admin = english(client_for(app, people.admin))
    html = admin.get(f"/admin/applications/{application.id}").get_data(as_text=True)
    history = html[html.index('class="table table-sm align-middle ec-audit"') :]
    returned = re.search(r'<tr data-action="application.return">(.*?)</tr>', history, re.S).group(1)
    visible = re.sub(r"<details.*?</details>", "", returned, flags=re.S)
    assert "Returned for correction" in visible and people.admin.name in visible
    assert "Submitted → Returned for correction" in visible.replace("&gt;", ">")
    assert "研发费用与审计报告不符" in visible
    assert "{" not in visible and "@" not in visible and "127.0.0.1" not in visible
    record = re.search(r"<details.*?<pre[^>]*>(.*?)</pre>", returned, re.S).group(1)
    assert "\n  &#34;after&#34;: {" in record  # pretty-printed, shown only when opened
    upload = re.search(r'<tr data-action="attachment.upload">(.*?)</tr>', history, re.S).group(1)
    visible = re.sub(r"<details.*?</details>", "", upload, flags=re.S)
    assert (
        "sha256" not in visible
        and "rd_audit" not in visible
        and "audited_financials" not in visible
    )
