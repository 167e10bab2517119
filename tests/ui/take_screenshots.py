"""Take the README screenshots of the real app on the bundled corpus.

    .venv/bin/python tests/ui/take_screenshots.py [--index DIR]

Without --index it indexes corpus/ into a temporary folder first (a few minutes).
Writes docs/chat-sources.png, docs/comparison.png, docs/documents.png (light),
docs/chat-dark.png (the system's dark theme) and docs/chat-narrow.png (a 390 px phone).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # ui_support, when run as a script

from ui_support import APP_TIMEOUT, REPO, launch_chromium, running_app  # noqa: E402

DOCS = REPO / "docs"
VIEWPORT = {"width": 1360, "height": 1000}


def build_index(folder: Path) -> Path:
    sys.path.insert(0, str(REPO))
    from ingest.pipeline import ingest
    from ingest.settings import Settings

    settings = Settings.from_env(index_dir=folder / "index")
    summary = ingest(REPO / "corpus", settings)
    print(f"indexed {summary.chunks_total} chunks in {summary.seconds:.0f} s")
    return settings.index_dir


def ask(page, question: str):
    box = page.get_by_placeholder("Ask about an architecture decision…")
    box.wait_for(timeout=APP_TIMEOUT * 1000)
    box.fill(question)
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(1)
    answer.locator('[class*="st-key-actions-"]').wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    return answer


def take(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1, color_scheme="light")
        page.goto(url)

        answer = ask(page, "S3 or FSx for Lustre for training data?")
        answer.locator(".comparison-scroll").scroll_into_view_if_needed()
        page.get_by_test_id("stChatMessage").first.scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "comparison.png")

        page.get_by_role("button", name="Clear conversation").click()
        answer = ask(page, "When is Trainium worth it for training?")
        cite = answer.locator("a.cite").first
        cite.click()  # jump to its source card, which is marked
        page.wait_for_timeout(800)
        cite.scroll_into_view_if_needed()
        cite.hover()  # the quote behind the [1]
        page.wait_for_timeout(500)
        page.screenshot(path=DOCS / "chat-sources.png")

        answer.locator('[class*="st-key-source-"]').first.get_by_role("link").first.click()
        page.locator(".st-key-cited-section").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)  # the page scrolls to the cited section
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(500)
        page.screenshot(path=DOCS / "documents.png")
        page.close()

        dark = browser.new_page(viewport=VIEWPORT, device_scale_factor=1, color_scheme="dark")
        dark.goto(url)
        answer = ask(dark, "Which KEDA trigger scales the chat-llm deployment?")
        answer.locator('[class*="st-key-source-"]').first.evaluate(
            "card => card.scrollIntoView({block: 'end'})")
        dark.wait_for_timeout(500)
        dark.screenshot(path=DOCS / "chat-dark.png")
        dark.close()

        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                 is_mobile=True, has_touch=True, color_scheme="light")
        phone.goto(url)
        answer = ask(phone, "S3 or FSx for Lustre for training data?")
        answer.locator(".comparison-scroll").evaluate(
            "box => box.scrollIntoView({block: 'center'})")
        phone.wait_for_timeout(500)
        phone.screenshot(path=DOCS / "chat-narrow.png")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index of corpus/ to use instead of building one")
    args = parser.parse_args()
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(args.index) if args.index else build_index(Path(tmp))
        env = {**os.environ, "TRADEOFFS_INDEX_DIR": str(index.resolve()),
               "TRADEOFFS_FEEDBACK_DB": str(Path(tmp) / "feedback.sqlite3")}
        with running_app(env, Path(tmp) / "app.log") as url:
            take(url)
    print("wrote", ", ".join(p.name for p in sorted(DOCS.glob("*.png"))))


if __name__ == "__main__":
    main()
