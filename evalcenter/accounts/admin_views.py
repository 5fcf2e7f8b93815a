"""Administrators manage user accounts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.accounts import confirmations, policies, queries, services
from evalcenter.accounts.forms import UserCreateForm
from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt

bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")


@bp.get("")
@roles_required(Role.ADMIN)
def list_users():
    page, shown = queries.users_page(request.args)
    return render_template("admin/users.html", page=page, **shown)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_user():
    form = UserCreateForm()
    form.organisation_id.choices = queries.organisation_choices()
    if form.validate_on_submit():
        spec = services.NewUser(
            name=form.name.data,
            email=form.email.data,
            role=form.role.data,
            password=form.password.data,
            organisation_id=form.organisation_id.data or None,
        )
        user = attempt(lambda: services.create_user(current_user, spec), form)
        if user is not None:
            flash(_("User %(email)s has been created.", email=user.email), "success")
            return redirect(url_for("admin_users.show_user", user_id=user.id))
    return render_template("admin/user_new.html", form=form)


@bp.get("/<int:user_id>")
@roles_required(Role.ADMIN)
def show_user(user_id: int):
    user = get_or_404(User, user_id, policies.can_manage_user)
    events = audit.events_involving("user", user.id, actor_id=user.id)
    return render_template("admin/user_show.html", user=user, form=ConfirmForm(), events=events)


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def deactivate_user(user_id: int):
    user = get_or_404(User, user_id, policies.can_manage_user)
    form = ConfirmForm()
    if form.validate_on_submit() and attempt(
        lambda: services.set_active(current_user, user, False), form
    ):
        flash(
            _("%(name)s has been deactivated and logged out everywhere.", name=user.name), "success"
        )
        return redirect(url_for("admin_users.show_user", user_id=user.id))
    cancel = url_for("admin_users.show_user", user_id=user.id)
    page = confirmations.deactivation(user, by_colleague=False)
    return confirm_page(thing=user.name, cancel=cancel, form=form, **page)


@bp.post("/<int:user_id>/reactivate")
@roles_required(Role.ADMIN)
def reactivate_user(user_id: int):
    user = get_or_404(User, user_id, policies.can_manage_user)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if attempt(lambda: services.set_active(current_user, user, True)) is not None:
        flash(_("%(name)s can log in again.", name=user.name), "success")
    return redirect(url_for("admin_users.show_user", user_id=user.id))
