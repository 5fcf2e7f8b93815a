"""The page of a background job (progress, failures, retry, result file) and its progress as
JSON for the page's script. Only the job's creator and administrators see a job."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from evalcenter.core import jobs, messages
from evalcenter.core.errors import ServiceError
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.job_models import Job, JobStatus
from evalcenter.core.job_policies import can_view_job
from evalcenter.core.permissions import get_or_404
from evalcenter.core.transaction import attempt

bp = Blueprint("jobs", __name__)


def _job(job_id: int) -> Job:
    return get_or_404(Job, job_id, can_view_job)


def _message(code: str | None, params: dict | None, fallback: str) -> str:
    """A stored message code in the reader's language; the stored text when it is none."""
    if code in messages.MESSAGES:
        try:
            return messages.text(ServiceError(code, **(params or {})))
        except (KeyError, TypeError, ValueError):
            pass
    return fallback


@bp.get("/jobs/<int:job_id>")
@login_required
def show(job_id: int):
    job = _job(job_id)
    failures = [
        (f.get("label", ""), _message(f.get("code"), f.get("params"), f.get("message", "")))
        for f in job.failures or []
    ]
    error = _message(job.error, None, job.error or "") if job.error else ""
    return render_template(
        "core/job.html",
        job=job,
        title=jobs.kind_label(job.kind),
        state=jobs.state(job),
        active=jobs.state(job) in jobs.ACTIVE,
        failures=failures,
        error=error,
        retry_failed_items=job.status == JobStatus.DONE,
        form=ConfirmForm(),
    )


@bp.get("/jobs/<int:job_id>/progress")
@login_required
def progress(job_id: int):
    job = _job(job_id)
    body = {
        "status": jobs.state(job),
        "done": job.done,
        "total": job.total,
        "failures": len(job.failures or []),
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/jobs/<int:job_id>/result")
@login_required
def result(job_id: int):
    job = _job(job_id)
    if not job.result_file:
        abort(404)
    folder = Path(current_app.config["JOBS_DIR"]) / str(job.id)
    return send_from_directory(folder, job.result_file, as_attachment=True)


@bp.post("/jobs/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    job = _job(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    new = attempt(lambda: jobs.retry(current_user, job))
    if new is None:
        return redirect(url_for("jobs.show", job_id=job.id))
    flash(_("The job runs again as a new job."), "success")
    return redirect(url_for("jobs.show", job_id=new.id))
