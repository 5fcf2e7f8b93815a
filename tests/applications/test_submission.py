"""Import/export, evidence uploads, submission, deadlines, withdrawal and the formal check."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from evalcenter.applications.models import Application, ApplicationSnapshot, Attachment
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from tests.applications import samples
from tests.applications.helpers import add_pdf, example_data, post_import
from tests.conftest import client_for, csrf_token
from tests.factories import RoundFactory

REQUIRED = ("audited_financials", "rd_audit", "ip_list", "commitment_letter")


def _complete_data(people) -> dict:
    data = example_data()
    data["uscc"] = people.organisation.uscc
    return data


def _upload(client, application, kind: str, data: bytes, name: str = "evidence.pdf"):
    token = csrf_token(client, f"/applications/{application.id}/attachments")
    return client.post(
        f"/applications/{application.id}/attachments",
        data={"csrf_token": token, "kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _ready(people, application) -> None:
    from evalcenter.applications import services

    services.import_json(
        people.applicant, application, json.dumps(_complete_data(people)).encode(), None
    )
    for kind in REQUIRED:
        add_pdf(people.applicant, application, kind, f"{kind}.pdf")
    db.session.commit()


def _submit(client, application):
    token = csrf_token(client, f"/applications/{application.id}/check")
    return client.post(
        f"/applications/{application.id}/submit",
        data={"csrf_token": token, "version": str(application.version), "confirm": "y"},
    )


# -- import / export ------------------------------------------------------------------


def test_import_fills_draft_and_export_round_trips(app, people, draft):
    client = client_for(app, people.applicant)
    assert post_import(client, draft, _complete_data(people)).status_code == 302
    response = client.get(f"/applications/{draft.id}/export.json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    exported = json.loads(response.get_data(as_text=True))
    assert exported["company_name"] == "北京芯原微电子科技有限公司"
    assert exported["total_profit"] == "9120.50"
    other = client_for(app, people.other_applicant)  # exported file re-imports cleanly
    from evalcenter.applications import services

    other_draft = services.start(people.other_applicant, draft.round)
    db.session.commit()
    exported["uscc"] = people.other_organisation.uscc
    assert post_import(other, other_draft, exported).status_code == 302


BAD_DOCUMENTS = [
    ({"main_revenue": -1}, "main_revenue"),
    ({"employees": 7.0}, "employees"),
    ({"employees": "7"}, "employees"),
    ({"is_specialized_sme": "yes"}, "is_specialized_sme"),
    ({"chain_leader": "true"}, "chain_leader"),
    ({"sector": "Z"}, "sector"),
    ({"employees": 10, "rd_staff": 11}, "rd_staff"),
    ({"uscc": "91110108MA01XC7K2X"}, "uscc"),
    ({"surprise": 1}, "surprise"),
    ({"verified_discrepancies": 0}, "verified_discrepancies"),
    ({"main_revenue": "12.345"}, "main_revenue"),
]


@pytest.mark.parametrize(("document", "key"), BAD_DOCUMENTS)
def test_bad_import_changes_nothing(app, people, draft, document, key):
    client = client_for(app, people.applicant)
    good = {"total_profit": 5}  # a valid key in the same file is not applied either
    before = dict(draft.data)
    response = post_import(client, draft, {**good, **document})
    assert response.status_code == 422
    assert f'data-problem="{key}"' in response.get_data(as_text=True)
    assert db.session.get(Application, draft.id).data == before


@pytest.mark.parametrize(
    "raw",
    [
        b'{"main_revenue": NaN}',
        b'{"main_revenue": 1e309}',
        b"[1, 2]",
        b"{not json",
        b"\xff\xfe",
        b'{"employees": 100000000000000000000000000000000000}',
    ],
)
def test_malformed_json_is_refused(app, people, draft, raw):
    client = client_for(app, people.applicant)
    before = dict(draft.data)
    response = post_import(client, draft, None, raw=raw)
    assert response.status_code in (302, 422)
    assert db.session.get(Application, draft.id).data == before


def test_every_bad_key_is_listed_at_once(app, people, draft):
    client = client_for(app, people.applicant)
    html = post_import(
        client, draft, {"main_revenue": -1, "sector": "Z", "bogus": 1, "employees": "7"}
    ).get_data(as_text=True)
    for key in ("main_revenue", "sector", "bogus", "employees"):
        assert f'data-problem="{key}"' in html


# -- attachments ----------------------------------------------------------------------


def test_upload_download_and_remove(app, people, draft, tmp_path):
    client = client_for(app, people.applicant)
    pdf = samples.pdf()
    assert (
        _upload(client, draft, "audited_financials", pdf, "../../财务报表.pdf").status_code == 302
    )
    attachment = db.session.scalar(select(Attachment))
    stored_path = (
        Path(app.config["UPLOAD_DIR"]) / attachment.stored_name[:2] / attachment.stored_name
    )
    assert stored_path.is_file()
    assert attachment.original_name == "财务报表.pdf"
    assert attachment.stored_name not in str(app.static_folder)
    response = client.get(f"/applications/{draft.id}/attachments/{attachment.id}")
    assert response.status_code == 200 and response.data == pdf
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    response.close()
    other = client_for(app, people.other_applicant)
    assert other.get(f"/applications/{draft.id}/attachments/{attachment.id}").status_code == 404
    admin = client_for(app, people.admin)
    response = admin.get(f"/applications/{draft.id}/attachments/{attachment.id}")
    assert response.status_code == 200
    response.close()
    token = csrf_token(client, f"/applications/{draft.id}/attachments")
    client.post(
        f"/applications/{draft.id}/attachments/{attachment.id}/delete", data={"csrf_token": token}
    )
    assert db.session.scalar(select(func.count(Attachment.id))) == 0
    assert not stored_path.exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (samples.HTML_AS_PDF, "report.pdf"),
        (b"", "empty.pdf"),
        (b"MZ\x90\x00" + b"\x00" * 100, "setup.pdf"),
    ],
)
def test_refused_uploads(app, people, draft, data, name):
    client = client_for(app, people.applicant)
    response = _upload(client, draft, "rd_audit", data, name)
    assert response.status_code == 422
    assert 'class="ec-error-message" id="file-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_oversized_upload_gets_friendly_413(app, people, draft, monkeypatch):
    client = client_for(app, people.applicant)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 50_000)
    response = _upload(client, draft, "rd_audit", samples.pdf() + b" " * 60_000)
    assert response.status_code == 413
    assert "<h1>" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_file_over_per_file_limit_is_refused(app, people, draft, monkeypatch):
    client = client_for(app, people.applicant)
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 2_000)
    response = _upload(client, draft, "rd_audit", samples.pdf() + b"\n" * 3_000)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_attachment_id_of_another_application_is_404(app, people, draft):
    from evalcenter.applications import services

    other_draft = services.start(people.other_applicant, draft.round)
    foreign = add_pdf(people.other_applicant, other_draft)
    db.session.commit()
    client = client_for(app, people.applicant)
    assert client.get(f"/applications/{draft.id}/attachments/{foreign.id}").status_code == 404


# -- submission -----------------------------------------------------------------------


def test_submission_blocked_until_complete(app, people, draft):
    client = client_for(app, people.applicant)
    html = client.get(f"/applications/{draft.id}/check").get_data(as_text=True)
    assert 'data-problem="attachment:commitment_letter"' in html
    assert 'data-problem="main_revenue"' in html
    assert _submit(client, draft).status_code == 302
    assert db.session.get(Application, draft.id).status == "draft"


def test_submit_freezes_snapshot(app, people, draft):
    _ready(people, draft)
    client = client_for(app, people.applicant)
    response = _submit(client, draft)
    assert response.status_code == 302 and response.headers["Location"].endswith("/submitted")
    fresh = db.session.get(Application, draft.id)
    assert fresh.status == "submitted" and fresh.submitted_at is not None
    snapshot = db.session.scalar(select(ApplicationSnapshot))
    assert snapshot.number == 1 and snapshot.data == fresh.data
    assert {a.kind for a in snapshot.attachments} == set(REQUIRED)
    html = client.get(f"/applications/{draft.id}/status").get_data(as_text=True)
    assert 'data-app-status="submitted"' in html and 'data-snapshot="1"' in html
    # The draft can no longer change.
    from tests.applications.helpers import post_section

    post_section(client, draft, "finance", {"main_revenue": "1"})
    assert db.session.get(Application, draft.id).data["main_revenue"] == "86500.00"
    assert _upload(client, draft, "other", samples.pdf()).status_code in (200, 422)
    assert db.session.scalar(select(func.count(Attachment.id))) == len(REQUIRED)


def test_submit_needs_confirmation_and_approved_organisation(app, people, draft):
    _ready(people, draft)
    client = client_for(app, people.applicant)
    token = csrf_token(client, f"/applications/{draft.id}/check")
    client.post(
        f"/applications/{draft.id}/submit",
        data={"csrf_token": token, "version": str(draft.version)},
    )
    assert db.session.get(Application, draft.id).status == "draft"
    people.organisation.status = "pending"
    db.session.commit()
    _submit(client, draft)
    assert db.session.get(Application, draft.id).status == "draft"


def test_submit_after_deadline_is_refused(app, people):
    rnd = RoundFactory()
    db.session.commit()
    from evalcenter.applications import services

    application = services.start(people.applicant, rnd)
    db.session.commit()
    _ready(people, application)
    from datetime import UTC, datetime, timedelta

    rnd.closes_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    client = client_for(app, people.applicant)
    _submit(client, application)
    assert db.session.get(Application, application.id).status == "draft"
    assert client.get(f"/applications/{application.id}").status_code == 200  # still visible
    from tests.applications.helpers import post_section

    before = dict(application.data)
    post_section(client, application, "finance", {"main_revenue": "1"})
    assert db.session.get(Application, application.id).data == before


def test_cannot_start_in_closed_round(app, people):
    rnd = RoundFactory(closed=True)
    db.session.commit()
    client = client_for(app, people.applicant)
    token = csrf_token(client, "/account")
    client.post(f"/applications/start/{rnd.id}", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(Application.id))) == 0


def test_return_correct_and_resubmit_keeps_history(app, people, draft):
    _ready(people, draft)
    client = client_for(app, people.applicant)
    _submit(client, draft)
    admin = client_for(app, people.admin)
    token = csrf_token(admin, f"/admin/applications/{draft.id}")
    admin.post(f"/admin/applications/{draft.id}/return", data={"csrf_token": token, "reason": ""})
    assert db.session.get(Application, draft.id).status == "submitted"  # reason required
    admin.post(
        f"/admin/applications/{draft.id}/return",
        data={"csrf_token": token, "reason": "研发费用与审计报告不符"},
    )
    assert db.session.get(Application, draft.id).status == "returned"
    from tests.applications.helpers import post_section

    assert (
        post_section(
            client,
            draft,
            "finance",
            {
                **{
                    k: v
                    for k, v in _complete_data(people).items()
                    if k
                    in (
                        "main_revenue",
                        "total_profit",
                        "new_product_revenue",
                        "new_product_profit",
                        "rd_equipment_value",
                        "training_expenditure",
                    )
                },
                "rd_expenditure": "7300",
            },
        ).status_code
        == 302
    )
    draft = db.session.get(Application, draft.id)
    assert _submit(client, draft).status_code == 302
    snapshots = list(
        db.session.scalars(select(ApplicationSnapshot).order_by(ApplicationSnapshot.number))
    )
    assert [s.number for s in snapshots] == [1, 2]
    assert snapshots[0].data["rd_expenditure"] == "7350.00"
    assert snapshots[1].data["rd_expenditure"] == "7300.00"
    assert all(s.created_by_id == people.applicant.id for s in snapshots)
    actions = list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "application")
            .order_by(AuditEvent.id)
        )
    )
    assert actions.count("application.submit") == 2 and "application.return" in actions
    token = csrf_token(admin, f"/admin/applications/{draft.id}")
    admin.post(f"/admin/applications/{draft.id}/accept", data={"csrf_token": token})
    assert db.session.get(Application, draft.id).status == "accepted"


def test_withdraw_before_review(app, people, draft):
    _ready(people, draft)
    client = client_for(app, people.applicant)
    _submit(client, draft)
    token = csrf_token(client, f"/applications/{draft.id}/status")
    client.post(f"/applications/{draft.id}/withdraw", data={"csrf_token": token})
    assert db.session.get(Application, draft.id).status == "withdrawn"


def test_withdraw_refused_once_review_started(app, people, draft):
    draft.status = "under_review"
    db.session.commit()
    client = client_for(app, people.applicant)
    token = csrf_token(client, f"/applications/{draft.id}/status")
    client.post(f"/applications/{draft.id}/withdraw", data={"csrf_token": token})
    assert db.session.get(Application, draft.id).status == "under_review"


def test_one_application_per_organisation_and_round(app, people, draft):
    client = client_for(app, people.applicant)
    token = csrf_token(client, "/account")
    response = client.post(f"/applications/start/{draft.round_id}", data={"csrf_token": token})
    assert response.headers["Location"].endswith(f"/applications/{draft.id}")
    assert db.session.scalar(select(func.count(Application.id))) == 1


def test_accept_scores_snapshot_with_discrepancies_and_pins_sha(app, people, draft):
    from evalcenter.applications.score_models import ApplicationScore

    _ready(people, draft)
    client = client_for(app, people.applicant)
    _submit(client, draft)
    admin = client_for(app, people.admin)
    token = csrf_token(admin, f"/admin/applications/{draft.id}")
    url = f"/admin/applications/{draft.id}/accept"
    admin.post(url, data={"csrf_token": token, "discrepancies": "-1"})
    assert db.session.get(Application, draft.id).status == "submitted"
    admin.post(url, data={"csrf_token": token, "discrepancies": "2"})
    assert db.session.get(Application, draft.id).status == "accepted"
    score = db.session.scalar(select(ApplicationScore))
    # 86.31 before penalties; two discrepancies deduct 10.
    assert str(score.quantitative) == "76.31" and score.verified_discrepancies == 2
    assert score.ruleset_sha256 == draft.round.ruleset_sha256 and score.ruleset_version == 1
    assert score.result["penalty"] == "10.00"
    html = admin.get(f"/admin/applications/{draft.id}").get_data(as_text=True)
    assert 'data-quantitative="76.31"' in html
