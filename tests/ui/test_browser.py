"""End to end in a real browser: `tradeoffs ui` served on loopback, driven by Playwright in
Debian's Chromium, over an index that holds a hostile document."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_support import APP_TIMEOUT, CHROMIUM, HOSTILE_FILE, REPO, launch_chromium, running_app

from ingest.settings import Settings

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"{CHROMIUM} is not installed (apt-get install chromium)")

QUESTION = "Should untrusted notebooks run on a quarantine node pool?"
YAML_QUESTION = "What throughput does the FSx for Lustre storage class set?"
COMPARISON = "S3 or FSx for Lustre for training data?"
PLACEHOLDER = "Ask about an architecture decision…"
INJECTED = "script, iframe, svg[onload], img[onerror], [ontoggle]"


def feedback_rows(db: Path, timeout: float = 15) -> list[tuple[str, str, str]]:
    """The stored (question, rating, citations) rows, once there are any."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            with sqlite3.connect(db) as conn:
                rows = conn.execute("SELECT question, rating, citations FROM feedback").fetchall()
            if rows:
                return rows
        time.sleep(0.2)
    return []


@pytest.fixture(scope="module")
def served(hostile_index: Settings, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[str, Path]]:
    """The app over the hostile index, once for this file: (url, feedback database)."""
    base = tmp_path_factory.mktemp("browser")
    db = base / "feedback.sqlite3"
    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(hostile_index.index_dir),
           "TRADEOFFS_FEEDBACK_DB": str(db)}
    with running_app(env, base / "app.log") as url:
        yield url, db


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def ask(page, url: str, question: str):
    """Open the app, ask, and return the answer's chat message once it is drawn."""
    from playwright.sync_api import expect

    page.goto(url)
    box = page.get_by_placeholder(PLACEHOLDER)
    box.wait_for(timeout=APP_TIMEOUT * 1000)  # the first page loads the model
    box.fill(question)
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(1)
    # The thumbs are drawn last; then the page has settled.
    expect(answer.get_by_role("radio", name="Thumbs up")).to_be_visible(timeout=60_000)
    page.wait_for_timeout(500)
    return answer


