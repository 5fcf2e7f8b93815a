"""Companies register themselves and their first applicant contact."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from evalcenter.accounts import organisations
from evalcenter.accounts.organisation_forms import SignupForm
from evalcenter.extensions import db, limiter

bp = Blueprint("signup", __name__)

MESSAGES = {
    "uscc_taken": lambda: _(
        "An organisation with this USCC is already registered. If you work for it, ask its "
        "applicant contact or the administrators to create an account for you."
    ),
    "email_taken": lambda: _(
        "An account with this email already exists. Log in, or use another address."
    ),
}


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("web.index"))
    form = SignupForm()
    if form.validate_on_submit():
        spec = organisations.Signup(
            **{name: getattr(form, name).data for name in organisations.Signup.__dataclass_fields__}
        )
        try:
            user = organisations.register(spec)
        except organisations.SignupError as err:
            db.session.rollback()
            getattr(form, err.field).errors.append(MESSAGES[err.code]())
        else:
            db.session.commit()
            login_user(user)
            flash(
                _(
                    "Your organisation is registered and awaits approval by the administrators. "
                    "You can prepare your application meanwhile."
                ),
                "success",
            )
            return redirect(url_for("web.index"))
    return render_template("accounts/signup.html", form=form)
