"""Chinese by default, English by link or preference, and a complete Chinese catalogue."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "evalcenter/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def test_login_page_is_chinese_by_default_and_english_by_link(app, client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-CN" ' in html and "登录" in html
    response = client.get("/lang/en?next=/login")
    assert response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en" ' in html and "Log in" in html and "登录" not in html


def test_user_preference_applies_after_login(app, people):
    from evalcenter.extensions import db

    people.reviewer.locale = "en"
    db.session.commit()
    html = client_for(app, people.reviewer).get("/").get_data(as_text=True)
    assert '<html lang="en" ' in html


def test_unknown_language_code_is_ignored(app, client):
    client.get("/lang/xx")
    assert '<html lang="zh-CN" ' in client.get("/login").get_data(as_text=True)


def _catalogue():
    with PO.open("rb") as fh:
        return read_po(fh, locale="zh_CN")


def test_chinese_catalogue_is_complete():
    missing = [m.id for m in _catalogue() if m.id and (not m.string or m.fuzzy)]
    assert not missing, f"untranslated or fuzzy entries in {PO.name}: {missing[:20]}"


def test_chinese_catalogue_covers_every_message_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    have = {m.id for m in _catalogue() if m.id}
    assert not wanted - have, f"run `make translations` and translate: {sorted(wanted - have)}"


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for message in _catalogue():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert set(pattern.findall(ids[0])) == set(pattern.findall(strings[0])), message.id
