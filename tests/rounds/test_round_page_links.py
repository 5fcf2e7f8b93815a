"""The round's page leads to every stage of its review: assignment, ranking, calibration,
decisions and objections, each once the round has reached it."""

from __future__ import annotations

import pytest

from evalcenter.extensions import db
from tests.conftest import client_for
from tests.factories import RoundFactory


@pytest.mark.parametrize(
    ("status", "present", "absent"),
    [
        ("open", [], ["/ranking", "/decisions", "/objections", "/assignment"]),
        ("reviewing", ["/assignment", "/ranking", "/calibration"], ["/decisions", "/objections"]),
        ("deciding", ["/ranking", "/calibration", "/decisions"], ["/assignment", "/objections"]),
        ("publicity", ["/ranking", "/decisions", "/objections"], ["/assignment"]),
    ],
)
def test_the_round_page_links_each_stage_it_has_reached(app, people, status, present, absent):
    rnd = RoundFactory(status=status, closed=status != "open")
    db.session.commit()
    admin = client_for(app, people.admin)
    html = admin.get(f"/admin/rounds/{rnd.id}/applications").get_data(as_text=True)
    for path in present:
        href = f'href="/admin/rounds/{rnd.id}{path}"'
        assert href in html, path
        assert admin.get(f"/admin/rounds/{rnd.id}{path}").status_code == 200, path
    for path in absent:
        assert f'href="/admin/rounds/{rnd.id}{path}"' not in html, path
