"""The HTML report in a real headless Chromium (Debian's, installed by .ci/run and `make test`):
nothing fetched from the network, the filters change what is shown, the hostile pool name stays
text, the pipeline pictures show the broken links. Saves screenshots to tests/output/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import OUTPUT
from playwright.sync_api import Browser, Page, Request, Route, expect, sync_playwright
from report_fixtures import HOSTILE, sample_run, synthetic_run

from linter.model import RunResult
from linter.report.html import HtmlReporter

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser test needs Debian's chromium "
            "(`apt-get install chromium`; .ci/run and `make test` install it as root)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Opened:
    """A page with the report loaded, recording network requests, dialogs and script errors."""

    def __init__(self, browser: Browser, path: Path) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready='1']", timeout=30_000)

    def _route(self, route: Route, request: Request) -> None:
        if request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(request.url)
            route.abort()

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def rows(self) -> list[str]:
        return self.page.locator("#find-body tr.finding").all_inner_texts()

    def assert_clean(self) -> None:
        assert self.blocked == [], f"the page tried to fetch {self.blocked}"
        assert [u for u in self.requests if not u.startswith("file://")] == []
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"


def _write(tmp_path: Path, run: RunResult, **kw: int) -> Path:
    path = tmp_path / "report.html"
    path.write_text(HtmlReporter(**kw).render(run), encoding="utf-8")
    return path


def test_report_in_chromium(browser: Browser, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, sample_run()))
    page = opened.page
    try:
        # default view: everything that needs attention (fail, error, waived), nothing hidden
        assert len(opened.rows()) == 7
        statuses = page.locator("#find-body tr.finding").evaluate_all(
            "rows => rows.map(r => r.dataset.status)")
        assert sorted(set(statuses)) == ["error", "fail", "waived"]

        # the hostile name is text: visible, and no element, attribute or dialog came of it
        assert page.get_by_text(HOSTILE, exact=True).count() >= 2  # pipeline + findings
        assert page.locator("img").count() == 0
        assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0

        # the pipeline pictures: staging breaks at the subscription, the hostile pool cannot be
        # proven, prod holds; the break is in text as well as in colour
        stag = page.locator("article.pipe", has_text="staging-partners")
        failing = stag.locator(".node.st-fail")
        assert [t.split("\n")[0].upper() for t in failing.all_inner_texts()] == [
            "SUBSCRIPTION", "POSTURE"]
        sub = failing.first
        assert "no subscription filter" in sub.inner_text() and "FAIL" in sub.inner_text()
        assert sub.get_attribute("aria-label") == "Subscription: no subscription filter, fail"
        assert stag.locator(".link.st-fail").count() == 2  # into the subscription and posture
        assert stag.locator(".node.st-none").count() == 2  # Firehose and endpoint never reached
        assert "Logs break at Subscription (fail)" in stag.inner_text()
        evil = page.locator("article.pipe", has_text="onerror")
        assert "Log delivery (error)" in evil.inner_text()
        assert evil.locator(".node.st-error").count() == 1
        prod = page.locator("article.pipe", has_text="prod-customers")
        assert prod.locator(".node.st-fail, .node.st-error, .node.st-none").count() == 0
        assert "fully observed" in prod.inner_text()
        # userAuthEvents straight to Firehose: a second branch, hanging from the log delivery
        assert prod.locator(".link.elbow").count() == 1
        assert prod.locator(".node", has_text="cognito-auth-events").count() == 1
        box = prod.locator(".node", has_text="cognito-auth-events").bounding_box()
        first = prod.locator(".node", has_text="cognito-logs-to-sumo").bounding_box()
        assert box and first and box["y"] > first["y"] and abs(box["x"] - first["x"]) < 2
        page.locator("#pipelines").screenshot(path=str(_out("report-pipelines.png")))

        # filters change what is shown
        page.locator("#filters input[name=status][value='0']").uncheck()  # fail
        assert len(opened.rows()) == 2
        page.locator("#filters input[name=status][value='3']").check()  # pass
        assert len(opened.rows()) == 24
        page.select_option("#f-region", "eu-west-1")
        assert opened.rows() and all("eu-west-1" in r for r in opened.rows())
        page.click("#f-reset")
        assert len(opened.rows()) == 7
        page.select_option("#f-control", "ISO-27001-2022 A.8.13")
        assert [r.split("\t")[2].split("\n")[0] for r in opened.rows()] == ["CL-POS-001"] * 2
        page.click("#f-reset")
        page.select_option("#f-rule", label="CL-TRL-001 — A logging trail records Cognito write "
                                             "events in the pool's region")
        assert len(opened.rows()) == 1 and "legacy-admins" in opened.rows()[0]
        page.click("#f-reset")
        page.locator("#filters input[name=severity][value='0']").uncheck()  # critical
        assert len(opened.rows()) == 5
        page.click("#f-reset")
        page.fill("#f-q", "onerror")
        expect(page.locator("#find-body tr.finding")).to_have_count(2)  # after the debounce

        # a box of the picture lists the results behind it
        page.click("#f-reset")
        sub.click()
        assert len(opened.rows()) == 1 and "CL-LOG-006" in opened.rows()[0]
        assert "Subscription of staging-partners" in page.locator("#find-count").inner_text()

        # details: observed vs expected, remediation, references
        page.locator("#find-body button.more").first.click()
        detail = page.locator("#find-body tr.detail")
        text = detail.inner_text()
        assert "SubscriptionFilters" in text and "put-subscription-filter" in text
        assert detail.locator("a[href^='https://docs.aws.amazon.com']").count() == 1
        page.locator("#find-count button").click()  # clear the box filter
        assert len(opened.rows()) == 7

        page.screenshot(path=str(_out("report.png")), full_page=True)
        opened.assert_clean()
    finally:
        opened.context.close()


def test_pagination_and_many_pools(browser: Browser, tmp_path: Path) -> None:
    run = synthetic_run(300)
    opened = Opened(browser, _write(tmp_path, run, page_size=25, pipelines_page_size=10))
    page = opened.page
    try:
        assert len(opened.rows()) == 25
        pager = page.locator("#find-pager")
        first = opened.rows()
        pager.get_by_role("button", name="Next page").click()
        assert opened.rows() != first and len(opened.rows()) == 25
        pager.get_by_role("button", name="Last page").click()
        assert "Page " in pager.inner_text()
        assert page.locator("#pipe-list article.pipe").count() == 10
        broken = sum(1 for p in run.pipelines if not p.fully_observed)
        assert page.locator("#pipe-count").inner_text().startswith(f"{len(run.pipelines)} of")
        assert page.locator("#pipe-list article.pipe.broken").count() == 10  # broken first
        page.select_option("#pipe-show", "ok")
        assert page.locator("#pipe-list article.pipe.broken").count() == 0
        assert page.locator("#pipe-count").inner_text().startswith(
            f"{len(run.pipelines) - broken} of")
        page.select_option("#pipe-region", "eu-west-1")
        assert all("eu-west-1" in t for t in
                   page.locator("#pipe-list article.pipe .pipe-head").all_inner_texts())
        opened.assert_clean()
    finally:
        opened.context.close()


def _out(name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT / name
