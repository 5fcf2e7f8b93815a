"""Administrators read the audit log."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from evalcenter.core.audit import AuditFilter, audit_query, known_actions
from evalcenter.core.paging import paginate
from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.web.forms import AuditFilterForm

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.get("")
@roles_required(Role.ADMIN)
def audit_log():
    form = AuditFilterForm(formdata=request.args)
    valid = form.validate()
    flt = AuditFilter(
        action=form.action.data or "",
        actor=form.actor.data or "",
        object_type=form.object_type.data or "",
        date_from=form.date_from.data if valid else None,
        date_to=form.date_to.data if valid else None,
    )
    page = paginate(audit_query(flt), current_app.config["AUDIT_PAGE_SIZE"])
    return render_template(
        "admin/audit.html", page=page, flt=flt, form=form, actions=known_actions()
    )
