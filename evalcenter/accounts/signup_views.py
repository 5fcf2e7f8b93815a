"""Companies register themselves and their first applicant contact."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from evalcenter.accounts import organisations
from evalcenter.accounts.organisation_forms import SignupForm
from evalcenter.core.transaction import attempt
from evalcenter.extensions import limiter

bp = Blueprint("signup", __name__)
FIELDS = tuple(organisations.Signup.__dataclass_fields__)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("web.index"))
    form = SignupForm()
    if form.validate_on_submit():
        spec = organisations.Signup(**{name: form[name].data for name in FIELDS})
        user = attempt(lambda: organisations.sign_up(spec), form)
        if user is not None:
            login_user(user, remember=False)
            flash(
                _(
                    "Your organisation is registered and awaits approval by the administrators. "
                    "You can prepare your application meanwhile."
                ),
                "success",
            )
            return redirect(url_for("web.index"))
    return render_template("accounts/signup.html", form=form)
