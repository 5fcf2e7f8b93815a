"""Display labels (both languages) for the codes stored in the database."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from evalcenter.core.i18n import language
from evalcenter.core.roles import Role

ROLE_LABELS = {
    Role.APPLICANT: _l("Applicant contact"),
    Role.REVIEWER: _l("Reviewer (expert)"),
    Role.ADMIN: _l("Administrator"),
}

ORGANISATION_STATUS_LABELS = {
    "pending": _l("Awaiting approval"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
}

ROUND_STATUS_LABELS = {
    "draft": _l("Being prepared"),
    "open": _l("Open for applications"),
    "closed": _l("Closed"),
    "reviewing": _l("Under review"),
    "deciding": _l("Deciding"),
    "publicity": _l("Under publicity"),
    "finished": _l("Finished"),
}

APPLICATION_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "returned": _l("Returned for correction"),
    "accepted": _l("Accepted at formal check"),
    "under_review": _l("Under review"),
    "decided": _l("Decided"),
    "published": _l("Published"),
    "certified": _l("Certified"),
    "withdrawn": _l("Withdrawn"),
}

COLLEAGUE_STATUS_LABELS = {
    "active": _l("Active"),
    "deactivated": _l("Deactivated"),
    "pending": _l("Invited, not yet accepted"),
    "expired": _l("Invitation expired"),
}

# An assignment as the reviewer's workspace shows it ("to_score" and "draft" are declared
# assignments without a review or with a draft one).
ASSIGNMENT_STATUS_LABELS = {
    "assigned": _l("To declare"),
    "declared": _l("Declared, no conflict"),
    "recused": _l("Recused"),
    "submitted": _l("Submitted"),
}

WORKSPACE_STATUS_LABELS = {
    "to_declare": _l("To declare"),
    "to_score": _l("To score"),
    "draft": _l("Draft saved"),
    "submitted": _l("Submitted"),
    "overdue": _l("Overdue"),
}

REVIEW_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
}

RELATION_KIND_LABELS = {
    "former_employer": _l("Former employer (in the last 3 years)"),
    "shareholding": _l("Shareholding"),
    "advisory": _l("Advisory role"),
    "family": _l("Family relation"),
}

OUTCOME_LABELS = {
    "recognised": _l("Recognised"),
    "not_recognised": _l("Not recognised"),
}

CERTIFICATE_STATUS_LABELS = {
    "valid": _l("Valid"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
    "superseded": _l("Superseded"),
}

OBJECTION_STATUS_LABELS = {
    "open": _l("Awaiting an outcome"),
    "resolved": _l("Resolved"),
}

OBJECTION_SOURCE_LABELS = {
    "public": _l("Filed on the public page"),
    "admin": _l("Recorded by the office"),
}

JOB_STATUS_LABELS = {
    "queued": _l("Waiting to start"),
    "running": _l("Running"),
    "done": _l("Finished"),
    "failed": _l("Stopped by an error"),
    "stopped": _l("Stopped: no sign of life for two minutes"),
}

AUDIT_ACTION_LABELS = {
    "job.enqueue": _l("Background job started"),
    "job.retry": _l("Background job run again"),
    "certificate.issue": _l("Certificate issued"),
    "certificate.correct": _l("Corrected certificate issued"),
    "certificate.supersede": _l("Certificate superseded"),
    "certificate.revoke": _l("Certificate revoked"),
    "report.issue": _l("Evaluation report issued"),
    "login.success": _l("Logged in"),
    "login.failure": _l("Failed login"),
    "logout": _l("Logged out"),
    "user.create": _l("User created"),
    "user.update": _l("User changed"),
    "user.deactivate": _l("User deactivated"),
    "user.reactivate": _l("User reactivated"),
    "user.password_change": _l("Password changed"),
    "user.locale_change": _l("Language preference changed"),
    "invitation.create": _l("Colleague invited"),
    "invitation.revoke": _l("Invitation revoked"),
    "invitation.accept": _l("Invitation accepted"),
    "organisation.create": _l("Organisation created"),
    "organisation.approve": _l("Organisation approved"),
    "organisation.reject": _l("Organisation rejected"),
    "round.create": _l("Round created"),
    "ruleset_draft.create": _l("Candidate ruleset started"),
    "ruleset_draft.save": _l("Candidate ruleset saved"),
    "ruleset_draft.publish": _l("Ruleset version published"),
    "round.status": _l("Round status changed"),
    "round.update": _l("Round details changed"),
    "round.reopen": _l("Round reopened"),
    "reviewer_profile.update": _l("Reviewer profile changed"),
    "reviewer_relation.create": _l("Relation declared"),
    "reviewer_relation.delete": _l("Relation removed"),
    "application.create": _l("Application started"),
    "application.save": _l("Application saved"),
    "application.import": _l("Application imported from JSON"),
    "application.submit": _l("Application submitted"),
    "application.withdraw": _l("Application withdrawn"),
    "application.accept": _l("Accepted at formal check"),
    "application.return": _l("Returned for correction"),
    "application.score": _l("Scored with the round's ruleset"),
    "attachment.upload": _l("Evidence uploaded"),
    "attachment.delete": _l("Evidence removed"),
    "round.publicity": _l("Publicity period set"),
    "decision.create": _l("Decision recorded"),
    "decision.update": _l("Decision changed"),
    "application.announce": _l("Decision announced at the publicity start"),
    "application.publish": _l("Recognition published"),
    "objection.create": _l("Objection filed"),
    "objection.resolve": _l("Objection resolved"),
    "calendar_day.add": _l("Calendar day configured"),
    "calendar_day.remove": _l("Calendar day removed"),
    "assignment.declare": _l("No conflict of interest declared"),
    "assignment.recuse": _l("Reviewer recused"),
    "review.save": _l("Review draft saved"),
    "review.submit": _l("Review submitted"),
    "review.reopen": _l("Review reopened"),
    "assignment.save": _l("Reviewers assigned"),
    "assignment.pin": _l("Reviewer pinned to an application"),
    "assignment.forbid": _l("Reviewer banned from an application"),
    "assignment.constraint_remove": _l("Pin or ban removed"),
    "assignment.replace": _l("Recused reviewer replaced"),
}


_RENDERED: dict[tuple[str, int, str], str] = {}


def label(mapping: dict, code: str | None) -> str:
    """The label for `code` in the user's language, or the code itself when unknown.
    Each label is translated once per language (lists show the same few many times)."""
    if code is None:
        return ""
    key = (language(), id(mapping), code)
    text = _RENDERED.get(key)
    if text is None:
        text = _RENDERED[key] = str(mapping.get(code, code))
    return text
