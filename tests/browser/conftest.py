"""Fixtures for real-browser tests: the app served over HTTP, and Debian's Chromium
driven by Playwright.

    pytestmark = pytest.mark.browser

    def test_something(page, live_server, people, screenshot):
        page.goto("/login")             # relative to live_server (the context's base_url)
        ...
        screenshot("something")         # test-artifacts/screenshots/something.png

`live_server` serves the session app on the database that `app` empties after each test,
so users made by `people` can log in. Every console error, uncaught page error, failed
request, 5xx response or request to another origin during the test fails it (see
`browser_problems`). A failing test leaves `test-artifacts/screenshots/FAILED-<test>.png`.
`new_context(browser, live_server, browser_problems, **options)` opens another profile
(another user, viewport or language) under the same rules; watch its pages with
`browser_problems.watch(page)`.
The browser is never downloaded: /usr/bin/chromium must exist (apt-get install chromium
fonts-noto-cjk); without it the tests are skipped, or fail when the CI variable is set.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# Playwright's default is 30 s; a local server answers far faster, so fail sooner.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items) -> None:
    """Every test in this directory is a browser test, even if its module forgets the marker."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so `page` can screenshot a failed test."""
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) on browser problems seen while it ran."""
    result = yield
    problems = item.funcargs.get("browser_problems")
    if isinstance(problems, BrowserProblems):
        problems.check()
    return result


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _buffered(wsgi):
    """Read each response body fully and close it before sending: when the browser drops a
    connection mid-response the development server would otherwise leave a file open."""

    def buffered_app(environ, start_response):
        body = wsgi(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return buffered_app


@pytest.fixture()
def live_server(app: Flask) -> Iterator[str]:
    """Serve the app on 127.0.0.1:<free port> in a background thread; yields the base URL.

    Same app and database as `app` (which the test thread keeps an app context of); each
    request pushes its own app context in its server thread, as under a real server."""
    server = make_server("127.0.0.1", _free_port(), _buffered(app), threaded=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    reason = (
        f"{CHROMIUM} is missing: install Debian's Chromium "
        "(apt-get install -y chromium fonts-noto-cjk); browsers are never downloaded"
    )
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _playwright():
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    """Debian's Chromium, headless, shared by the whole session."""
    browser = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


class BrowserProblems:
    """What went wrong in the browser during a test; the `page` fixture fails on any."""

    def __init__(self, base_url: str) -> None:
        self.origin = _origin(base_url)
        self.items: list[str] = []
        self._reported = 0
        self._allowed: set[int] = set()

    def allow_status(self, code: int) -> None:
        """A test that expects pages answered with `code` (e.g. 422 for refused input)."""
        self._allowed.add(code)

    def check(self) -> None:
        """Fail with the problems not reported yet."""
        new, self._reported = self.items[self._reported :], len(self.items)
        if new:
            pytest.fail("browser problems:\n  " + "\n  ".join(new), pytrace=False)

    def watch(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if any(f"status of {code} " in message.text for code in self._allowed):
            return
        if message.type == "error":
            where = message.location.get("url") or "inline"
            self.items.append(f"console error: {message.text} ({where})")

    def _on_request_failed(self, request) -> None:
        if _origin(request.url) != self.origin:
            return  # already reported by the route that blocked it
        failure = request.failure or ""
        # A resource of a page that is being left (link clicked, form sent) is cancelled
        # by Chromium; that is navigation, not a failure.
        if "net::ERR_ABORTED" in failure and request.resource_type != "document":
            return
        self.items.append(f"request failed: {request.method} {request.url}: {failure}")

    def _on_response(self, response) -> None:
        if response.status >= 500:
            self.items.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def offsite(self, route) -> None:
        """Nothing may be loaded from another origin: the platform must work offline."""
        self.items.append(f"request to another origin: {route.request.url}")
        route.abort()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture()
def browser_problems(live_server: str) -> BrowserProblems:
    """Console errors, failed requests and 5xx responses seen so far in this test. Tests
    that provoke one on purpose can inspect and clear `browser_problems.items`."""
    return BrowserProblems(live_server)


def new_context(browser, live_server: str, problems: BrowserProblems, **options):
    """A fresh browser profile (no cookies) in Chinese, with live_server as base_url, that
    may load nothing from another origin; `options` go to Playwright's new_context."""
    settings = {
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "base_url": live_server,
        "viewport": {"width": 1280, "height": 900},
        **options,
    }
    context = browser.new_context(**settings)
    context.set_default_timeout(TIMEOUT_MS)
    origin = re.escape(_origin(live_server))
    context.route(re.compile(rf"^(?!{origin}(/|$))"), problems.offsite)
    return context


@pytest.fixture()
def context(browser, live_server: str, browser_problems: BrowserProblems):
    """A fresh browser profile (`new_context`)."""
    context = new_context(browser, live_server, browser_problems)
    yield context
    context.close()


@pytest.fixture()
def page(request, context, browser_problems: BrowserProblems):
    """A page in `context`; the test fails if the browser reported any problem (problems
    that arrive after the test body are reported as an error in teardown)."""
    page = context.new_page()
    browser_problems.watch(page)
    yield page
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed:
        save_screenshot(page, "FAILED-" + request.node.name)
    page.close()  # delivers the events still queued
    browser_problems.check()


def save_screenshot(page, name: str) -> Path:
    safe = re.sub(r"[^\w.-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOTS / f"{safe}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture()
def screenshot(page) -> Callable[[str], Path]:
    """`screenshot("name")` saves the full page to test-artifacts/screenshots/name.png."""
    return lambda name: save_screenshot(page, name)
