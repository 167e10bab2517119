"""Structure-aware chunking, on the fixture documents and on small hand-made ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.chunking import Chunk, chunk_document
from ingest.documents import Document, Format
from ingest.embedding import model_dir
from ingest.loaders import discover, load
from ingest.settings import Settings
from ingest.tokens import TokenCounter

EDUCATION_CORPUS = Path("/work/shared/corpora/ai-on-eks-education")
SETTINGS = Settings.from_env(environ={})
MODEL_LIMIT = 256  # all-MiniLM-L6-v2 reads at most 256 word pieces

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


@pytest.fixture(scope="module")
def count_tokens() -> TokenCounter:
    return TokenCounter(model_dir())


@pytest.fixture(scope="module")
def docs(fixture_corpus: Path) -> dict[str, Document]:
    return {p.name: load(p, fixture_corpus) for p in discover(fixture_corpus)}


def chunk(doc: Document, count_tokens: TokenCounter) -> list[Chunk]:
    return chunk_document(doc, count_tokens, SETTINGS.chunk_tokens, SETTINGS.max_tokens)


def markdown(text: str, file: str = "notes.md") -> Document:
    return Document(file, text, Format.MARKDOWN, "0" * 64)


def paragraph(topic: str, words: int = 60) -> str:
    """Prose of about `words` words, distinct per topic."""
    filler = ("nodes pods throughput latency capacity zones checkpoints datasets quotas "
              "budgets").split()
    return f"{topic} " + " ".join(filler[i % len(filler)] for i in range(words)) + "."


def _norm(heading: str) -> str:
    return re.sub(r"[`*_]", "", heading).strip()


def headings_and_code_comments(text: str) -> tuple[set[str], set[str]]:
    """Real ATX headings, and `#` lines inside fenced code blocks, found line by line."""
    headings: set[str] = set()
    comments: set[str] = set()
    fence: str | None = None
    for line in text.splitlines():
        opener = _FENCE.match(line.lstrip())
        if fence is None:
            if opener:
                fence = opener.group(1)[0]
            elif match := _HEADING.match(line):
                headings.add(_norm(match.group(1)))
        elif opener and opener.group(1)[0] == fence:
            fence = None
        elif line.lstrip().startswith("#"):
            comments.add(_norm(line.lstrip().lstrip("#")))
    return headings, comments


def assert_paths_are_real_headings(doc: Document, chunks: list[Chunk]) -> int:
    """No section path holds a code comment; returns how many comments the document has."""
    headings, comments = headings_and_code_comments(doc.text)
    for c in chunks:
        for heading in c.section_path:
            assert _norm(heading) in headings or heading == c.chapter, (doc.file, c.section_path)
            assert _norm(heading) not in comments - headings, (doc.file, c.section_path)
    return len(comments)


def assert_span_slices_back(doc: Document, c: Chunk) -> None:
    """The span is the chunk's source; a split part may only add its repeated header."""
    source = doc.text[c.start:c.end]
    if c.text == source:
        return
    source = source.rstrip()
    assert c.text.endswith(source), (doc.file, c.section_path, c.text[:80])
    repeated = c.text[: len(c.text) - len(source)]
    if repeated:  # a table header or fence line from earlier in the same block
        assert repeated.lstrip().startswith(("|", "```", "~~~")), repeated
        assert repeated.strip() in doc.text[:c.start]


# --- headings ------------------------------------------------------------------------


def test_hash_lines_in_code_fences_are_not_headings(docs, count_tokens):
    doc = docs["accelerated-instances.md"]
    chunks = chunk(doc, count_tokens)
    assert assert_paths_are_real_headings(doc, chunks) == 2

    (code,) = [c for c in chunks if "```bash" in c.text]
    assert code.section_path[-1] == "Recommendations"
    comment = "# Check that each GPU node advertises all eight GPUs"
    assert comment in code.text
    after = [c for c in chunks if c.position > code.position]
    assert after[0].section_path[-1] == "Real-world Examples"


def test_yaml_comment_in_a_fence_stays_in_its_option(docs, count_tokens):
    doc = docs["training-storage.md"]
    chunks = chunk(doc, count_tokens)
    assert assert_paths_are_real_headings(doc, chunks) == 1
    (code,) = [c for c in chunks if "# Persistent 2 with 250 MB/s" in c.text]
    assert code.section_path[-2:] == ("Options", "FSx for Lustre")


