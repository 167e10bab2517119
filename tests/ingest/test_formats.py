"""Every format read into the same sections and blocks, chunked from canonical Markdown.

The fixtures in tests/fixtures/formats are small documents of each kind a docs folder
holds: padded tables, docs-site Markdown, a BOM, AsciiDoc, reStructuredText and HTML.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from ingest.chunking import Chunk, chunk_document
from ingest.documents import Document, Format
from ingest.embedding import model_dir
from ingest.errors import UnreadableDocument
from ingest.loaders import file_digest, load
from ingest.settings import Settings
from ingest.tokens import TokenCounter

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
SETTINGS = Settings.from_env(environ={})


@pytest.fixture(scope="module")
def count_tokens() -> TokenCounter:
    return TokenCounter(model_dir())


def loaded(name: str) -> Document:
    return load(FORMATS / name, FORMATS)


def chunked(doc: Document, count_tokens: TokenCounter) -> list[Chunk]:
    chunks = chunk_document(doc, count_tokens, SETTINGS.chunk_tokens, SETTINGS.max_tokens,
                            SETTINGS.max_chunk_chars)
    for c in chunks:
        assert any(ch.isalnum() for ch in c.text), c.text
        assert count_tokens(c.embed_text) <= SETTINGS.max_tokens
        assert len(c.embed_text) <= SETTINGS.max_chunk_chars
    return chunks


def test_a_padded_table_is_trimmed_and_stays_one_chunk(count_tokens):
    doc = loaded("padded-table.md")
    assert "  " not in doc.text
    assert "| p4d.24xlarge | 8 x A100 | Fine-tuning and mid-size training |" in doc.text
    (only,) = chunked(doc, count_tokens)
    assert only.text.startswith("# Accelerator instance families\n\n")
    assert "| Instance | Accelerators | Good for |\n|---|---|---|" in only.text
    assert doc.text[only.start:only.end] == only.text


def test_docs_site_markdown_keeps_prose_and_drops_build_syntax(count_tokens):
    doc = loaded("docs-site.mdx")
    chunks = chunked(doc, count_tokens)
    text = "\n".join(c.text for c in chunks)
    for build_only in ("sidebar_position", "import Tabs", "export const", "<!--", "editors:",
                       "<Tabs>", "TabItem", ":::"):
        assert build_only not in text, build_only
    assert {c.chapter for c in chunks} == {"Serving models with Ray"}  # front matter title
    assert "**Note: Autoscaling** Replicas scale on the number of ongoing requests" in text
    assert "**Warning: Quota** Check your GPU quota" in text
    assert "**Tip: Cold starts** Keep one warm replica" in text
    assert "GPU replicas load the weights from the shared FSx volume." in text
    assert ("Serving models with Ray", "Deploying") in {c.section_path for c in chunks}


def test_a_byte_order_mark_does_not_hide_the_first_heading(count_tokens):
    doc = loaded("bom-heading.md")
    assert doc.text.startswith("# Spot capacity for batch inference")
    assert {c.chapter for c in chunked(doc, count_tokens)} == {"Spot capacity for batch inference"}


def test_asciidoc_sections_lists_tables_and_listings(count_tokens):
    doc = loaded("capacity-runbook.adoc")
    assert doc.format is Format.ASCIIDOC
    chunks = chunked(doc, count_tokens)
    assert {c.chapter for c in chunks} == {"Capacity runbook"}
    by_section = {c.section_path[-1]: c.text for c in chunks}
    assert "- Check that the node pool allows the new instance type.\n  - Karpenter reads" in (
        by_section["Before you start"])
    assert "**Note:** Quota increases can take a day" in by_section["Before you start"]
    change = by_section["Node pool change"]
    assert "```yaml\nrequirements:\n  - key: node.kubernetes.io/instance-type" in change
    assert "| Instance | Minutes |\n|---|---|\n| p5.48xlarge | 12 |" in change
    assert "**Warning:** Draining a node evicts its pods" in change
    assert ":toc:" not in doc.text and "----" not in doc.text


def test_restructuredtext_through_docutils_never_includes_other_files(count_tokens):
    doc = loaded("network-guide.rst")
    chunks = chunked(doc, count_tokens)
    assert {c.chapter for c in chunks} == {"Networking for training clusters"}
    efa = next(c.text for c in chunks if c.section_path[-1] == "Elastic Fabric Adapter")
    assert "- Pods must request the vpc.amazonaws.com/efa resource." in efa
    assert "**Note:** Put all training nodes in one placement group." in efa
    assert "```bash\nkubectl get nodes" in efa
    assert "| Instance | EFA bandwidth |\n|---|---|\n| p5.48xlarge | 3200 Gbps |" in efa
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in doc.text
    assert "include" not in doc.text


def test_html_reads_the_page_not_its_chrome(count_tokens):
    doc = loaded("storage-page.html")
    chunks = chunked(doc, count_tokens)
    text = "\n".join(c.text for c in chunks)
    assert {c.chapter for c in chunks} == {"Checkpoint storage"}
    for chrome in ("Home", "console.log", "color: red", "Copyright"):
        assert chrome not in text, chrome
    assert "- FSx for Lustre: fastest restarts\n  - scratch file systems lose data" in text
    assert "| Option | Restart time |\n|---|---|\n| FSx for Lustre | minutes |" in text
    assert "```bash\naws s3 sync /fsx/checkpoints" in text
    assert "> Test a restore before the long run starts." in text


def test_a_long_padded_table_is_chunked_by_rows_with_its_header(tmp_path, count_tokens):
    rows = [f"| node-{i:03d}{' ' * 300}| {'g6e' if i % 2 else 'p5'}.xlarge{' ' * 300}| "
            f"zone {'abc'[i % 3]}{' ' * 300}|" for i in range(400)]
    (tmp_path / "fleet.md").write_text(
        "# Fleet\n\n| Node | Type | Zone |\n|---|---|---|\n" + "\n".join(rows) + "\n")
    chunks = chunked(load(tmp_path / "fleet.md", tmp_path), count_tokens)
    assert 5 < len(chunks) < 60  # rows of data, not thousands of whitespace scraps
    seen = []
    for c in chunks:
        lines = c.text.splitlines()
        at = lines.index("| Node | Type | Zone |")
        assert lines[at + 1] == "|---|---|---|"
        seen += lines[at + 2:]
    assert seen == [f"| node-{i:03d} | {'g6e' if i % 2 else 'p5'}.xlarge | zone {'abc'[i % 3]} |"
                    for i in range(400)]


def test_a_megabyte_line_without_spaces_is_cut_within_the_caps(tmp_path, count_tokens):
    blob = "".join(f"{i:x}" for i in range(220_000))[:1_000_000]
    assert len(blob) == 1_000_000
    (tmp_path / "dump.txt").write_text(f"Checksum dump\n\n{blob}\n")
    chunks = chunked(load(tmp_path / "dump.txt", tmp_path), count_tokens)
    assert len(chunks) >= 1_000_000 // SETTINGS.max_chunk_chars
    assert "".join(c.text for c in chunks if c.text != "Checksum dump") == blob


def test_hand_made_markdown_documents_still_chunk_where_they_stand(count_tokens):
    text = "# Quotas\n\n## GPUs\n\nRequest the vCPU quota for P instances before the run.\n"
    doc = Document("quotas.md", text, Format.MARKDOWN, "0" * 64)
    (only,) = chunked(doc, count_tokens)
    assert doc.text[only.start:only.end] == only.text
    assert only.section_path == ("Quotas", "GPUs")


def test_a_table_too_wide_to_repeat_its_header_is_still_chunked_in_bounds(tmp_path,
                                                                          count_tokens):
    columns = 600
    (tmp_path / "wide.md").write_text(
        "# Per-node settings\n\n|" + "|".join(f"setting{i}" for i in range(columns)) + "|\n|"
        + "---|" * columns + "\n|" + "|".join(f"value{i}" for i in range(columns)) + "|\n")
    chunks = chunked(load(tmp_path / "wide.md", tmp_path), count_tokens)
    text = " ".join(c.text for c in chunks)
    assert len(chunks) < 100  # the header is not repeated into thousands of scraps
    assert all(f"setting{i} " in text and f"value{i} " in text for i in range(columns))


def test_asciidoc_inline_markup_reads_as_plain_text_and_markdown_links(count_tokens):
    doc = loaded("upgrade-guide.adoc")
    links = re.findall(r"\[([^\]]*)\]\(([^)]*)\)", doc.text)
    assert set(links) == {("Karpenter", "https://karpenter.sh"),
                          ("the release notes", "https://skyline.example.org/releases"),
                          ("the dashboard", "https://grafana.example.org/d/latency"),
                          ("canary docs", "https://skyline.example.org/canary")}
    prose = _prose(doc.text)
    for residue in ("[", "]", "{product}", "link:", "xref:", "<<", "kbd:", "btn:", "menu:",
                    "footnote:", "pass:", "ifdef", "endif", "include::", ":product:", "*strong",
                    "_emphasis", "`", "#warm", "+{literal", "<em>"):
        assert residue not in prose, residue
    assert doc.text.startswith("# Skyline Serving upgrade guide\n\nRina Okafor "
                               "rina.okafor@example.org\n\nThis guide moves Skyline Serving "
                               "from 1.8 to the next release.")  # a badge alone is no prose
    assert "see the FAQ and" in doc.text
    assert ("Read the drain steps first, then Verify the rollout; the tuning page covers GPU "
            "limits.") in doc.text
    assert ("Roles such as warm pool, strong, emphasis, kubectl, {literal} and inline HTML "
            "keep their words.") in doc.text
    assert ("Stop the job with Ctrl+C, press Apply under Cluster > Settings > Scaling. "
            "(The menu moved in 2.0.)") in doc.text
    assert "The owner team is {owning-team}." in doc.text  # defined elsewhere: left as written
    assert "**Tip:** The site build shows this tip." in doc.text
    # The callout's explanation is folded into the line it marks, as that line's comment.
    assert ("Label the nodes first:\n\n```yaml\nmetadata:\n  labels:\n    skyline/upgrade: "
            '"true" # The drain job selects on this label.\n\n  annotations: {}\n```'
            '\n\n1. Write the disruption budget:') in doc.text
    assert "```yaml\nname: Skyline Serving\nmaxUnavailable: 1\n```" in doc.text
    assert 'echo "{product} stays literal in a listing"' in doc.text
    assert "**Important:** Compare latency against [the dashboard]" in doc.text
    assert "| Canary | [canary docs](https://skyline.example.org/canary) |" in doc.text
    paths = {c.section_path for c in chunked(doc, count_tokens)}
    assert paths == {("Skyline Serving upgrade guide",),
                     ("Skyline Serving upgrade guide", "Drain the old nodes with kubectl"),
                     ("Skyline Serving upgrade guide", "Verify the rollout")}


def _prose(markdown: str) -> str:
    """The text outside code fences, each Markdown link replaced by its text."""
    outside = "".join(markdown.split("```")[0::2])
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", outside)


def test_restructuredtext_roles_links_and_sphinx_directives_read_as_text(count_tokens):
    doc = loaded("serving-handbook.rst")
    links = re.findall(r"\[([^\]]*)\]\(([^)]*)\)", doc.text)
    assert set(links) == {("KEDA", "https://keda.sh/docs/"),
                          ("autoscaler guide", "https://docs.example.org/autoscaler"),
                          ("the dashboard", "https://grafana.example.org/d/queue")}
    prose = _prose(doc.text)
    for residue in ("[", "]", ":ref:", ":doc:", ":code:", ":py:", "`", "_ ", "|product|",
                    "-->", "versionadded", "toctree", "ops/rollback", ".. "):
        assert residue not in prose, residue
    assert ("Read Scaling rules for Skyline and the rollback steps before a release, and "
            "oncall for paging.") in doc.text
    assert ("The setting maxReplicas lives in values.yaml, read by Limits; open it with "
            "Edit > Settings.") in doc.text
    assert "The footnote marker leaves no number behind" in doc.text
    assert "|support-team| is defined by the site build" in doc.text  # unknown: as written
    assert "A relative runbook stays text." in doc.text
    assert "**New in version 2.1:** Scaling on queue depth replaced scaling on CPU." in doc.text
    assert ("```yaml\nautoscaling:\n  maxReplicas: 12\n  metric: queue-depth\n```"
            in doc.text)
    assert "**Note:** Check [the dashboard](https://grafana.example.org/d/queue) first." in (
        doc.text)
    assert "Undo the release with helm rollback; it restores the replica sets." in doc.text
    assert "**See also:** The paging guide for who to call." in doc.text
    paths = {c.section_path for c in chunked(doc, count_tokens)}
    assert paths == {("Serving handbook", "Scaling rules for Skyline"),
                     ("Serving handbook", "Rolling back")}


def test_html_links_entities_and_inline_tags_read_as_markdown(count_tokens):
    doc = loaded("gpu-sharing.html")
    links = re.findall(r"\[([^\]]*)\]\(([^)]*)\)", doc.text)
    assert set(links) == {
        ("time-slicing guide",
         "https://docs.nvidia.example.com/gpu-operator/time-slicing.html?tab=k8s&v=2"),
        ("the concepts", "https://kubernetes.io/docs/concepts/"),
        ("partitioning", "https://example.org/mig")}
    prose = _prose(doc.text)
    for residue in ("<", ">", "&amp;", "&mdash;", "&nbsp;", "\u00b6", "Docs home", "Legal",
                    "track(", "display", "Limits #", "Skip to", "Cluster handbook",
                    "On this page"):
        assert residue not in prose, residue
    assert ("Time slicing lets several pods share one GPU \u2014 see the [time-slicing guide]"
            in doc.text)
    assert ("and the MIG page. Write nvidia.com/gpu: 1 in the pod spec & restart the device "
            "plugin.") in doc.text
    assert "- Mail the GPU team before enabling it." in doc.text
    assert "| MIG | [partitioning](https://example.org/mig) |" in doc.text
    assert "```yaml\nsharing:\n  timeSlicing:\n    replicas: 4\n```" in doc.text
    paths = {c.section_path for c in chunked(doc, count_tokens)}
    assert paths == {("GPU sharing",), ("GPU sharing", "Limits")}


def test_markdown_headings_are_cited_by_their_words_while_body_links_stay(count_tokens):
    doc = loaded("linked-headings.md")
    paths = {c.section_path for c in chunked(doc, count_tokens)}
    assert paths == {("Model serving reference",
                      "Verify with kubectl and the node viewer")}
    assert ("Run the [node viewer](https://github.com/example/viewer) and watch "
            "**pending pods**.") in doc.text
    assert ("Read the [scaling guide](https://docs.example.org/scaling) and the "
            "[FAQ](https://docs.example.org/faq) first; [this][missing] stays as written."
            ) in doc.text


def test_asciidoc_marks_that_never_close_leave_a_long_paragraph_as_written(tmp_path):
    words = [f"{mark}w{i}" for i, mark in zip(range(30_000), "*_`#+[" * 5_000, strict=True)]
    (tmp_path / "marks.adoc").write_text("= Marks\n\n" + " ".join(words) + "\n")
    doc = load(tmp_path / "marks.adoc", tmp_path)
    assert doc.text == "# Marks\n\n" + " ".join(words) + "\n"


CALLOUTS = """= Pools

