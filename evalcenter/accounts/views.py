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
from evalcenter.accounts.session import refuse_remember_cookie
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.redirects import safe_next
from evalcenter.core.transaction import attempt
from evalcenter.extensions import limiter

bp = Blueprint("accounts", __name__)
bp.before_app_request(refuse_remember_cookie)


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
        user = services.log_in(form.email.data, form.password.data)
        if user is not None:
            if user.locale:
                session.pop("locale", None)  # the saved preference wins from now on
            login_user(user, remember=False)
            return redirect(target)
        flash(_("Email or password is wrong, or the account is deactivated."), "danger")
    return render_template("accounts/login.html", form=form), 200


@bp.post("/logout")
@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        services.log_out(current_user._get_current_object())
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    user = current_user._get_current_object()
    password_form = ChangePasswordForm(prefix="pw")
    prefs_form = PreferencesForm(prefix="pref", locale=user.locale or "zh_CN")
    if password_form.submit.data and password_form.validate_on_submit():
        current, new = password_form.current_password.data, password_form.new_password.data
        if attempt(lambda: services.change_password(user, current, new), password_form):
            login_user(user, remember=False)  # the fresh session replaces this one
            flash(
                _("Your password has been changed. Other sessions have been logged out."), "success"
            )
            return redirect(url_for("accounts.account"))
    elif prefs_form.submit.data and prefs_form.validate_on_submit():
        services.set_locale(user, prefs_form.locale.data)
        session.pop("locale", None)
        flash(_("Your preferences have been saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_template(
        "accounts/account.html", password_form=password_form, prefs_form=prefs_form
    )
