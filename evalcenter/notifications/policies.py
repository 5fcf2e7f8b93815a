"""Who may read an in-site message: only the user it was written to."""

from __future__ import annotations

from typing import Any

from evalcenter.notifications.models import Notification


def can_view_notification(actor: Any, notification: Notification) -> bool:
    return bool(actor.is_authenticated) and notification.user_id == actor.id


POLICIES = {"can_view_notification": can_view_notification}