[source,yaml]
----
metadata:
  name: gpu-pool # <1>
spec:
  limits:
    nvidia.com/gpu: 64 # <2>
----
<1> The pool name that workloads select.
<2> The cap on GPUs across the *whole* pool.

[source,python]
----
client = connect() <.>
client.close() <.>
----
<.> Opens one session.
<.> Returns it to the pool.

[source,weird]
----
start <1>
----
<1> A language whose comments are not known.
"""


def test_asciidoc_callouts_become_the_comments_of_the_lines_they_explain(tmp_path):
    (tmp_path / "pools.adoc").write_text(CALLOUTS)
    text = load(tmp_path / "pools.adoc", tmp_path).text
    assert ("```yaml\nmetadata:\n  name: gpu-pool # The pool name that workloads select.\n"
            "spec:\n  limits:\n    nvidia.com/gpu: 64 # The cap on GPUs across the whole "
            "pool.\n```") in text
    assert ("```python\nclient = connect() # Opens one session.\n"
            "client.close() # Returns it to the pool.\n```") in text
    # A bare mark in a language of unknown comments stays, with its list beside it.
    assert "```weird\nstart <1>\n```\n\n- (1) A language whose comments are not known." in text
    assert "(1) The pool name" not in text and "(2)" not in text


def antora_component(folder: Path, descriptor: str) -> Path:
    """A docs component: its descriptor, one page under modules/ and one file beside it."""
    pages = folder / "modules" / "ROOT" / "pages"
    pages.mkdir(parents=True)
    (folder / "antora.yml").write_text(descriptor)
    (pages / "limits.adoc").write_text(
        "= Scaling {product}\n:tier: gold\n\n{product} scales to {max-gpus} GPUs on the "
        "{tier} tier{beta}.\n")
    (folder / "README.adoc").write_text("= About\n\nBuilt with {product}.\n")
    return pages / "limits.adoc"


DESCRIPTOR = """name: serving
version: '2.1'
asciidoc:
  attributes:
    product: Skyline Serving
    max-gpus: 64
    tier: silver@
    beta: false
