"""Every main page of every role, in Chinese and English, at 1366 × 768 and 390 × 844:
axe-core finds no serious or critical violation, the Nu Html Checker finds no error in the
HTML the server sent, and a screenshot of each is kept in test-artifacts/screenshots/.

The checkers come from the npm registry (tools/package.json, installed by `make
test-setup`); the app never loads them. axe runs in the page as an init script (the page's
CSP does not apply to it); its results are printed readably when a page fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ROOT, new_context, save_screenshot
from tests.conftest import PASSWORD
from tests.main_pages import ROLES, build_world, pages, user_of

pytestmark = pytest.mark.browser

TOOLS = ROOT / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("zh_CN", "en")
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
FAILING_IMPACTS = ("serious", "critical")
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
}"""


def _tool(path: Path) -> Path:
    if path.exists():
        return path
    reason = f"{path} is missing: run `make test-setup` (npm ci in tools/)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        reason = "java is missing: apt-get install default-jre-headless"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return java


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#main input[name=email]").fill(email)
    page.locator("#main input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#main form [type=submit]").click()
    page.wait_for_load_state()


def _readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"      {node['target']}: {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"      … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def _vnu_errors(folder: Path) -> list[str]:
    """One Nu Html Checker run over every saved page; its errors as 'file:line: message'."""
    run = subprocess.run(
        [_java(), "-jar", str(_tool(VNU)), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
    ]


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_are_accessible_and_valid(
    role, browser, live_server, browser_problems, people, tmp_path
):
    axe_source = _tool(AXE).read_text(encoding="utf-8")
    world = build_world(people)
    user = user_of(world, role)
    problems: list[str] = []
    for language in LANGUAGES:
        context = new_context(browser, live_server, browser_problems)
        context.add_init_script(axe_source)
        page = context.new_page()
        browser_problems.watch(page)
        try:
            if user is not None:
                _log_in(page, user.email)
            page.goto(f"/lang/{language}")
            for viewport, (width, height) in VIEWPORTS.items():
                page.set_viewport_size({"width": width, "height": height})
                for name, url in pages(world)[role]:
                    shot = f"{name}-{language}-{viewport}"
                    response = page.goto(url)
                    page.wait_for_load_state()
                    assert response is not None and response.status == 200, (shot, url)
                    if viewport == "desktop":
                        (tmp_path / f"{name}-{language}.html").write_bytes(response.body())
                    save_screenshot(page, shot)
                    violations = [
                        v for v in page.evaluate(AXE_RUN) if v["impact"] in FAILING_IMPACTS
                    ]
                    if violations:
                        problems.append(f"axe: {shot} ({url}):\n{_readable(violations)}")
        finally:
            context.close()
    problems += [f"vnu: {error}" for error in _vnu_errors(tmp_path)]
    assert not problems, "\n".join(problems)
