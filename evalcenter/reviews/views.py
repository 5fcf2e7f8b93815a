"""Reviewers maintain their own declared relations to organisations (回避)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm, spec_from
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.reviews import profile_queries as queries
from evalcenter.reviews import relations
from evalcenter.reviews.models import ReviewerRelation
from evalcenter.reviews.profile_forms import RelationForm
from evalcenter.reviews.profile_policies import can_remove_relation

bp = Blueprint("reviewer", __name__, url_prefix="/reviewer")


def _back():
    return redirect(url_for("reviewer.relations_page"))


@bp.get("/relations")
@roles_required(Role.REVIEWER)
def relations_page():
    return render_template(
        "reviews/relations.html", relations=queries.relations_of(current_user.id)
    )


@bp.route("/relations/new", methods=["GET", "POST"])
@roles_required(Role.REVIEWER)
def add_relation():
    form = RelationForm()
    if form.validate_on_submit():
        spec = spec_from(form, relations.RelationSpec)
        actor = current_user._get_current_object()
        if attempt(lambda: relations.add_relation(actor, actor, spec), form):
            flash(_("The relation has been declared."), "success")
            return _back()
    cancel = url_for("reviewer.relations_page")
    return render_template("reviews/relation_new.html", form=form, reviewer=None, cancel=cancel)


@bp.route("/relations/<int:relation_id>/remove", methods=["GET", "POST"])
@roles_required(Role.REVIEWER)
def remove_relation(relation_id: int):
    relation = get_or_404(ReviewerRelation, relation_id, can_remove_relation)
    if ConfirmForm().validate_on_submit():
        if attempt(lambda: relations.remove_relation(current_user, relation)) is not None:
            flash(_("The relation has been removed."), "success")
        return _back()
    return confirm_page(
        cancel=url_for("reviewer.relations_page"), **relations.removal_page(relation)
    )
