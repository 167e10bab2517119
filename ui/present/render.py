"""Pure helpers that turn an Answer into what the chat shows.

Nothing here touches Streamlit: the page modules call these and draw the results, so the
shaping of answers, tables, links and follow-up questions is testable on its own.

Every string from a document or a URL reaches the page through `escape_markdown` (shown
exactly as written) or `safe_markdown` (document Markdown, with images shown as their alt
text and link, and links only to http(s) or within the app).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from assistant import NOT_COVERED, Answer, Citation, Comparison
from ingest.parts import part_of_heading

SECTION_SEPARATOR = " > "  # joins a heading path in a link, as the index's prefixes do

_PART_SUFFIX = re.compile(r"[\s:,-]*(pros and cons|trade[\s-]?offs?)\s*$", re.I)
_NUMBERING = re.compile(r"^\s*\d+[.)]\s*")


_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\((?P<target>[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
_REF_IMAGE = re.compile(r"!(?=\[[^\]\n]*\])")
_LINK = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
_REF_DEFINITION = re.compile(r"^( {0,3})\[(?P<ref>[^\]\n]+)\]:\s*(?P<target>\S+)")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# Where GitHub-flavoured Markdown starts a link in plain text.
_AUTOLINK = re.compile(r"\b(?:https?|mailto|xmpp)(?=:)|\bwww(?=\.)|@", re.I)
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Text shown exactly as written wherever Streamlit reads Markdown (messages, labels):
    every ASCII punctuation mark escaped, lines joined. Streamlit also turns bare web and
    mail addresses into links after escapes are read, so an invisible word joiner breaks
    each such address."""
    text = _AUTOLINK.sub(lambda m: m[0] + WORD_JOINER, " ".join(str(text).split()))
    return _PUNCTUATION.sub(r"\\\1", text)


def safe_target(target: str) -> bool:
    """Whether a link may point there: http(s), or a place in this app (no scheme)."""
    plain = html.unescape(target).replace("\\", "")
    plain = "".join(ch for ch in plain if ch > " ").strip("<>").lower()
    scheme = _SCHEME.match(plain)
    return scheme is None or scheme[1] in ("http", "https")


def safe_markdown(text: str) -> str:
    """Document Markdown that loads nothing and runs nothing: an image becomes its alt
    text and a link to it, a link to anything but http(s) becomes its text, and raw HTML
    shows as text. Code blocks and code spans are left exactly as they are."""
    lines, fence = [], ""
    for line in text.split("\n"):
        opening = _FENCE_LINE.match(line)
        if fence:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
            lines.append(line)
        elif opening:
            fence = opening[1]
            lines.append(line)
        else:
            lines.append(_safe_line(line))
    return "\n".join(lines)


def _safe_line(line: str) -> str:
    definition = _REF_DEFINITION.match(line)
    if definition and not safe_target(definition["target"]):
        return f"{definition[1]}\\[{line[definition.end(1) + 1:]}"
    pieces, at = [], 0
    for span in _CODE_SPAN.finditer(line):
        pieces += [_safe_prose(line[at:span.start()]), span[0]]
        at = span.end()
    pieces.append(_safe_prose(line[at:]))
    return "".join(pieces)


def _safe_prose(text: str) -> str:
    def image(match: re.Match[str]) -> str:
        alt = match["alt"].strip() or "image"
        if match["target"] and safe_target(match["target"]):
            return f"image: [{alt}]({match['target']})"
        return f"image: {alt}"

    def link(match: re.Match[str]) -> str:
        return match[0] if safe_target(match["target"]) else match["text"]

    text = _IMAGE.sub(image, text)
    text = _REF_IMAGE.sub("image: ", text)  # ![alt][ref] becomes a link via its definition
    text = _LINK.sub(link, text)
    return _HTML_START.sub(r"\\<", text)


def weak_match_note(answer: Answer) -> str | None:
    """"Weak match: …" with the nearest sections, when the evidence scored low."""
    confidence = answer.confidence
    if confidence is None or confidence.level != "low" or answer.refused:
        return None
    nearest = list(dict.fromkeys(f"{p.chapter} › {p.section}" for p in answer.passages))[:3]
    reason = (confidence.reason.strip().rstrip(".")
              or "the documents only partly match this question")
    note = f"Weak match: {reason}."
    return f"{note} Nearest sections: {'; '.join(nearest)}." if nearest else note


