"""What a company reads about its application: why it was returned, its progress, the check
page before submitting, the confirmation with its reference number, and locked sections."""

from __future__ import annotations

import html as html_lib
import io
import json
import re

from sqlalchemy import update

from evalcenter.applications import references, services
from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTIONS
from evalcenter.extensions import db
from tests.applications import samples
from tests.applications.helpers import add_pdf, example_data, form_fields
from tests.conftest import client_for, csrf_token
from tests.factories import OrganisationFactory, RoundFactory, UserFactory

REQUIRED = ("audited_financials", "rd_audit", "ip_list", "commitment_letter")
REASON = "研发费用与审计报告不符，请核对后重新上传审计报告。"
REFERENCE = re.compile(r"BJETC-(\d{4})-(\d{6})")


def _ready(user, application, uscc: str) -> None:
    data = {**example_data(), "uscc": uscc}
    services.import_json(user, application, json.dumps(data).encode(), None)
    for kind in REQUIRED:
        add_pdf(user, application, kind, f"{kind}-scan.pdf")
    db.session.commit()


def _submit(client, application):
    html = client.get(f"/applications/{application.id}/check").get_data(as_text=True)
    action = f"/applications/{application.id}/submit"
    data = {k: v[0] for k, v in form_fields(html, action).items()}
    data["confirm"] = "y"
    return client.post(action, data=data)


def _english(client):
    client.get("/lang/en")
    return client


def _return(people, application, reason: str = REASON) -> None:
    services.formal_check(people.admin, db.session.get(Application, application.id), False, reason)
    db.session.commit()


