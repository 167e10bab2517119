"""An answer's prose and comparison table as HTML whose `[n]` markers are links.

Each `[n]` becomes a link to its source card further down the answer, and shows the
quote it stands for on hover or keyboard focus. Everything that comes from the
documents or the answer is escaped: the Markdown is read with raw HTML turned off, and
the only tags in the result are the ones written here. Pure functions over strings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from markdown_it import MarkdownIt

from assistant import NOT_COVERED, Citation, Comparison

_MARKER = re.compile(r"\[(\d+)\]")
TIP_CHARS = 280  # a tooltip shows the start of a long quote


def anchor_id(scope: str, n: int) -> str:
    """The HTML id of source card n of one answer (`scope` tells answers apart)."""
    return f"src-{scope}-{n}"


def cite_link(citation: Citation, scope: str) -> str:
    """`[n]` as a link to its source card, with the quote as its tooltip."""
    quote = " ".join(citation.quote.split())
    if len(quote) > TIP_CHARS:
        quote = quote[:TIP_CHARS].rsplit(" ", 1)[0] + " …"
    label = escape(citation.label)
    return (f'<a class="cite" href="#{anchor_id(scope, citation.n)}" '
            f'aria-label="Source {citation.n}: {label}">[{citation.n}]'
            f'<span class="cite-tip" role="tooltip"><strong>{label}</strong>'
            f"<span>{escape(quote)}</span></span></a>")


def link_markers(escaped: str, citations: Mapping[int, Citation], scope: str) -> str:
    """Replace each `[n]` in already-escaped text with its link (unknown n stay text)."""
    def link(match: re.Match[str]) -> str:
        citation = citations.get(int(match.group(1)))
        return cite_link(citation, scope) if citation else match.group(0)

    return _MARKER.sub(link, escaped)


def prose_html(markdown: str, citations: Sequence[Citation], scope: str) -> str:
    """The answer's Markdown prose as HTML, raw HTML in it shown as text."""
    by_n = {c.n: c for c in citations}
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")

    def text(self, tokens, idx, options, env) -> str:  # markdown-it's renderer signature
        return link_markers(escape(tokens[idx].content), by_n, scope)

    parser.add_render_rule("text", text)
    return parser.render(markdown)


def comparison_html(comparison: Comparison, citations: Sequence[Citation], scope: str) -> str:
    """The options side by side, each cell with its cited `[n]` or "not covered", in a
    box that scrolls sideways on a narrow screen."""
    by_n = {c.n: c for c in citations}
    head = "".join(f'<th scope="col">{escape(option)}</th>' for option in comparison.options)
    rows = []
    for criterion, cells in zip(comparison.criteria, comparison.cells, strict=True):
        tds = []
        for cell in cells:
            cited = by_n.get(cell.citation) if cell.citation is not None else None
            if cited is None or not cell.covered:
                tds.append(f'<td class="not-covered"><em>{NOT_COVERED}</em></td>')
            else:
                tds.append(f"<td>{escape(cell.text)} {cite_link(cited, scope)}</td>")
        rows.append(f'<tr><th scope="row">{escape(criterion)}</th>{"".join(tds)}</tr>')
    return (f'<div class="comparison-scroll"><table class="comparison">'
            f'<thead><tr><th scope="col">Criterion</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')
