"""The answer's HTML and quote parts: [n] links with escaped tooltips, weak-match notes,
and quoted code given back its lines."""

from __future__ import annotations

from assistant import Answer, Citation, Confidence, Passage
from assistant.models import QUOTE_JOINER
from ui.present.quotes import quote_parts
from ui.present.render import weak_match_note
from ui.web.answer_html import comparison_html, prose_html

PATH = ("Node pools", "Isolation <img src=x onerror=alert(1)>")
HOSTILE = Citation(1, "pools.md", "Node pools", PATH,
                   'Taint the pool. <script>alert("quote")</script>')
SECTION = """#### Storage class

Create the class first:

```yaml
kind: StorageClass
metadata:
  name: fast
parameters:
  throughput: "250"
```

Then mount it."""


def test_markers_link_to_their_source_and_nothing_from_the_documents_is_markup() -> None:
    html = prose_html("Use a **tainted** pool. [1] Unknown [7]. <b>raw</b>", [HOSTILE], "x1")
    assert '<a class="cite" href="#src-x1-1"' in html
    assert "<strong>tainted</strong>" in html
    assert "[7]" in html and "#src-x1-7" not in html  # no card to go to
    assert "<script>" not in html and "<img" not in html and "<b>raw</b>" not in html
    assert "&lt;script&gt;alert(&quot;quote&quot;)&lt;/script&gt;" in html  # the tooltip
    assert "Isolation &lt;img src=x onerror=alert(1)&gt;" in html


def test_weak_match_names_the_nearest_sections_only_when_confidence_is_low() -> None:
    passages = (Passage("a.md", "Storage", ("Storage", "S3"), 0, 1, "t", 0.2),
                Passage("a.md", "Storage", ("Storage", "EFS"), 0, 1, "t", 0.1))
    low = Answer("S3 is cheap. [1]", (), passages, False,
                 confidence=Confidence("low", 0.2))
    assert weak_match_note(low) == ("Weak match: the documents only partly match this "
                                    "question. Nearest sections: Storage › S3; Storage › EFS.")
    told = Answer("S3", (), passages[:1], False,
                  confidence=Confidence("low", 0.2, "the best section scored 0.21, below 0.3"))
    assert weak_match_note(told) == ("Weak match: the best section scored 0.21, below 0.3. "
                                     "Nearest sections: Storage › S3.")
    high = Answer("S3 is cheap. [1]", (), passages, False, confidence=Confidence("high", 0.9))
    assert weak_match_note(high) is None
    assert weak_match_note(Answer("S3", (), passages, False)) is None


def test_quoted_yaml_comes_back_as_its_lines_with_its_language() -> None:
    quote = QUOTE_JOINER.join(["Create the class first:", "metadata:", "name: fast",
                               'throughput: "250"', "Then mount it."])
    citation = Citation(1, "s.md", "Storage", ("Storage", "Storage class"), quote)
    passage = Passage("s.md", "Storage", ("Storage", "Storage class"), 0, 1, SECTION, 0.5)
    parts = quote_parts(citation, [passage])
    assert [(p.language, p.text) for p in parts] == [
        (None, "Create the class first:"),
        ("yaml", 'metadata:\n  name: fast\nparameters:\n  throughput: "250"'),
        (None, "Then mount it."),
    ]
    # Without its passage, the quote stays prose.
    assert [p.language for p in quote_parts(citation, [])] == [None]


def test_a_comparison_cell_without_support_says_not_covered() -> None:
    from assistant import Cell, Comparison

    comparison = Comparison(("S3", "EFS <i>"), ("Cost",), ((Cell("Low", 1), Cell("x", None)),))
    html = comparison_html(comparison, [HOSTILE], "x1")
    assert '<th scope="col">EFS &lt;i&gt;</th>' in html
    assert 'Low <a class="cite" href="#src-x1-1"' in html
    assert '<td class="not-covered"><em>not covered</em></td>' in html