"""


def test_an_antora_page_is_read_with_its_components_attributes(tmp_path):
    page = antora_component(tmp_path / "docs", DESCRIPTOR)
    doc = load(page, tmp_path)
    assert doc.text.startswith("# Scaling Skyline Serving\n")
    # The page's own entry changes a soft-set value; an attribute set to false is unset.
    assert "Skyline Serving scales to 64 GPUs on the gold tier{beta}." in doc.text
    # Outside the component's modules/ folder, nothing is inherited.
    assert "Built with {product}." in load(tmp_path / "docs" / "README.adoc", tmp_path).text


def test_an_unreadable_descriptor_leaves_the_pages_as_written(tmp_path):
    page = antora_component(tmp_path / "docs", "asciidoc: [unclosed\n")
    assert "{product} scales to {max-gpus} GPUs" in load(page, tmp_path).text


def test_a_change_to_the_descriptor_changes_its_pages_digest(tmp_path):
    page = antora_component(tmp_path / "docs", DESCRIPTOR)
    before = file_digest(page, tmp_path)
    assert file_digest(page) == hashlib.sha256(page.read_bytes()).hexdigest()
    (tmp_path / "docs" / "antora.yml").write_text(DESCRIPTOR.replace("64", "128"))
    assert file_digest(page, tmp_path) != before
    assert "scales to 128 GPUs" in load(page, tmp_path).text


def attribute_tree(folder: Path) -> Path:
    """A guide whose pages include one attribute file of the tree, as every page of it
    does, beside a chapter that a book includes and a file outside the corpus."""
    (folder / "guide").mkdir(parents=True)
    (folder / "attributes.txt").write_text(
        "// Names that differ per build\n:aws: pass:q[[.shared]``AWS``]\n"
        ":min-version: 0.206.0\n:long: first half \\\n  second half\n")
    (folder.parent / "secret.txt").write_text(":aws: LEAKED\n")
    (folder / "guide" / "chapter.adoc").write_text(
        "= Pools\n:pools: Spot pools\n\n== Limits\n\nText.\n")
    page = folder / "guide" / "pools.adoc"
    page.write_text(
        "= Node pools on {aws}\n\ninclude::../attributes.txt[]\ninclude::../../secret.txt[]\n"
        "include::chapter.adoc[leveloffset=+1]\n\nRun it on {aws} with eksctl "
        "{min-version} or later ({long}). {pools} stay as written.\n")
    return page


def test_a_page_is_read_with_the_attribute_files_it_includes_inside_the_corpus(tmp_path):
    page = attribute_tree(tmp_path / "docs")
    text = load(page, tmp_path / "docs").text
    # A passthrough's value is its text, with the quotes it asks for applied.
    assert text.startswith("# Node pools on AWS\n")
    assert "Run it on AWS with eksctl 0.206.0 or later (first half second half)." in text
    # Nothing outside the corpus is opened, and a chapter's entries stay its own.
    assert "LEAKED" not in text and "{pools} stay as written." in text


def test_a_change_to_an_included_attribute_file_changes_its_pages_digest(tmp_path):
    page = attribute_tree(tmp_path / "docs")
    before = file_digest(page, tmp_path / "docs")
    (tmp_path / "docs" / "attributes.txt").write_text(":min-version: 0.210.0\n")
    assert file_digest(page, tmp_path / "docs") != before
    assert "eksctl 0.210.0 or later" in load(page, tmp_path / "docs").text


def read_adoc(folder: Path, source: str) -> str:
    """The canonical text of one AsciiDoc page written with `source`."""
    (folder / "page.adoc").write_text(source)
    return load(folder / "page.adoc", folder).text


def test_asciidoc_character_references_read_as_the_characters_a_page_shows(tmp_path):
    text = read_adoc(
        tmp_path,
        "= Refs\n\nPods&#8212;and nodes &amp; zones, see C&#91;1&#93; and &#42;this&#42; "
        "or https://example.com/search?q=&#91;&#91;pools[the search]. &bogus; stays.\n\n"
        "----\na &amp; b\n----\n")
    assert ("Pods\u2014and nodes & zones, see C[1] and *this* or "
            "[the search](https://example.com/search?q=[[pools). &bogus; stays.") in text
    assert "```\na &amp; b\n```" in text  # a listing shows what was typed


def test_an_asciidoc_list_items_link_text_may_run_onto_its_next_line(tmp_path):
    text = read_adoc(
        tmp_path,
        "= Upgrade\n\n[arabic]\n. xref:notes[Review\nthe release notes.]\n"
        ". https://example.com/upgrade.html[Upgrade\nthe control plane.] Then wait.\n")
    assert ("1. Review the release notes.\n"
            "1. [Upgrade the control plane.](https://example.com/upgrade.html) Then wait.") in text


def test_asciidoc_indented_list_items_and_emphasized_links_read_as_lists_and_links(tmp_path):
    text = read_adoc(
        tmp_path,
        "= Quotas\n\n* Limits to know:\n"
        " ** https://example.com/dns.html[DNS allows 5 requests per second]. Plan for it.\n"
        "* Read the _https://example.com/policy[traffic policy]_ first.\n\n"
        " an indented line that is no list item\n")
    assert ("- Limits to know:\n"
            "  - [DNS allows 5 requests per second](https://example.com/dns.html). Plan for it.\n"
            "- Read the [traffic policy](https://example.com/policy) first.") in text
    assert "```\nan indented line that is no list item\n```" in text


def test_asciidoc_reads_markdown_fenced_code_attached_to_list_items(tmp_path):
    text = read_adoc(
        tmp_path,
        "= Steps\n\n. Apply the pool:\n+\n```bash\nkubectl apply -f pool.yaml\n```\n"
        ". Check it:\n+\n```\nkubectl get nodepools\n```\n+\nAll pools read Ready.\n\n"
        "== Next\n\nDone.\n")
    assert "1. Apply the pool:\n\n```bash\nkubectl apply -f pool.yaml\n```" in text
    # A paragraph attached to the item after its block reads without the `+` mark.
    assert "```\nkubectl get nodepools\n```\n\nAll pools read Ready." in text
    assert "## Next\n\nDone." in text


HIGHLIGHTED = """<html><body><main><h1>Pools</h1>
<div class="admonition warning"><p class="admonition-title">Warning</p>
<p>Spot capacity for p5 is scarce.</p></div>
<div class="highlight-yaml notranslate"><div class="highlight"><table class="highlighttable">
<tr><td class="linenos"><div class="linenodiv"><pre>1
2</pre></div></td><td class="code"><div><pre><span></span><span class="nt">limits</span>:
  <span class="nt">nvidia.com/gpu</span>: 64
