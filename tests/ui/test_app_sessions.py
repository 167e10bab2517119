"""Several people use one app at once: each browser session keeps its own conversation.
Two browser contexts (two users) ask in turns against one `tradeoffs ui` process."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from ui_support import APP_TIMEOUT, CHROMIUM, launch_chromium, running_app

from ingest.settings import Settings

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"{CHROMIUM} is not installed (apt-get install chromium)")

PLACEHOLDER = "Ask about an architecture decision…"
ALICE_FIRST = "What does a p5.48xlarge carry?"
BOB = "IRSA or Pod Identity?"
ALICE_SECOND = "Should we use S3 or FSx for Lustre for training data?"


def say(page, question: str, answers_before: int) -> None:
    """Ask in this page's own session and wait until the answer is drawn."""
    from playwright.sync_api import expect

    box = page.get_by_placeholder(PLACEHOLDER)
    box.wait_for(timeout=APP_TIMEOUT * 1000)  # the first page loads the model
    box.fill(question)
    box.press("Enter")
    thumbs = page.get_by_role("radio", name="Thumbs up")
    expect(thumbs).to_have_count(answers_before + 1, timeout=90_000)
    page.wait_for_timeout(500)


def questions_shown(page) -> list[str]:
    messages = page.get_by_test_id("stChatMessageContent")
    return [messages.nth(i).inner_text().strip() for i in range(0, messages.count(), 2)]


def test_two_users_each_keep_their_own_conversation(built_index: Settings, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    log = tmp_path / "questions.sqlite3"
    env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(built_index.index_dir),
           "TRADEOFFS_CACHE_DIR": str(built_index.cache_dir),
           "TRADEOFFS_QUESTION_LOG": str(log)}
    with running_app(env, tmp_path / "app.log", timeout=APP_TIMEOUT) as url, \
            sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        alice = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        bob = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        alice.goto(url)
        bob.goto(url)

        say(alice, ALICE_FIRST, 0)
        say(bob, BOB, 0)
        say(alice, ALICE_SECOND, 1)

        assert questions_shown(alice) == [ALICE_FIRST, ALICE_SECOND]
        assert questions_shown(bob) == [BOB]
        # Clearing one conversation leaves the other's alone.
        bob.get_by_role("button", name="Clear conversation").click()
        bob.get_by_placeholder(PLACEHOLDER).wait_for()
        bob.wait_for_timeout(1000)
        assert questions_shown(bob) == []
        alice.reload()  # a new session for the same browser: a fresh conversation too
        alice.get_by_placeholder(PLACEHOLDER).wait_for(timeout=APP_TIMEOUT * 1000)
        assert questions_shown(alice) == []
        browser.close()

    with sqlite3.connect(log) as db:
        logged = [row for row in db.execute("SELECT source, question FROM questions")]
    assert sorted(logged) == sorted([("app", ALICE_FIRST), ("app", BOB),
                                     ("app", ALICE_SECOND)])
