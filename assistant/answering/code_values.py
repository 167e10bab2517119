"""The values a code block states, grouped the way the block nests them.

Decision documents keep many of their figures in YAML or dict literals:

    Very Large Models (70B+ params):
      - Instance: p5.48xlarge (H100)
      - Cost: ~$98.32/hour

A single line ("Cost: ~$98.32/hour") does not say what it is the cost of, so the
values directly under one key are read together, led by that key:
"Very Large Models (70B+ params): Instance: p5.48xlarge (H100); Cost: ~$98.32/hour".
A value with no key above it stands alone, and only when it holds a number.

Shell blocks state steps rather than values: each command is read after the comment
that says what it does ("Install the NVIDIA device plugin: kubectl apply -f ...").
Program code (Python and the like) states values only in dict literals; a statement
is read only when a comment explains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import QUOTE_JOINER

# `key: value` or `key = value`; keys may be quoted (dict literals) or hold spaces (YAML).
# A quote around the key must close before the separator: in "KEY=value" the quotes hold
# the whole pair, which is then no key and value but one value, read as written.
_PAIR = re.compile(r"""^(?P<q>["']?)(?P<key>[\w][\w .()+<>/-]{0,79}?)(?P=q)\s*(?P<sep>[:=])\s*"""
                   r"""(?P<value>.*?),?$""")
_OPENS = {"", "{", "[", "|", ">", "|-", ">-"}
# Lines every Kubernetes manifest carries; they never answer a question.
_BOILERPLATE = {"apiVersion"}
MAX_VALUES = 6  # a longer run is quoted in pieces, each led by its key
SHELLS = frozenset({"bash", "sh", "shell", "zsh", "fish", "ksh", "console", "shell-session",
                    "terminal", "cli", "powershell", "pwsh", "ps1", "cmd", "bat", "batch"})
# In program code `x = f(y)` is a statement, not a stated value; only dict literals
# ('persistent_2': 0.290) state values there.
PROGRAMS = frozenset({"python", "py", "javascript", "js", "typescript", "ts", "go", "java",
                      "rust", "c", "cpp", "ruby", "scala", "kotlin"})


@dataclass(frozen=True)
class Stanza:
    text: str  # how it reads: "key: value; value"
    quote: str  # the source lines it reads, each verbatim, joined by QUOTE_JOINER


@dataclass
class _Group:
    label: str
    indent: int
    label_line: str = ""  # the source line that opens the group, if any
    values: list[tuple[str, str]] = field(default_factory=list)  # (reading, source line)


def value_stanzas(lines: list[str], language: str = "") -> list[Stanza]:
    """The quotable values of one code block, in reading order; `language` is the
    block's info string (```yaml)."""
    if language.lower() in SHELLS:
        return command_stanzas(lines)
    if language.lower() in PROGRAMS:  # dict literals, and statements a comment explains
        return _keyed_values(lines, program=True) + command_stanzas(lines, explained_only=True)
    return _keyed_values(lines, program=False)


def _keyed_values(lines: list[str], program: bool) -> list[Stanza]:
    """Values under their keys; in program code only dict-literal entries count."""
    open_keys: list[_Group] = []  # the keys enclosing the current line, outermost first
    groups: list[_Group] = []
    lines = [line for line in lines if line.strip()]
    for at, raw in enumerate(lines):
        source = raw.strip()
        body = source
        indent = len(raw) - len(raw.lstrip())
        item = body.startswith("- ")
        if item:
            body, indent = body[2:].strip(), indent + 2
        if body.startswith(("#", "//", "/*")):
            continue  # a comment names what follows; the values say it
        pair = _PAIR.match(body)
        if pair is None and body.endswith(("{", "[")):  # `ingress {`: a block opens
            pair = _PAIR.match(f"{body[:-1].strip()}:")
        if pair is None:
            if item:
                _place(open_keys, groups, indent, body, source)  # a bare list item
            continue
        key, value = pair["key"].strip(), pair["value"].strip()
        opens = value.split("#")[0].strip() in _OPENS
        if key in _BOILERPLATE or (program and not opens and not body.startswith(("'", '"'))):
            continue
        if item and _continues(lines, at, indent):
            # "- name: training-gpu" then more keys: one item of a list of mappings,
            # read as a whole under the list's own key.
            _close(open_keys, indent - 1)  # a list may sit at its key's own indent
            group = _Group(open_keys[-1].label if open_keys else "", indent - 1)
            open_keys.append(group)
            groups.append(group)
        if opens:
            _close(open_keys, indent)
            group = _Group(key, indent, source)
            open_keys.append(group)
            groups.append(group)
        else:
            # The pair reads with its own separator: `size = 30` is not re-punctuated.
            separator = ": " if pair["sep"] == ":" else " = "
            _place(open_keys, groups, indent, f"{key}{separator}{value}", source)
    return [stanza for group in groups for stanza in _stanzas(group)]


def command_stanzas(lines: list[str], explained_only: bool = False) -> list[Stanza]:
    """Each run of commands with the comment above it, which says what they do;
    `explained_only` keeps only those a comment explains (above them or inline)."""
    groups: list[_Group] = []
    group: _Group | None = None
    pieces: list[str] = []  # the lines of one command continued with backslashes
    for raw in [*lines, ""]:
        line = raw.strip()
        if pieces or (line and not line.startswith("#")):
            if group is None:
                group = _Group("", 0)
                groups.append(group)
            pieces.append(line)
            if not line.endswith("\\"):
                command = " ".join(p.removesuffix("\\").strip() for p in pieces)
                group.values.append((command, QUOTE_JOINER.join(pieces)))
                pieces = []
        elif not line:
            group = None  # a blank line ends the run
        else:
            label = line.lstrip("#").strip()
            group = _Group(label, 0, line) if label else None
            groups.extend([group] if group else [])
    if explained_only:
        groups = [g for g in groups if g.label] + [
            _Group("", 0, values=[value]) for g in groups if not g.label
            for value in g.values if " # " in value[1] or " // " in value[1]]
    return [stanza for group in groups if group.values for stanza in _stanzas(group)]


def _continues(lines: list[str], at: int, indent: int) -> bool:
    """Whether the line after `at` is another key of the same list item."""
    if at + 1 >= len(lines):
        return False
    after = lines[at + 1]
    return len(after) - len(after.lstrip()) == indent and not after.lstrip().startswith("- ")


def _close(open_keys: list[_Group], indent: int) -> None:
    """Leave every group the line at `indent` is not nested in."""
    while open_keys and open_keys[-1].indent >= indent:
        open_keys.pop()


def _place(open_keys: list[_Group], groups: list[_Group], indent: int, value: str,
           source: str) -> None:
    _close(open_keys, indent)
    if open_keys:
        open_keys[-1].values.append((value, source))
    elif re.search(r"\d", value):
        groups.append(_Group("", indent, values=[(value, source)]))


def _stanzas(group: _Group) -> list[Stanza]:
    lead = f"{group.label}: " if group.label else ""
    stanzas = []
    for i in range(0, len(group.values), MAX_VALUES):
        run = group.values[i:i + MAX_VALUES]
        lines = [group.label_line] if group.label_line else []
        stanzas.append(Stanza(lead + "; ".join(text for text, _ in run),
                              QUOTE_JOINER.join(lines + [line for _, line in run])))
    return stanzas


# Characters that draw a terminal table's borders ("+-----+", "|====|").
_BORDER = frozenset("+-|=")
DRAWN_SHARE = 0.3  # of a code unit's visible characters: above it, it is output, not code


def drawn(text: str) -> bool:
    """Whether a code block's text is a program's output drawn as a box of dashes and bars."""
    visible = [ch for ch in text if not ch.isspace()]
    return bool(visible) and sum(ch in _BORDER for ch in visible) > DRAWN_SHARE * len(visible)