</pre></div></td></tr></table></div></div>
<div class="language-python highlight"><pre><span></span><code>pool = "gpu"</code></pre></div>
</main></body></html>"""


def test_html_code_beside_line_numbers_stays_code_and_admonitions_lead_with_their_title(
        tmp_path):
    (tmp_path / "pools.html").write_text(HIGHLIGHTED)
    text = load(tmp_path / "pools.html", tmp_path).text
    assert "**Warning:** Spot capacity for p5 is scarce." in text
    assert "```yaml\nlimits:\n  nvidia.com/gpu: 64\n```" in text
    assert '```python\npool = "gpu"\n```' in text
    assert "1\n2" not in text and "|" not in text  # no line numbers, no table


CONTENT_TABS = '''# Installing

=== "Helm"

    Install with Helm 3.12 or later:

    ```bash
    helm install gpu-operator nvidia/gpu-operator
    ```

    === "Pinned"

        Pin `--version 24.3.0`.

=== "kubectl"

    ```bash
    kubectl apply -f operator.yaml
    ```

```markdown
=== "Shown as written"
    inside a fence
```
'''


def test_mkdocs_content_tabs_read_as_a_label_over_their_own_prose_and_code(tmp_path):
    (tmp_path / "install.md").write_text(CONTENT_TABS)
    text = load(tmp_path / "install.md", tmp_path).text
    assert ("**Helm**\n\nInstall with Helm 3.12 or later:\n\n```bash\nhelm install "
            "gpu-operator nvidia/gpu-operator\n```\n\n**Pinned**\n\nPin `--version 24.3.0`."
            ) in text
    assert "**kubectl**\n\n```bash\nkubectl apply -f operator.yaml\n```" in text
    assert '```markdown\n=== "Shown as written"\n    inside a fence\n```' in text


SPHINX_CONF = '''import sys
rst_prolog = """
.. |product| replace:: Skyline Serving
"""
rst_epilog = "\\n.. |team| replace:: the platform team\\n"
html_theme = sys.argv[0]  # built at run time: passed over
raise SystemExit("a configuration is read, never run")
'''


def test_an_rst_page_is_read_with_its_sphinx_projects_prolog_and_epilog(tmp_path):
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "conf.py").write_text(SPHINX_CONF)
    page = docs / "guide" / "scaling.rst"
    page.write_text("Scaling |product|\n=================\n\n|product| scales to 64 GPUs. "
                    "Ask |team|.\n")
    text = load(page, tmp_path).text
    assert text.startswith("# Scaling Skyline Serving\n\nSkyline Serving scales to 64 GPUs. "
                           "Ask the platform team.")
    before = file_digest(page, tmp_path)
    (docs / "conf.py").write_text(SPHINX_CONF.replace("Skyline Serving", "Skyline"))
    assert file_digest(page, tmp_path) != before
    assert "Skyline scales to 64 GPUs" in load(page, tmp_path).text


DOCUSAURUS_TABS = '''---
title: Install
---

import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

<Tabs>
  <TabItem value="helm" label="Helm" default>

Install with Helm 3.12 or later.

  </TabItem>
  <TabItem value="kubectl" label="kubectl">

Apply operator.yaml.

  </TabItem>
</Tabs>
'''


def test_docusaurus_tab_items_keep_their_labels(tmp_path):
    (tmp_path / "install.mdx").write_text(DOCUSAURUS_TABS)
    text = load(tmp_path / "install.mdx", tmp_path).text
    assert text == ("# Install\n\n**Helm**\n\nInstall with Helm 3.12 or later.\n\n**kubectl**\n\n"
                    "Apply operator.yaml.\n")


HUGO_PAGE = '''---
title: Pods
---

A {{< glossary_tooltip text="Pod" term_id="pod" >}} runs one or more containers.

{{< alert title="Warning" color="warning" >}}
Restarting a container is not restarting its Pod.
{{< /alert >}}

{{< tabs name="install" >}}
{{% tab name="Helm" %}}
Install the chart.
{{% /tab %}}
{{< /tabs >}}

{{< codenew file="pods/simple-pod.yaml" >}}

```go
{{< note >}} stays as written in code
```
'''


def test_hugo_shortcodes_read_as_the_built_page_shows_them(tmp_path):
    (tmp_path / "pods.md").write_text(HUGO_PAGE)
    text = load(tmp_path / "pods.md", tmp_path).text
    assert "A Pod runs one or more containers." in text
    assert "**Warning:**\nRestarting a container is not restarting its Pod." in text
    assert "**Helm**\n\nInstall the chart." in text
    assert "```go\n{{< note >}} stays as written in code\n```" in text
    assert text.count("{{") == 1 and "codenew" not in text


MYST_PAGE = '''# Serving guide

```{note}
Use vLLM 0.6 or later.
```

```{code-block} yaml
:caption: values.yaml
replicas: 2
```

:::{warning}
GPU nodes are tainted.
:::

```{toctree}
:maxdepth: 2
install
```

````{tab-set}
```{tab-item} Helm
Install with Helm.
```
````

```python
print("plain code stays code")
```
'''


def test_myst_directives_read_as_notes_tabs_and_code_not_as_listings(tmp_path):
    (tmp_path / "guide.md").write_text(MYST_PAGE)
    text = load(tmp_path / "guide.md", tmp_path).text
    assert text == ('# Serving guide\n\n**Note:** Use vLLM 0.6 or later.\n\n```yaml\n'
                    'replicas: 2\n```\n\n**Warning:** GPU nodes are tainted.\n\n'
                    '**Helm** Install with Helm.\n\n```python\nprint("plain code stays code")'
                    '\n```\n')


def test_a_notebook_reads_as_its_markdown_and_code_cells_without_outputs(tmp_path):
    import json

    cells = [
        {"cell_type": "markdown", "source": ["# Fine-tuning on Trainium\n", "\n",
                                             "Use `trn1.32xlarge` with 32 NeuronCores."]},
        {"cell_type": "code", "source": ["!pip install optimum-neuron\n", "print('```')"],
         "outputs": [{"output_type": "stream", "text": ["a long training log\n"]}]},
        {"cell_type": "markdown", "source": "## Results\n\nTraining took 4 hours."},
    ]
    notebook = {"cells": cells, "metadata": {"language_info": {"name": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "finetune.ipynb").write_text(json.dumps(notebook))
    doc = load(tmp_path / "finetune.ipynb", tmp_path)
    assert doc.format is Format.NOTEBOOK
    assert doc.text == ("# Fine-tuning on Trainium\n\nUse `trn1.32xlarge` with 32 NeuronCores."
                        "\n\n````python\n!pip install optimum-neuron\nprint('```')\n````\n\n"
                        "## Results\n\nTraining took 4 hours.\n")
    (tmp_path / "cut.ipynb").write_text('{"cells": [')
    with pytest.raises(UnreadableDocument, match="not a notebook"):
        load(tmp_path / "cut.ipynb", tmp_path)


def test_html_without_a_main_region_drops_breadcrumbs_and_landmarked_chrome(tmp_path):
    page = ('<html><body><div id="page"><ol id="breadcrumbs"><li><a href="/">Platform'
            '</a></li><li>Decisions</li></ol><div role="navigation">Home | Search</div>'
            '<h1>ADR-7 Use Karpenter</h1><h2>Decision</h2><p>We will use Karpenter.</p>'
            '<div id="footer" role="contentinfo"><p>Document generated on Mar 05, 2024</p>'
            '</div></div></body></html>')
    (tmp_path / "adr-7.html").write_text(page)
    text = load(tmp_path / "adr-7.html", tmp_path).text
    assert text == "# ADR-7 Use Karpenter\n\n## Decision\n\nWe will use Karpenter.\n"


def test_a_word_document_reads_by_its_heading_and_list_styles_and_tables(tmp_path):
    from docx import Document

    word = Document()
    word.core_properties.title = "ADR 12: Use Karpenter"
    word.add_heading("ADR 12: Use Karpenter", level=1)
    word.add_heading("Decision", level=2)
    word.add_paragraph("We will replace Cluster Autoscaler with Karpenter.")
    word.add_paragraph("Faster scale-up", style="List Bullet")
    word.add_paragraph("Consolidation lowers cost", style="List Bullet")
    table = word.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Option", (0, 1): "Scale-up", (1, 0): "Karpenter",
                             (1, 1): "Seconds"}.items():
        table.cell(row, col).text = text
    word.save(tmp_path / "adr-12.docx")
    doc = load(tmp_path / "adr-12.docx", tmp_path)
    assert (doc.format, doc.title) == (Format.DOCX, "ADR 12: Use Karpenter")
    assert doc.text == ("# ADR 12: Use Karpenter\n\n## Decision\n\nWe will replace Cluster "
                        "Autoscaler with Karpenter.\n\n- Faster scale-up\n- Consolidation "
                        "lowers cost\n\n| Option | Scale-up |\n|---|---|\n"
                        "| Karpenter | Seconds |\n")
    (tmp_path / "cut.docx").write_bytes(b"PK\x03\x04 not really a document")
    with pytest.raises(UnreadableDocument, match="not a Word document"):
        load(tmp_path / "cut.docx", tmp_path)
