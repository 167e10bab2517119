"""The optional LLM answerer, driven by LangChain's fake chat models (no real LLM runs
here): our prompt, our citation checks, streaming, fallbacks and follow-up rewriting."""

from __future__ import annotations

import re

from answer_checks import cited_numbers

from assistant import Answer, Notice, fallback_notice
from assistant.answering.llm import UNSUPPORTED

QUESTION = "What does a p5.48xlarge carry?"


def first_sentence(text: str) -> str:
    prose = " ".join(line for line in text.splitlines() if not line.startswith("#"))
    return re.split(r"(?<=[.!?])\s+", prose.replace("`", "").strip())[0]


def test_llm_path_with_fake_chat_model_gets_numbered_passages_and_the_citation_rule(
        assistant, assistant_with, recording_chat_model):
    model = recording_chat_model(responses=["A p5.48xlarge carries 8 NVIDIA H100 GPUs [1]."])
    answer = assistant_with(chat_model=model).ask(QUESTION)

    assert len(model.received) == 1
    system, human = model.received[0]
    assert system.type == "system" and human.type == "human"
    assert "Every sentence ends with the number of the passage" in system.content
    assert "ONLY" in system.content and "don't cover" in system.content
    prompt = human.content
    assert prompt.rstrip().endswith(f"Question: {QUESTION}")
    assert answer.passages == tuple(assistant.retrieve(QUESTION, k=assistant.settings.k))
    positions = []
    for n, passage in enumerate(answer.passages, start=1):
        marker = f"[{n}] {passage.chapter} — {' > '.join(passage.section_path[1:])}\n"
        assert marker + passage.text in prompt
        positions.append(prompt.index(marker))
    assert positions == sorted(positions)
    assert f"[{len(answer.passages) + 1}]" not in prompt


def test_llm_path_with_fake_chat_model_answer_is_cited_from_the_given_passages(
        assistant, assistant_with, recording_chat_model):
    passages = assistant.retrieve(QUESTION)
    claim = first_sentence(passages[0].text)
    reply = f"{claim} [1]"  # the citation after the full stop, as our own answers write it
    answer = assistant_with(chat_model=recording_chat_model(responses=[reply])).ask(QUESTION)

    assert not answer.refused
    assert answer.text == reply
    assert [c.n for c in answer.citations] == [1]
    citation = answer.citations[0]
    assert (citation.file, citation.section_path) == (passages[0].file, passages[0].section_path)
    assert citation.quote.replace("`", "") in passages[0].text.replace("`", "")


def test_llm_path_with_fake_chat_model_streams_pieces_then_the_final_answer(
        assistant_with, recording_chat_model):
    reply = "A p5.48xlarge carries 8 NVIDIA H100 GPUs with 80 GB of HBM3 each [1]."
    model = recording_chat_model(responses=[reply])
    pieces = list(assistant_with(chat_model=model).stream(QUESTION))

    final = pieces[-1]
    assert isinstance(final, Answer)
    streamed = pieces[:-1]
    assert len(streamed) > 1 and all(isinstance(p, str) for p in streamed)
    assert "".join(streamed) == reply
    assert final.text == reply and cited_numbers(final.text) == {1}


def test_llm_path_with_fake_chat_model_removes_invalid_citations_and_flags_unsupported(
        assistant_with, recording_chat_model):
    reply = ("A p5.48xlarge carries 8 NVIDIA H100 GPUs with 80 GB of HBM3 each [1][9]. "
             "Every p5 node ships with a free lifetime support contract from NVIDIA [1].\n"
             "Teams should always prefer the most expensive instance available.")
    answer = assistant_with(chat_model=recording_chat_model(responses=[reply])).ask(QUESTION)

    assert "[9]" not in answer.text
    assert cited_numbers(answer.text) == {1}
    assert [c.n for c in answer.citations] == [1]
    supported, invented = answer.text.splitlines()[0].split("each [1]. ")
    assert UNSUPPORTED not in supported
    assert invented.endswith(UNSUPPORTED)
    assert answer.text.splitlines()[1].endswith(UNSUPPORTED)  # no citation at all


def test_llm_path_with_fake_chat_model_error_falls_back_to_the_extractive_answer(
        ask, assistant_with):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    extractive = ask(QUESTION)
    for failing_at in (0, 12):  # before any text, and part-way through the reply
        broken = FakeListChatModel(responses=["A p5.48xlarge carries H100 GPUs [1]."],
                                   error_on_chunk_number=failing_at)
        pieces = list(assistant_with(chat_model=broken).stream(QUESTION))
        answer = pieces[-1]
        assert isinstance(answer, Answer)
        assert answer.text == f"_{fallback_notice()}_\n\n{extractive.text}"
        assert answer.fell_back and answer.body == extractive.body
        assert Notice(fallback_notice()) in pieces  # a stream's reader drops the LLM's text
        assert answer.citations == extractive.citations
        assert not answer.refused


def test_llm_path_with_fake_chat_model_is_not_used_for_a_refusal(assistant_with,
                                                                  recording_chat_model):
    model = recording_chat_model(responses=["GKE Autopilot is configured with gcloud [1]."])
    answer = assistant_with(chat_model=model).ask("How do I configure GKE Autopilot?")
    assert answer.refused and answer.not_covered == ("GKE Autopilot",)
    assert model.received == []
    assert "gcloud" not in answer.text


def test_llm_path_with_fake_chat_model_rewrites_a_follow_up(assistant_with,
                                                            recording_chat_model):
    history = ["How do pods get AWS credentials with IRSA?"]
    follow_up = "And what about that one?"
    model = recording_chat_model(responses=["What does a p5.48xlarge carry?",
                                            "A p5.48xlarge carries 8 NVIDIA H100 GPUs [1]."])
    answer = assistant_with(chat_model=model).ask(follow_up, history=history)

    rewrite, _ = model.received
    assert history[0] in rewrite[-1].content and follow_up in rewrite[-1].content
    assert "standalone question" in rewrite[0].content
    # Passages follow the rewritten question, not the IRSA conversation.
    assert answer.passages[0].section_path[-1] == "NVIDIA H100 on p5.48xlarge"
    assert answer.text == "A p5.48xlarge carries 8 NVIDIA H100 GPUs [1]."


def test_llm_path_with_fake_chat_model_can_be_skipped_per_question(ask, assistant_with,
                                                                   recording_chat_model):
    model = recording_chat_model(responses=["never asked"])
    answer = assistant_with(chat_model=model).ask(QUESTION, mode="extractive")
    assert model.received == []
    assert answer.text == ask(QUESTION).text


def test_llm_path_with_fake_chat_model_through_assistant_open(built_index, embedder):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    from assistant import Assistant

    model = GenericFakeChatModel(messages=iter(["A p5.48xlarge carries 8 NVIDIA H100 GPUs [1]."]))
    opened = Assistant.open(settings=built_index, embedder=embedder, chat_model=model)
    assert opened.llm_available
    answer = opened.ask(QUESTION)
    assert answer.text == "A p5.48xlarge carries 8 NVIDIA H100 GPUs [1]."
    assert answer.citations[0].file == "accelerated-instances.md"
