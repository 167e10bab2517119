"""A question that asks for a value ("how long", "how many") is answered first by the
sentence that states one, among sentences that share as much of its wording."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage

PATH = ("Backups", "Restores")
TEXT = """## Restores

A restore of the archive needs the backup operator role and a change ticket.
A restore of the archive starts from the manifest that lists its snapshots.
A restore of the archive finishes within 2 hours for a typical cluster.
A restore of the archive copies 12 snapshots in parallel by default.
"""
CORPUS = [TEXT, "Backups run nightly.", "Clusters scale by node groups."]


def _first_sentence(question: str) -> str:
    passage = Passage("backups.md", PATH[0], PATH, 0, len(TEXT), TEXT, 1.0)
    return compose_from(question, [passage], CORPUS).body.split(" [")[0]


def test_how_long_is_answered_first_by_the_sentence_with_a_length_of_time():
    first = _first_sentence("How long does a restore of the archive take?")
    assert first == "A restore of the archive finishes within 2 hours for a typical cluster."


def test_how_many_is_answered_first_by_a_sentence_with_a_number():
    first = _first_sentence("How many snapshots does a restore of the archive read?")
    assert first == "A restore of the archive copies 12 snapshots in parallel by default."


def test_a_question_asking_no_value_keeps_the_order_of_shared_words():
    first = _first_sentence("Which role does a restore of the archive need?")
    assert first.startswith("A restore of the archive needs the backup operator role")


CONFIG_PATH = ("Logging", "Retention")
CONFIG = """## Retention

Log retention on the cluster is set in the stack's variables and applies to every node.
Log retention on the cluster is reviewed with the security team each quarter.

```hcl
log_retention_days = 30
```

```console
$ logctl status
+--------+--------+--------+
| STREAM | LINES  | STATUS |
+--------+--------+--------+
| app    | 120    | ok     |
+--------+--------+--------+
```
"""


def _answer(question: str) -> str:
    passage = Passage("logging.md", CONFIG_PATH[0], CONFIG_PATH, 0, len(CONFIG), CONFIG, 1.0)
    return compose_from(question, [passage], [CONFIG, "Backups run nightly."]).body


def test_which_variable_is_answered_first_by_the_code_that_sets_it():
    body = _answer("Which variable sets the log retention on the cluster?")
    assert body.lstrip("- ").startswith("`log_retention_days = 30`")  # as written


def test_a_program_output_drawn_as_a_box_is_never_quoted():
    body = _answer("What does logctl status show for the log retention on the cluster?")
    assert "+--------+" not in body and "STREAM" not in body


AUDIT = """## Audit logs

Every node keeps the cluster logs so that an audit can replay an incident.

```yaml
audit:
  cluster_logs: keep
  node: every
```
"""


def test_a_question_asking_no_setting_is_answered_first_by_prose():
    passage = Passage("audit.md", "Audit", ("Audit", "Audit logs"), 0, len(AUDIT), AUDIT, 1.0)
    body = compose_from("Why does every node keep the cluster logs for an audit?", [passage],
                        [AUDIT, "Backups run nightly."]).body
    assert body.lstrip("- ").startswith("Every node keeps the cluster logs")


SIGN_IN = """## Sign-in with the identity provider

Follow the provider's sign-up and sign-in pages to log in to the notebook hub.

```bash
df -h
```
"""


def test_a_command_that_sets_nothing_does_not_answer_which_setting():
    path = ("Notebooks", "Sign-in with the identity provider")
    passage = Passage("notebooks.md", path[0], path, 0, len(SIGN_IN), SIGN_IN, 1.0)
    body = compose_from("Which settings do I change for sign-in with the identity provider?",
                        [passage], [SIGN_IN, "Backups run nightly."]).body
    assert body.lstrip("- ").startswith("Follow the provider's sign-up")
