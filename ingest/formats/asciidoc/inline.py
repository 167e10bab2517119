"""AsciiDoc inline markup read as a person sees it rendered: macros, cross references,
attribute references, passthroughs and formatting marks become their text, and web
links become Markdown links `[text](url)`.

The rules follow Asciidoctor's substitution order: passthroughs are set aside first
(their text is kept exactly), then attribute references are replaced, then macros,
then formatting marks. What a step produced is held apart as a placeholder, so a later
step never reads markup into it (an underscore in a URL is not emphasis).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from ..links import markdown_link

# Attributes every AsciiDoc processor defines: characters that are awkward to type.
BUILTIN_ATTRIBUTES = {
    "nbsp": " ", "sp": " ", "empty": "", "blank": "", "zwsp": "", "wj": "", "apos": "'",
    "quot": '"', "lsquo": "\u2018", "rsquo": "\u2019", "ldquo": "\u201c", "rdquo": "\u201d",
    "deg": "\u00b0", "plus": "+", "brvbar": "\u00a6", "vbar": "|", "amp": "&", "lt": "<",
    "gt": ">", "startsb": "[", "endsb": "]", "caret": "^", "asterisk": "*", "tilde": "~",
    "backslash": "\\", "backtick": "`", "two-colons": "::", "two-semicolons": ";;",
    "cpp": "C++", "pp": "++",
}

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never in a document's text
_HELD = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_ESCAPED = re.compile(r"\\(?:([*_`#^~+{<\[\]])|([a-z][a-z0-9]*:))")
# Every span is bounded: a mark that never closes must not make each later mark scan to
# the end of a long paragraph (quadratic time on a hostile file). Spans longer than this
# are left as written.
_ANY = ".{0,400}?"
_SOME = ".{1,400}?"
_TEXT = r"(\S|\S" + _ANY + r"\S)"  # text right inside a mark: no space next to it
# +++x+++, $$x$$, pass:[x], ++x++, +x+. Doubled marks need text right inside them, so
# "C++ and C++" is not read as one.
_PASS = re.compile(r"\+\+\+" + _TEXT + r"\+\+\+|\$\$(" + _ANY + r")\$\$"
                   r"|pass:[a-z,]{0,20}\[(" + _ANY + r")(?<!\\)\]"
                   r"|\+\+" + _TEXT + r"\+\+|(?<![\w;:+])\+" + _TEXT + r"\+(?![\w+])")
# `&#8212;`, `&amp;`, `&#x2192;`: the character a built page shows, never re-read as markup.
_CHAR_REF = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
ATTRIBUTE_REFERENCE = re.compile(r"(\\)?\{([A-Za-z0-9_][\w-]*)\}")
_ANCHOR = re.compile(r"\[\[\[([\w:.-]+)(?:,[^\]]{0,200})?\]\]\]"
                     r"|\[\[[A-Za-z_:][\w:.-]*(?:,[^\]]{0,200})?\]\]"
                     r"|anchor:[A-Za-z_:][\w:.-]*\[(?:" + _ANY + r"[^\\])?\]")
_BRACKETS = r"\[(|" + _ANY + r"[^\\])\]"  # a macro's attribute list; `\]` does not close it
_TARGET = r"[^:\s\[][^\s\[]{0,400}"
_MACROS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("image", re.compile(r"\b(image|icon):([^:\s\[](?:[^\n\[]{0,400}[^\s\[])?)" + _BRACKETS)),
    ("key", re.compile(r"\b(kbd|btn):" + _BRACKETS)),
    ("menu", re.compile(r"\bmenu:(\w[^\n\[]{0,100}?)\[ *(|" + _ANY + r"[^\\])\]")),
    ("stem", re.compile(r"\b(?:stem|latexmath|asciimath):" + _BRACKETS)),
    ("index", re.compile(r"\bindexterm(2?):" + _BRACKETS
                         + r"|\(\(\((" + _SOME + r")\)\)\)|\(\((" + _SOME + r")\)\)")),
    ("xref", re.compile(r"<<([\w#/.:{][^<>]{0,400}?)>>|\bxref:([\w#/.:{][^\s\[]{0,400})"
                        + _BRACKETS)),
    ("link", re.compile(r"\b(link|mailto):(" + _TARGET + ")" + _BRACKETS)),
    # A bare URL starts a word, or follows the mark of emphasis around it (_https://..._).
    ("url", re.compile(r"<((?:https?|ftp|file|irc)://[^\s<>\[\]]+)(?:" + _BRACKETS + ")?>"
                       r"|(?:(?<![\w/\"'=])|(?<=(?<!\w)_))"
                       r"((?:https?|ftp|file|irc)://[^\s\[\]<\"]*[^\s.,;:!?\[\]<\"])"
                       r"(?:" + _BRACKETS + ")?", re.IGNORECASE)),
    ("footnote", re.compile(r"\bfootnote(?:ref)?:([\w-]*)" + _BRACKETS)),
)
_ROLE = r"(?:\[[^\]\n]{0,100}\])?"  # [.role] before a mark
_QUOTES = (  # unconstrained (doubled) marks first, as Asciidoctor does
    re.compile(_ROLE + r"(\*\*|__|``|##)(" + _SOME + r")\1"),
    re.compile(r"\"`(" + _SOME + r")`\""),  # curved quotes
    re.compile(r"'`(" + _SOME + r")`'"),
    re.compile(r"(^|[^\w;:}])" + _ROLE + r"([*_`#])" + _TEXT + r"\2(?!\w)"),
    re.compile(r"\^(\S{1,100}?)\^|~(\S{1,100}?)~"),
)


# An attribute value that is one passthrough (`:aws: pass:q[[.shared]``AWS``]`): its
# text is the value, with the substitutions it names applied, as Asciidoctor does when it
# reads the entry. Greedy to the last bracket: the text may hold brackets of its own.
_PASS_VALUE = re.compile(r"pass:([a-z,]{0,20})\[(.*)\]", re.DOTALL)


def attribute_value(value: str, attributes: Mapping[str, str]) -> str:
    """What an attribute entry's value stands for in the text: its references resolved,
    or a passthrough's text with its formatting marks dropped when it asks for quotes."""
    passed = _PASS_VALUE.fullmatch(value)
    if passed is None:
        return substitute_attributes(value, attributes)
    subs = set(passed[1].split(","))
    text = passed[2]
    if subs & {"a", "attributes", "n", "normal"}:
        text = substitute_attributes(text, attributes)
    return _plain(text) if subs & {"q", "quotes", "n", "normal"} else _passed(text)


