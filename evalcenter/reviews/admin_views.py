"""Administrators manage reviewers: their profiles (expertise, employer, load cap) and their
declared relations, and see which applications of the round under review they cannot take."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.accounts.models import User
from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm, spec_from
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.reviews import profile_queries as queries
from evalcenter.reviews import (
    profiles,
    readiness,  # noqa: F401  (registers the round's start_deciding check)
    relations,
)
from evalcenter.reviews.models import ReviewerRelation
from evalcenter.reviews.profile_forms import RelationForm, profile_form
from evalcenter.reviews.profile_policies import can_manage_profile, can_remove_relation

bp = Blueprint("admin_reviewers", __name__, url_prefix="/admin/reviewers")


def _profile_page(user_id: int):
    return redirect(url_for("admin_reviewers.profile", user_id=user_id))


@bp.get("")
@roles_required(Role.ADMIN)
def list_reviewers():
    fields = dict(profiles.expertise_choices())
    return render_template("reviews/profiles.html", rows=queries.reviewers(), fields=fields)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def profile(user_id: int):
    reviewer = get_or_404(User, user_id, can_manage_profile)
    current = profiles.profile_of(reviewer)
    form = profile_form(current, profiles.expertise_choices())
    if form.validate_on_submit():
        spec = spec_from(form, profiles.ProfileSpec, fields=form.expertise.data or [])
        version = form.version.data
        if attempt(lambda: profiles.update_profile(current_user, reviewer, spec, version), form):
            flash(_("The profile of %(name)s has been saved.", name=reviewer.name), "success")
            return _profile_page(reviewer.id)
        form.version.data = current.version if current else 0
    rnd = queries.reviewing_round()
    return render_template(
        "reviews/profile.html",
        reviewer=reviewer,
        form=form,
        conflict=getattr(g.get("service_error"), "code", "") == "profile_version_conflict",
        relations=queries.relations_of(reviewer.id),
        rnd=rnd,
        blocked=queries.blocked_applications(rnd, reviewer.id) if rnd else [],
        remove_form=ConfirmForm(),
    )


@bp.route("/<int:user_id>/relations/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def add_relation(user_id: int):
    reviewer = get_or_404(User, user_id, can_manage_profile)
    form = RelationForm()
    if form.validate_on_submit():
        spec = spec_from(form, relations.RelationSpec)
        if attempt(lambda: relations.add_relation(current_user, reviewer, spec), form):
            flash(_("The relation has been declared."), "success")
            return _profile_page(reviewer.id)
    cancel = url_for("admin_reviewers.profile", user_id=reviewer.id)
    return render_template("reviews/relation_new.html", form=form, reviewer=reviewer, cancel=cancel)


@bp.route("/relations/<int:relation_id>/remove", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def remove_relation(relation_id: int):
    relation = get_or_404(ReviewerRelation, relation_id, can_remove_relation)
    reviewer_id = relation.reviewer_id
    if ConfirmForm().validate_on_submit():
        if attempt(lambda: relations.remove_relation(current_user, relation)) is not None:
            flash(_("The relation has been removed."), "success")
        return _profile_page(reviewer_id)
    cancel = url_for("admin_reviewers.profile", user_id=reviewer_id)
    return confirm_page(cancel=cancel, **relations.removal_page(relation))
