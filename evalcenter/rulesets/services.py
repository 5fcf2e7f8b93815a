"""Candidate rulesets: created from an uploaded file or a published version, saved as typed,
and published once as a new version file. Services flush; they never commit."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.rounds.rulesets import published, rules_dir
from evalcenter.rulesets import queries
from evalcenter.rulesets.models import RulesetDraft

MAX_DRAFT_BYTES = 1_000_000


def _text(raw: bytes, field: str = "file") -> str:
    """Uploaded or typed bytes as text: UTF-8, size-limited, one kind of line end."""
    if not raw.strip():
        raise ServiceError("file_empty", field)
    if len(raw) > MAX_DRAFT_BYTES:
        raise ServiceError("rule_file_too_large", field, limit=MAX_DRAFT_BYTES // 1000)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ServiceError("rule_file_not_utf8", field) from None
    if "\x00" in text:
        raise ServiceError("rule_file_not_utf8", field)
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _create(actor: User, title: str, content: str, base: tuple[str, int] | None, how: str):
    draft = RulesetDraft(
        title=title[:200],
        content=content,
        base_ruleset_id=base[0] if base else None,
        base_version=base[1] if base else None,
        created_by=actor,
    )
    audit.created("ruleset_draft.create", draft, actor=actor, after={"from": how})
    return draft


def upload(actor: User, title: str, filename: str, raw: bytes) -> RulesetDraft:
    """A candidate holding the uploaded file's text (checked when shown, never run)."""
    content = _text(raw)
    name = title.strip() or Path(filename or "").name or "rules.yaml"
    return _create(actor, name, content, None, "upload")


def copy_published(actor: User, title: str, base: str) -> RulesetDraft:
    """A candidate starting as the text of the published version ``base`` ("id@version"),
    its version set to the next one of that ruleset."""
    info = next((i for i in published() if i.valid and f"{i.id}@{i.version}" == base), None)
    if info is None:
        raise ServiceError("unknown_ruleset", "base")
    text = info.path.read_text(encoding="utf-8")
    content = queries.with_version(text, queries.next_version(info.id))
    name = title.strip() or f"{info.title_zh or info.id} · v{queries.next_version(info.id)}"
    return _create(actor, name, content, (info.id, info.version), "copy")


def _check_editable(draft: RulesetDraft, expected_version: int | None) -> None:
    if draft.published_at is not None:
        raise ServiceError("draft_published")
    if expected_version != draft.version:
        raise ServiceError("draft_conflict")


def save(
    actor: User, draft: RulesetDraft, title: str, content: str, expected_version: int | None
) -> RulesetDraft:
    """Keep what was typed, valid or not (only publishing needs a valid file)."""
    _check_editable(draft, expected_version)
    text = _text(content.encode("utf-8", "surrogatepass"), "content") if content.strip() else ""
    before = {"title": draft.title, "sha256": _digest(draft.content)}
    draft.title, draft.content, draft.updated_at = title.strip()[:200], text, utcnow()
    db.session.flush()
    after = {"title": draft.title, "sha256": _digest(draft.content)}
    before, after = audit.changes(before, after)
    audit.record("ruleset_draft.save", draft, actor=actor, before=before, after=after)
    return draft


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def publish(actor: User, draft: RulesetDraft, expected_version: int | None) -> RulesetDraft:
    """Write the candidate once as the next version of its ruleset; the draft becomes
    read-only and names the file. Refused unless the file is valid with that version."""
    _check_editable(draft, expected_version)
    check = queries.validation(draft)
    if check.ruleset is None:
        raise ServiceError("draft_invalid")
    if not check.publishable:
        raise ServiceError("draft_wrong_version", id=check.ruleset.id, version=check.next_version)
    data = draft.content.encode("utf-8")
    ruleset = check.ruleset
    name = f"{ruleset.id}-v{ruleset.version}.yaml"
    draft.published_at = utcnow()
    draft.published_ruleset_id, draft.published_version = ruleset.id, ruleset.version
    draft.published_sha256 = hashlib.sha256(data).hexdigest()
    db.session.flush()
    audit.record(
        "ruleset_draft.publish",
        draft,
        actor=actor,
        after={
            "ruleset": ruleset.id,
            "version": ruleset.version,
            "file": name,
            "sha256": draft.published_sha256,
        },
    )
    write_once(rules_dir() / name, data)  # last: nothing is written if anything above failed
    return draft


def write_once(path: Path, data: bytes) -> None:
    """Write ``path`` atomically, read-only, and never over an existing file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".publishing-", suffix=".tmp")
    except OSError:
        raise ServiceError("rules_dir_not_writable") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o444)
        os.link(temporary, path)  # atomic; fails if the name exists
    except FileExistsError:
        raise ServiceError("rule_file_exists", name=path.name) from None
    except OSError:
        raise ServiceError("rules_dir_not_writable") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
