"""What-if from a round's page: its applications under the ruleset it is pinned to and under
a published ruleset or a candidate (the comparison itself is in rulesets/what_if.py)."""

from __future__ import annotations

from flask_babel import gettext as _

from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import published
from evalcenter.rulesets.queries import drafts
from evalcenter.rulesets.what_if import Figures, compare
from evalcenter.scoring import Ruleset, RulesetError, load_ruleset, ruleset_from_bytes


def candidates() -> dict[str, str]:
    """What a round's applications can be tried under: value -> label."""
    options = {
        f"{i.id}@{i.version}": _("%(id)s, version %(v)s", id=i.id, v=i.version)
        for i in published()
        if i.valid
    }
    for draft in drafts():
        if draft.published_at is None:
            options[f"draft-{draft.id}"] = _("Candidate: %(title)s", title=draft.title)
    return options


def _ruleset(chosen: str) -> Ruleset:
    if chosen.startswith("draft-"):
        draft = next(d for d in drafts() if f"draft-{d.id}" == chosen)
        return ruleset_from_bytes(draft.content.encode("utf-8"), "candidate.yaml")
    info = next(i for i in published() if i.valid and f"{i.id}@{i.version}" == chosen)
    return load_ruleset(info.path)


def what_if(rnd: EvaluationRound, chosen: str) -> tuple[Figures | None, str | None]:
    """The comparison, or why it could not be made."""
    try:
        return compare(rnd, _ruleset(chosen)), None
    except RulesetError as err:
        return None, _("The rule file has %(n)d problem(s); see its page.", n=len(err.problems))
