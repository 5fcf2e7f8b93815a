"""The reviewer's workspace: their assignments, the declaration of no conflict (or the
recusal) before opening an application, the frozen application, and the review form."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.core.confirmation import confirm_page
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.reviews import policies, review_service, workspace, workspace_pages
from evalcenter.reviews import workspace_confirmations as confirmations
from evalcenter.reviews.models import Assignment, AssignmentStatus
from evalcenter.reviews.review_forms import (
    DeclareForm,
    RecuseForm,
    SubmitReviewForm,
    review_form_class,
)

bp = Blueprint("reviews", __name__, url_prefix="/reviews")


def _status(form) -> int:
    return 422 if form.errors else 200


@bp.get("")
@roles_required(Role.REVIEWER, hidden=True)
def my_assignments():
    rows = workspace_pages.assignment_rows(current_user.id)
    return render_template("reviews/workspace.html", rows=rows)


@bp.route("/<int:assignment_id>/declare", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, hidden=True)
def declare(assignment_id: int):
    assignment = get_or_404(Assignment, assignment_id, policies.is_own_assignment)
    if assignment.status != AssignmentStatus.ASSIGNED:
        return redirect(url_for("reviews.application", assignment_id=assignment.id))
    form = DeclareForm()
    if form.validate_on_submit():
        committed = form.commitment.data
        if attempt(lambda: workspace.declare(current_user, assignment, committed), form):
            flash(_("Thank you. You can now read the application and score it."), "success")
            return redirect(url_for("reviews.application", assignment_id=assignment.id))
    page = render_template("reviews/declare.html", form=form, assignment=assignment)
    return page, _status(form)


@bp.route("/<int:assignment_id>/recuse", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, hidden=True)
def recuse(assignment_id: int):
    assignment = get_or_404(Assignment, assignment_id, policies.is_own_assignment)
    form = RecuseForm()
    if form.validate_on_submit():
        reason = form.reason.data
        if attempt(lambda: workspace.recuse(current_user, assignment, reason), form):
            flash(_("You have recused yourself; the administrators have been told."), "success")
            return redirect(url_for("reviews.my_assignments"))
    org = assignment.application.organisation
    return confirm_page(
        thing=_("%(name)s (USCC %(uscc)s)", name=org.name, uscc=org.uscc),
        cancel=url_for("reviews.my_assignments"),
        form=form,
        **confirmations.recusal(assignment),
    )


@bp.get("/<int:assignment_id>")
@roles_required(Role.REVIEWER, hidden=True)
def application(assignment_id: int):
    assignment = get_or_404(Assignment, assignment_id, policies.can_open_assignment)
    return render_template(
        "reviews/review_application.html", **workspace_pages.application_page(assignment)
    )


@bp.route("/<int:assignment_id>/review", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, hidden=True)
def review(assignment_id: int):
    assignment = get_or_404(Assignment, assignment_id, policies.can_open_assignment)
    form = review_form_class(review_service.expert_model(assignment))()
    if request.method == "GET" and assignment.review is not None:
        form.fill(assignment.review)
    if form.validate_on_submit():
        entries, version, complete = form.entries(), form.version.data, bool(form.submit.data)
        saved = attempt(
            lambda: review_service.save(current_user, assignment, entries, version, complete),
            form,
        )
        if saved and complete:
            return redirect(url_for("reviews.submit_review", assignment_id=assignment.id))
        if saved:
            flash(_("Your draft has been saved."), "success")
            return redirect(url_for("reviews.review", assignment_id=assignment.id))
    conflict = getattr(g.get("service_error"), "code", "") == "review_version_conflict"
    if conflict:
        form.version.data = assignment.review.version  # saving again replaces the saved one
    context = workspace_pages.review_page(assignment)
    editable = policies.can_edit_review(current_user, assignment)
    page = render_template(
        "reviews/review.html", form=form, editable=editable, conflict=conflict, **context
    )
    return page, _status(form)


@bp.route("/<int:assignment_id>/review/submit", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, hidden=True)
def submit_review(assignment_id: int):
    assignment = get_or_404(Assignment, assignment_id, policies.can_open_assignment)
    review = assignment.review
    if review is None or not policies.can_edit_review(current_user, assignment):
        return redirect(url_for("reviews.review", assignment_id=assignment.id))
    form = SubmitReviewForm(version=review.version)
    if form.validate_on_submit():
        version = form.version.data
        if attempt(lambda: review_service.submit(current_user, assignment, version), form):
            flash(_("Your review has been submitted. Thank you."), "success")
            return redirect(url_for("reviews.my_assignments"))
    expert = review_service.expert_model(assignment)
    return confirm_page(
        thing=assignment.application.organisation.name,
        cancel=url_for("reviews.review", assignment_id=assignment.id),
        form=form,
        **confirmations.submission(review, expert),
    )
