"""Follow-up questions take their subject from the conversation."""

from __future__ import annotations

from assistant.query.followup import carry_over, previous_questions

SPOT_FOR_TRAINING = "Should we use Spot instances for training?"


def test_a_follow_up_keeps_the_subject_and_drops_what_it_replaces():
    query = carry_over("and for inference?", [SPOT_FOR_TRAINING])
    words = query.lower().split()
    assert query.startswith("and for inference?")
    assert "spot" in words
    assert "training" not in words


def test_history_may_be_chat_messages_and_only_user_turns_count():
    history = [{"role": "user", "content": SPOT_FOR_TRAINING},
               {"role": "assistant", "content": "Spot suits checkpointed training jobs."}]
    assert previous_questions(history) == [SPOT_FOR_TRAINING]
    assert carry_over("and for inference?", history) == carry_over("and for inference?",
                                                                   [SPOT_FOR_TRAINING])


def test_a_standalone_question_is_left_alone():
    question = "Which storage should hold training datasets for multi-node jobs?"
    assert carry_over(question, [SPOT_FOR_TRAINING]) == question
    assert carry_over("and for inference?", None) == "and for inference?"


def test_history_moves_retrieval_toward_the_previous_subject(assistant, ask):
    follow_up = "And what does it cost?"
    alone = ask(follow_up)
    after = assistant.ask(follow_up, history=["Which storage should hold training datasets?"],
                          mode="extractive")

    def storage_passages(answer) -> int:
        return sum(p.file == "training-storage.md" for p in answer.passages)

    assert after.passages[0].file == "training-storage.md"
    assert storage_passages(after) > storage_passages(alone)
    assert after.citations and after.citations[0].file == "training-storage.md"


def test_a_short_standalone_question_does_not_inherit_the_previous_subject():
    assert carry_over("Trainium vs GPUs", [SPOT_FOR_TRAINING]) == "Trainium vs GPUs"
    assert carry_over("Is EFS fast enough?", [SPOT_FOR_TRAINING]) == "Is EFS fast enough?"


def test_a_pronoun_with_nothing_to_point_at_refers_back():
    query = carry_over("How much does it cost?", [SPOT_FOR_TRAINING])
    assert {"spot", "instances", "training"} <= set(query.lower().split())


def test_what_about_swaps_the_phrase_after_the_same_preposition():
    query = carry_over("What about for batch scoring?",
                       ["Which queue suits jobs for nightly reports?"])
    words = set(query.lower().split())
    assert {"queue", "jobs"} <= words
    assert not {"nightly", "reports"} & words
