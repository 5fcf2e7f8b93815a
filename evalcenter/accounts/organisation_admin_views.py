"""Administrators review registered organisations."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.accounts import organisations, policies, queries
from evalcenter.accounts.models import Organisation
from evalcenter.accounts.organisation_forms import OrganisationDecisionForm
from evalcenter.core import audit
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
    form = OrganisationDecisionForm()
    return render_template("admin/organisation_show.html", org=org, form=form, events=events)


@bp.post("/<int:org_id>/decision")
@roles_required(Role.ADMIN)
def decide_organisation(org_id: int):
    org = get_or_404(Organisation, org_id, policies.can_decide_organisation)
    form = OrganisationDecisionForm()
    if not form.validate_on_submit():
        flash(_("The reason is too long (at most 1,000 characters)."), "danger")
        return redirect(url_for("admin_organisations.show_organisation", org_id=org.id))
    approve = bool(form.approve.data)
    if attempt(lambda: organisations.decide(current_user, org, approve, form.reason.data or "")):
        flash(
            _("%(name)s has been approved.", name=org.name)
            if approve
            else _("%(name)s has been rejected.", name=org.name),
            "success",
        )
    return redirect(url_for("admin_organisations.show_organisation", org_id=org.id))
