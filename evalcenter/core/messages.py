"""The one catalogue of service-error messages, in the user's language.

Every `ServiceError` code has one entry here; `text(error)` renders it (Flask-Babel picks the
language). Problems found by the rule engine carry their own codes and are rendered through
the engine's message table with the same translations.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from evalcenter.core.errors import ServiceError
from evalcenter.core.i18n import is_chinese

MESSAGES = {
    # accounts
    "email_taken": _l(
        "An account with this email already exists. Log in with it, or use another address."
    ),
    "organisation_required": _l("Choose the organisation an applicant contact files for."),
    "bad_role": _l("Choose one of the listed roles."),
    "self_deactivate": _l("You cannot deactivate your own account."),
    "wrong_current_password": _l("The current password is wrong."),
    "password_too_short": _l("The password must have at least %(n)d characters."),
    "password_common": _l(
        "This password is among the most commonly used ones and is easy to guess. "
        "Choose a longer phrase of a few unrelated words."
    ),
    "password_personal": _l(
        "The password must not contain your email name or your organisation's name."
    ),
    "password_unchanged": _l("The new password must differ from the current one."),
    "password_reset_closed": _l(
        "This reset link can no longer be used: it works once, for one hour. Ask for a new one."
    ),
    "uscc_taken": _l(
        "An organisation with this USCC is already registered. If you work for it, ask its "
        "first applicant contact to invite you from the colleagues page."
    ),
    "rejection_reason_required": _l(
        "Give the reason for rejecting, so the company knows what to correct."
    ),
    # colleagues
    "invite_not_approved": _l(
        "Colleagues can be invited once the administrators have approved your organisation."
    ),
    "invite_email_taken": _l(
        "This address already has an account on the platform, so it cannot be invited. If "
        "the person works for your organisation and cannot log in, contact the administrators."
    ),
    "invite_pending": _l(
        "This colleague has already been invited and the link is still valid. Revoke that "
        "invitation on the colleagues page if you want to send a new one."
    ),
    "invitation_closed": _l(
        "This invitation can no longer be used: it has expired, been revoked or been accepted."
    ),
    "invitation_email_taken": _l(
        "An account with the invited address already exists. Log in with it instead."
    ),
    # rounds and rulesets
    "unknown_ruleset": _l("Choose one of the listed rulesets."),
    # candidate rulesets (rule authoring)
    "rule_file_too_large": _l(
        "The rule file is larger than %(limit)s KB; a rule file is far smaller."
    ),
    "rule_file_not_utf8": _l(
        "The file is not UTF-8 text. Save it as UTF-8 (without control characters) and try again."
    ),
    "draft_conflict": _l(
        "Someone else saved this candidate after you opened it. Your text was NOT saved: it is "
        "still in the editor below. Copy what you need, reload the page and apply it again."
    ),
    "draft_published": _l("This candidate has been published and can no longer be changed."),
    "draft_invalid": _l("The candidate has problems; fix them before publishing."),
    "draft_wrong_version": _l(
        "To be published the file's version must be %(version)s, the next version of %(id)s."
    ),
    "rule_file_exists": _l(
        "A published file named %(name)s already exists; it is never replaced. Check again: "
        "the next version may have changed."
    ),
    "rules_dir_not_writable": _l(
        "The published rules directory cannot be written to. Ask the operator to make it "
        "writable (EVALCENTER_RULES_DIR)."
    ),
    "round_version_conflict": _l(
        "Someone else changed this round after you opened the page. Your changes were NOT "
        "saved: they are still in the form below, next to the round's current details. "
        "Compare them, then save again."
    ),
    "round_not_editable": _l(
        "The round is “%(status)s”: its details can no longer change. A round closed by "
        "mistake can be reopened first."
    ),
    "deadline_in_past": _l("The closing time must be in the future (Beijing time)."),
    "reopen_reason_required": _l("Say why the round is reopened; it is kept in the audit log."),
    "round_changed": _l(
        "Someone else changed this round after you opened the page; nothing was done. Check "
        "its current state and try again."
    ),
    "setting_locked": _l("While the round is “%(status)s” this setting can no longer change."),
    "setting_required": _l("Enter a value."),
    "setting_out_of_range": _l("This value is outside the allowed range."),
    "review_deadline_too_early": _l(
        "The review deadline must be after the round's closing time (Beijing time)."
    ),
    "reviews_missing": _l(
        "%(count)s applications under review have fewer than %(minimum)s submitted reviews, "
        "so they have no panel score yet. Wait for the reviews or assign replacements first."
    ),
    # reviewer profiles and declared relations
    "not_a_reviewer": _l("Only reviewers have a reviewer profile."),
    "profile_version_conflict": _l(
        "Someone else changed this profile after you opened the page. Your changes were NOT "
        "saved: they are still in the form below. Compare them with the current profile, then "
        "save again."
    ),
    "unknown_expertise": _l("Choose expertise fields from the list."),
    "bad_uscc_field": _l(
        "Enter a valid unified social credit code: 18 characters, as on the business licence."
    ),
    "employer_uscc_without_name": _l("Enter the employer's name as well as its USCC."),
    "bad_relation_kind": _l("Choose one of the listed kinds of relation."),
    "relation_reason_required": _l("Say what the relation is; the administrators read it."),
    "relation_name_required": _l("Enter the organisation's name."),
    "relation_exists": _l("This relation to this organisation is already declared."),
    # reviewer assignment
    "assignment_not_reviewing": _l("Reviewers are assigned while the round is under review."),
    "assignment_infeasible": _l(
        "The assignment cannot be solved; the assignment page says why. Nothing was saved."
    ),
    "assignment_nothing_new": _l("Every application already has its reviewers; nothing was saved."),
    "assignment_changed": _l(
        "The proposed assignment changed after you opened it (applications, reviewers, pins or "
        "bans changed). Nothing was saved: check the new proposal and save again."
    ),
    "assignment_bad_kind": _l("Choose whether the reviewer must or must not review it."),
    "assignment_unknown_application": _l("Choose one of the round's accepted applications."),
    "assignment_unknown_reviewer": _l("Choose one of the active reviewers with a profile."),
    "assignment_pin_conflict": _l(
        "This reviewer has a conflict of interest with the organisation and cannot review it."
    ),
    "assignment_pair_exists": _l(
        "This reviewer is already assigned to this application, or recused from it; a pin or "
        "ban changes nothing."
    ),
    "assignment_constraint_exists": _l("This rule for this pair already exists."),
    "assignment_constraint_gone": _l("This pin or ban no longer exists."),
    "assignment_no_free_slot": _l(
        "This application has all its reviewers; no replacement is needed."
    ),
    "assignment_replacement_not_allowed": _l(
        "This reviewer cannot fill the slot: a conflict of interest, a ban, their cap, or they "
        "are already on the application. Nothing was saved."
    ),
    "assign_too_few_reviewers": _l(
        "%(application)s has only %(n)s reviewers without a conflict of interest or a ban; it "
        "needs %(k)s more."
    ),
    "assign_capacity_too_small": _l(
        "The reviewers' caps allow %(n)s assignments in all, but %(k)s are needed. Add "
        "reviewers or raise their caps."
    ),
    "assign_pins_exceed_cap": _l(
        "%(reviewer)s has %(n)s pinned or saved assignments, more than their cap of %(cap)s."
    ),
    "assign_pins_exceed_need": _l(
        "%(application)s has %(n)s pinned or saved reviewers, more than the %(k)s it needs."
    ),
    "assign_pin_conflict": _l(
        "%(reviewer)s is pinned to %(application)s but has a conflict of interest with it."
    ),
    "assign_balance_too_tight": _l(
        "With balanced loads no assignment gives %(application)s all its reviewers: those it "
        "may have are needed elsewhere. Remove a ban or pin, or add reviewers."
    ),
    # applications
    "round_closed": _l(
        "The evaluation round is closed for applications (closing time, Beijing time, is shown "
        "on the application page). The draft stays visible but can no longer change."
    ),
    "not_editable": _l(
        "The application has been submitted and can no longer be changed. If it is returned "
        "for correction you can edit it again."
    ),
    "version_conflict": _l(
        "Someone else saved this application after you opened the page. Your changes were NOT "
        "saved: they are still in the form below. Compare them with the current application, "
        "then save again."
    ),
    "not_withdrawable": _l("The review has started: the application can no longer be withdrawn."),
    "conflict": _l(
        "Someone else changed this record at the same moment. Nothing was saved from your "
        "request; reload the page to see the current state and try again."
    ),
    "bad_json": _l("The file is not valid JSON (%(detail)s). Export a draft to see the format."),
    "json_too_large": _l("The JSON file is larger than 2 MB; it cannot be an application."),
    "not_an_object": _l("The file must hold one JSON object."),
    "organisation_not_approved": _l(
        "Your organisation has not been approved by the administrators yet, so the application "
        "cannot be submitted. You can keep editing the draft."
    ),
    "reason_required": _l("Say what the company must correct."),
    "invalid_data": _l("Some answers need correcting; nothing was saved. See the messages below."),
    "incomplete": _l("The application is not complete yet; see the list below."),
    "uscc_mismatch": _l("The USCC must be the registered organisation's: %(uscc)s."),
    "attachment_missing": _l("Upload the %(kind)s."),
    "transition_refused": _l("This cannot be done while the %(thing)s is “%(status)s”."),
    "already_in_state": _l("Nothing was changed: the %(thing)s is already “%(status)s”."),
    # evidence files
    "file_empty": _l("The file is empty. Choose the file again."),
    "file_too_large": _l(
        "The file is larger than %(limit)s MB. Reduce its size (e.g. scan at 200 dpi) and "
        "upload it again."
    ),
    "files_total_too_large": _l(
        "Together with the files already uploaded this exceeds %(limit)s MB for the "
        "application. Remove files you no longer need first."
    ),
    "file_bad_type": _l(
        "Only PDF, PNG and JPEG files are accepted, and this file is none of them (the name "
        "does not matter, the content does)."
    ),
    "file_damaged": _l(
        "The file looks damaged or incomplete. Save or export it again and upload the new copy."
    ),
    "bad_kind": _l("Choose what kind of evidence the file is."),
    # the reviewer's declaration and review
    "declaration_required": _l(
        "Tick the declaration to confirm that you have no conflict of interest, or recuse "
        "yourself from this application."
    ),
    "declaration_known_conflict": _l(
        "Your profile records a relation to this organisation (employer or a declared "
        "relation), so you cannot declare no conflict. Recuse yourself instead."
    ),
    "recusal_reason_required": _l("Give the reason for recusing yourself."),
    "review_invalid": _l("The review was not saved: correct the scores marked below."),
    "review_score_missing": _l("Enter a score for %(criterion)s, from 0 to %(maximum)s."),
    "review_score_not_a_number": _l(
        "Enter the score for %(criterion)s as a number, such as 12 or 12.5."
    ),
    "review_score_out_of_range": _l("The score for %(criterion)s must be from 0 to %(maximum)s."),
    "review_score_not_a_multiple": _l(
        "The score for %(criterion)s must be a multiple of %(step)s, such as 12 or 12.5."
    ),
    "review_total_invalid": _l("The scores must add up to at most %(maximum)s."),
    "review_text_too_long": _l("Write at most %(n)d characters here."),
    "review_opinion_required": _l("Write your overall opinion before submitting."),
    "review_round_not_reviewing": _l(
        "Reviews can be changed only while the round is under review; it is “%(status)s”."
    ),
    "review_version_conflict": _l(
        "The review was saved elsewhere (perhaps in another tab) after you opened this page, "
        "so your changes were not saved. What you typed is still below: compare it with the "
        "saved review, then save again to replace it."
    ),
    "review_not_saved": _l("Save the review with every score before submitting it."),
    "review_reopen_reason_required": _l(
        "Give the reason for reopening, so the reviewer knows what to reconsider."
    ),
    # decisions, publicity and objections
    "round_not_deciding": _l(
        "Decisions are made while the round is “Deciding”; this round is “%(status)s”."
    ),
    "application_not_decidable": _l(
        "%(name)s cannot be decided: its application is not in review (withdrawn or already "
        "announced)."
    ),
    "outcome_required": _l("Choose whether the application is recognised."),
    "rationale_required": _l("Give the rationale: the company is told why it is not recognised."),
    "rationale_too_long": _l("Write at most %(n)d characters here."),
    "no_panel_score": _l(
        "%(name)s has no panel score yet: %(n)d submitted review(s), at least %(minimum)d "
        "needed. It cannot be decided until enough reviews are submitted."
    ),
    "decision_version_conflict": _l(
        "Someone changed this decision after you opened the page, so yours was not saved. "
        "Reload the page to see the current decision, then decide again."
    ),
    "nothing_selected": _l("Select at least one application."),
    "applications_undecided": _l(
        "%(count)d application(s) in review have no decision yet; decide them all before "
        "the publicity starts."
    ),
    "publicity_period_missing": _l(
        "Start the publicity from the round's decisions page, where its first day is chosen."
    ),
    "objections_open": _l(
        "%(count)d objection(s) are still open: resolve each with a written outcome before "
        "finishing the round."
    ),
    "publicity_not_ended": _l(
        "The publicity period runs until %(ends_on)s: the round can finish the day after."
    ),
    "publicity_start_required": _l("Enter the first day of the publicity."),
    "publicity_start_past": _l("The publicity cannot start in the past."),
    "publicity_start_not_working": _l(
        "The publicity must start on a working day; this day is a holiday or weekend."
    ),
    "objection_organisation": _l("Choose one of the organisations listed under publicity."),
    "objection_real_name": _l("Give your real name: anonymous objections are not accepted."),
    "objection_contact": _l(
        "Give a phone number or an e-mail address where the office can reach you."
    ),
    "objection_text_required": _l("Describe your objection and the facts it rests on."),
    "text_too_long": _l("Write at most %(n)d characters here."),
    "objection_closed": _l("This round is not under publicity: objections are closed."),
    "objection_outside_period": _l("Objections are accepted only during the publicity period."),
    "objection_version_conflict": _l(
        "Someone changed this objection after you opened the page. Reload it and try again."
    ),
    "objection_resolved_already": _l("This objection has already been resolved."),
    "objection_outcome_required": _l("Write the outcome: what was checked and what was concluded."),
    "calendar_day_required": _l("Enter the date."),
    "calendar_name_required": _l("Name the day, such as the holiday it belongs to."),
    "calendar_day_taken": _l("%(day)s is already configured; remove it first to change it."),
    # certificate verification
    "verify_not_pdf": _l(
        "This is not a PDF file (the name does not matter, the content does). Choose the "
        "certificate's PDF file."
    ),
    "verify_file_too_large": _l(
        "The file is larger than %(limit)s MB, far larger than any certificate the platform "
        "issues, so it is not an issued certificate file."
    ),
    # documents
    "document_missing_glyph": _l(
        "The document cannot be printed: the fonts have no glyph for %(characters)s. Correct "
        "the name, or ask the programme office to install a font that has it."
    ),
    "document_render_failed": _l(
        "The document could not be made because of a fault on the server; nothing was issued. "
        "Try again later, and tell the programme office if it happens again."
    ),
    "certificate_not_published": _l(
        "%(name)s has no published recognition: a certificate is issued only for a recognised "
        "application once its round is finished."
    ),
    "certificate_reason_required": _l("Give the reason: it is shown on the verification page."),
    "certificate_name_required": _l("Enter the company name as the certificate should print it."),
    "document_not_scored": _l(
        "The application has no score yet: the evaluation report is available once the "
        "administrators have scored it."
    ),
    "document_no_signing_key": _l(
        "Documents cannot be issued: no signing key is configured. Set EVALCENTER_SIGNING_KEY "
        "and EVALCENTER_SIGNING_CERT on the server (the programme office's key and certificate)."
    ),
    # background jobs
    "job_not_retryable": _l(
        "This job has nothing to retry: it is still running, or every item was done."
    ),
    "job_unknown_kind": _l(
        "The platform no longer knows this kind of job, so it cannot run. Ask the administrators."
    ),
    "job_unexpected": _l(
        "The job stopped because of an unexpected error. The administrators can find the "
        "details in the server log; you can run the job again."
    ),
    "job_item_unexpected": _l(
        "An unexpected error stopped this item; the administrators can find the details in "
        "the server log."
    ),
    "job_not_dispatched": _l(
        "The job could not be handed to a worker (the job queue was unreachable). Run it again "
        "in a moment."
    ),
}


def _param(value: Any) -> Any:
    """Lazy strings and labels become text in the user's language."""
    if hasattr(value, "zh") and hasattr(value, "en"):
        return value.zh if is_chinese() else value.en
    return str(value) if not isinstance(value, int | float) else value


def field_of(problem: Any) -> str:
    """The form field (or data key) a ServiceError or a rule-engine problem belongs to."""
    if isinstance(problem, ServiceError):
        return problem.field or ""
    return problem.key


def text(error: Any) -> str:
    """The message for a ServiceError, or for a problem reported by the rule engine."""
    if isinstance(error, ServiceError):
        params = {k: _param(v) for k, v in error.params.items()}
        template = str(MESSAGES[error.code])
        return template % params if params else template
    from evalcenter.explain import render_problem

    return render_problem(error, gettext, is_chinese())
