"""The read side of rule authoring: candidates, their check by the engine, the next version of
a ruleset, and a round's applications as a what-if corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import published
from evalcenter.rulesets.models import RulesetDraft
from evalcenter.scoring import CorpusEntry, Ruleset, RulesetError, ruleset_from_bytes
from evalcenter.scoring.yaml_source import LineDict, YamlSourceError, load_yaml

MAX_LISTED_PROBLEMS = 200


class Problem(NamedTuple):
    """One problem of a candidate, as ``line: rule-id: message``."""

    line: int
    rule_id: str
    message: str


@dataclass(frozen=True)
class Validation:
    """What the engine says of a candidate: its problems, or the valid ruleset; and the
    version it must carry to be published."""

    problems: tuple[Problem, ...] = ()
    ruleset: Ruleset | None = None
    next_version: int | None = None
    version_line: int = 1
    lines: tuple[str, ...] = field(default=(), repr=False)

    @property
    def valid(self) -> bool:
        return self.ruleset is not None

    @property
    def publishable(self) -> bool:
        return self.ruleset is not None and self.ruleset.version == self.next_version


def drafts() -> list[RulesetDraft]:
    """Every candidate, the unpublished and most recently changed first."""
    query = select(RulesetDraft).order_by(
        RulesetDraft.published_at.is_not(None), RulesetDraft.updated_at.desc()
    )
    return list(db.session.scalars(query.options(selectinload(RulesetDraft.created_by))))


def next_version(ruleset_id: str) -> int:
    """The version a new file of ``ruleset_id`` gets: one more than any published file's."""
    versions = [i.version or 0 for i in published() if i.id == ruleset_id]
    return max(versions, default=0) + 1


def _version_line(text: str) -> int:
    """The line of ``ruleset: version:`` (1 when the text does not say)."""
    try:
        doc, _ = load_yaml(text)
    except YamlSourceError:
        return 1
    header = doc.get("ruleset") if isinstance(doc, LineDict) else None
    if isinstance(header, LineDict):
        return header.line_of("version")
    return doc.line if isinstance(doc, LineDict) else 1


def with_version(text: str, version: int) -> str:
    """``text`` with its ``ruleset: version:`` line set to ``version`` (other lines kept)."""
    lines = text.split("\n")
    at = _version_line(text) - 1
    if 0 <= at < len(lines):
        changed = re.sub(r"^(\s*version:\s*)\d+", rf"\g<1>{version}", lines[at])
        lines[at] = changed
    return "\n".join(lines)


def validation(draft: RulesetDraft) -> Validation:
    """Check the candidate with the engine (its embedded test cases included); never run it."""
    text = draft.content
    lines = tuple(text.split("\n"))
    try:
        ruleset = ruleset_from_bytes(text.encode("utf-8"), "candidate.yaml")
    except RulesetError as err:
        problems = tuple(
            Problem(p.line, p.rule_id, p.message) for p in err.problems[:MAX_LISTED_PROBLEMS]
        )
        return Validation(problems=problems, lines=lines)
    wanted = next_version(ruleset.id)
    return Validation((), ruleset, wanted, _version_line(text), lines)


def rounds() -> list[EvaluationRound]:
    """Every round, newest first: a candidate can be tried on any of them."""
    query = select(EvaluationRound).order_by(EvaluationRound.year.desc(), EvaluationRound.id)
    return list(db.session.scalars(query))


def round_corpus(rnd: EvaluationRound) -> list[CorpusEntry]:
    """Each live application of the round: its latest submitted data, else its draft."""
    apps = db.session.scalars(
        select(Application)
        .where(Application.round_id == rnd.id, Application.status != ApplicationStatus.WITHDRAWN)
        .options(selectinload(Application.snapshots), selectinload(Application.organisation))
        .order_by(Application.id)
    )
    corpus = []
    for app in apps:
        data: dict[str, Any] = dict(app.latest_snapshot.data if app.latest_snapshot else app.data)
        submitted = app.submitted_at.isoformat() if app.submitted_at else None
        corpus.append(CorpusEntry(app.organisation.name, data, None, submitted))
    return corpus
