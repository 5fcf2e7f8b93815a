"""Forgot password: asking for a reset link, and setting a new password through it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.accounts import password_reset, services
from evalcenter.accounts.password_reset_forms import ForgotPasswordForm, ResetPasswordForm
from evalcenter.core.transaction import attempt
from evalcenter.extensions import limiter

bp = Blueprint("password_reset", __name__)


def _email_key() -> str:
    return "reset-email:" + services.normalise_email(request.form.get("email", ""))


def _status(form) -> int:
    """422 when the posted form is shown again with its errors."""
    return 422 if form.errors else 200


def _link(token: str) -> str:
    return url_for("password_reset.reset", token=token)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)
def forgot():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data
        attempt(lambda: password_reset.request_reset(email, _link), form)
        flash(
            _(
                "If an account exists for %(email)s, we have sent it a link to set a new "
                "password. The link works once, for one hour. Check your spam folder too.",
                email=email,
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), _status(form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def reset(token: str):
    found = password_reset.find(token)
    state = password_reset.state(found) if found is not None else "unknown"
    if state != "valid":
        page = render_template("accounts/reset_closed.html", state=state)
        return page, 404 if found is None else 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        password = form.password.data
        if attempt(lambda: password_reset.complete(found, password), form) is not None:
            flash(
                _(
                    "Your new password is set, and every session of your account has been "
                    "logged out. Log in with the new password."
                ),
                "success",
            )
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, token=token), _status(form)
