"""The one way to record an audit event, and the query administrators page through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import has_request_context, request
from sqlalchemy import Select, or_, select

from evalcenter.core.labels import AUDIT_ACTION_LABELS
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def created(action: str, obj: Any, **details: Any) -> AuditEvent:
    """Add a new object (flushed, so it has its id) and the audit event of its creation."""
    db.session.add(obj)
    db.session.flush()
    return record(action, obj, **details)


def record(
    action: str,
    obj_type: Any,
    obj_id: Any = None,
    *,
    actor: Any = None,
    actor_label: str | None = None,
    object_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Add an audit event to the current session (committed with the change it records).

    `obj_type` is the object's type name with `obj_id`, or the object itself when it names
    itself for the log (`audit_type`, `id`, `audit_label`)."""
    if not isinstance(obj_type, str):
        obj = obj_type
        obj_type, obj_id, object_label = obj.audit_type, obj.id, object_label or obj.audit_label
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label if actor_label is not None else getattr(actor, "email", "") or "",
        action=action,
        object_type=obj_type,
        object_id=None if obj_id is None else str(obj_id),
        object_label=object_label[:255],
        before=before,
        after=after,
        ip=ip if ip is not None else _client_ip(),
    )
    db.session.add(event)
    return event


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Keep only the keys whose values differ."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def audit_query(flt: AuditFilter) -> Select:
    """Newest events first, narrowed by the filter (dates are Beijing days)."""
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if flt.action:
        query = query.where(AuditEvent.action == flt.action)
    if flt.object_type:
        query = query.where(AuditEvent.object_type == flt.object_type)
    if flt.actor:
        query = query.where(AuditEvent.actor_label.contains(flt.actor.strip().lower()))
    if flt.date_from:
        query = query.where(AuditEvent.created_at >= _day_start(flt.date_from))
    if flt.date_to:
        query = query.where(AuditEvent.created_at < _day_start(flt.date_to + timedelta(days=1)))
    return query


def known_actions() -> list[str]:
    """The actions the platform records, for the filter drop-down (a fixed list: reading
    the distinct actions of the whole log would grow with it)."""
    return sorted(AUDIT_ACTION_LABELS)


def events_involving(
    obj_type: str, obj_id: Any, *, actor_id: int | None = None, limit: int = 20
) -> list[AuditEvent]:
    """Recent events about an object, or done by `actor_id`."""
    about = (AuditEvent.object_type == obj_type) & (AuditEvent.object_id == str(obj_id))
    cond = or_(about, AuditEvent.actor_id == actor_id) if actor_id is not None else about
    return list(db.session.scalars(audit_query(AuditFilter()).where(cond).limit(limit)))
