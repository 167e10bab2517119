"""Questions that ask for a figure in a unit of time ("how many days", "the hourly
price"), a version or a price: answered from a passage that states one, refused when the
passages on the subject state none."""

from __future__ import annotations

from assistant import Confidence, Passage
from assistant.query.measures import (
    Measure,
    asked_measures,
    asks_price,
    asks_version,
    states,
    states_price,
    states_version,
)
from assistant.query.reading import read_query
from assistant.query.terms import Vocabulary
from assistant.retrieval.evidence import Evidence
from assistant.retrieval.gathering import refuses
from ingest.tuning import RefusalParams

# A section on backups that says how they are taken, but never for how long they are kept.
WITHOUT_FIGURE = ("Snapshots of the ledger database are taken by the managed service and "
                  "copied to a second account so that a compromised account cannot delete them.")
WITH_FIGURE = WITHOUT_FIGURE + " Each snapshot is kept for five weeks."
CORPUS = [WITH_FIGURE, "Search traffic goes through a shared proxy in every environment.",
          "Workers pull jobs from a queue and report progress to the scheduler."]
QUESTION = "How many days are the ledger database snapshots kept?"


def _passage(text: str) -> Passage:
    return Passage("backups.md", "Backups", ("Backups", "Snapshots"), 0, len(text), text, 1.0)


def _refused(text: str, match: float, question: str = QUESTION) -> bool:
    vocabulary = Vocabulary.build(CORPUS)
    query = read_query(question, None, vocabulary, knows=lambda phrase: True)
    evidence = Evidence((_passage(text),), (), Confidence("high", 0.8, ""),
                        best_similarity=0.5, match=match)
    return refuses(query, evidence, vocabulary, RefusalParams())


def test_a_question_reads_the_unit_and_whether_it_asks_a_rate():
    assert asked_measures(QUESTION) == (Measure("day", rate=False),)
    assert asked_measures("What is the hourly price of the large worker?") == (
        Measure("hour", rate=True),)
    assert asked_measures("What does a worker cost per month to keep running?") == (
        Measure("month", rate=True),)
    assert asked_measures("What recovery time, in hours, must a rebuild meet?") == (
        Measure("hour", rate=False),)


def test_questions_that_ask_no_figure_read_no_unit():
    assert asked_measures("Why are snapshots copied to a second account?") == ()
    assert asked_measures("Is the proxy billed per hour?") == ()  # asks whether, not how much
    assert asked_measures("Can the workers scale out in minutes?") == ()  # how fast, loosely
    assert asked_measures("Are daily snapshots encrypted?") == ()


def test_a_figure_in_any_unit_of_time_answers_an_amount():
    days = Measure("day", rate=False)
    assert states("Each snapshot is kept for five weeks.", days)  # weeks convert to days
    assert states("retention: 35d", days)  # a setting's compact duration
    assert states('"Days": 35,', days)
    assert not states("Snapshots are kept for a while and then deleted.", days)
    assert not states("The p4d.24xlarge worker is the largest one.", days)  # a name, not a time


def test_only_a_rate_answers_a_rate():
    hourly = Measure("hour", rate=True)
    assert states("The large worker costs $3.06 per hour on demand.", hourly)
    assert states("Throughput settles at about 29 tokens/sec.", Measure("second", rate=True))
    assert states("Hourly cost: $21.98", hourly)
    assert not states("A full run of the large worker takes 3 hours.", hourly)


def test_passages_on_the_subject_without_the_figure_asked_for_are_refused():
    assert _refused(WITHOUT_FIGURE, match=0.3)
    assert not _refused(WITH_FIGURE, match=0.3)


def test_a_passage_near_by_meaning_is_trusted_to_hold_the_figure_in_other_words():
    assert not _refused(WITHOUT_FIGURE, match=0.9)


def test_an_hourly_price_the_documents_never_give_is_refused(ask):
    answer = ask("What hourly price do we pay for the p5 instances?")
    assert answer.refused


def test_a_figure_the_documents_give_is_answered(ask):
    answer = ask("How many months of standard support does each EKS minor version get?")
    assert not answer.refused
    assert "14 months" in answer.text


def test_a_question_asking_which_version_reads_so():
    assert asks_version("Which ledger database version do the snapshots need?")
    assert asks_version("What is the minimum client version a snapshot restores into?")
    assert not asks_version("Which two teams were meant to get their own versions?")
    assert not asks_version("Why are snapshots copied to a second account?")


def test_a_version_no_passage_states_is_refused_however_near_the_passage():
    question = "Which ledger database version do the snapshots need?"
    assert _refused(WITHOUT_FIGURE, match=0.9, question=question)
    assert not _refused(WITH_FIGURE + " Restores need version 14.2 or later.", match=0.9,
                        question=question)



def test_a_price_or_a_share_is_not_a_version():
    assert states_version("Restores need version 14.2 or later.")
    assert states_version("The snapshots were taken with v1.28.")
    assert not states_version("Each restore costs $0.10/hour while it runs.")
    assert not states_version("Snapshots take 2.5% of the ledger's size.")


def test_a_count_in_words_answers_how_many():
    from composing import compose_from

    # The first sentence shares as many of the question's words; only the second counts.
    text = ("The design keeps its migrations in one place. "
            "There are four basic types of migrations.")
    passage = Passage("migrations.md", "Migrations", ("Migrations", "Types"), 0, len(text),
                      text, 1.0)
    answer = compose_from("How many types of migrations does the design describe?",
                          [passage], [text, *CORPUS])
    assert answer.text.startswith("There are four basic types of migrations.")


def test_a_question_asking_what_something_costs_reads_so():
    assert asks_price("How much does the managed snapshot service cost?")
    assert asks_price("Is there a management fee per worker, and how much is it?")
    assert asks_price("What is the monthly fee for the second account?")
    assert not asks_price("How much cheaper are spot workers than on-demand ones?")
    assert not asks_price("Why are snapshots copied to a second account?")


def test_a_price_is_an_amount_with_its_currency_or_none_at_all():
    assert states_price("Each snapshot costs $0.05 per GB-month.")
    assert states_price("The service is billed at 12 USD a month.")
    assert states_price("Copies to the second account come at no additional charge.")
    assert not states_price("Snapshots are billed by the storage they use.")
    assert not states_price("Spot workers cost up to 70% less.")


def test_a_price_no_passage_states_is_refused_unless_a_passage_is_near_by_meaning():
    question = "How much does the managed snapshot service cost?"
    assert _refused(WITHOUT_FIGURE, match=0.3, question=question)
    assert not _refused(WITHOUT_FIGURE + " It costs $0.05 per GB-month.", match=0.3,
                        question=question)
    assert not _refused(WITHOUT_FIGURE, match=0.9, question=question)
