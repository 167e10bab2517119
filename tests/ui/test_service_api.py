"""`tradeoffs serve` as a client sees it: a real server process over the fixture index,
asked through the `openai` package and plain HTTP, with a token set."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import openai
import pytest
from service_support import Served, serving

from ingest.settings import Settings

TOKEN = "s3cret-team-token"
QUESTION = "Should we use S3 or FSx for Lustre for training data?"


@pytest.fixture(scope="module")
def served(built_index: Settings, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Served]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(built_index, log, env={"TRADEOFFS_API_TOKEN": TOKEN}) as server:
        yield server


@pytest.fixture
def client(served: Served) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{served.url}/v1", api_key=TOKEN, max_retries=0)


@pytest.fixture
def http(served: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.url, timeout=120,
                      headers={"Authorization": f"Bearer {TOKEN}"}) as session:
        yield session


def test_an_openai_client_gets_a_cited_answer(client: openai.OpenAI):
    completion = client.chat.completions.create(
        model="tradeoffs", messages=[{"role": "user", "content": QUESTION}])
    content = completion.choices[0].message.content or ""
    assert "[1]" in content and "### Sources" in content
    assert "training-storage.md" in content.split("### Sources")[1]
    extra = completion.model_extra["tradeoffs"]
    assert extra["refused"] is False
    assert extra["citations"][0]["file"] == "training-storage.md"
    assert extra["citations"][0]["quote"]


def test_a_streamed_answer_arrives_in_pieces_and_ends_with_its_citations(
        client: openai.OpenAI):
    stream = client.chat.completions.create(
        model="tradeoffs", stream=True, messages=[{"role": "user", "content": QUESTION}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1
    assert "[1]" in text and "training-storage.md" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["tradeoffs"]["citations"]


def test_the_stream_is_server_sent_events_ending_in_done(http: httpx.Client):
    body = {"model": "tradeoffs", "stream": True,
            "messages": [{"role": "user", "content": QUESTION}]}
    with http.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "data: [DONE]"
    assert json.loads(events[0][6:])["object"] == "chat.completion.chunk"


def test_a_follow_up_takes_its_subject_from_the_messages(client: openai.OpenAI):
    messages = [{"role": "user", "content": "How do I give pods AWS permissions with IRSA?"},
                {"role": "assistant", "content": "Use IRSA or EKS Pod Identity."},
                {"role": "user", "content": "And what does it cost to set up per cluster?"}]
    completion = client.chat.completions.create(model="tradeoffs", messages=messages)
    files = {c["file"] for c in completion.model_extra["tradeoffs"]["citations"]}
    assert "pod-identity.md" in files


def test_the_models_are_listed(client: openai.OpenAI):
    assert "tradeoffs" in [m.id for m in client.models.list()]


def test_ask_returns_the_answer_as_the_cli_prints_it(http: httpx.Client):
    response = http.post("/v1/ask", json={"question": QUESTION, "k": 4})
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) >= {"text", "citations", "passages", "refused", "not_covered",
                           "comparison", "confidence", "notices", "timings_ms"}
    assert answer["citations"][0]["file"] == "training-storage.md"
    assert answer["comparison"]["options"]


def test_search_and_documents(http: httpx.Client):
    found = http.post("/v1/search", json={"query": "EKS Pod Identity", "k": 2}).json()
    assert len(found["passages"]) == 2
    assert found["passages"][0]["file"] == "pod-identity.md"
    documents = http.get("/v1/documents").json()
    assert {d["file"] for d in documents["documents"]} >= {"pod-identity.md",
                                                           "training-storage.md"}


def test_openapi_docs_are_served(http: httpx.Client):
    spec = http.get("/openapi.json").json()
    assert "/v1/chat/completions" in spec["paths"]
    statuses = spec["paths"]["/v1/ask"]["post"]["responses"]
    assert {"200", "400", "401", "409", "413", "503"} <= set(statuses) and "422" not in statuses
    assert http.get("/docs").status_code == 200


BAD_REQUESTS = [
    ("wrong JSON", "/v1/ask", b'{"question": ', 400, "not valid JSON"),
    ("not an object", "/v1/ask", b"[1, 2]", 400, "JSON object"),
    ("missing field", "/v1/ask", b"{}", 400, "question"),
    ("wrong type", "/v1/ask", b'{"question": 42}', 400, "question"),
    ("k as text", "/v1/ask", b'{"question": "EFS?", "k": "5"}', 400, "k"),
    ("empty question", "/v1/ask", b'{"question": "   "}', 400, "empty"),
    ("unknown chapter", "/v1/ask", b'{"question": "EFS?", "chapters": ["nope.md"]}', 400,
     "nope.md"),
    ("unknown field", "/v1/search", b'{"query": "EFS", "kk": 3}', 400, "kk"),
    ("unknown model", "/v1/chat/completions",
     b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "EFS?"}]}', 400, "gpt-4o"),
    ("no messages", "/v1/chat/completions", b'{"model": "tradeoffs", "messages": []}', 400,
     "messages"),
    ("last message not the user's", "/v1/chat/completions",
     b'{"model": "tradeoffs", "messages": [{"role": "assistant", "content": "hi"}]}', 400,
     "user"),
    ("LLM mode without an LLM", "/v1/ask", b'{"question": "EFS?", "mode": "llm"}', 400, "LLM"),
    ("huge body", "/v1/ask", b'{"question": "' + b"a" * 2_000_000 + b'"}', 413, "larger"),
]


@pytest.mark.parametrize(("path", "body", "status", "word"),
                         [case[1:] for case in BAD_REQUESTS],
                         ids=[case[0] for case in BAD_REQUESTS])
def test_a_bad_request_gets_its_status_and_one_line(http: httpx.Client, path: str,
                                                    body: bytes, status: int, word: str):
    response = http.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    message = response.json()["error"]["message"]
    assert word.lower() in message.lower()
    assert "\n" not in message and "Traceback" not in response.text
    assert http.get("/healthz").status_code == 200  # still up


def test_a_huge_streamed_body_is_refused_too(http: httpx.Client):
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(40):
            yield b"a" * 50_000
        yield b'"}'

    response = http.post("/v1/ask", content=chunks())
    assert response.status_code == 413


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}"])
def test_a_wrong_or_missing_token_is_refused(served: Served, header: str | None):
    headers = {"Authorization": header} if header else {}
    for path in ("/v1/documents", "/v1/models", "/openapi.json"):
        response = httpx.get(served.url + path, headers=headers, timeout=30)
        assert response.status_code == 401
        assert "TRADEOFFS_API_TOKEN" in response.json()["error"]["message"]
    assert httpx.get(f"{served.url}/healthz", timeout=30).status_code == 200


def test_an_openai_client_with_a_wrong_key_gets_an_authentication_error(served: Served):
    client = openai.OpenAI(base_url=f"{served.url}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="tradeoffs",
                                       messages=[{"role": "user", "content": QUESTION}])


def test_the_server_answered_every_bad_request_without_a_traceback(served: Served):
    assert served.process.poll() is None
    assert "Traceback" not in served.output()
