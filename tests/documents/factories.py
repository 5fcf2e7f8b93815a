"""Issued certificates as rows, declared with factory_boy like `tests/factories.py`: an
application of its own (in a round of its own) unless one is given; the printed details are
the organisation's. No PDF is made: give ``sha256`` (and ``file_name``) of a real one when a
test checks files."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

import factory

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.documents.models import Certificate, CertificateStatus
from tests.factories import OrganisationFactory, RoundFactory, _Base


class ApplicationFactory(_Base):
    """A certified application (what a certificate is issued for)."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = ApplicationStatus.CERTIFIED
    data = factory.LazyFunction(dict)


class CertificateFactory(_Base):
    class Meta:
        model = Certificate

    application = factory.SubFactory(ApplicationFactory)
    round = factory.SelfAttribute("application.round")
    number = factory.Sequence(lambda n: n + 1)
    serial = factory.LazyAttribute(lambda c: f"BJ-ETC-{c.round.year}-{c.number:04d}")
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    company_name = factory.LazyAttribute(lambda c: c.application.organisation.name)
    centre_name = factory.LazyAttribute(lambda c: f"{c.company_name}技术中心")
    uscc = factory.LazyAttribute(lambda c: c.application.organisation.uscc)
    industry_field = factory.LazyAttribute(lambda c: c.application.organisation.industry_field)
    district = factory.LazyAttribute(lambda c: c.application.organisation.district)
    issued_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    valid_until = factory.LazyAttribute(lambda c: c.issued_on + timedelta(days=3 * 365))
    ruleset_sha256 = factory.LazyAttribute(lambda c: c.round.ruleset_sha256)
    sha256 = factory.LazyFunction(lambda: hashlib.sha256(secrets.token_bytes(16)).hexdigest())
    file_name = factory.LazyFunction(lambda: secrets.token_hex(16) + ".pdf")
    status = CertificateStatus.VALID
