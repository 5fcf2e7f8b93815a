"""Administrators read the audit log."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template, request

from evalcenter.accounts.models import Role
from evalcenter.core.audit import AuditFilter, audit_query, known_actions
from evalcenter.core.permissions import roles_required
from evalcenter.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("")
@roles_required(Role.ADMIN)
def audit_log():
    flt = AuditFilter(
        action=request.args.get("action", "")[:64],
        actor=request.args.get("actor", "")[:255],
        object_type=request.args.get("object_type", "")[:64],
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
    )
    page = db.paginate(
        audit_query(flt), per_page=current_app.config["AUDIT_PAGE_SIZE"], error_out=False
    )
    return render_template("admin/audit.html", page=page, flt=flt, actions=known_actions())
