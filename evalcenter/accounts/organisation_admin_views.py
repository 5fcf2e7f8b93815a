"""Administrators review registered organisations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from evalcenter.accounts import organisations
from evalcenter.accounts.models import Organisation, OrganisationStatus
from evalcenter.accounts.organisation_forms import OrganisationDecisionForm
from evalcenter.core import audit
from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.extensions import db

bp = Blueprint("admin_organisations", __name__, url_prefix="/admin/organisations")


@bp.get("")
@roles_required(Role.ADMIN)
def list_organisations():
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()
    stmt = select(Organisation).order_by(Organisation.created_at.desc(), Organisation.id.desc())
    if status in {s.value for s in OrganisationStatus}:
        stmt = stmt.where(Organisation.status == status)
    if q:
        stmt = stmt.where(or_(Organisation.name.contains(q), Organisation.uscc.contains(q.upper())))
    page = db.paginate(stmt, per_page=50, error_out=False)
    return render_template("admin/organisations.html", page=page, status=status, q=q)


def _get(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        abort(404)
    return org


@bp.get("/<int:org_id>")
@roles_required(Role.ADMIN)
def show_organisation(org_id: int):
    org = _get(org_id)
    return render_template(
        "admin/organisation_show.html",
        org=org,
        form=OrganisationDecisionForm(),
        events=audit.events_involving("organisation", org.id),
    )


@bp.post("/<int:org_id>/decision")
@roles_required(Role.ADMIN)
def decide_organisation(org_id: int):
    org = _get(org_id)
    form = OrganisationDecisionForm()
    if not form.validate_on_submit():
        flash(_("The reason is too long (at most 1,000 characters)."), "danger")
        return redirect(url_for("admin_organisations.show_organisation", org_id=org.id))
    approve = bool(form.approve.data)
    if not approve and not (form.reason.data or "").strip():
        flash(_("Give the reason for rejecting, so the company knows what to correct."), "danger")
        return redirect(url_for("admin_organisations.show_organisation", org_id=org.id))
    organisations.decide(current_user, org, approve, form.reason.data or "")
    db.session.commit()
    flash(
        _("%(name)s has been approved.", name=org.name)
        if approve
        else _("%(name)s has been rejected.", name=org.name),
        "success",
    )
    return redirect(url_for("admin_organisations.show_organisation", org_id=org.id))