def test_hash_line_in_a_small_fence_does_not_start_a_section(count_tokens):
    doc = markdown("# Cluster set-up\n\n## Install the driver\n\n"
                   f"{paragraph('The FSx CSI driver comes from its Helm chart.')}\n\n"
                   "```bash\n# Add the chart repository\n"
                   "helm repo add aws-fsx-csi-driver \\\n"
                   "  https://kubernetes-sigs.github.io/aws-fsx-csi-driver\n"
                   "# Install into kube-system\n"
                   "helm install fsx aws-fsx-csi-driver/aws-fsx-csi-driver\n"
                   "```\n\nThe driver runs a controller and a node DaemonSet.\n")
    chunks = chunk(doc, count_tokens)
    assert {c.section_path for c in chunks} == {("Cluster set-up", "Install the driver")}
    assert any("# Install into kube-system" in c.text for c in chunks)


# --- whole blocks and splitting ------------------------------------------------------


def block_starting(text: str, first_line: str) -> str:
    """The block whose first line starts with `first_line`, up to a blank line or fence end."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first_line))
    if first_line.startswith("```"):
        end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("```")) + 1
    else:
        end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[start:end])


@pytest.mark.parametrize(("file", "first_line", "heading"), [
    ("accelerated-instances.md", "| Criterion | p5.48xlarge", "Trade-offs"),
    ("accelerated-instances.md", "- **Framework and kernel support**", "Decision Criteria"),
    ("accelerated-instances.md", "```bash", "Recommendations"),
    ("pod-identity.md", "| Criterion | IRSA", "Trade-offs"),
    ("pod-identity.md", "- Choose **EKS Pod Identity**", "Recommendations"),
    ("training-storage.md", "```yaml", "FSx for Lustre"),
    ("training-storage.md", "- **Throughput per accelerator**", "Decision Criteria"),
])
def test_tables_lists_and_code_stay_whole_with_their_heading(docs, count_tokens, file,
                                                             first_line, heading):
    doc = docs[file]
    block = block_starting(doc.text, first_line)
    holders = [c for c in chunk(doc, count_tokens) if block in c.text]
    assert len(holders) == 1
    assert holders[0].section_path[-1] == heading


def test_oversized_table_is_split_at_rows_with_its_header_repeated(docs, count_tokens):
    doc = docs["training-storage.md"]
    table = block_starting(doc.text, "| Criterion | Amazon S3")
    assert count_tokens(table) > MODEL_LIMIT  # the fixture must really be too big
    header, rows = table.splitlines()[:2], table.splitlines()[2:]

    parts = [c for c in chunk(doc, count_tokens) if c.section_path[-1] == "Trade-offs"]
    assert len(parts) >= 2
    assert parts[0].text.startswith("### Trade-offs\n\n" + "\n".join(header))
    seen_rows = []
    for part in parts:
        lines = part.text.splitlines()
        at = lines.index(header[0])
        assert lines[at + 1] == header[1]
        seen_rows += lines[at + 2:]
        assert count_tokens(part.embed_text) <= MODEL_LIMIT
    assert seen_rows == rows  # every row whole, once, in order


def test_oversized_code_block_repeats_its_fence_line(count_tokens):
    commands = "\n".join(f"kubectl label node gpu-node-{i} accelerator=nvidia-h100 --overwrite"
                         for i in range(60))
    doc = markdown(f"# Runbook\n\n## Label nodes\n\n```bash\n{commands}\n```\n")
    parts = chunk(doc, count_tokens)
    assert len(parts) >= 2
    assert parts[0].text.startswith("## Label nodes\n\n```bash\n")
    assert all(p.text.startswith("```bash\n") for p in parts[1:])
    assert all(count_tokens(p.embed_text) <= MODEL_LIMIT for p in parts)
    lines = [line for p in parts for line in p.text.splitlines() if line.startswith("kubectl")]
    assert lines == commands.splitlines()


def has_body(c: Chunk) -> bool:
    return any(line.strip() and not _HEADING.match(line) for line in c.text.splitlines())


def test_a_heading_never_forms_a_chunk_on_its_own(docs, count_tokens):
    # Heading and paragraph together just exceed the budget: the heading must not be left alone.
    doc = markdown(f"# IAM\n\n## Pod credentials\n\n#### IRSA\n\n{paragraph('IRSA', 150)}\n")
    chunks = chunk(doc, count_tokens)
    assert len(chunks) >= 2
    assert chunks[0].text.startswith("#### IRSA\n\nIRSA nodes")
    for d in [*docs.values(), doc]:
        assert all(has_body(c) for c in chunk(d, count_tokens)), d.file


def test_every_embed_text_fits_the_model(docs, count_tokens):
    huge_paragraph = paragraph("One endless paragraph without a single line break", 900)
    wide_rows = "\n".join(f"| r{i} | {paragraph('cell', 12)} | {paragraph('note', 12)} |"
                          for i in range(30))
    extreme = markdown(f"# Extreme\n\n## Prose\n\n{huge_paragraph}\n\n## Table\n\n"
                       f"| Row | A | B |\n|---|---|---|\n{wide_rows}\n")
    for doc in [*docs.values(), extreme]:
        chunks = chunk(doc, count_tokens)
        assert chunks
        for c in chunks:
            assert count_tokens(c.embed_text) <= MODEL_LIMIT, (doc.file, c.section_path)
            assert c.embed_text.startswith(" > ".join(c.section_path) + "\n")


# --- spans -----------------------------------------------------------------------------


def test_spans_slice_back_to_the_source_text(docs, count_tokens):
    for doc in docs.values():
        for c in chunk(doc, count_tokens):
            in_split_table = doc.file == "training-storage.md" and c.part == "Trade-offs"
            if not in_split_table:
                assert doc.text[c.start:c.end] == c.text, (doc.file, c.section_path)
            assert_span_slices_back(doc, c)


def test_span_keeps_single_line_breaks_between_blocks(count_tokens):
    doc = markdown("# Troubleshooting\n\n## GPU not detected\n\n**Check the plugin:**\n"
                   "- the NVIDIA device plugin pods are Running\n"
                   "- the node advertises nvidia.com/gpu\n"
                   "```bash\nkubectl get pods -n kube-system\n```\n")
    (only,) = chunk(doc, count_tokens)
    assert doc.text[only.start:only.end] == only.text


def test_nothing_is_dropped(docs, count_tokens):
    for doc in docs.values():
        chunks = chunk(doc, count_tokens)
        headings, _ = headings_and_code_comments(doc.text)
        text = "\n".join(c.text for c in chunks)
        for line in doc.text.splitlines():
            match = _HEADING.match(line)
            if line.strip() and not (match and _norm(match.group(1)) in headings):
                assert line in text, (doc.file, line)


# --- metadata --------------------------------------------------------------------------


@pytest.mark.parametrize(("heading", "part"), [
    ("Trade-offs Analysis", "Trade-offs"),
    ("Tradeoffs", "Trade-offs"),
    ("Pros and Cons", "Trade-offs"),
    ("Key Decision Criteria", "Criteria"),
    ("Our Recommendations", "Recommendations"),
    ("Case Studies", "Examples"),
    ("Pros and Cons", "Trade-offs"),
    ("Best Practices", "Recommendations"),
    ("Alternatives Considered", "Options"),
    ("Available Options", "Options"),
    ("1. The Decision", "Decision"),
    ("Background", None),
])
def test_decision_part_is_recognised_loosely(count_tokens, heading, part):
    doc = markdown(f"# Chapter\n\n## Storage choice\n\n### {heading}\n\n{paragraph('Lustre')}\n")
    (c,) = [c for c in chunk(doc, count_tokens) if c.section_path[-1] == heading]
    assert c.part == part


def test_option_subsections_belong_to_the_options_part(docs, count_tokens):
    chunks = chunk(docs["accelerated-instances.md"], count_tokens)
    by_heading = {c.section_path[-1]: c.part for c in chunks}
    assert by_heading["NVIDIA H100 on p5.48xlarge"] == "Options"
    assert by_heading["AWS Trainium on trn1.32xlarge"] == "Options"
    assert by_heading["Choosing accelerated instances for model training"] is None
    parts = {c.part for c in chunks} - {None}
    assert parts == {"Decision", "Options", "Criteria", "Trade-offs", "Recommendations",
                     "Examples"}


def test_chapter_is_the_h1_else_the_file_name(docs, count_tokens):
    chapters = {name: {c.chapter for c in chunk(doc, count_tokens)} for name, doc in docs.items()}
    assert chapters["pod-identity.md"] == {"Giving pods AWS permissions"}
    assert chapters["training-storage.md"] == {"Storage for training data on EKS"}
    assert chapters["eks-upgrade-notes.txt"] == {"eks upgrade notes"}

    no_h1 = markdown(f"## Sharing GPUs\n\n{paragraph('Time-slicing')}\n", "gpu-sharing_notes.md")
    assert {c.chapter for c in chunk(no_h1, count_tokens)} == {"gpu sharing notes"}


def test_plain_text_paragraphs_belong_to_the_chapter(docs, count_tokens):
    chunks = chunk(docs["eks-upgrade-notes.txt"], count_tokens)
    assert all(c.section_path == ("eks upgrade notes",) for c in chunks)
    assert all(c.page is None and c.part is None for c in chunks)


def test_ids_are_stable_across_runs_and_unique(fixture_corpus, docs, count_tokens):
    first = {name: [c.id for c in chunk(doc, count_tokens)] for name, doc in docs.items()}
    reloaded = {p.name: load(p, fixture_corpus) for p in discover(fixture_corpus)}
    second = {name: [c.id for c in chunk(doc, count_tokens)] for name, doc in reloaded.items()}
    assert first == second
    every = [i for ids in first.values() for i in ids]
    assert len(every) == len(set(every))


def test_identical_sections_get_distinct_ids(count_tokens):
    body = paragraph("Repeated warning about quotas")
    doc = markdown(f"# Notes\n\n## Warning\n\n{body}\n\n## Warning\n\n{body}\n")
    ids = [c.id for c in chunk(doc, count_tokens)]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_editing_one_section_changes_only_its_chunk_ids(docs, count_tokens):
    doc = docs["pod-identity.md"]
    edited_text = doc.text.replace("A platform team running twelve EKS clusters",
                                   "A platform team running forty EKS clusters")
    assert edited_text != doc.text
    edited = Document(doc.file, edited_text, doc.format, "1" * 64)
    before = {c.id: c.section_path for c in chunk(doc, count_tokens)}
    after = {c.id: c.section_path for c in chunk(edited, count_tokens)}
    assert {p[-1] for i, p in before.items() if i not in after} == {"Real-world Examples"}
    assert {p[-1] for i, p in after.items() if i not in before} == {"Real-world Examples"}


def test_tiny_sibling_sections_are_merged(count_tokens):
    doc = markdown("# Inference\n\n## Serving choice\n\n### Options\n\n"
                   "#### vLLM\n\nPaged attention server.\n\n"
                   "#### Triton\n\nMulti-framework server.\n\n"
                   f"### Decision Criteria\n\n{paragraph('Latency targets')}\n")
    chunks = chunk(doc, count_tokens)
    (options,) = [c for c in chunks if "#### vLLM" in c.text]
    assert "#### Triton" in options.text
    assert options.section_path == ("Inference", "Serving choice", "Options")
    assert options.part == "Options"
    assert doc.text[options.start:options.end] == options.text
    (criteria,) = [c for c in chunks if c.part == "Criteria"]
    assert "vLLM" not in criteria.text


def test_a_merged_chunk_names_the_sections_it_holds(count_tokens):
    doc = markdown("# 12. Queue for uploads\n\n## Status\n\nAccepted\n\n"
                   "## Context\n\nUploads arrive in bursts.\n\n"
                   f"## Decision\n\n{paragraph('Queue the uploads')}\n")
    chunks = chunk(doc, count_tokens)
    (merged,) = [c for c in chunks if "## Status" in c.text]
    assert merged.section_path == ("12. Queue for uploads",)
    assert merged.covers == ("Status", "Context")
    (decision,) = [c for c in chunks if c.section_path[-1] == "Decision"]
    assert decision.covers == ()  # a section standing alone is named by its own path
    assert Chunk.from_record(merged.__dict__ | {"covers": list(merged.covers)}) == merged


def test_sizable_sections_are_not_merged(docs, count_tokens):
    chunks = chunk(docs["accelerated-instances.md"], count_tokens)
    options = [c for c in chunks if c.part == "Options"]
    assert [c.section_path[-1] for c in options] == ["NVIDIA H100 on p5.48xlarge",
                                                     "NVIDIA A100 on p4d.24xlarge",
                                                     "AWS Trainium on trn1.32xlarge"]


# --- the shared reference corpus --------------------------------------------------------


@pytest.mark.skipif(not EDUCATION_CORPUS.is_dir(), reason="shared corpus not present")
def test_education_corpus_headings_and_token_limits(count_tokens):
    files = sorted(EDUCATION_CORPUS.rglob("*.md"))
    assert len(files) >= 36
    comments = 0
    for path in files:
        doc = load(path, EDUCATION_CORPUS)
        chunks = chunk(doc, count_tokens)
        assert chunks, doc.file
        comments += assert_paths_are_real_headings(doc, chunks)
        for c in chunks:
            assert count_tokens(c.embed_text) <= MODEL_LIMIT, (doc.file, c.section_path)
            assert_span_slices_back(doc, c)
            assert has_body(c), (doc.file, c.section_path)
    assert comments > 100  # the corpus really has `#` lines inside code blocks
