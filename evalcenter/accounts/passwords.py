"""The one password policy, checked by the services for every way a password is set
(administrators' form, `evalcenter create-user`, sign-up, change).

No composition rules: length, not a common password, nothing personal, not the old one.
"""

from __future__ import annotations

from functools import cache

from evalcenter.core.errors import ServiceError

MIN_LENGTH = 10
MIN_EMAIL_NAME = 3  # shorter email names ("li@...") would refuse too many passwords


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of the zxcvbn corpus, lower case (loaded once)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def check(
    password: str,
    *,
    field: str = "password",
    email: str = "",
    organisation_name: str = "",
    current: str | None = None,
) -> None:
    """Raise a ServiceError on `field` when `password` breaks the policy."""
    if len(password) < MIN_LENGTH:
        raise ServiceError("password_too_short", field, n=MIN_LENGTH)
    if current is not None and password == current:
        raise ServiceError("password_unchanged", field)
    lowered = password.casefold()
    email_name = email.strip().partition("@")[0].casefold()
    organisation = organisation_name.strip().casefold()
    if (len(email_name) >= MIN_EMAIL_NAME and email_name in lowered) or (
        organisation and organisation in lowered
    ):
        raise ServiceError("password_personal", field)
    if password.lower() in common_passwords():
        raise ServiceError("password_common", field)
