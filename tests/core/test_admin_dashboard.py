"""The administrators' home page is a to-do queue: each count links to the list filtered to
exactly what it counts, and the lists' filters come from the query string, validated."""

from __future__ import annotations

import re

import pytest

from evalcenter.applications.models import Application
from evalcenter.extensions import db
from tests.conftest import client_for
from tests.factories import OrganisationFactory, RoundFactory


def _application(rnd, status: str) -> Application:
    application = Application(round=rnd, organisation=OrganisationFactory(), status=status, data={})
    db.session.add(application)
    return application


def _tasks(html: str) -> dict[str, tuple[int, str]]:
    """data-task -> (count, href) for each line of the queue."""
    found = {}
    for kind, href, count in re.findall(
        r'data-task="([^"]+)">\s*<a href="([^"]+)".*?data-count="(\d+)"', html, re.S
    ):
        found.setdefault(kind, []).append((int(count), href.replace("&amp;", "&")))
    return found


@pytest.fixture()
def queue(app, people, open_round):
    for _ in range(2):
        OrganisationFactory(status="pending")
    older = RoundFactory(name="2024年度评价", year=2024, status="closed")
    for _ in range(3):
        _application(open_round, "submitted")
    _application(open_round, "returned")
    _application(open_round, "accepted")
    _application(older, "submitted")
    db.session.commit()
    return open_round, older


def test_the_dashboard_counts_what_waits_and_links_to_the_filtered_lists(app, people, queue):
    open_round, older = queue
    admin = client_for(app, people.admin)
    tasks = _tasks(admin.get("/").get_data(as_text=True))
    assert tasks["organisations"] == [(2, "/admin/organisations?status=pending")]
    assert sorted(tasks["formal_check"]) == [
        (1, f"/admin/rounds/{older.id}/applications?status=submitted"),
        (3, f"/admin/rounds/{open_round.id}/applications?status=submitted"),
    ]
    assert tasks["resubmission"] == [
        (1, f"/admin/rounds/{open_round.id}/applications?status=returned")
    ]
    # Each link opens a list of exactly what was counted.
    for lines in tasks.values():
        for count, href in lines:
            html = admin.get(href).get_data(as_text=True)
            listed = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
            assert listed.count("<tr") == count, href


def test_an_empty_queue_says_so(app, people, open_round):
    html = client_for(app, people.admin).get("/").get_data(as_text=True)
    assert 'data-testid="todo-empty"' in html and "data-task=" not in html


@pytest.mark.parametrize(
    "query", ["status=nonsense", "status=", "status=" + "x" * 3000, "status=%E2%80%AE", "page=abc"]
)
def test_bad_filters_are_ignored_never_a_server_error(app, people, queue, query):
    open_round, _ = queue
    admin = client_for(app, people.admin)
    for path in (f"/admin/rounds/{open_round.id}/applications", "/admin/organisations"):
        response = admin.get(f"{path}?{query}")
        assert response.status_code in (200, 404), (path, query)
