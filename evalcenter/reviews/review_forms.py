"""Forms of the reviewer's workspace: the declaration, the recusal, the review form built from
the round's expert criteria, and the administrators' reopening of a submitted review."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from evalcenter.core.forms import RequiredByService, VersionField, reason_field
from evalcenter.core.i18n import pick
from evalcenter.reviews.review_service import (
    COMMENT_MAX,
    OPINION_MAX,
    Entries,
    comment_field,
    score_field,
)

COMMITMENT = _l(
    "I declare that I have no conflict of interest with this organisation: I have not been "
    "employed by it in the last three years, I hold no shares in it, I have no advisory role "
    "with it, no member of my family works for it or owns it, and nothing else would make my "
    "judgement of it less than impartial. If I learn of such a relation later, I will recuse "
    "myself at once."
)


class DeclareForm(FlaskForm):
    commitment = BooleanField(COMMITMENT, validators=[RequiredByService()])
    submit = SubmitField(_l("Declare no conflict and open the application"))


class RecuseForm(FlaskForm):
    reason = reason_field(
        _l("Why you must recuse yourself"),
        _l("E.g. “I was employed by this company until 2023.” The administrators read it."),
    )


class SubmitReviewForm(FlaskForm):
    """The submission's confirmation: the version of the draft the reviewer checked."""

    version = VersionField()


class ReopenForm(FlaskForm):
    reason = reason_field(
        _l("Why the review is reopened"),
        _l("The reviewer is told this reason; the audit log keeps it."),
    )


class _ReviewForm(FlaskForm):
    criteria: tuple = ()

    def entries(self) -> Entries:
        return Entries(
            scores={c.id: self[score_field(c.id)].data or "" for c in self.criteria},
            comments={c.id: self[comment_field(c.id)].data or "" for c in self.criteria},
            opinion=self.opinion.data or "",
        )

    def fill(self, review: Any) -> None:
        """Show the saved review (on GET)."""
        for c in self.criteria:
            self[score_field(c.id)].data = review.scores.get(c.id, "")
            self[comment_field(c.id)].data = review.comments.get(c.id, "")
        self.opinion.data = review.opinion
        self.version.data = review.version


def _score_hint(criterion: Any, step: Decimal) -> str:
    limits = _("From 0 to %(max)s points, in steps of %(step)s.", max=criterion.maximum, step=step)
    return f"{criterion.description} {limits}" if criterion.description else limits


def review_form_class(expert: Any) -> type[_ReviewForm]:
    """A form with a score and a comment for each expert criterion, in the ruleset's order."""
    step = Decimal(str(expert.step))
    attrs: dict[str, Any] = {"criteria": tuple(expert.criteria)}
    for c in expert.criteria:
        render = {"inputmode": "decimal", "autocomplete": "off", "data-review-score": c.maximum}
        attrs[score_field(c.id)] = StringField(
            _("%(id)s %(label)s (score)", id=c.id, label=pick(c.label)),
            validators=[RequiredByService(), Length(max=10)],
            description=_score_hint(c, step),
            render_kw=render,
        )
        attrs[comment_field(c.id)] = TextAreaField(
            _("Comment on %(id)s", id=c.id),
            validators=[Length(max=COMMENT_MAX)],
            description=_("What supports your score; for the administrators and the panel."),
            render_kw={"rows": 2},
        )
    attrs["opinion"] = TextAreaField(
        _l("Overall opinion"),
        validators=[RequiredByService(), Length(max=OPINION_MAX)],
        description=_l("Your judgement of the technology centre as a whole (required to submit)."),
        render_kw={"rows": 5},
    )
    attrs["version"] = VersionField()
    attrs["save"] = SubmitField(_l("Save draft"))
    attrs["submit"] = SubmitField(_l("Continue to submit"))
    return type("ReviewForm", (_ReviewForm,), attrs)
