"""Published rule files: listing, versions, sha256 pinning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evalcenter.scoring import (
    RulesetError,
    RulesetIntegrityError,
    default_rules_dir,
    find_ruleset,
    list_rulesets,
    load_pinned,
    load_ruleset,
    sha256_file,
)

from .conftest import RULES


@pytest.fixture()
def rules_dir(tmp_path, rules_text):
    shutil.copy(RULES, tmp_path / RULES.name)
    v2 = rules_text.replace("  version: 1\n", "  version: 2\n", 1).replace(
        "effective_date: 2025-01-01", "effective_date: 2025-06-01", 1
    )
    (tmp_path / "bj-excellent-etc-2025.v2.yaml").write_text(v2, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("ruleset: {id: x}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    return tmp_path


def test_default_directory_is_the_repository_scoring_rules(monkeypatch, tmp_path):
    monkeypatch.delenv("EVALCENTER_RULES_DIR", raising=False)
    assert default_rules_dir() == RULES.parent
    monkeypatch.setenv("EVALCENTER_RULES_DIR", str(tmp_path))
    assert default_rules_dir() == tmp_path


def test_list_newest_and_find(rules_dir):
    infos = list_rulesets(rules_dir)
    assert [(i.id, i.version) for i in infos if i.valid] == [
        ("bj-excellent-etc-2025", 2),
        ("bj-excellent-etc-2025", 1),
    ]
    broken = next(i for i in infos if not i.valid)
    assert broken.path.name == "broken.yaml" and "broken.yaml:1: ruleset:" in broken.problems[0]
    assert all(len(i.sha256) == 64 for i in infos)
    assert infos[0].path.name == "bj-excellent-etc-2025.v2.yaml"  # newest first
    assert find_ruleset(rules_dir, "bj-excellent-etc-2025", 1).name == RULES.name
    with pytest.raises(RulesetError):
        find_ruleset(rules_dir, "bj-excellent-etc-2025", 3)


def test_sha256_pinning(rules_dir):
    path = rules_dir / RULES.name
    digest = sha256_file(path)
    assert load_ruleset(path).sha256 == digest
    pinned = load_pinned(rules_dir, "bj-excellent-etc-2025", 1, digest)
    assert pinned.sha256 == digest and pinned.version == 1
    assert load_pinned(rules_dir, "bj-excellent-etc-2025", 1, digest.upper()).model is pinned.model
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(RulesetIntegrityError) as exc:
        load_pinned(rules_dir, "bj-excellent-etc-2025", 1, digest)
    assert "does not match the published" in str(exc.value)
    with pytest.raises(RulesetIntegrityError):
        load_ruleset(path, expected_sha256=digest)
    with pytest.raises(RulesetError):
        load_pinned(rules_dir, "bj-excellent-etc-2025", 7, digest)


def test_results_carry_the_ruleset_identity(ruleset, ic):
    result = ruleset.evaluate(ic)
    assert result.ruleset.to_dict() == {
        "id": "bj-excellent-etc-2025",
        "version": 1,
        "sha256": sha256_file(RULES),
        "effective_date": "2025-01-01",
    }


def test_loading_is_cached_per_content(rules_dir, rules_text):
    a = load_ruleset(rules_dir / RULES.name)
    b = load_ruleset(rules_dir / RULES.name)
    assert a.plan is b.plan and a.model is b.model
    copy = rules_dir / "copy.yml"
    copy.write_text(rules_text, encoding="utf-8")
    c = load_ruleset(copy)  # same content elsewhere: the same parsed ruleset, its own path
    assert c.model is a.model and c.path == str(copy)


def test_default_rules_dir_falls_back_to_the_installed_copy(monkeypatch):
    monkeypatch.delenv("EVALCENTER_RULES_DIR", raising=False)
    from evalcenter.scoring import ruleset as registry

    packaged = Path(registry.__file__).resolve().parent / "rules"
    assert (packaged / RULES.name).read_bytes() == RULES.read_bytes()
