"""What-if of a candidate on a round, and publishing it as the next version file."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from evalcenter.applications import services as applications
from evalcenter.core.errors import ServiceError
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.rulesets import services
from evalcenter.rulesets.chart import histogram
from tests.applications.helpers import example_data
from tests.conftest import client_for
from tests.rulesets.helpers import TEXT, make_draft, post_form, version_2


@pytest.fixture()
def filed(people, draft):
    """The draft application holding the spec example with 2 national platforms (full marks
    for C4 under version 1, 2.40 of 3 under the candidate)."""
    data = example_data()
    data["uscc"] = people.organisation.uscc
    data["national_platforms"] = 2
    applications.import_json(people.applicant, draft, json.dumps(data).encode(), None)
    db.session.commit()
    return draft


def test_what_if_of_a_candidate_on_a_round(app, people, filed, rules):
    client = client_for(app, people.admin)
    candidate = make_draft(version_2())
    client.get("/lang/en")
    url = f"/admin/rulesets/drafts/{candidate.id}/what-if?round={filed.round_id}"
    html = client.get(url).get_data(as_text=True)
    assert "Applications scored: 1" in html
    assert "Rank changes: 0" in html and "Recommendation changes: 0" in html
    assert "89.31 → 88.71" in html and "C4 3.00→2.40" in html
    assert 'data-testid="difference-chart"' in html and "<rect " in html
    table = html[html.index('data-testid="difference-table"') :]
    assert '<td>[−0.60, −0.50)</td><td class="text-end">1</td>' in table
    assert "pending" not in html.split("<main", 1)[1]  # outcomes by their labels
    # from the round's what-if page, the candidate is one of the choices
    html = client.get(
        f"/admin/rulesets/what-if/{filed.round_id}?candidate=draft-{candidate.id}"
    ).get_data(as_text=True)
    assert "89.31 → 88.71" in html
    missing = client.get(f"/admin/rulesets/drafts/{candidate.id}/what-if?round=999999")
    assert missing.status_code == 404


def test_histogram_bins_around_zero():
    bars = histogram([Decimal("-0.6"), Decimal("0"), Decimal("0"), Decimal("1.2")])
    labels = {b.label: b.count for b in bars}
    assert labels["0"] == 2 and labels["(+1.00, +1.20]"] == 1 and labels["[−0.60, −0.40)"] == 1
    assert sum(b.count for b in bars) == 4
    assert max(b.height for b in bars) == pytest.approx(150)
    # every bar stands on the axis the template draws at y = 170, above the labels at 186
    assert all(b.y + b.height == pytest.approx(170) for b in bars)


def test_publish_writes_the_next_version_once(app, people, rules):
    client = client_for(app, people.admin)
    candidate = make_draft(version_2())
    page = f"/admin/rulesets/drafts/{candidate.id}"
    publish = f"{page}/publish"
    confirm = client.get(publish)
    assert confirm.status_code == 200
    assert "bj-excellent-etc-2025-v2.yaml" in confirm.get_data(as_text=True)
    assert post_form(client, publish, publish, {}).status_code == 302

    written = rules / "bj-excellent-etc-2025-v2.yaml"
    assert written.read_bytes() == version_2().encode()
    digest = hashlib.sha256(written.read_bytes()).hexdigest()
    db.session.refresh(candidate)
    assert (candidate.published_version, candidate.published_sha256) == (2, digest)
    html = client.get(page).get_data(as_text=True)
    assert digest in html and "/admin/rulesets/bj-excellent-etc-2025/2" in html
    assert 'data-testid="draft-form"' not in html  # read-only now
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "ruleset_draft.publish")
    )
    assert event.after == {
        "ruleset": "bj-excellent-etc-2025",
        "version": 2,
        "file": written.name,
        "sha256": digest,
    }
    assert client.get("/admin/rulesets/bj-excellent-etc-2025/2").status_code == 200
    # published: no more edits, no second publication
    assert client.get(publish).status_code == 302
    with pytest.raises(ServiceError, match="draft_published"):
        services.save(people.admin, candidate, "x", TEXT, candidate.version)


def test_publishing_never_overwrites_a_file(app, people, rules):
    (rules / "bj-excellent-etc-2025-v2.yaml").write_text("not: [a rule file\n", encoding="utf-8")
    candidate = make_draft(version_2())
    with pytest.raises(ServiceError, match="rule_file_exists"):
        services.publish(people.admin, candidate, candidate.version)
    db.session.rollback()
    assert (rules / "bj-excellent-etc-2025-v2.yaml").read_text() == "not: [a rule file\n"
    assert not [p for p in rules.iterdir() if p.name.startswith(".publishing-")]


def test_publishing_needs_a_valid_file_with_the_next_version(app, people, rules):
    with pytest.raises(ServiceError, match="draft_wrong_version"):
        services.publish(people.admin, make_draft(TEXT), 1)
    with pytest.raises(ServiceError, match="draft_invalid"):
        services.publish(people.admin, make_draft("ruleset: {}\n"), 1)
    stale = make_draft(version_2())
    with pytest.raises(ServiceError, match="draft_conflict"):
        services.publish(people.admin, stale, stale.version + 1)
    assert sorted(p.name for p in rules.iterdir()) == ["bj-excellent-etc-2025.yaml"]


def test_without_a_configured_directory_versions_go_to_the_instance_rules(
    app, people, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "RULES_DIR", None)
    monkeypatch.setitem(app.config, "LOCAL_RULES_DIR", str(tmp_path / "local"))
    candidate = make_draft(version_2())
    services.publish(people.admin, candidate, candidate.version)
    db.session.commit()
    assert (tmp_path / "local" / "bj-excellent-etc-2025-v2.yaml").is_file()
    client = client_for(app, people.admin)
    html = client.get("/admin/rulesets").get_data(as_text=True)
    assert 'data-ruleset="bj-excellent-etc-2025@1"' in html  # shipped, listed together
    assert 'data-ruleset="bj-excellent-etc-2025@2"' in html
    assert re.search(
        r'<option value="bj-excellent-etc-2025@2"',
        client.get("/admin/rounds/new").get_data(as_text=True),
    )
