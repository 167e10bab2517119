"""Answers as Markdown a reader can keep: copied from the chat, printed by
`tradeoffs ask --format markdown`, or the whole conversation downloaded."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import Answer, Citation

from .conversation import Exchange
from .quotes import quote_parts
from .standing import SEPARATOR, original_link, standing_words

SOURCES_HEADING = "### Sources"
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written (a title with `*` or `[` in it)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def source_markdown(citation: Citation, answer: Answer) -> list[str]:
    """One source: `[n] Chapter › Section — `file``, then its quote, code kept as code."""
    lines = [f"[{citation.n}] {escape_markdown(citation.label)} — `{citation.file}`", ""]
    standing, link = standing_words(citation), original_link(citation)
    if standing or link:
        original = f"[original]({link})" if link else ""
        lines += [SEPARATOR.join(filter(None, [f"_{standing}_" if standing else "",
                                               original])), ""]
    for part in quote_parts(citation, answer.passages):
        if part.is_code:
            fence = "~~~" if "```" in part.text else "```"
            lines += [f"{fence}{part.language}", part.text, fence, ""]
        else:
            lines += [quote_markdown(part.text), ""]
    return lines


def answer_markdown(answer: Answer) -> str:
    """The answer's own text, as it came, followed by its sources."""
    lines = [answer.text.strip(), ""]
    if answer.citations:
        lines += [SOURCES_HEADING, ""]
        for citation in answer.citations:
            lines += source_markdown(citation, answer)
    return "\n".join(lines).rstrip() + "\n"


def quote_markdown(quote: str) -> str:
    """A quoted passage as a Markdown block quote, each line kept."""
    lines = quote.strip().splitlines() or [""]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def conversation_markdown(exchanges: Sequence[Exchange], exported_at: str) -> str:
    """The whole chat: each question, then its answer and the passages it cites."""
    lines = ["# tradeoffs conversation", "", f"Exported {exported_at}.", ""]
    for number, exchange in enumerate(exchanges, start=1):
        answer = exchange.answer
        lines += [f"## {number}. {exchange.question}", ""]
        lines += [f"_{notice}_" for notice in exchange.notices]
        if exchange.notices:
            lines.append("")
        lines.append(answer_markdown(answer))
        if answer.refused and not answer.citations:
            lines += ["_No answer: the documents do not cover this._", ""]
    return "\n".join(lines).rstrip() + "\n"
