"""Login, logout, password and preferences."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from evalcenter.accounts import services
from evalcenter.accounts.forms import ChangePasswordForm, LoginForm, PreferencesForm
from evalcenter.core import audit
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.redirects import safe_next
from evalcenter.extensions import db, limiter

bp = Blueprint("accounts", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_email_key() -> str:
    return "login-email:" + services.normalise_email(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_email_key)
def login():
    target = safe_next(request.args.get("next"), url_for("web.index"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        db.session.commit()
        if user is not None:
            if user.locale:
                session.pop("locale", None)  # the saved preference wins from now on
            login_user(user)
            return redirect(target)
        flash(_("Email or password is wrong, or the account is deactivated."), "danger")
    return render_template("accounts/login.html", form=form), 200


@bp.post("/logout")
@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        audit.record(
            "logout", "user", current_user.id, actor=current_user, object_label=current_user.email
        )
        db.session.commit()
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    password_form = ChangePasswordForm(prefix="pw")
    prefs_form = PreferencesForm(prefix="pref", locale=current_user.locale or "zh_CN")
    if password_form.submit.data and password_form.validate_on_submit():
        try:
            services.change_password(
                current_user, password_form.current_password.data, password_form.new_password.data
            )
        except services.AccountError:
            password_form.current_password.errors.append(_("The current password is wrong."))
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # new token: keep this session
            flash(
                _("Your password has been changed. Other sessions have been logged out."), "success"
            )
            return redirect(url_for("accounts.account"))
    elif prefs_form.submit.data and prefs_form.validate_on_submit():
        services.set_locale(current_user, prefs_form.locale.data)
        db.session.commit()
        session.pop("locale", None)
        flash(_("Your preferences have been saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_template(
        "accounts/account.html", password_form=password_form, prefs_form=prefs_form
    )
