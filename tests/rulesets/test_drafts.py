"""Candidate rulesets over HTTP: upload, copy, edit (invalid text kept, stale edits refused),
the engine's problems linked to their lines, and the audit trail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from evalcenter.core.errors import ServiceError
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.rulesets import services
from evalcenter.rulesets.models import RulesetDraft
from tests.conftest import client_for
from tests.rulesets.helpers import TEXT, line_of, make_draft, post_form, version_2, with_error

NEW = "/admin/rulesets/drafts/new"
UPLOAD = "/admin/rulesets/drafts/upload"
COPY = "/admin/rulesets/drafts/copy"


def _upload(client, raw: bytes, name: str = "candidate.yaml", title: str = ""):
    return post_form(client, NEW, UPLOAD, {"upload-title": title}, {"upload-file": (raw, name)})


def _draft_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/drafts/(\d+)$", response.headers["Location"]).group(1))


def _actions(draft_id: int) -> list[str]:
    query = select(AuditEvent.action).where(
        AuditEvent.object_type == "ruleset_draft", AuditEvent.object_id == str(draft_id)
    )
    return sorted(db.session.scalars(query))


def test_upload_keeps_the_file_and_lists_its_problem_by_line(app, people, rules):
    client = client_for(app, people.admin)
    broken, line = with_error(TEXT)
    draft_id = _draft_id(_upload(client, broken.encode(), title="Threshold study"))
    draft = db.session.get(RulesetDraft, draft_id)
    assert draft.content == broken and draft.title == "Threshold study"
    assert draft.created_by_id == people.admin.id
    assert _actions(draft_id) == ["ruleset_draft.create"]

    html = client.get(f"/admin/rulesets/drafts/{draft_id}").get_data(as_text=True)
    assert 'data-valid="no"' in html
    problem = re.search(rf'<a href="#L{line}" data-line="{line}">([^<]+)</a>', html)
    assert problem, "the problem links to its line"
    assert problem.group(1).startswith(f"{line}: G6: require: unknown field &#39;valid_ipp&#39;")
    assert f'<li id="L{line}"><span class="ec-pre">    require: valid_ipp &gt;= 10</span>' in html
    assert 'data-testid="publish"' not in html  # an invalid candidate cannot be published


def test_upload_refuses_what_is_not_a_utf8_rule_file(app, people, rules):
    client = client_for(app, people.admin)
    client.get("/lang/en")
    response = _upload(client, "ruleset:\n  id: 北京".encode("gb18030"))
    assert response.status_code == 422
    assert "The file is not UTF-8 text" in response.get_data(as_text=True)
    assert db.session.scalar(select(RulesetDraft.id)) is None


def test_upload_refuses_a_file_above_the_size_limit(app, people):
    # through the service: the test client spools a body this large to an unclosed file
    with pytest.raises(ServiceError) as refused:
        services.upload(people.admin, "", "big.yaml", b"#" * (services.MAX_DRAFT_BYTES + 1))
    assert (refused.value.code, refused.value.field) == ("rule_file_too_large", "file")


def test_copy_starts_from_a_published_version_with_the_next_version(app, people, rules):
    client = client_for(app, people.admin)
    html = client.get(f"{NEW}?base=bj-excellent-etc-2025@1").get_data(as_text=True)
    assert '<option selected value="bj-excellent-etc-2025@1">' in html
    response = post_form(client, NEW, COPY, {"copy-base": "bj-excellent-etc-2025@1"})
    draft = db.session.get(RulesetDraft, _draft_id(response))
    assert (draft.base_ruleset_id, draft.base_version) == ("bj-excellent-etc-2025", 1)
    assert draft.content == TEXT.replace("  version: 1\n", "  version: 2\n", 1)
    refused = post_form(client, NEW, COPY, {"copy-base": "bj-excellent-etc-2025@7"})
    assert refused.status_code == 422


def test_saving_keeps_invalid_text_and_then_the_fixed_one(app, people, rules):
    client = client_for(app, people.admin)
    draft = make_draft(version_2())
    page = f"/admin/rulesets/drafts/{draft.id}"
    broken, line = with_error(version_2())
    typed = broken.replace("\n", "\r\n")  # what a browser sends from a textarea
    response = post_form(client, page, page, {"content": typed})
    assert response.status_code == 302
    db.session.refresh(draft)
    assert draft.content == broken and draft.version == 2
    html = client.get(page).get_data(as_text=True)
    assert f'data-line="{line}"' in html and 'data-valid="no"' in html

    assert post_form(client, page, page, {"content": version_2()}).status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert 'data-valid="yes"' in html and 'data-testid="publish"' in html
    assert _actions(draft.id) == ["ruleset_draft.save", "ruleset_draft.save"]


def test_a_stale_edit_is_refused_and_keeps_the_typed_text(app, people, rules):
    mine, theirs = client_for(app, people.admin), client_for(app, people.admin)
    draft = make_draft(version_2())
    page = f"/admin/rulesets/drafts/{draft.id}"
    html = mine.get(page).get_data(as_text=True)  # opened before the colleague saves
    assert post_form(theirs, page, page, {"content": TEXT}).status_code == 302

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    mine.get("/lang/en")
    response = mine.post(
        page,
        data={"csrf_token": token, "version": version, "title": "Mine", "content": "mine: 1\n"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Someone else saved this candidate" in html
    assert "mine: 1" in html  # what was typed is still in the editor
    db.session.refresh(draft)
    assert draft.content == TEXT and draft.title != "Mine"


def test_line_numbers_script_is_served_and_used(app, people, rules):
    client = client_for(app, people.admin)
    draft = make_draft(version_2())
    html = client.get(f"/admin/rulesets/drafts/{draft.id}").get_data(as_text=True)
    assert "data-line-numbers" in html and "js/rule-editor.js" in html
    script = client.get("/static/js/rule-editor.js")
    assert script.status_code == 200 and b"setSelectionRange" in script.data
    script.close()


def test_the_version_line_is_linked_when_the_version_is_not_the_next(app, people, rules):
    client = client_for(app, people.admin)
    draft = make_draft(TEXT)  # valid, but version 1 is already published
    html = client.get(f"/admin/rulesets/drafts/{draft.id}").get_data(as_text=True)
    line = line_of(TEXT, "  version: 1")
    assert 'data-valid="yes"' in html
    assert f'href="#L{line}" data-line="{line}"' in html
    assert 'data-testid="publish"' not in html
