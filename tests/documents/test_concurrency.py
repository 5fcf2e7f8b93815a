"""Concurrent issuance: the same application twice gives one certificate; different
applications get distinct, consecutive serials (each thread its own session, as two web
workers would have)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.documents.models import Certificate
from evalcenter.documents.tasks import issue_committed
from evalcenter.extensions import db
from tests.documents.helpers import finished_round


def _in_threads(flask_app, admin_id, app_ids):
    errors, barrier = [], threading.Barrier(len(app_ids))

    def work(app_id):
        with flask_app.app_context():
            try:
                barrier.wait()
                issue_committed(db.session.get(User, admin_id), app_id)
            except Exception as err:  # reported below
                errors.append(repr(err))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(i,)) for i in app_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def test_same_application_twice_gives_one_certificate(app, people):
    _rnd, (recognised, _other) = finished_round(people.admin)
    errors = _in_threads(app, people.admin.id, [recognised.id] * 3)
    assert errors == []
    db.session.expire_all()
    certs = db.session.scalars(select(Certificate)).all()
    assert [c.application_id for c in certs] == [recognised.id]


def test_different_applications_get_consecutive_serials(app, people):
    rnd, apps = finished_round(people.admin, ("recognised",) * 4)
    errors = _in_threads(app, people.admin.id, [a.id for a in apps])
    assert errors == []
    db.session.expire_all()
    certs = db.session.scalars(select(Certificate).order_by(Certificate.number)).all()
    assert [c.number for c in certs] == [1, 2, 3, 4]
    assert sorted(c.application_id for c in certs) == sorted(a.id for a in apps)
    assert len({c.serial for c in certs}) == 4
    assert all(c.serial.startswith(f"BJ-ETC-{rnd.year}-000") for c in certs)
