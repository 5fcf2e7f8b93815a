"""Administrators manage user accounts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from evalcenter.accounts import services
from evalcenter.accounts.forms import UserCreateForm
from evalcenter.accounts.models import Organisation, User
from evalcenter.core import audit
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.extensions import db

bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")

ERRORS = {
    "email_taken": ("email", lambda: _("A user with this email already exists.")),
    "organisation_required": (
        "organisation_id",
        lambda: _("Choose the organisation an applicant contact files for."),
    ),
    "bad_role": ("role", lambda: _("Choose one of the listed roles.")),
}


def _organisation_choices() -> list[tuple[int, str]]:
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.name))
    return [(0, "—")] + [(o.id, f"{o.name} ({o.uscc})") for o in orgs]


@bp.get("")
@roles_required(Role.ADMIN)
def list_users():
    role = request.args.get("role", "")
    q = request.args.get("q", "").strip()
    stmt = select(User).order_by(User.role, User.email)
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == role)
    if q:
        stmt = stmt.where(or_(User.email.contains(q.lower()), User.name.contains(q)))
    page = db.paginate(stmt, per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, role=role, q=q)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_user():
    form = UserCreateForm()
    form.organisation_id.choices = _organisation_choices()
    if form.validate_on_submit():
        spec = services.NewUser(
            name=form.name.data,
            email=form.email.data,
            role=form.role.data,
            password=form.password.data,
            organisation_id=form.organisation_id.data or None,
        )
        try:
            user = services.create_user(current_user, spec)
        except services.AccountError as err:
            db.session.rollback()
            field, message = ERRORS[str(err)]
            getattr(form, field).errors.append(message())
        else:
            db.session.commit()
            flash(_("User %(email)s has been created.", email=user.email), "success")
            return redirect(url_for("admin_users.show_user", user_id=user.id))
    return render_template("admin/user_new.html", form=form)


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/<int:user_id>")
@roles_required(Role.ADMIN)
def show_user(user_id: int):
    user = _get_user(user_id)
    events = audit.events_involving("user", user.id, actor_id=user.id)
    return render_template("admin/user_show.html", user=user, form=ConfirmForm(), events=events)


@bp.post("/<int:user_id>/deactivate")
@roles_required(Role.ADMIN)
def deactivate_user(user_id: int):
    return _set_active(user_id, False)


@bp.post("/<int:user_id>/reactivate")
@roles_required(Role.ADMIN)
def reactivate_user(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    user = _get_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.set_active(current_user, user, active)
    except services.AccountError:
        flash(_("You cannot deactivate your own account."), "danger")
    else:
        db.session.commit()
        if active:
            flash(_("%(email)s can log in again.", email=user.email), "success")
        else:
            flash(
                _("%(email)s has been deactivated and logged out everywhere.", email=user.email),
                "success",
            )
    return redirect(url_for("admin_users.show_user", user_id=user.id))
