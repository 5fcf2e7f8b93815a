"""Administrators assign reviewers: the solver's preview, pins and bans, saving after a
confirmation, and the replacement of a recused reviewer."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.reviews import assignment, assignment_pages
from evalcenter.reviews.assignment_forms import ReplaceForm, SaveForm, constraint_form
from evalcenter.reviews.assignment_policies import can_assign, can_replace
from evalcenter.reviews.models import Assignment
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("admin_assignment", __name__, url_prefix="/admin/rounds/<int:round_id>/assignment")


def _preview_url(round_id: int) -> str:
    return url_for("admin_assignment.preview", round_id=round_id)


@bp.route("", methods=["GET", "POST"])
@roles_required(Role.ADMIN, hidden=True)
def preview(round_id: int):
    """The proposal; its form pins or forbids one pair, after which the page solves again."""
    rnd = get_or_404(EvaluationRound, round_id, can_assign)
    page = assignment_pages.preview_page(rnd)
    form = constraint_form(page)
    if form.validate_on_submit():
        app_id, reviewer_id, kind = form.application.data, form.reviewer.data, form.kind.data
        if attempt(
            lambda: assignment.add_constraint(current_user, rnd, app_id, reviewer_id, kind), form
        ):
            flash(_("The rule has been added; the assignment below is solved again."), "success")
            return redirect(_preview_url(rnd.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "reviews/assignment.html",
        page=page,
        form=form,
        remove_form=ConfirmForm(),
    ), status


@bp.route("/save", methods=["GET", "POST"])
@roles_required(Role.ADMIN, hidden=True)
def save(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, can_assign)
    form = SaveForm()
    if form.validate_on_submit():
        expected = form.digest.data or ""
        if attempt(lambda: assignment.save(current_user, rnd, expected), form):
            flash(_("The assignment has been saved and the reviewers notified."), "success")
            return redirect(_preview_url(rnd.id))
    page = assignment_pages.preview_page(rnd)
    form.digest.data = page.digest
    return confirm_page(
        title=_("Save this assignment?"),
        thing=rnd.name,
        consequences=[
            _("%(n)s new assignments are created, as the preview shows.", n=page.new_count),
            _("Each reviewer is notified by an in-site message and e-mail."),
            _("Saved assignments stay when the assignment is solved again."),
        ],
        button_text=_("Save the assignment"),
        cancel=_preview_url(rnd.id),
        form=form,
        kind="primary",
    )


@bp.route("/constraints/<int:constraint_id>/remove", methods=["POST"])
@roles_required(Role.ADMIN, hidden=True)
def remove_constraint(round_id: int, constraint_id: int):
    rnd = get_or_404(EvaluationRound, round_id, can_assign)
    if ConfirmForm().validate_on_submit() and attempt(
        lambda: assignment.remove_constraint(current_user, rnd, constraint_id)
    ):
        flash(_("The rule has been removed; the assignment below is solved again."), "success")
    return redirect(_preview_url(rnd.id))


@bp.route("/replace/<int:assignment_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN, hidden=True)
def replace(round_id: int, assignment_id: int):
    """The suggested replacement for a recused reviewer, assigned once confirmed."""
    recused = get_or_404(Assignment, assignment_id, can_replace)
    if recused.round_id != round_id:
        abort(404)
    form = ReplaceForm()
    if form.validate_on_submit():
        reviewer_id = form.reviewer.data or 0
        if attempt(lambda: assignment.replace(current_user, recused, reviewer_id), form):
            flash(_("The replacement reviewer has been assigned and notified."), "success")
            return redirect(_preview_url(round_id))
    page = attempt(lambda: assignment_pages.replacement_page(recused))
    if page is None:
        return redirect(_preview_url(round_id))
    form.reviewer.data = page.suggestion_id
    return render_template("reviews/assignment_replace.html", page=page, form=form), (
        422 if form.errors or form.form_errors else 200
    )
