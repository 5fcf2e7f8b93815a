"""Who may follow a background job: the user who started it, and administrators. Everyone
else gets 404, as for a job that does not exist."""

from __future__ import annotations

from typing import Any

from evalcenter.core.job_models import Job
from evalcenter.core.jobs import retry_params
from evalcenter.core.roles import Role


def can_view_job(user: Any, job: Job) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    return job.created_by_id is not None and job.created_by_id == user.id


def can_retry_job(user: Any, job: Job) -> bool:
    """Run the failed items (or the whole job, after an error) again."""
    return can_view_job(user, job) and retry_params(job) is not None


POLICIES = {"can_view_job": can_view_job, "can_retry_job": can_retry_job}
