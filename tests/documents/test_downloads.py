"""Companies and administrators download the application form, the evaluation report and the
certificate from the pages that link them; each PDF says what it must."""

from __future__ import annotations

import io
import json
import re

from pypdf import PdfReader
from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.applications import services
from evalcenter.applications.attachments import REQUIRED_KINDS
from evalcenter.documents.models import EvaluationReport
from evalcenter.extensions import db
from evalcenter.reviews.models import Review
from tests.applications.helpers import add_pdf, example_data
from tests.conftest import client_for
from tests.decisions.helpers import deciding_round, under_publicity


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _link(html: str, pattern: str) -> str:
    match = re.search(rf'href="([^"]*{pattern})"', html)
    assert match, f"no link to {pattern}"
    return match.group(1)


def _download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = response.data
    response.close()
    return data


def test_application_form_from_the_status_page(app, people, open_round):
    application = services.start(people.applicant, open_round)
    data = {**example_data(), "company_name": people.organisation.name}
    data["uscc"] = people.organisation.uscc
    services.import_json(people.applicant, application, json.dumps(data).encode(), None)
    for kind in REQUIRED_KINDS:
        add_pdf(people.applicant, application, kind, f"{kind}-证明材料.pdf")
    services.submit(people.applicant, application, application.version)
    db.session.commit()
    client = client_for(app, people.applicant)
    page = client.get(f"/applications/{application.id}/status").get_data(as_text=True)
    text = _text(_download(client, _link(page, "application-form.pdf")))
    flat = text.replace("\n", "").replace(" ", "")
    assert people.organisation.name in flat  # 北京犇燊科技有限公司: rare characters kept
    assert application.reference in flat
    assert "申报书" in flat and "盖章" in flat and "承诺" in flat
    assert "audited_financials-证明材料.pdf" in flat
    other = client_for(app, people.other_applicant)
    assert other.get(f"/applications/{application.id}/application-form.pdf").status_code == 404


def test_report_for_the_company_once_published_and_for_admins_at_any_time(app, people):
    rnd, (first, _second) = deciding_round(2)
    admin = client_for(app, people.admin)
    admin_pdf = _download(admin, f"/applications/{first.id}/report.pdf")
    company = db.session.scalar(select(User).where(User.organisation_id == first.organisation_id))
    client = client_for(app, company)
    assert client.get(f"/applications/{first.id}/report.pdf").status_code == 404
    assert "report.pdf" not in client.get(f"/applications/{first.id}/status").get_data(as_text=True)
    text = _text(admin_pdf).replace("\n", "")
    assert first.organisation.name in text
    assert first.scores[-1].ruleset_sha256 in text.replace(" ", "")
    reviewers = db.session.scalars(select(Review).where(Review.application_id == first.id))
    for review in reviewers:
        assert review.assignment.reviewer.name not in text
        assert review.assignment.reviewer.email not in text
    assert db.session.query(EvaluationReport).count() == 1


def test_company_downloads_its_report_under_publicity(app, people):
    rnd, (recognised, _rejected) = under_publicity(people.admin)
    company = db.session.scalar(
        select(User).where(User.organisation_id == recognised.organisation_id)
    )
    client = client_for(app, company)
    page = client.get(f"/applications/{recognised.id}/status").get_data(as_text=True)
    pdf = _download(client, _link(page, "report.pdf"))
    text = _text(pdf).replace("\n", "")
    assert recognised.organisation.name in text
    assert str(recognised.scores[-1].quantitative) in text
    again = _download(client, f"/applications/{recognised.id}/report.pdf")
    assert again == pdf  # the same state: the same issued file
    assert db.session.query(EvaluationReport).count() == 1
