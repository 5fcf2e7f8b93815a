"""The one way to check access: a role check on the view, a policy on the object.

A policy is a function `(user, obj) -> bool` in the feature's `policies.py`; views load
objects with `get_or_404(Model, id, policy)` and templates call the same policies. An object
the user may not see answers 404, as one that does not exist, so nothing leaks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from evalcenter.core.roles import Role
from evalcenter.extensions import db, login_manager

T = TypeVar("T")
MAX_ID = 2**31 - 1  # the largest id every supported database's integer column holds


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ids beyond the database's integer do not match (404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def roles_required(*roles: Role, hidden: bool = False) -> Callable:
    """Anonymous users go to the login page; other roles get 403, or 404 when ``hidden``:
    for routes whose very existence is not theirs to know (a company asking for a review,
    a panel or a ranking learns nothing, not even that it exists)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(404 if hidden else 403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def get_or_404(model: type[T], obj_id: Any, policy: Callable[[Any, T], bool] | None = None) -> T:
    """The object if it exists and the current user passes `policy`; 404 otherwise."""
    if not isinstance(obj_id, int) or isinstance(obj_id, bool) or not 0 < obj_id <= MAX_ID:
        abort(404)
    obj = db.session.get(model, obj_id)
    if obj is None or (policy is not None and not policy(current_user, obj)):
        abort(404)
    return obj