def comparison_rows(comparison: Comparison) -> list[dict[str, str]]:
    """One row per criterion; each cell shows its text and [n], or "not covered"."""
    rows = []
    for criterion, cells in zip(comparison.criteria, comparison.cells, strict=True):
        row = {"Criterion": criterion}
        for option, cell in zip(comparison.options, cells, strict=True):
            row[option] = f"{cell.text} [{cell.citation}]" if cell.covered else NOT_COVERED
        rows.append(row)
    return rows


def source_query(citation: Citation) -> dict[str, str]:
    """Query parameters that open the cited chapter at the cited section."""
    return {"file": citation.file, "section": SECTION_SEPARATOR.join(citation.section_path)}


def parse_section(value: str | None) -> tuple[str, ...]:
    """The heading path from a `section` query parameter (empty when absent)."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(SECTION_SEPARATOR) if part.strip())


def quote_markdown(quote: str) -> str:
    """A quoted passage as a Markdown block quote, each line kept."""
    lines = safe_markdown(quote.strip()).splitlines() or [""]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def topic(section_path: Sequence[str]) -> str | None:
    """What a section is about, for a question: its innermost heading that names a subject,
    not a decision part ("Options", "Trade-offs"), without "pros and cons", numbering or
    a subtitle after a colon.
    The chapter title (the first heading) is too broad to ask about and is never used."""
    for heading in reversed(section_path[1:]):
        name = _PART_SUFFIX.sub("", _NUMBERING.sub("", heading)).strip(" :-")
        name = name.split(": ")[0].strip()  # "Storage by Use Case: Matching ..." is long
        if name and part_of_heading(name) is None:
            return name
    return None


def decision_of(section_path: Sequence[str]) -> tuple[str, ...]:
    """The heading path of the decision a section belongs to: everything above its first
    decision-part heading ("Options", "Trade-offs", ...); the path itself if it has none."""
    for i, heading in enumerate(section_path):
        if i > 0 and part_of_heading(heading):
            return tuple(section_path[:i])
    return tuple(section_path)


CHOOSE = "When should I choose {}?"
TRADE_OFFS = "What are the trade-offs of {}?"
# Follow-ups about a decision, for the parts of it the answer did not draw on.
_PART_QUESTIONS = (
    ("Trade-offs", TRADE_OFFS),
    ("Recommendations", "What do the documents recommend for {}?"),
    ("Examples", "Which real-world examples cover {}?"),
)


def follow_ups(question: str, answer: Answer, index_paths: Iterable[Sequence[str]] = (),
               limit: int = 3) -> list[str]:
    """Two or three next questions about sections related to the answer, deterministically.

    In order: other sections the answer drew on; other options of the same decision; then
    the decision's trade-offs, recommendations or examples when the answer cited none.
    The main section (the first citation's) and anything the question names are left out.
    `index_paths` are the section paths of the index, in document order.
    """
    drawn = [c.section_path for c in answer.citations] + [p.section_path for p in answer.passages]
    if not drawn or answer.refused:
        return []
    asked = question.lower()
    named = {(topic(drawn[0]) or "").lower()}  # subjects already offered (or the main one)
    questions: list[str] = []

    def offer(name: str | None, template: str) -> None:
        if name and name.lower() not in named and name.lower() not in asked:
            named.add(name.lower())
            questions.append(template.format(name))

    for path in drawn[1:]:
        is_option = len(path) > 1 and part_of_heading(path[-2]) == "Options"
        offer(topic(path), CHOOSE if is_option else TRADE_OFFS)
    # The decision the answer is about: the first one drawn on below chapter level.
    decision = next((d for d in map(decision_of, drawn) if len(d) > 1), decision_of(drawn[0]))
    depth = len(decision)
    below = [tuple(p) for p in index_paths if len(p) > depth and tuple(p[:depth]) == decision]
    for path in below:
        if len(path) == depth + 2 and part_of_heading(path[depth]) == "Options":
            offer(topic(path), CHOOSE)
    subject = topic(decision)
    cited = {part_of_heading(h) for c in answer.citations for h in c.section_path[1:]}
    present = {part_of_heading(p[depth]) for p in below}
    for part, template in _PART_QUESTIONS:
        if subject and part in present and part not in cited:
            questions.append(template.format(subject))
    return questions[:limit]


def chapter_titles(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """file -> a label for pickers: the chapter title, with the file name when titles repeat."""
    pairs = list(files)
    counts: dict[str, int] = {}
    for _, title in pairs:
        counts[title] = counts.get(title, 0) + 1
    return {file: title if counts[title] == 1 else f"{title} ({file})" for file, title in pairs}