def substitute_attributes(text: str, attributes: Mapping[str, str]) -> str:
    """`{name}` replaced by its value; an unknown name stays as written, as Asciidoctor
    leaves it, and an escaped `\\{name}` loses its backslash."""
    def value(match: re.Match[str]) -> str:
        if match[1]:
            return match[0][1:]
        name = match[2].lower()
        if name in attributes:
            return attributes[name]
        return BUILTIN_ATTRIBUTES.get(name, match[0])

    return ATTRIBUTE_REFERENCE.sub(value, text)


class InlineReader:
    """Reads the inline markup of one document, with its attributes and anchors."""

    def __init__(self, attributes: Mapping[str, str], anchors: Callable[[str], str | None]) -> None:
        self.attributes = attributes
        self.anchors = anchors  # an id -> the text a cross reference to it shows

    def text(self, source: str, links: bool = True) -> str:
        """The text a reader sees; web links as `[text](url)` unless `links` is off
        (a heading is cited by its text alone)."""
        held: list[str] = []

        def hold(text: str) -> str:
            held.append(text)
            return f"{_OPEN}{len(held) - 1}{_CLOSE}"

        text = source.replace(_OPEN, "").replace(_CLOSE, "")
        text = _ESCAPED.sub(lambda m: hold(m[1] or m[2]), text)
        text = _CHAR_REF.sub(lambda m: hold(html.unescape(m[0])), text)
        text = _PASS.sub(lambda m: hold(_passed(next(g for g in m.groups() if g is not None))),
                         text)
        text = substitute_attributes(text, self.attributes)
        text = _ANCHOR.sub(lambda m: m[1] or "", text)
        for name, pattern in _MACROS:
            render = getattr(self, f"_{name}")
            text = pattern.sub(lambda m, render=render: hold(render(m, links, hold)), text)
        text = _plain(text)
        while _HELD.search(text):
            text = _HELD.sub(lambda m: held[int(m[1])], text)
        return " ".join(text.split())

    def _image(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        named = _named(m[3])
        if named.get("alt") or named.get("title") or m[1] == "icon":
            return named.get("alt") or named.get("title") or ""  # an icon alone is a picture
        return _first(m[3]).split(",")[0]

    def _key(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        keys = _unescape(m[2])
        return "+".join(k.strip() for k in keys.split(",")) if m[1] == "kbd" and "," in keys \
            else keys

    def _menu(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        items = [m[1], *re.split(r"\s*(?:>|,)\s*", _unescape(m[2]))]
        return " > ".join(i.strip() for i in items if i.strip())

    def _stem(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        return _unescape(m[1])

    def _index(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        # indexterm:[] and (((...))) only feed an index; indexterm2:[] and ((...)) show text.
        if m[1] == "2":
            return _unescape(m[2])
        return m[4] or ""

    def _xref(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        target, label = (m[1], "") if m[1] is not None else (m[2], m[3] or "")
        if m[1] is not None and "," in target:
            target, label = target.split(",", 1)
        label = _plain(_unescape(label.strip().strip('"')))
        return label or self.anchors(target.strip()) or _humanized(target.strip())

    def _link(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        return self._linked(m[2], m[3], links) if m[1] == "link" else (
            _plain(_first(m[3])) or m[2])

    def _url(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        if m[1]:
            return self._linked(m[1], m[2] or "", links)
        url, label, rest = m[3], m[4], ""
        if label is None and url.endswith(")") and url.count("(") < url.count(")"):
            url, rest = url[:-1], ")"  # "(see https://x.org)": the parenthesis is prose
        return self._linked(url, label or "", links) + rest

    def _footnote(self, m: re.Match[str], links: bool, hold: Callable[[str], str]) -> str:
        note = _plain(_unescape(m[2])).strip()
        return f" ({note})" if note else ""

    def _linked(self, url: str, label: str, links: bool) -> str:
        text = _plain(_first(label).rstrip("^")).strip()
        return markdown_link(text, url) if links else text or url


def _passed(text: str) -> str:
    if re.search(r"</?[A-Za-z][^<>]*>", text):
        from ..html import fragment_text

        return fragment_text(text)
    return text


def _plain(text: str) -> str:
    """Formatting marks dropped, their text kept."""
    for _ in range(3):  # nested marks: *_both_*
        before = text
        text = _QUOTES[0].sub(lambda m: m[2], text)
        text = _QUOTES[1].sub(lambda m: f"\u201c{m[1]}\u201d", text)
        text = _QUOTES[2].sub(lambda m: f"\u2018{m[1]}\u2019", text)
        text = _QUOTES[3].sub(lambda m: m[1] + m[3], text)
        text = _QUOTES[4].sub(lambda m: m[1] or m[2], text)
        if text == before:
            break
    return text


def _unescape(text: str) -> str:
    return text.replace("\\]", "]")


def _named(attrlist: str) -> dict[str, str]:
    return {k.strip(): v.strip().strip('"') for k, v in
            re.findall(r'(\w+)=("[^"]*"|[^,]*)', attrlist or "")}


def _first(attrlist: str) -> str:
    """The first positional value of a macro's attribute list: its text."""
    attrlist = _unescape(attrlist or "")
    if "=" not in attrlist:
        return attrlist
    if attrlist.startswith('"'):
        end = attrlist.find('"', 1)
        return attrlist[1:end] if end > 0 else attrlist[1:]
    first = attrlist.split(",", 1)[0]
    return "" if "=" in first else first


def _humanized(target: str) -> str:
    """What a cross reference shows when neither it nor its target names a text."""
    page, _, fragment = target.partition("#")
    name = fragment or re.sub(r"\.(adoc|asciidoc|asc)$", "", page.rsplit("/", 1)[-1])
    return " ".join(name.replace("_", " ").replace("-", " ").split())
