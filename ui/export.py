"""The conversation as a Markdown file: every question, answer and its sources."""

from __future__ import annotations

from collections.abc import Sequence

from .conversation import Exchange
from .render import quote_markdown


def conversation_markdown(exchanges: Sequence[Exchange], exported_at: str) -> str:
    """Markdown a reader can keep: each answer followed by the passages it cites."""
    lines = ["# tradeoffs conversation", "", f"Exported {exported_at}.", ""]
    for number, exchange in enumerate(exchanges, start=1):
        answer = exchange.answer
        lines += [f"## {number}. {exchange.question}", ""]
        lines += [f"_{notice}_" for notice in exchange.notices]
        if exchange.notices:
            lines.append("")
        lines += [answer.text.strip(), ""]
        if answer.citations:
            lines += ["### Sources", ""]
            for citation in answer.citations:
                lines += [f"[{citation.n}] **{citation.label}** ({citation.file})", "",
                          quote_markdown(citation.quote), ""]
        elif answer.refused:
            lines += ["_No answer: the documents do not cover this._", ""]
    return "\n".join(lines).rstrip() + "\n"
