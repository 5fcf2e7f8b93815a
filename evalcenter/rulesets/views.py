"""Administrators write candidate rulesets in the browser, check them with the engine, try
them on a round's applications and publish them as a new version file."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.core.confirmation import confirm_page
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.core.types import whole_number
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.policies import can_manage
from evalcenter.rounds.rulesets import published
from evalcenter.rulesets import policies, queries, services
from evalcenter.rulesets.forms import CopyForm, DraftForm, PublishForm, UploadForm
from evalcenter.rulesets.models import RulesetDraft
from evalcenter.rulesets.what_if import compare
from evalcenter.scoring import RulesetError

bp = Blueprint("ruleset_drafts", __name__, url_prefix="/admin/rulesets/drafts")


def _copy_form() -> CopyForm:
    form = CopyForm(prefix="copy")
    form.base.choices = [("", "—")] + [
        (f"{i.id}@{i.version}", f"{i.title_zh or i.id} · v{i.version}")
        for i in published()
        if i.valid
    ]
    return form


def _new_page(upload: UploadForm, copy: CopyForm, status: int = 200):
    return render_template("rulesets/new.html", upload=upload, copy=copy), status


@bp.get("")
@roles_required(Role.ADMIN)
def index():
    return render_template("rulesets/index.html", drafts=queries.drafts())


@bp.get("/new")
@roles_required(Role.ADMIN)
def new():
    copy = _copy_form()
    copy.base.data = request.args.get("base", "")
    return _new_page(UploadForm(prefix="upload"), copy)


@bp.post("/upload")
@roles_required(Role.ADMIN)
def upload():
    form = UploadForm(prefix="upload")
    if form.validate_on_submit():
        raw = form.file.data.read(services.MAX_DRAFT_BYTES + 1)
        name = form.file.data.filename or ""
        draft = attempt(lambda: services.upload(current_user, form.title.data, name, raw), form)
        if draft:
            return redirect(url_for(".edit", draft_id=draft.id))
    return _new_page(form, _copy_form(), 422)


@bp.post("/copy")
@roles_required(Role.ADMIN)
def copy():
    form = _copy_form()
    if form.validate_on_submit():
        draft = attempt(
            lambda: services.copy_published(current_user, form.title.data, form.base.data), form
        )
        if draft:
            return redirect(url_for(".edit", draft_id=draft.id))
    return _new_page(UploadForm(prefix="upload"), form, 422)


@bp.route("/<int:draft_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(draft_id: int):
    draft = get_or_404(RulesetDraft, draft_id, policies.can_view)
    form = DraftForm(obj=draft)
    if form.validate_on_submit():
        content, title, version = form.content.data, form.title.data, form.version.data
        if attempt(lambda: services.save(current_user, draft, title, content, version), form):
            flash(_("Saved. The check below is for what you saved."), "success")
            return redirect(url_for(".edit", draft_id=draft.id))
    status = 422 if request.method == "POST" else 200
    check = queries.validation(draft)
    return render_template(
        "rulesets/edit.html", draft=draft, form=form, check=check, rounds=queries.rounds()
    ), status


@bp.get("/<int:draft_id>/what-if")
@roles_required(Role.ADMIN)
def what_if(draft_id: int):
    draft = get_or_404(RulesetDraft, draft_id, policies.can_view)
    check, rounds = queries.validation(draft), queries.rounds()
    round_id = whole_number(request.args.get("round", ""))
    rnd = get_or_404(EvaluationRound, round_id, can_manage) if round_id is not None else None
    figures, error = None, None
    if rnd is not None and check.valid:
        try:
            figures = compare(rnd, check.ruleset)
        except RulesetError:
            error = _("The round's own ruleset file could not be loaded: it no longer matches.")
    return render_template(
        "rulesets/what_if.html",
        draft=draft,
        check=check,
        rounds=rounds,
        rnd=rnd,
        figures=figures,
        error=error,
    )


@bp.route("/<int:draft_id>/publish", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def publish(draft_id: int):
    draft = get_or_404(RulesetDraft, draft_id, policies.can_view)
    check = queries.validation(draft)
    if not (policies.can_edit(current_user, draft) and check.publishable):
        flash(_("This candidate cannot be published: see the check on its page."), "danger")
        return redirect(url_for(".edit", draft_id=draft.id))
    form = PublishForm(version=draft.version)
    if form.validate_on_submit() and attempt(
        lambda: services.publish(current_user, draft, form.version.data), form
    ):
        flash(_("Published as a new version. Rounds can now be pinned to it."), "success")
        return redirect(url_for(".edit", draft_id=draft.id))
    rs = check.ruleset
    name = f"{rs.id}-v{rs.version}.yaml"
    return confirm_page(
        title=_("Publish version %(version)s of this ruleset?", version=rs.version),
        thing=draft.title,
        consequences=[
            _("The file is written once as %(name)s among the published rulesets.", name=name),
            _("A published file is never edited: later changes need another version."),
            _("New rounds can be pinned to it; rounds already running keep their ruleset."),
            _("This candidate becomes read-only and links to the published version."),
        ],
        action=url_for(".publish", draft_id=draft.id),
        button_text=_("Publish version %(version)s", version=rs.version),
        cancel=url_for(".edit", draft_id=draft.id),
        form=form,
        kind="primary",
        irreversible=True,
    )
