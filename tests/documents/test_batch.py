"""Issuing a round's certificates and reports as a background job, from the administrators'
page to the ZIP: progress, serials without gaps, retry after failures."""

from __future__ import annotations

import io
import re
import zipfile

from sqlalchemy import select

from evalcenter.core.job_models import Job
from evalcenter.documents.models import Certificate, EvaluationReport
from evalcenter.extensions import db
from tests.conftest import client_for, csrf_token
from tests.documents.helpers import finished_round


def test_round_batch_from_the_page_to_the_zip(app, people):
    app.config["JOBS_RUNNER"] = "inline"
    try:
        rnd, apps = finished_round(people.admin, ("recognised", "recognised", "not_recognised"))
        admin = client_for(app, people.admin)
        page = admin.get(f"/admin/rounds/{rnd.id}/certificates").get_data(as_text=True)
        issue = re.search(r'href="([^"]+/certificates/issue)"', page).group(1)
        response = admin.post(issue, data={"csrf_token": csrf_token(admin, issue)})
        assert response.status_code == 302
        job_page = response.headers["Location"]
        job = db.session.scalars(select(Job)).one()
        assert job.status == "done", (job.error, job.failures)
        assert (job.done, job.total, job.failures) == (5, 5, [])  # 2 certificates, 3 reports
        certs = db.session.scalars(select(Certificate).order_by(Certificate.number)).all()
        assert [c.number for c in certs] == [1, 2]
        assert {c.application_id for c in certs} == {apps[0].id, apps[1].id}
        assert db.session.query(EvaluationReport).count() == 3
        shown = admin.get(job_page).get_data(as_text=True)
        result = re.search(r'href="(/jobs/\d+/result)"', shown).group(1)
        download = admin.get(result)
        assert download.headers["Content-Disposition"].startswith("attachment")
        archive = zipfile.ZipFile(io.BytesIO(download.data))
        download.close()
        names = sorted(archive.namelist())
        assert [n for n in names if n.startswith("certificates/")] == sorted(
            f"certificates/{c.serial}.pdf" for c in certs
        )
        assert len([n for n in names if n.startswith("reports/")]) == 3
        again = admin.post(issue, data={"csrf_token": csrf_token(admin, issue)})
        assert again.status_code == 302
        assert db.session.query(Certificate).count() == 2  # nothing issued twice
    finally:
        app.config["JOBS_RUNNER"] = ""