def watched_page(browser, url: str):
    """A new page, with the dialogs it opens and the off-host requests it makes recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    off_host: list[str] = []
    page.on("request", lambda r: r.url.startswith((url, "data:", "blob:", "about:"))
            or off_host.append(r.url))
    return page, dialogs, off_host


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.evaluate("window.innerHeight")
    return box is not None and 0 <= box["y"] and box["y"] + 40 <= height


def test_ask_check_a_source_rate_it_and_the_hostile_document_stays_inert(served, browser):
    from playwright.sync_api import expect

    url, db = served
    page, dialogs, off_host = watched_page(browser, url)

    answer = ask(page, url, QUESTION)
    expect(answer.locator("a.cite").first).to_have_text(re.compile(r"^\[1\]"))
    source = answer.locator('[class*="st-key-source-"]').first
    expect(source.get_by_role("link").first).to_contain_text(
        "[1] Quarantine node pools for untrusted notebooks")
    expect(source.locator("blockquote").first).to_be_visible()
    assert answer.locator(INJECTED).count() == 0  # quotes and tooltips are text

    answer.get_by_role("radio", name="Thumbs up").click()
    rows = feedback_rows(db)
    assert [(q, rating) for q, rating, _ in rows if q == QUESTION] == [(QUESTION, "up")]
    assert HOSTILE_FILE in rows[-1][2]

    with page.expect_download() as download:
        page.get_by_role("button", name="Export conversation").click()
    exported = Path(download.value.path()).read_text()
    assert QUESTION in exported and "### Sources" in exported and f"`{HOSTILE_FILE}`" in exported

    # The source link opens the hostile chapter with the cited section marked.
    source.get_by_role("link").first.click()
    cited = page.locator(".st-key-cited-section")
    expect(cited).to_be_visible(timeout=30_000)
    expect(cited).to_contain_text("quarantine node pool")
    # Ingest reads HTML as its text, and what is left of a hostile link reads as text.
    expect(page.locator(".st-key-chapter-reader")).not_to_contain_text("<script")
    assert page.locator(".st-key-chapter-reader a[href^='javascript' i]").count() == 0
    expect(page.get_by_text("Shared pool with restricted pod security")).to_be_visible()
    page.get_by_text("Read the incident notes").click()  # a javascript: link in the text
    page.wait_for_timeout(1500)

    reader = page.locator(".st-key-chapter-reader")
    assert reader.locator(INJECTED).count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    assert off_host == []  # fully offline: nothing left the loopback address
    page.close()


def test_a_citation_shows_its_quote_leads_to_its_source_and_on_to_the_section(served,
                                                                            browser):
    from playwright.sync_api import expect

    url, _ = served
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    answer = ask(page, url, YAML_QUESTION)
    cite = answer.locator("a.cite").first
    cite.evaluate("link => link.scrollIntoView({block: 'start'})")  # the answer's start
    page.wait_for_timeout(300)
    tip = cite.locator(".cite-tip")
    expect(tip).to_be_hidden()
    cite.hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Each file system lives in one Availability Zone")
    page.mouse.move(0, 0)
    cite.focus()  # the keyboard gets the quote too
    expect(tip).to_be_visible()

    n = cite.inner_text().split("]")[0].strip("[")
    target = cite.get_attribute("href")
    card = answer.locator('[class*="st-key-source-"]', has=page.locator(target))
    assert not in_viewport(page, card)
    cite.click()
    page.wait_for_timeout(800)
    assert in_viewport(page, card)
    assert page.url.endswith(target)

    # The quoted YAML is a code block with its language, lines and indentation kept.
    code = card.locator("code.language-yaml")
    expect(code).to_be_visible()
    assert "metadata:\n  name: fsx-lustre-training" in code.inner_text()
    link = card.get_by_role("link").first
    expect(link).to_contain_text(
        f"[{n}] Storage for training data on EKS › Options › FSx for Lustre")

    link.click()
    cited = page.locator(".st-key-cited-section")
    expect(cited).to_be_visible(timeout=30_000)
    expect(cited).to_contain_text("fsx-lustre-training")
    page.wait_for_timeout(1500)  # the page scrolls the section into view
    assert in_viewport(page, cited)
    page.close()


def test_copy_puts_the_answer_and_its_sources_on_the_clipboard(served, browser):
    url, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page = context.new_page()
    answer = ask(page, url, YAML_QUESTION)
    answer.get_by_role("button", name="Copy").click()
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    first_line = answer.locator(".answer-prose li").first.inner_text().split(" [")[0]
    assert first_line in copied
    assert "### Sources" in copied and "`training-storage.md`" in copied
    assert "```yaml\nmetadata:\n  name: fsx-lustre-training\n```" in copied
    context.close()


def background_luminance(page) -> float:
    rgb = page.evaluate("getComputedStyle(document.querySelector('.stApp')).backgroundColor")
    r, g, b = (int(v) for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_the_theme_follows_the_system_and_the_menu_switches_it(served, browser):
    url, _ = served
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.get_by_placeholder(PLACEHOLDER).wait_for(timeout=APP_TIMEOUT * 1000)
    assert background_luminance(page) < 0.2  # dark, as the system asks
    page.get_by_test_id("stMainMenu").click()
    page.get_by_role("menuitemradio", name="Light").click()
    page.wait_for_timeout(500)
    assert background_luminance(page) > 0.8
    context.close()


def test_at_phone_width_nothing_overflows_and_the_table_scrolls(served, browser):
    from playwright.sync_api import expect

    url, _ = served
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True,
                            has_touch=True)
    answer = ask(page, url, COMPARISON)
    table = answer.locator(".comparison-scroll")
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert table.evaluate("box => box.scrollWidth > box.clientWidth")  # it scrolls sideways
    cells = answer.locator("table.comparison td")
    assert cells.count() > 2 and answer.locator("table.comparison td a.cite").count() > 0
    page.close()


def test_stop_ends_a_streaming_answer_and_keeps_what_arrived(hostile_index: Settings, browser,
                                                            tmp_path: Path):
    """The chat page over the real index, its LLM a fake that streams slowly."""
    from playwright.sync_api import expect

    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(hostile_index.index_dir),
           "TRADEOFFS_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3")}
    script = REPO / "tests" / "ui" / "slow_llm_app.py"
    with running_app(env, tmp_path / "app.log", script=script) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        box = page.get_by_placeholder(PLACEHOLDER)
        box.wait_for(timeout=APP_TIMEOUT * 1000)
        box.fill("How should pods get AWS permissions?")
        box.press("Enter")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        expect(answer).to_contain_text("Use EKS Pod Identity", timeout=60_000)
        answer.get_by_role("button", name="Stop").click()
        expect(answer).to_contain_text("Stopped", timeout=30_000)
        expect(answer.get_by_role("button", name="Stop")).to_have_count(0)
        prose = answer.locator(".answer-prose")
        kept = prose.inner_text()
        page.wait_for_timeout(2000)
        assert prose.inner_text() == kept  # nothing more arrives
        assert 0 < kept.count("Use EKS Pod Identity") < 6  # the reply was cut short
        page.close()


HOSTILE_SECTIONS = (
    "[click me](javascript:window.__pwned='url-link')",
    "![pixel](https://evil.example.com/pixel.png)",
    "<img src=x onerror=\"window.__pwned='url-img'\"> :red[loud] **bold**",
)
# What a link may open: the web, or a page of this app.
SAFE_HREF = "h => /^https?:/i.test(h) || !/^[a-z][a-z0-9+.-]*:/i.test(h.trim())"


def test_hostile_urls_and_documents_load_nothing_run_nothing_and_read_as_text(served, browser):
    from urllib.parse import urlencode

    from playwright.sync_api import expect

    url, _ = served
    page, dialogs, off_host = watched_page(browser, url)

    def check_inert() -> None:
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        unsafe = page.evaluate(f"hs => hs.filter(h => !({SAFE_HREF})(h))", hrefs)
        assert unsafe == []
        assert page.locator("[data-testid='stMarkdownContainer'] img").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        assert dialogs == [] and off_host == []

    # A source link whose section names no section: the warning quotes it as text.
    for section in HOSTILE_SECTIONS:
        query = urlencode({"file": HOSTILE_FILE, "section": section})
        page.goto(f"{url}/documents?{query}")
        warning = page.get_by_test_id("stAlert").filter(has_text="is not in this chapter")
        expect(warning).to_be_visible(timeout=APP_TIMEOUT * 1000)
        assert section in warning.inner_text().replace("\u2060", "")  # word joiners
        assert warning.locator("a, img, strong").count() == 0, warning.inner_html()
        # The whole hostile chapter is on the page too.
        expect(page.get_by_text("Notebook escape drill")).to_be_visible()
        expect(page.get_by_text("image: quarantine tracking pixel")).to_be_visible()
        check_inert()

    # A passage with remote images, quoted under an answer.
    answer = ask(page, url, "Where is the quarantine pool layout drawn, and what does the "
                            "escape drill check?")
    expect(answer).to_contain_text("[1]", timeout=60_000)
    page.wait_for_timeout(1500)
    check_inert()
    page.close()
