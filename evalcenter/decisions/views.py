"""Administrators decide a round's applications (one by one or several at once), start the
publicity, handle the objections and finish the round; each wide-reaching step has its
confirmation page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.applications.models import Application
from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.decisions import confirmations, objections, policies, publicity, queries, services
from evalcenter.decisions.forms import (
    BulkDecisionForm,
    DecisionForm,
    ObjectionForm,
    PublicityForm,
    ResolveForm,
)
from evalcenter.decisions.models import Objection
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("admin_decisions", __name__, url_prefix="/admin")


def _round(round_id: int, policy=policies.is_admin) -> EvaluationRound:
    return get_or_404(EvaluationRound, round_id, policy)


def _back(rnd: EvaluationRound) -> str:
    return url_for("admin_decisions.decisions", round_id=rnd.id)


@bp.get("/rounds/<int:round_id>/decisions")
@roles_required(Role.ADMIN)
def decisions(round_id: int):
    rnd = _round(round_id)
    return render_template(
        "decisions/round.html", rnd=rnd, page=queries.decision_page(rnd), form=ConfirmForm()
    )


@bp.route("/rounds/<int:round_id>/decisions/<int:app_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def decide(round_id: int, app_id: int):
    rnd = _round(round_id, policies.can_decide)
    app = get_or_404(Application, app_id, lambda _u, a: a.round_id == rnd.id)
    current = services.decision_for(app)
    form = DecisionForm(obj=current)
    if form.validate_on_submit():
        outcome, rationale, version = form.outcome.data, form.rationale.data, form.version.data
        expected = version if current else None
        if attempt(lambda: services.decide(current_user, app, outcome, rationale, expected), form):
            flash(_("The decision on %(name)s is saved.", name=app.organisation.name), "success")
            return redirect(_back(rnd))
    return render_template("decisions/decide.html", rnd=rnd, app=app, form=form, current=current)


@bp.route("/rounds/<int:round_id>/decisions/bulk", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def bulk(round_id: int):
    rnd = _round(round_id, policies.can_decide)
    outcome = request.args.get("outcome", "")
    apps = services.selected(rnd, request.args.getlist("app", type=int))
    if outcome not in ("recognised", "not_recognised") or not apps:
        flash(_("Select the applications and the decision first."), "warning")
        return redirect(_back(rnd))
    form, ids = BulkDecisionForm(), [a.id for a in apps]
    if form.validate_on_submit():
        rationale = form.rationale.data
        if attempt(lambda: services.decide_many(current_user, rnd, ids, outcome, rationale), form):
            flash(_("%(n)d decision(s) saved.", n=len(ids)), "success")
            return redirect(_back(rnd))
    changed = sum(1 for row in queries.decision_page(rnd).rows if row.app_id in ids and row.outcome)
    page = confirmations.bulk(outcome, len(apps), changed)
    thing = ", ".join(a.organisation.name for a in apps)
    return confirm_page(cancel=_back(rnd), form=form, thing=thing, action=request.full_path, **page)


@bp.route("/rounds/<int:round_id>/publicity/start", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def start_publicity(round_id: int):
    rnd = _round(round_id)
    form = PublicityForm(data={"starts_on": publicity.default_start()})
    if form.validate_on_submit():
        starts_on = form.starts_on.data
        if attempt(lambda: publicity.start(current_user, rnd, starts_on), form):
            flash(_("The publicity has started."), "success")
            return redirect(_back(rnd))
    period = publicity.calendar.publicity_period(publicity.default_start(), rnd.publicity_days)
    page = confirmations.publicity(rnd, queries.decision_page(rnd).counts, period)
    return confirm_page(cancel=_back(rnd), form=form, thing=rnd.name, **page)


@bp.route("/rounds/<int:round_id>/finish", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def finish(round_id: int):
    rnd = _round(round_id)
    form = ConfirmForm()
    if form.validate_on_submit() and attempt(lambda: publicity.finish(current_user, rnd), form):
        flash(_("The round %(name)s is finished.", name=rnd.name), "success")
        return redirect(_back(rnd))
    page = confirmations.finish(rnd, len(queries.recognised(rnd)))
    return confirm_page(cancel=_back(rnd), form=form, thing=rnd.name, irreversible=True, **page)


@bp.get("/rounds/<int:round_id>/objections")
@roles_required(Role.ADMIN)
def round_objections(round_id: int):
    rnd = _round(round_id)
    rows = queries.round_objections(rnd)
    return render_template("decisions/objections.html", rnd=rnd, rows=rows)


@bp.route("/rounds/<int:round_id>/objections/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def record_objection(round_id: int):
    rnd = _round(round_id, policies.can_view_publicity)
    form = ObjectionForm()
    form.application_id.choices = [(a.app_id, a.name) for a in queries.recognised(rnd)]
    if form.validate_on_submit():
        spec = form.spec()
        if attempt(lambda: objections.file(rnd, spec, recorded_by=current_user), form):
            flash(_("The objection is recorded."), "success")
            return redirect(url_for("admin_decisions.round_objections", round_id=rnd.id))
    return render_template("decisions/objection_new.html", rnd=rnd, form=form)


@bp.route("/objections/<int:objection_id>/resolve", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def resolve(objection_id: int):
    objection = get_or_404(Objection, objection_id, policies.can_resolve)
    form = ResolveForm(data={"version": objection.version})
    cancel = url_for("admin_decisions.round_objections", round_id=objection.round_id)
    if form.validate_on_submit():
        outcome, version = form.outcome.data, form.version.data
        if attempt(lambda: objections.resolve(current_user, objection, outcome, version), form):
            flash(_("The objection is resolved."), "success")
            return redirect(cancel)
    thing = _("Objection by %(name)s", name=objection.name)
    return confirm_page(cancel=cancel, form=form, thing=thing, **confirmations.resolve())
