"""Import every model so SQLAlchemy's metadata is complete."""

from evalcenter.accounts.models import Invitation, Organisation, PasswordReset, User, UserSession
from evalcenter.applications.models import Application, ApplicationSnapshot, Attachment
from evalcenter.applications.score_models import ApplicationScore
from evalcenter.core.job_models import Job
from evalcenter.core.models import AuditEvent
from evalcenter.decisions.models import CalendarDay, Decision, Objection
from evalcenter.documents.models import Certificate, EvaluationReport
from evalcenter.notifications.models import Notification
from evalcenter.reviews.models import (
    Assignment,
    AssignmentConstraint,
    Review,
    ReviewerProfile,
    ReviewerRelation,
)
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rulesets.models import RulesetDraft

__all__ = [
    "Assignment",
    "AssignmentConstraint",
    "CalendarDay",
    "Certificate",
    "EvaluationReport",
    "Job",
    "Decision",
    "Notification",
    "Objection",
    "PasswordReset",
    "Review",
    "ReviewerProfile",
    "ReviewerRelation",
    "Application",
    "ApplicationScore",
    "ApplicationSnapshot",
    "Attachment",
    "AuditEvent",
    "EvaluationRound",
    "Invitation",
    "Organisation",
    "RulesetDraft",
    "User",
    "UserSession",
]
