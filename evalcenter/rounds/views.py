"""Administrators create and edit evaluation rounds and move them through their lifecycle;
each status change has a confirmation page that states its consequences."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import spec_from
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.rounds import confirmations, policies, services
from evalcenter.rounds.forms import ReopenForm, RoundForm, edit_form, settings_of, status_form
from evalcenter.rounds.lifecycle import ACTION_LABELS, IRREVERSIBLE, STATUS_ACTIONS
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("rounds", __name__, url_prefix="/admin/rounds")


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create():
    form = RoundForm()
    form.ruleset.choices = services.ruleset_choices()
    if form.validate_on_submit():
        spec = spec_from(form, services.NewRound, settings=settings_of(form))
        rnd = attempt(lambda: services.create_round(current_user, spec), form)
        if rnd:
            flash(_("The round %(name)s has been created.", name=rnd.name), "success")
            return redirect(url_for("web_admin.rounds"))
    return render_template("admin/round_new.html", form=form)


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, policies.can_manage)
    if not policies.can_change_settings(current_user, rnd):
        flash(
            _("The round has reached its decisions: its details can no longer change."), "warning"
        )
        return redirect(url_for("web_admin.rounds"))
    details = policies.can_edit(current_user, rnd)
    form = edit_form(rnd, details)
    if form.validate_on_submit():
        changes = spec_from(form, services.RoundChanges) if details else None
        settings, version = settings_of(form), form.version.data
        saved = attempt(
            lambda: services.update_round(current_user, rnd, changes, settings, version), form
        )
        if saved:
            flash(_("The round %(name)s has been saved.", name=rnd.name), "success")
            return redirect(url_for("admin_applications.round_applications", round_id=rnd.id))
        form.version.data = rnd.version  # saving again, after comparing, replaces the current
    conflict = getattr(g.get("service_error"), "code", "") == "round_version_conflict"
    return render_template("admin/round_edit.html", form=form, rnd=rnd, conflict=conflict)


@bp.route(
    f"/<int:round_id>/status/<any({', '.join(STATUS_ACTIONS)}):action>", methods=["GET", "POST"]
)
@roles_required(Role.ADMIN)
def change_status(round_id: int, action: str):
    rnd = get_or_404(EvaluationRound, round_id, policies.can_manage)
    form = status_form(rnd)
    version = form.version.data
    changed = form.validate_on_submit() and attempt(
        lambda: services.change_status(current_user, rnd, action, version), form
    )
    if changed:
        flash(_("The round's status has been changed."), "success")
        return redirect(url_for("web_admin.rounds"))
    form.version.data = rnd.version
    return confirm_page(
        title=confirmations.title(rnd, action),
        thing=rnd.name,
        consequences=confirmations.consequences(rnd, action),
        button_text=str(ACTION_LABELS[action]),
        cancel=url_for("web_admin.rounds"),
        form=form,
        kind="primary" if action == "open" else "danger",
        irreversible=action in IRREVERSIBLE,
    )


@bp.route("/<int:round_id>/reopen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reopen(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, policies.can_manage)
    form = ReopenForm()
    if form.validate_on_submit():
        reason, closes_at = form.reason.data, form.closes_at.data
        if attempt(lambda: services.reopen(current_user, rnd, reason, closes_at), form):
            flash(_("The round %(name)s is open for applications again.", name=rnd.name), "success")
            return redirect(url_for("web_admin.rounds"))
    return confirm_page(
        title=confirmations.title(rnd, "reopen"),
        thing=rnd.name,
        consequences=confirmations.consequences(rnd, "reopen"),
        button_text=str(ACTION_LABELS["reopen"]),
        cancel=url_for("web_admin.rounds"),
        form=form,
        kind="primary",
    )
