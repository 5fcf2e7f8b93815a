"""Administrators configure extra holidays and working days on top of the official calendar."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.decisions import calendar, calendar_days, confirmations, policies
from evalcenter.decisions.forms import CalendarDayForm
from evalcenter.decisions.models import CalendarDay
from evalcenter.decisions.publicity import today

bp = Blueprint("admin_calendar", __name__, url_prefix="/admin/calendar")


@bp.route("", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def days():
    form = CalendarDayForm()
    if form.validate_on_submit():
        day, working, name = form.day.data, form.working.data, form.name.data
        if attempt(lambda: calendar_days.add(current_user, day, working, name), form):
            flash(_("The day %(day)s is configured.", day=day.isoformat()), "success")
            return redirect(url_for("admin_calendar.days"))
    year = today().year
    covered = {y: calendar.covered(y) for y in (year, year + 1)}
    return render_template(
        "decisions/calendar.html", form=form, days=calendar_days.listed(), covered=covered
    )


@bp.route("/<int:day_id>/remove", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def remove(day_id: int):
    entry = get_or_404(CalendarDay, day_id, policies.is_admin)
    form = ConfirmForm()
    if form.validate_on_submit() and attempt(lambda: calendar_days.remove(current_user, entry)):
        flash(_("The day is removed from the calendar."), "success")
        return redirect(url_for("admin_calendar.days"))
    thing = f"{entry.day.isoformat()} {entry.name}"
    cancel = url_for("admin_calendar.days")
    return confirm_page(cancel=cancel, form=form, thing=thing, **confirmations.remove_day())
