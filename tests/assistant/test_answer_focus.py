"""The direct answer stays with the document that answers the question: a sentence from
another retrieved document that shares only a word or two with the question is not
quoted beside it, while a question whose asks two documents answer quotes both."""

from __future__ import annotations

from composing import compose_from

from assistant import Answer, Passage

QUEUE = """### Retries

The ingest queue retries a failed message three times before it parks the message.
Parked messages stay on the queue for seven days so that an operator can inspect them.
The queue keeps parked messages on a local disk of its own node.
Nodes get a fresh disk when they are rebuilt.
"""

ALERTS = """### Paging

Alert messages reach the on-call channel within a minute of the alert firing.
An alert fires when a disk of the cluster is more than ninety percent full.
"""

PASSAGES = [
    Passage("queue.md", "Queue", ("Queue", "Retries"), 0, len(QUEUE), QUEUE, 1.0),
    Passage("alerts.md", "Alerts", ("Alerts", "Paging"), 0, len(ALERTS), ALERTS, 0.9),
]


def answer(question: str) -> Answer:
    return compose_from(question, PASSAGES, [QUEUE, ALERTS])


def cited_files(result: Answer) -> set[str]:
    return {c.file for c in result.citations}


def test_the_answer_quotes_only_the_document_that_answers_the_question():
    result = answer("How many times does the ingest queue retry a failed message?")
    assert "three times" in result.text
    assert cited_files(result) == {"queue.md"}
    assert "on-call channel" not in result.text


def test_each_ask_keeps_the_document_that_answers_it():
    # The alert sentence scores well below the retry sentence on the whole question,
    # but it answers the second ask; the queue's own sentence about disks only touches it.
    result = answer("How many times does the ingest queue retry a failed message, "
                    "and when does an alert fire for a full disk?")
    assert "three times" in result.text
    assert "ninety percent full" in result.text
    assert cited_files(result) == {"queue.md", "alerts.md"}
    assert "fresh disk" not in result.text


CACHE = """### Read cache

The service keeps a read cache of recent orders in memory for ten minutes.

### Trade-offs

- A restart empties the cache.
- The cache costs memory on every node.
- A stale cache entry can be served for a while.
- Warming the cache takes a minute after a deploy.
- The cache hides slow queries from the dashboards.
- Each cache node needs its own metrics.
"""

ARCHIVE = """### Order archive

The downside of the archive is that a read of recent orders waits on a slow disk.
"""


def test_the_trade_offs_are_those_of_the_document_the_answer_quotes():
    # The archive's drawback shares more of the question's words than the cache's own
    # drawbacks do, but it is the drawback of something else.
    passages = [Passage("cache.md", "Cache", ("Cache",), 0, len(CACHE), CACHE, 1.0),
                Passage("archive.md", "Archive", ("Archive", "Order archive"), 0,
                        len(ARCHIVE), ARCHIVE, 0.9)]
    result = compose_from("How long does the read cache keep recent orders?", passages,
                          [CACHE, ARCHIVE])
    trade_offs = result.text.split("**Trade-offs**")[1]
    assert trade_offs.count("cache") == 3 and "archive" not in trade_offs
    assert cited_files(result) == {"cache.md"}
