"""Administrators reopen a submitted review, with a reason, on a confirmation page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.core.confirmation import confirm_page
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.reviews import review_service
from evalcenter.reviews import workspace_confirmations as confirmations
from evalcenter.reviews.models import Review
from evalcenter.reviews.review_forms import ReopenForm

bp = Blueprint("review_admin", __name__, url_prefix="/admin/reviews")


@bp.route("/<int:review_id>/reopen", methods=["GET", "POST"])
@roles_required(Role.ADMIN, hidden=True)
def reopen(review_id: int):
    review = get_or_404(Review, review_id)
    back = url_for("admin_applications.show_application", app_id=review.application_id)
    form = ReopenForm()
    if form.validate_on_submit():
        reason = form.reason.data
        if attempt(lambda: review_service.reopen(current_user, review, reason), form):
            flash(_("The review has been reopened; the reviewer has been told."), "success")
            return redirect(back)
    app = review.assignment.application
    thing = _(
        "The review by %(reviewer)s of %(organisation)s.",
        reviewer=review.assignment.reviewer.name,
        organisation=app.organisation.name,
    )
    return confirm_page(thing=thing, cancel=back, form=form, **confirmations.reopening(review))
