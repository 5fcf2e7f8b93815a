"""Test data, declared with factory_boy: each factory builds a valid object and flushes it
into the test's database session (the test commits when requests must see it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from evalcenter.accounts.models import Organisation, OrganisationStatus, User
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound, RoundStatus
from evalcenter.scoring import default_rules_dir, sha256_file
from evalcenter.scoring.uscc import check_character

PASSWORD = "Test-Password-1"
REFERENCE_RULES = "bj-excellent-etc-2025.yaml"


def uscc(n: int) -> str:
    """A valid, distinct unified social credit code for each number."""
    body = f"91110108MA{n:07d}"
    return body + check_character(body)


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OrganisationFactory(_Base):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"北京测试{n:03d}科技有限公司")
    uscc = factory.Sequence(uscc)
    district = "海淀区"
    industry_field = "next_gen_it"
    sector = "I"
    status = OrganisationStatus.APPROVED


class UserFactory(_Base):
    """A user with the test password; an applicant contact gets an organisation."""

    class Meta:
        model = User
        exclude = ("password",)

    email = factory.Sequence(lambda n: f"user{n}@example.cn")
    name = factory.LazyAttribute(lambda u: u.email.split("@")[0])
    role = Role.APPLICANT
    active = True
    organisation = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role == Role.APPLICANT),
        yes_declaration=factory.SubFactory(OrganisationFactory),
        no_declaration=None,
    )
    password = PASSWORD
    password_hash = ""

    @factory.post_generation
    def set_password(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's API
        obj.set_password(extracted or PASSWORD)


class RoundFactory(_Base):
    """A round pinned to the reference ruleset, open for a month (`closed=True`: its
    closing time has just passed)."""

    class Meta:
        model = EvaluationRound

    class Params:
        closed = False

    name = "2025年度评价"
    year = 2025
    ruleset_id = "bj-excellent-etc-2025"
    ruleset_version = 1
    ruleset_sha256 = factory.LazyFunction(
        lambda: sha256_file(default_rules_dir() / REFERENCE_RULES)
    )
    status = RoundStatus.OPEN
    opens_at = factory.LazyFunction(lambda: datetime.now(UTC) - timedelta(days=1))
    closes_at = factory.LazyAttribute(
        lambda r: datetime.now(UTC) + (-timedelta(minutes=1) if r.closed else timedelta(days=30))
    )
