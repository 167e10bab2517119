"""AsciiDoc callouts: a listing marks lines with `<1>`, `<2>` (or `<.>`), and the list
after it explains each mark. Read apart, "(2) The cap on GPUs" says nothing and the
line it explains says it without words; folded back as the line's own comment, the
line and its meaning are quoted together."""

from __future__ import annotations

import re

# The comment a language writes to the end of a line, for marks written bare.
_LINE_COMMENTS = {
    "#": ("yaml", "yml", "bash", "sh", "shell", "console", "zsh", "python", "py", "toml",
          "ruby", "rb", "perl", "r", "dockerfile", "docker", "properties", "ini", "conf",
          "hcl", "terraform", "tf", "make", "makefile", "powershell", "ps1", "nix"),
    "//": ("java", "javascript", "js", "typescript", "ts", "go", "golang", "c", "cpp",
           "c++", "csharp", "cs", "rust", "kotlin", "scala", "swift", "groovy", "jsonc",
           "proto", "protobuf", "dart", "php"),
    "--": ("sql", "lua", "haskell", "hs"),
}
_COMMENT_OF = {language: comment for comment, languages in _LINE_COMMENTS.items()
               for language in languages}
# A mark at a line's end, behind the comment that keeps the code valid when copied
# (`# <1>`, `// <1>`, `-- <1>`, `<!--1-->`) or bare.
_MARK = re.compile(r"\s*(?:(#|//|--|;;)\s*)?<(\d+|\.)>|\s*<!--(\d+)-->")
_MARKS_AT_END = re.compile(rf"(?:{_MARK.pattern})+\s*$")  # marks stand only at the end


def fold_callouts(code: str, language: str,
                  callouts: list[tuple[str, str]]) -> str | None:
    """The listing with each mark replaced by its explanation, as a comment of its
    line; None when a mark has no explanation, an explanation no mark, or a bare mark
    no comment syntax this language is known to have."""
    explained = _numbered(callouts)
    lines = code.split("\n")
    auto = 0  # `<.>` marks number themselves in order, as their list items do
    used: set[str] = set()
    bare_comment = _COMMENT_OF.get(language.lower())

    def folded(mark: re.Match[str]) -> str:
        nonlocal auto
        number = mark[2] or mark[3]
        if number == ".":
            auto += 1
            number = str(auto)
        text = explained.get(number)
        comment = mark[1] or bare_comment
        if text is None or (comment is None and mark[3] is None):
            raise LookupError(number)
        used.add(number)
        return f" <!-- {text} -->" if mark[3] is not None else f" {comment} {text}"

    def fold_line(line: str) -> str:
        marks = _MARKS_AT_END.search(line)
        return line if marks is None else \
            line[:marks.start()] + _MARK.sub(folded, marks.group().rstrip())

    try:
        lines = [fold_line(line) for line in lines]
    except LookupError:
        return None
    return "\n".join(lines) if used == set(explained) else None


def _numbered(callouts: list[tuple[str, str]]) -> dict[str, str]:
    """Each explanation by its number; `<.>` items take the next one."""
    numbered: dict[str, str] = {}
    for n, (marker, text) in enumerate(callouts, 1):
        numbered[str(n) if marker == "." else marker] = text
    return numbered