def _text(html: str) -> str:
    """The page's visible text: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


def _submitted_by(app, user, application):
    """`user` completes `application` and submits it through the check page."""
    _ready(user, application, user.organisation.uscc)
    client = client_for(app, user)
    assert _submit(client, application).status_code == 302
    return client


def _submitted(app, people, draft):
    return _submitted_by(app, people.applicant, draft)


# -- 1. the reason a returned application was returned -------------------------------


def test_returned_application_shows_why_on_overview_and_status(app, people, draft):
    client = _english(_submitted(app, people, draft))
    _return(people, draft)
    for url in (f"/applications/{draft.id}", f"/applications/{draft.id}/status"):
        html = client.get(url).get_data(as_text=True)
        notice = re.search(r'data-testid="return-notice".*?</blockquote>.*?</ol>', html, re.S)
        assert notice, url
        assert "Why it was returned" in html
        assert REASON in notice.group(0)
        assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", notice.group(0))  # the date
        assert "What to do next" in notice.group(0)
    # Only while it is returned: resubmitted, the panel goes.
    assert _submit(client, draft).status_code == 302
    assert 'data-testid="return-notice"' not in client.get(f"/applications/{draft.id}").text


def test_the_reason_is_shown_as_text_never_as_html(app, people, draft):
    client = _submitted(app, people, draft)
    _return(people, draft, '<script>alert("x")</script> 请补充')
    html = client.get(f"/applications/{draft.id}/status").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


# -- 2. the status page: progress in plain words, no raw records ---------------------


def test_status_page_tells_the_progress_by_role(app, people, draft):
    client = _english(_submitted(app, people, draft))
    _return(people, draft)
    assert _submit(client, draft).status_code == 302
    services.formal_check(people.admin, db.session.get(Application, draft.id), True, "")
    db.session.commit()
    html = client.get(f"/applications/{draft.id}/status").get_data(as_text=True)
    kinds = re.findall(r'data-progress="(\w+)"', html)
    assert kinds == ["submitted", "returned", "resubmitted", "accepted"]
    items = re.findall(r'<li class="ec-progress-item[^>]*>(.*?)</li>', html, re.S)
    assert "The applicant" in items[0] and "The programme office" in items[1]
    assert REASON in items[1]
    assert all(re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", item) for item in items)
    assert 'data-snapshot="1"' in html and 'data-snapshot="2"' in html


def test_company_pages_show_no_raw_records(app, people, draft):
    client = _submitted(app, people, draft)
    _return(people, draft)
    pages = [
        "/",
        f"/applications/{draft.id}",
        f"/applications/{draft.id}/sections/finance",
        f"/applications/{draft.id}/check",
        f"/applications/{draft.id}/status",
        f"/applications/{draft.id}/attachments",
        f"/applications/{draft.id}/submitted",
        f"/applications/{draft.id}/receipt",
    ]
    keys = [k for k in example_data() if "_" in k]  # data keys such as main_revenue
    sha = db.session.get(Application, draft.id).current_attachments[0].sha256
    for lang in ("zh_CN", "en"):
        client.get(f"/lang/{lang}")
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            text = _text(html)
            assert people.admin.email not in html, url
            assert "127.0.0.1" not in html, url
            assert sha[:16] not in html and "SHA-256" not in text, url
            assert '"status"' not in text and "application.return" not in text, url
            shown = [k for k in keys if re.search(rf"\b{k}\b", text)]
            assert not shown, (url, shown)


def test_status_page_fits_a_phone_without_tables(app, people, draft):
    """The phone layout itself is checked in the browser; here: no wide table is left."""
    client = _submitted(app, people, draft)
    html = client.get(f"/applications/{draft.id}/status").get_data(as_text=True)
    assert "<table" not in html


# -- 3. check your answers ------------------------------------------------------------


def test_check_page_warns_lists_evidence_by_kind_and_formats_values(app, people, draft):
    _ready(people.applicant, draft, people.organisation.uscc)
    services.save_section(
        people.applicant,
        draft,
        "narrative",
        {
            **{k: draft.data[k] for k in ("talent_strategy", "key_technologies", "achievements")},
            "centre_overview": "   \n  中心下设五个研究部门。\n第二段。",
        },
        None,
    )
    db.session.commit()
    client = _english(client_for(app, people.applicant))
    html = client.get(f"/applications/{draft.id}/check").get_data(as_text=True)
    assert 'data-testid="warning-text"' in html and "locked" in html
    evidence = re.search(r'data-testid="evidence">(.*?)</dl>', html, re.S).group(1)
    assert "Signed commitment letter" in evidence and "Uploaded" in evidence
    assert "scan.pdf" not in html  # file names are on the attachments page only
    assert "86,500.00" in html and "86500.00" not in html
    assert '<dd class="ec-summary-value">中心下设五个研究部门。' in html


def test_every_answer_row_has_a_change_link_back_to_the_check_page(app, people, draft):
    _ready(people.applicant, draft, people.organisation.uscc)
    client = client_for(app, people.applicant)
    html = client.get(f"/applications/{draft.id}/check").get_data(as_text=True)
    rows = re.findall(r'<div class="ec-summary-row">(.*?)</div>', html, re.S)
    assert len(rows) >= 40
    assert all("<a href=" in row for row in rows)
    link = re.search(
        r'href="(/applications/\d+/sections/finance\?return_to=check#main_revenue)"', html
    )
    assert link, "the change link leads to the field"
    url = html_lib.unescape(link.group(1)).split("#")[0]
    page = client.get(url).get_data(as_text=True)
    assert 'id="main_revenue"' in page
    token = csrf_token(client, url)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    answers = {k: str(draft.data[k]) for k in next(s for s in SECTIONS if s.id == "finance").keys}
    answers["main_revenue"] = "90000"
    response = client.post(
        url, data={"csrf_token": token, "version": version, "save": "1", **answers}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/applications/{draft.id}/check#check-finance")
    assert db.session.get(Application, draft.id).data["main_revenue"] == "90000.00"


def test_return_to_accepts_only_the_check_page(app, people, draft):
    _ready(people.applicant, draft, people.organisation.uscc)
    client = client_for(app, people.applicant)
    for target in ("https://evil.example/", "//evil.example", "/admin", "check/../x"):
        url = f"/applications/{draft.id}/sections/talent?return_to={target}"
        page = client.get(url).get_data(as_text=True)
        token = csrf_token(client, url)
        version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
        response = client.post(
            url,
            data={
                "csrf_token": token,
                "version": version,
                "save": "1",
                **{k: str(draft.data[k]) for k in ("employees",)},
            },
        )
        location = response.headers.get("Location", "")
        assert location.endswith(f"/applications/{draft.id}/sections/talent"), location


def test_blocking_messages_link_to_where_they_are_fixed(app, people, draft):
    client = client_for(app, people.applicant)
    html = client.get(f"/applications/{draft.id}/check").get_data(as_text=True)
    problems = dict(re.findall(r'<li data-problem="([^"]+)"><a href="([^"]+)"', html))
    assert problems["attachment:commitment_letter"] == (
        f"/applications/{draft.id}/attachments?kind=commitment_letter#file"
    )
    assert html_lib.unescape(problems["main_revenue"]) == (
        f"/applications/{draft.id}/sections/finance?return_to=check#main_revenue"
    )
    page = client.get(f"/applications/{draft.id}/attachments?kind=commitment_letter").text
    assert re.search(r'<option selected value="commitment_letter">', page)
    assert 'id="file"' in page


# -- 4. submitting: confirmation, reference number, receipt -------------------------------


def test_submission_confirms_with_a_reference_number_and_a_receipt(app, people, draft):
    client = _submitted(app, people, draft)
    application = db.session.get(Application, draft.id)
    assert application.reference == f"BJETC-{draft.round.year}-000001"
    html = client.get(f"/applications/{draft.id}/submitted").get_data(as_text=True)
    assert 'data-testid="confirmation-panel"' in html
    assert f'data-testid="reference">{application.reference}<' in html
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", html)
    assert f'href="/applications/{draft.id}/receipt"' in html
    receipt = client.get(f"/applications/{draft.id}/receipt").get_data(as_text=True)
    assert application.reference in receipt and "css/receipt.css" in receipt
    assert people.organisation.name in receipt
    status = client.get(f"/applications/{draft.id}/status").get_data(as_text=True)
    assert application.reference in status
    assert application.reference in client.get("/").get_data(as_text=True)


def test_reference_is_kept_on_resubmission_and_numbered_per_year(app, people, draft):
    client = _submitted(app, people, draft)
    first = db.session.get(Application, draft.id).reference
    _return(people, draft)
    assert _submit(client, draft).status_code == 302
    assert db.session.get(Application, draft.id).reference == first
    # Another organisation in the same year gets the next number; another year starts at 1.
    other = services.start(people.other_applicant, draft.round)
    db.session.commit()
    _submitted_by(app, people.other_applicant, other)
    assert db.session.get(Application, other.id).reference.endswith("-000002")
    later = RoundFactory(year=draft.round.year + 1)
    org = OrganisationFactory()
    clerk = UserFactory(organisation=org)
    db.session.commit()
    third = services.start(clerk, later)
    db.session.commit()
    _submitted_by(app, clerk, third)
    assert db.session.get(Application, third.id).reference == f"BJETC-{later.year}-000001"


def test_concurrent_submissions_never_share_a_number(app, people, draft, monkeypatch):
    """Another submission takes the number this one read, just before this one is saved:
    the unique constraint refuses the second, and the retry takes the next number."""
    rival = services.start(people.other_applicant, draft.round)
    db.session.commit()
    _ready(people.applicant, draft, people.organisation.uscc)
    original = references.next_reference
    calls = []

    def racing(year):
        reference = original(year)
        if not calls:  # the rival commits the same number in its own transaction
            with db.engine.begin() as conn:
                conn.execute(
                    update(Application)
                    .where(Application.id == rival.id)
                    .values(reference=reference)
                )
        calls.append(reference)
        return reference

    monkeypatch.setattr(services, "next_reference", racing)
    client = client_for(app, people.applicant)
    assert _submit(client, draft).status_code == 302
    assert calls == [f"BJETC-{draft.round.year}-000001", f"BJETC-{draft.round.year}-000002"]
    assert db.session.get(Application, draft.id).reference == calls[1]
    assert db.session.get(Application, draft.id).status == "submitted"


def test_confirmation_and_receipt_wait_for_a_submission(app, people, draft):
    client = client_for(app, people.applicant)
    for page in ("submitted", "receipt"):
        response = client.get(f"/applications/{draft.id}/{page}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/applications/{draft.id}")


# -- 5. read-only sections say why -------------------------------------------------------


def test_sections_after_submission_say_why_they_are_locked(app, people, draft):
    client = client_for(app, people.applicant)
    assert (
        'data-testid="locked-banner"'
        not in client.get(f"/applications/{draft.id}/sections/finance").text
    )
    _submitted(app, people, draft)
    client = _english(client)
    for url in ("/sections/finance", "/attachments", ""):
        html = client.get(f"/applications/{draft.id}{url}").get_data(as_text=True)
        banner = re.search(r'data-testid="locked-banner".*?</p>', html, re.S)
        assert banner and 'data-locked="submitted"' in banner.group(0), url
        assert "submitted on" in banner.group(0) and "returned" in banner.group(0)


# -- 6. messages, the advanced area, uploads -------------------------------------------------


def test_self_assessment_message_only_where_it_is_shown(app, people, draft):
    _ready(people.applicant, draft, people.organisation.uscc)
    client = _english(client_for(app, people.applicant))

    def save(url, button):
        page = client.get(url).get_data(as_text=True)
        version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
        keys = ("centre_overview", "talent_strategy", "key_technologies", "achievements")
        data = {"csrf_token": csrf_token(client, url), "version": version, button: "1"}
        data.update({k: draft.data[k] for k in keys})
        response = client.post(url, data=data, follow_redirects=True)
        return response.request.path, response.get_data(as_text=True)

    base = f"/applications/{draft.id}/sections/narrative"
    path, html = save(base, "save")
    assert path == base and "self-assessment below has been updated" in html
    path, html = save(base, "save_next")  # the last section leads to the evidence
    assert path.endswith("/attachments") and "Saved." in html
    assert "self-assessment below" not in html
    path, html = save(base + "?return_to=check", "save")
    assert path.endswith("/check") and "Saved." in html and 'id="check-narrative"' in html
    assert "self-assessment below" not in html


def test_json_tools_are_in_an_advanced_area_with_a_labelled_input(app, people, draft):
    html = client_for(app, people.applicant).get(f"/applications/{draft.id}").text
    details = re.search(r'<details[^>]*data-testid="advanced".*?</details>', html, re.S)
    assert details
    assert "/export.json" in details.group(
        0
    ) and f"/applications/{draft.id}/import" in details.group(0)
    assert re.search(r'<label[^>]*for="file"', details.group(0))


def test_failed_upload_keeps_the_kind_and_says_what_is_wrong(app, people, draft):
    client = _english(client_for(app, people.applicant))
    url = f"/applications/{draft.id}/attachments"
    token = csrf_token(client, url)
    response = client.post(
        url, data={"csrf_token": token, "kind": "rd_audit"}, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<option selected value="rd_audit">' in html
    assert "Choose the file to upload" in html and "This field is required" not in html
    response = client.post(
        url,
        data={"csrf_token": token, "kind": "", "file": (io.BytesIO(samples.pdf()), "x.pdf")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "Choose what kind of evidence the file is." in html
    assert "This field is required" not in html
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "kind": "ip_list",
            "file": (io.BytesIO(samples.HTML_AS_PDF), "a.pdf"),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert '<option selected value="ip_list">' in html and "Only PDF, PNG and JPEG" in html
