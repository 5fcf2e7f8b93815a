"""Import every model so SQLAlchemy's metadata is complete."""

from evalcenter.accounts.models import Invitation, Organisation, User, UserSession
from evalcenter.applications.models import Application, ApplicationSnapshot, Attachment
from evalcenter.applications.score_models import ApplicationScore
from evalcenter.core.models import AuditEvent
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rulesets.models import RulesetDraft

__all__ = [
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
