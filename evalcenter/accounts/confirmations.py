"""What the confirmation pages of account actions say will happen."""

from __future__ import annotations

from flask_babel import gettext as _

from evalcenter.accounts.models import Invitation, User
from evalcenter.core.confirmation import page_texts


def deactivation(user: User, by_colleague: bool) -> dict:
    """Deactivating ``user``: by an administrator, or by their organisation's first user."""
    if by_colleague:
        lines = [
            _("They are logged out at once, on every device, and can no longer log in."),
            _("What they saved in the application stays; your colleagues keep working on it."),
            _("You can reactivate the account later on the colleagues page."),
        ]
        title, button = _("Deactivate %(name)s?", name=user.name), _("Deactivate the account")
    else:
        lines = [
            _("They are logged out at once, everywhere."),
            _("They cannot log in until an administrator reactivates the account."),
            _("What they did stays in the audit log; their applications and reviews are kept."),
        ]
        title, button = _("Deactivate this user?"), _("Deactivate this user")
    return page_texts(title, button, "danger", lines)


def revocation(invitation: Invitation) -> dict:
    lines = [
        _("The link sent to %(email)s stops working.", email=invitation.email),
        _("You can invite the same address again later."),
    ]
    title = _("Revoke the invitation to %(email)s?", email=invitation.email)
    return page_texts(title, _("Revoke the invitation"), "danger", lines)
