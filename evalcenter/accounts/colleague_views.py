"""Colleagues in one organisation: its first user invites them and can deactivate them; an
invited colleague accepts through the link and sets a password of their own."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from evalcenter.accounts import confirmations, invitations, policies, queries, services
from evalcenter.accounts.colleague_forms import AcceptInvitationForm, InviteForm
from evalcenter.accounts.models import Invitation, User
from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.extensions import limiter

bp = Blueprint("colleagues", __name__)


def _back():
    return redirect(url_for("colleagues.list_colleagues"))


def _invitation_link(token: str) -> str:
    return url_for("colleagues.accept_invitation", token=token, _external=True)


@bp.get("/colleagues")
@roles_required(Role.APPLICANT)
def list_colleagues():
    org_id = current_user.organisation_id
    return render_template(
        "accounts/colleagues.html",
        rows=queries.colleagues(org_id),
        owner_id=queries.organisation_owner_id(org_id),
        form=ConfirmForm(),
    )


@bp.route("/colleagues/invite", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
@limiter.limit("30 per hour", methods=["POST"])
def invite():
    if not policies.can_invite(current_user):
        abort(403)
    form = InviteForm()
    if form.validate_on_submit():
        actor, email, name = current_user._get_current_object(), form.email.data, form.name.data
        invited = attempt(lambda: invitations.invite(actor, email, name, _invitation_link), form)
        if invited is not None:
            flash(
                _(
                    "%(email)s has been invited. The link is valid for %(days)d days.",
                    email=invited.email,
                    days=invitations.VALID_DAYS,
                ),
                "success",
            )
            return _back()
    return render_template("accounts/invite.html", form=form, days=invitations.VALID_DAYS)


@bp.route("/colleagues/invitations/<int:invitation_id>/revoke", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def revoke_invitation(invitation_id: int):
    invitation = get_or_404(Invitation, invitation_id, policies.can_revoke_invitation)
    if ConfirmForm().validate_on_submit():
        if attempt(lambda: invitations.revoke(current_user, invitation)) is not None:
            flash(
                _("The invitation to %(email)s has been revoked.", email=invitation.email),
                "success",
            )
        return _back()
    cancel = url_for("colleagues.list_colleagues")
    return confirm_page(cancel=cancel, **confirmations.revocation(invitation))


@bp.route("/colleagues/<int:user_id>/deactivate", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def deactivate(user_id: int):
    user = get_or_404(User, user_id, policies.can_manage_colleague)
    if ConfirmForm().validate_on_submit():
        if attempt(lambda: services.set_active(current_user, user, False)) is not None:
            flash(
                _("%(name)s has been deactivated and logged out everywhere.", name=user.name),
                "success",
            )
        return _back()
    thing = _("The account %(email)s of your organisation.", email=user.email)
    page = confirmations.deactivation(user, by_colleague=True)
    return confirm_page(thing=thing, cancel=url_for("colleagues.list_colleagues"), **page)


@bp.post("/colleagues/<int:user_id>/reactivate")
@roles_required(Role.APPLICANT)
def reactivate(user_id: int):
    user = get_or_404(User, user_id, policies.can_manage_colleague)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if attempt(lambda: services.set_active(current_user, user, True)) is not None:
        flash(_("%(name)s can log in again.", name=user.name), "success")
    return _back()


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def accept_invitation(token: str):
    invitation = invitations.find(token)
    state = invitations.state(invitation) if invitation is not None else "unknown"
    if state != "pending":
        page = render_template(
            "accounts/invitation_closed.html", invitation=invitation, state=state
        )
        return page, 404 if invitation is None else 410
    form = AcceptInvitationForm(name=invitation.name)
    if not current_user.is_authenticated and form.validate_on_submit():
        name, password = form.name.data, form.password.data
        user = attempt(lambda: invitations.accept(invitation, name, password), form)
        if user is not None:
            login_user(user, remember=False)
            flash(_("Welcome! Your account has been created and you are logged in."), "success")
            return redirect(url_for("web.index"))
    return render_template("accounts/accept_invitation.html", invitation=invitation, form=form)
