"""End to end in a real browser: `tradeoffs ui` served on loopback, driven by Playwright in
Debian's Chromium, over an index that holds a hostile document."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from ui_support import APP_TIMEOUT, CHROMIUM, HOSTILE_FILE, launch_chromium, running_app

from ingest.settings import Settings

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"{CHROMIUM} is not installed (apt-get install chromium)")

QUESTION = "Should untrusted notebooks run on a quarantine node pool?"


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


def test_ask_check_a_source_rate_it_and_the_hostile_document_stays_inert(
        hostile_index: Settings, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    db = tmp_path / "feedback.sqlite3"
    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(hostile_index.index_dir),
           "TRADEOFFS_FEEDBACK_DB": str(db)}
    with running_app(env, tmp_path / "app.log") as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        off_host: list[str] = []
        page.on("request", lambda r: r.url.startswith((url, "data:", "blob:", "about:"))
                or off_host.append(r.url))

        page.goto(url)
        box = page.get_by_placeholder("Ask about an AI/ML-on-EKS architecture decision…")
        box.wait_for(timeout=APP_TIMEOUT * 1000)  # the first page loads the model
        box.fill(QUESTION)
        box.press("Enter")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        expect(answer).to_contain_text("[1]", timeout=60_000)

        # A source opens to its quoted passage and its link.
        source = answer.get_by_test_id("stExpander").first
        expect(source).to_contain_text("Quarantine node pools for untrusted notebooks")
        source.locator("summary").click()
        expect(source.locator("blockquote")).to_be_visible()

        answer.get_by_role("radio", name="Thumbs up").click()
        rows = feedback_rows(db)
        assert [(q, rating) for q, rating, _ in rows] == [(QUESTION, "up")]
        assert HOSTILE_FILE in rows[0][2]

        with page.expect_download() as download:
            page.get_by_role("button", name="Export conversation").click()
        exported = Path(download.value.path()).read_text()
        assert QUESTION in exported and "### Sources" in exported and "[1] **" in exported

        # The source link opens the hostile chapter with the cited section marked.
        source.get_by_role("link", name=f"Open {HOSTILE_FILE} at this section").click()
        cited = page.locator(".st-key-cited-section")
        expect(cited).to_be_visible(timeout=30_000)
        expect(cited).to_contain_text("quarantine node pool")
        # Ingest reads HTML as its text: the markup never reaches the reader, not even as text.
        expect(page.locator(".st-key-chapter-reader")).not_to_contain_text("__pwned")
        expect(page.get_by_text("Shared pool with restricted pod security")).to_be_visible()
        page.get_by_text("Read the incident notes").click()  # a javascript: link in the text
        page.wait_for_timeout(1500)

        reader = page.locator(".st-key-chapter-reader")
        assert reader.locator("script, iframe, svg[onload], img[onerror], [ontoggle]").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        assert dialogs == []
        assert off_host == []  # fully offline: nothing left the loopback address
        browser.close()
