"""`tradeoffs ask` output for a terminal, drawn with rich.

The answer's prose is Markdown; here it is read with markdown-it and drawn as wrapped
text (bold and colour on a terminal, plain words when piped: no `**`, no pipes, no
link syntax). The comparison is drawn from `Answer.comparison` as a real table, the
"not covered" and weak-match notes from their own fields, and each source as
`[n] file › section` with its quote, code kept as indented lines.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from assistant import NOT_COVERED, Answer, Citation, fallback_notice

from ..present.quotes import quote_parts
from ..present.render import safe_markdown, weak_match_note
from ..present.standing import original_link, standing_words

if TYPE_CHECKING:  # rich loads only when an answer is drawn
    from rich.console import Console
    from rich.text import Text

FORMATS = ("text", "markdown", "json")
PIPED_WIDTH = 88  # piped output wraps here, whatever the terminal it came from
SECTION_MARK = " › "


def source_line(citation: Citation) -> str:
    """`file › section`, as the numbered sources list shows a citation."""
    inner = citation.section_path[1:] if len(citation.section_path) > 1 else ()
    return SECTION_MARK.join((citation.file, *inner))


def print_answer(answer: Answer, out: IO[str], color: bool) -> None:
    """Draw the answer on `out`; `color` only when `out` is a terminal."""
    import io

    from rich.console import Console

    drawn = io.StringIO()
    width = Console(file=out).width if color else PIPED_WIDTH
    console = Console(file=drawn, force_terminal=color, no_color=not color, highlight=False,
                      emoji=False, markup=False, soft_wrap=False, width=width,
                      color_system="auto" if color else None)
    _draw(console, answer, color)
    # rich pads lines to the full width; a reader (or a diff) does not need the spaces.
    out.write("\n".join(line.rstrip() for line in drawn.getvalue().splitlines()) + "\n")


def _draw(console: Console, answer: Answer, color: bool) -> None:
    if answer.fell_back:
        console.print(fallback_notice(), style="yellow")
    intro, body = safe_markdown(answer.intro), safe_markdown(answer.body)
    if answer.refused:
        _prose(console, body)
        return
    if answer.not_covered:
        console.print(_note("Not covered by the documents: ",
                            ", ".join(answer.not_covered) + ".", "magenta"))
    weak = weak_match_note(answer)
    if weak:
        lead, _, rest = weak.partition(": ")
        console.print(_note(f"{lead}: ", rest, "yellow"))
    if answer.comparison is None:
        _prose(console, body)
    else:
        _prose(console, intro)
        console.print(_comparison_table(answer, color))
        console.print()
        _prose(console, body)
    if answer.citations:
        if answer.comparison is None or not body.strip():
            console.print()
        console.print("Sources", style="bold")
        for citation in answer.citations:
            _source(console, citation, answer)


def _note(lead: str, body: str, style: str) -> Text:
    from rich.text import Text

    return Text.assemble((lead, f"bold {style}"), body)


def _prose(console: Console, markdown: str) -> None:
    from .terminal_text import markdown_blocks

    for block in markdown_blocks(markdown):
        console.print(block)


def _comparison_table(answer: Answer, color: bool):
    from rich import box
    from rich.table import Table

    comparison = answer.comparison
    assert comparison is not None
    table = Table(box=box.ROUNDED if color else box.SIMPLE_HEAD, show_lines=color,
                  show_edge=color, header_style="bold")
    table.add_column("Criterion", style="bold")
    for option in comparison.options:
        table.add_column(option)
    for criterion, cells in zip(comparison.criteria, comparison.cells, strict=True):
        row = [criterion]
        for cell in cells:
            row.append(f"{cell.text} [{cell.citation}]" if cell.covered else NOT_COVERED)
        table.add_row(*row)
    return table


def _retired(citation: Citation) -> bool:
    return citation.record is not None and not citation.record.in_force


def _source(console: Console, citation: Citation, answer: Answer) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    heading = Table.grid(padding=(0, 1))
    heading.add_column(no_wrap=True, style="bold cyan")
    heading.add_column()
    heading.add_row(f"[{citation.n}]", source_line(citation))  # wrapped lines hang
    standing = standing_words(citation)
    if standing:
        heading.add_row("", Text(standing, style="yellow" if _retired(citation) else "dim"))
    console.print(heading)
    link = original_link(citation)
    if link:  # whole on its own line, so it can be opened or copied: a cut link leads nowhere
        console.print(Text.assemble("    ", (link, f"dim link {link}")), soft_wrap=True)
    for part in quote_parts(citation, answer.passages):
        if part.is_code:
            label = Text(f"{part.language or 'code'}:", style="dim")
            console.print(Padding(label, (0, 0, 0, 4)))
            console.print(Padding(Text(part.text, style="green", no_wrap=True,
                                       overflow="ignore"), (0, 0, 0, 6)))
        else:
            console.print(Padding(Text(f"“{part.text}”", style="dim"), (0, 0, 0, 4)))
