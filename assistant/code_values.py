"""The values a code block states, grouped the way the block nests them.

Decision documents keep many of their figures in YAML or dict literals:

    Very Large Models (70B+ params):
      - Instance: p5.48xlarge (H100)
      - Cost: ~$98.32/hour

A single line ("Cost: ~$98.32/hour") does not say what it is the cost of, so the
values directly under one key are quoted together, led by that key:
"Very Large Models (70B+ params): Instance: p5.48xlarge (H100); Cost: ~$98.32/hour".
A value with no key above it stands alone, and only when it holds a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# `key: value` or `key = value`; keys may be quoted (dict literals) or hold spaces (YAML).
_PAIR = re.compile(r"""^["']?(?P<key>[\w][\w .()+<>/-]{0,79}?)["']?\s*[:=]\s*(?P<value>.*?),?$""")
_OPENS = {"", "{", "[", "|", ">", "|-", ">-"}
# Lines every Kubernetes manifest carries; they never answer a question.
_BOILERPLATE = {"apiVersion"}
MAX_VALUES = 6  # a longer run is quoted in pieces, each led by its key


@dataclass
class _Group:
    label: str
    indent: int
    values: list[str] = field(default_factory=list)


def value_stanzas(lines: list[str]) -> list[str]:
    """The quotable values of one code block, in reading order."""
    open_keys: list[_Group] = []  # the keys enclosing the current line, outermost first
    groups: list[_Group] = []
    for raw in lines:
        body = raw.strip()
        if not body or body.startswith(("//", "/*")):
            continue
        indent = len(raw) - len(raw.lstrip())
        if body.startswith("- "):
            body, indent = body[2:].strip(), indent + 2
        if body.startswith("#"):
            if re.match(r"#\s+\w+.*\d", body):  # a comment that states a figure
                _place(open_keys, groups, indent, body)
            continue
        pair = _PAIR.match(body)
        if pair is None and body.endswith(("{", "[")):  # `ingress {`: a block opens
            pair = _PAIR.match(f"{body[:-1].strip()}:")
        if pair is None:
            if raw.lstrip().startswith("- "):
                _place(open_keys, groups, indent, body)  # a bare list item: a value
            continue
        key, value = pair["key"].strip(), pair["value"].strip()
        if key in _BOILERPLATE:
            continue
        if value.split("#")[0].strip() in _OPENS:
            while open_keys and open_keys[-1].indent >= indent:
                open_keys.pop()
            group = _Group(key, indent)
            open_keys.append(group)
            groups.append(group)
        else:
            _place(open_keys, groups, indent, f"{key}: {value}")
    return [text for group in groups for text in _quotes(group)]


def _place(open_keys: list[_Group], groups: list[_Group], indent: int, value: str) -> None:
    while open_keys and open_keys[-1].indent >= indent:
        open_keys.pop()
    if open_keys:
        open_keys[-1].values.append(value)
    elif re.search(r"\d", value):
        groups.append(_Group("", indent, [value]))


def _quotes(group: _Group) -> list[str]:
    runs = [group.values[i:i + MAX_VALUES] for i in range(0, len(group.values), MAX_VALUES)]
    lead = f"{group.label}: " if group.label else ""
    return [lead + "; ".join(run) for run in runs]
