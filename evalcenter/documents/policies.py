"""Who may issue, see and download documents: administrators always; a company its own
application form (once submitted), its report (once the round is published) and its
certificate."""

from __future__ import annotations

from typing import Any

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.applications.policies import is_own
from evalcenter.decisions.policies import is_admin
from evalcenter.documents.models import Certificate
from evalcenter.documents.models import CertificateStatus as S
from evalcenter.rounds.models import EvaluationRound, RoundStatus

PUBLISHED = (RoundStatus.PUBLICITY, RoundStatus.FINISHED)
CERTIFIABLE = (ApplicationStatus.PUBLISHED, ApplicationStatus.CERTIFIED)


def can_issue(user: Any, rnd: EvaluationRound) -> bool:
    """Certificates are issued for a finished round's recognised applications."""
    return is_admin(user) and rnd.status == RoundStatus.FINISHED


def can_certify(user: Any, app: Application) -> bool:
    """Issue (or find) the certificate of one recognised, published application."""
    return can_issue(user, app.round) and app.status in CERTIFIABLE


def can_download_form(user: Any, app: Application) -> bool:
    return (is_own(user, app) or is_admin(user)) and app.latest_snapshot is not None


def can_download_report(user: Any, app: Application) -> bool:
    if is_admin(user):
        return app.latest_snapshot is not None
    return is_own(user, app) and app.round.status in PUBLISHED and bool(app.scores)


def can_download_certificate(user: Any, cert: Certificate) -> bool:
    return is_admin(user) or is_own(user, cert.application)


def can_view_certificates(user: Any, app: Application) -> bool:
    return is_admin(user) or is_own(user, app)


def can_revoke(user: Any, cert: Certificate) -> bool:
    return is_admin(user) and cert.status == S.VALID


can_correct = can_revoke

POLICIES = {
    "can_issue_certificates": can_issue,
    "can_download_form": can_download_form,
    "can_download_report": can_download_report,
    "can_download_certificate": can_download_certificate,
    "can_revoke_certificate": can_revoke,
}
