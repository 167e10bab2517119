"""Hugo shortcodes in docs-site Markdown (`{{< note >}}`, `{{% tab name="Helm" %}}`):
read for what a reader of the built page sees, not as literal braces.

- A note box (`note`, `warning`, `alert title="..."`, ...) leads its text with its
  label, as an admonition does: "**Warning:** ...".
- A tab (`tab name="Helm"`) is a bold label over its body, as other sites' tabs are.
- An inline shortcode that carries its words (`glossary_tooltip text="Pod"`) gives them.
- Any other shortcode (a file include, a site parameter) and every closing one gives
  nothing: what it stands for is not in the page's source.

Fenced code is left as written: a page about shortcodes shows them there.
"""

from __future__ import annotations

import re

from ..fences import Fences

_SHORTCODE = re.compile(r"\{\{([<%])\s*(?P<closing>/)?\s*(?P<name>[\w.-]+)(?P<params>[^{}]*?)"
                        r"\s*/?\s*[>%]\}\}")
_PARAM = re.compile(r'(?P<key>[\w-]+)\s*=\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]+))')
_NOTE_BOXES = {"note", "warning", "caution", "tip", "info", "alert", "important", "danger",
               "callout", "notice", "hint"}


def hugo_shortcodes(text: str) -> str:
    """`text` with its shortcodes read as above."""
    if "{{" not in text:
        return text
    fences = Fences()
    return "\n".join(line if fences.code(line) else _SHORTCODE.sub(_read, line)
                     for line in text.split("\n"))


def _read(shortcode: re.Match[str]) -> str:
    if shortcode["closing"]:
        return ""
    name = shortcode["name"].lower()
    params = {m["key"].lower(): m["quoted"] if m["quoted"] is not None else m["bare"]
              for m in _PARAM.finditer(shortcode["params"])}
    if name in _NOTE_BOXES:
        return f"**{params.get('title') or name.capitalize()}:**"
    if name == "tab":
        label = params.get("name") or params.get("title") or params.get("header")
        return f"**{label}**\n" if label else ""
    return params.get("text", "")
