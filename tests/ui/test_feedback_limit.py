"""A feedback comment is stored within `max_feedback_chars`, the bound in the settings."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from ui_support import APP, APP_TIMEOUT

from ingest.settings import Settings
from ui.present.feedback import FeedbackStore


def test_the_comment_box_takes_at_most_the_configured_characters(app_env: Settings,
                                                                  monkeypatch) -> None:
    monkeypatch.setenv("TRADEOFFS_MAX_FEEDBACK_CHARS", "40")
    app = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
    app.run()
    app.chat_input[0].set_value("How should pods get AWS permissions?").run()
    assert not app.exception, [e.value for e in app.exception]
    exchange = app.session_state["exchanges"][-1]
    app.feedback[0].set_value(1).run()
    comment = app.text_input(key=f"comment-text-{exchange.id}")
    assert comment.proto.max_chars == 40  # the browser stops typing there
    comment.input("Missed the part about cross-account role")
    next(b for b in app.button if b.label == "Send comment").click().run()
    (row,) = FeedbackStore(app_env.feedback_db).records()
    assert row.comment == "Missed the part about cross-account role"
