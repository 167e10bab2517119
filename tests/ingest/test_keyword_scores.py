"""A saved keyword index scores queries exactly as bm25s does, without importing bm25s."""

from __future__ import annotations

import bm25s
import numpy as np

from ingest.keyword import KeywordIndex, SavedScores, tokenize

TEXTS = [
    "A p5.48xlarge carries 8 NVIDIA H100 GPUs and 3,200 Gbps of EFA networking.",
    "Trainium trn1.32xlarge instances compile models through the Neuron SDK.",
    "FSx for Lustre feeds GPU data loaders; S3 with Mountpoint is cheaper.",
    "IRSA trusts the cluster's OIDC provider; EKS Pod Identity uses an agent add-on.",
    "",
]


def test_a_loaded_index_scores_exactly_like_bm25s(tmp_path):
    ids = [f"c{i}" for i in range(len(TEXTS))]
    KeywordIndex.build(ids, TEXTS).save(tmp_path / "keyword")
    loaded = KeywordIndex.load(tmp_path / "keyword")
    assert isinstance(loaded._retriever, SavedScores)  # the path a query takes
    assert loaded.ids == ids
    reference = bm25s.BM25.load(str(tmp_path / "keyword"), show_progress=False)
    for query in ["p5.48xlarge GPUs", "p5", "gpu GPU gpu data", "Pod Identity vs IRSA",
                  "what is Neuron"]:
        terms = [t for t in tokenize(query) if t in reference.vocab_dict]
        assert terms, query
        expected = np.asarray(reference.get_scores(terms), dtype=np.float32)
        np.testing.assert_array_equal(loaded.scores(query), expected)
    unknown = loaded.scores("zebra")
    assert unknown.shape == (len(TEXTS),) and not unknown.any()


def test_the_best_match_for_an_exact_name_is_its_chunk(tmp_path):
    ids = [f"c{i}" for i in range(len(TEXTS))]
    KeywordIndex.build(ids, TEXTS).save(tmp_path / "keyword")
    loaded = KeywordIndex.load(tmp_path / "keyword")
    assert int(np.argmax(loaded.scores("trn1.32xlarge"))) == 1


def test_names_are_kept_whole_and_also_give_their_parts():
    assert tokenize("The p5.48xlarge and MAX_JOBS, with --dry-run") == [
        "p5.48xlarge", "p5", "48xlarge", "max_jobs", "max", "jobs", "dry-run", "dry", "run"]
    # A plain word has no parts; stop words go, inside a name as well as alone.
    assert tokenize("Is it a GPU or the-end of it?") == ["gpu", "the-end", "end"]
