"""Administrators review registered organisations: approving and rejecting each have a
confirmation page (rejecting asks for the reason the company is shown)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.accounts import organisations, policies, queries
from evalcenter.accounts.models import Organisation
from evalcenter.accounts.organisation_forms import RejectionForm
from evalcenter.core import audit
from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt

bp = Blueprint("admin_organisations", __name__, url_prefix="/admin/organisations")


@bp.get("")
@roles_required(Role.ADMIN)
def list_organisations():
    page, shown = queries.organisations_page(request.args)
    return render_template("admin/organisations.html", page=page, **shown)


@bp.get("/<int:org_id>")
@roles_required(Role.ADMIN)
def show_organisation(org_id: int):
    org = get_or_404(Organisation, org_id, policies.can_decide_organisation)
    events = audit.events_involving("organisation", org.id)
    return render_template("admin/organisation_show.html", org=org, events=events)


def _decide(org: Organisation, approve: bool, form):
    """Carry out the decision on a valid POST; otherwise (again) the confirmation page."""
    if form.validate_on_submit():
        reason = getattr(form, "reason", None)
        text = reason.data if reason is not None else ""
        if attempt(lambda: organisations.decide(current_user, org, approve, text or ""), form):
            done = _("%(name)s has been approved.") if approve else _("%(name)s has been rejected.")
            flash(done % {"name": org.name}, "success")
            return redirect(url_for("admin_organisations.show_organisation", org_id=org.id))
    cancel = url_for("admin_organisations.show_organisation", org_id=org.id)
    page = organisations.decision_page(approve)
    return confirm_page(thing=org.name, cancel=cancel, form=form, **page)


@bp.route("/<int:org_id>/approve", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def approve(org_id: int):
    org = get_or_404(Organisation, org_id, policies.can_decide_organisation)
    return _decide(org, True, ConfirmForm())


@bp.route("/<int:org_id>/reject", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reject(org_id: int):
    org = get_or_404(Organisation, org_id, policies.can_decide_organisation)
    return _decide(org, False, RejectionForm())
