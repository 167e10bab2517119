"""Code blocks are quoted as the values they state, each run led by its key."""

from __future__ import annotations

from composing import compose_from

from assistant import Passage
from assistant.answering.code_values import MAX_VALUES
from assistant.answering.code_values import value_stanzas as stanzas
from assistant.answering.units import Kind, split_units

SIZING = """\
# Training instance guide
Training:
  Small models (<1B params):
    - Instance: g5.xlarge (A10G)
    - Cost: ~$1.01/hour
  Very large models (70B+ params):
    - Instance: p5.48xlarge (H100)
    - Cost: ~$98.32/hour
"""


def value_stanzas(lines: list[str]) -> list[str]:
    return [s.text for s in stanzas(lines)]


def test_values_under_one_key_are_quoted_together_led_by_that_key():
    assert value_stanzas(SIZING.splitlines()) == [
        "Small models (<1B params): Instance: g5.xlarge (A10G); Cost: ~$1.01/hour",
        "Very large models (70B+ params): Instance: p5.48xlarge (H100); Cost: ~$98.32/hour",
    ]


def test_manifest_values_keep_their_key_and_boilerplate_is_dropped():
    manifest = """\
apiVersion: v1
kind: Namespace
metadata:
  name: ml-training
  labels:
    pod-security.kubernetes.io/enforce: restricted
"""
    assert value_stanzas(manifest.splitlines()) == [
        "metadata: name: ml-training",
        "labels: pod-security.kubernetes.io/enforce: restricted",
    ]


def test_dict_literals_and_brace_blocks_group_like_yaml():
    code = """\
fsx_prices = {
    'scratch_2': 0.140,
    'persistent_2': 0.290,
}
ingress {
  from_port = 443
}
"""
    assert value_stanzas(code.splitlines()) == [
        "fsx_prices: scratch_2: 0.140; persistent_2: 0.290",
        "ingress: from_port = 443",  # as written, not re-punctuated
    ]


def test_a_long_run_is_quoted_in_pieces_each_led_by_its_key():
    lines = ["limits:"] + [f"  gpu_{i}: {i}" for i in range(MAX_VALUES + 2)]
    quotes = value_stanzas(lines)
    assert len(quotes) == 2
    assert all(q.startswith("limits: ") for q in quotes)
    last, after = MAX_VALUES, MAX_VALUES + 1
    assert quotes[1] == f"limits: gpu_{last}: {last}; gpu_{after}: {after}"


def test_commands_and_keyless_words_are_not_values():
    code = ["aws eks update-kubeconfig --name ml", "kind: Deployment", "replicas: 3"]
    assert value_stanzas(code) == ["replicas: 3"]  # a keyless value needs a figure


def test_a_passage_that_ends_inside_a_split_block_still_yields_its_values():
    # The block's closing fence is in the next chunk.
    text = "### GPU Selection Criteria\n\n```yaml\n" + SIZING
    path = ("Compute", "GPU Selection Criteria")
    units, _ = split_units([Passage("compute.md", "Compute", path, 0, len(text), text, 1.0)])
    code = [u.text for u in units if u.kind is Kind.CODE]
    assert code[-1].endswith("Cost: ~$98.32/hour") and len(code) == 2


def test_a_stanza_quotes_its_source_lines_verbatim():
    quote = stanzas(SIZING.splitlines())[1].quote
    assert quote.split(" … ") == ["Very large models (70B+ params):",
                                  "- Instance: p5.48xlarge (H100)", "- Cost: ~$98.32/hour"]


def test_shell_commands_are_read_after_the_comment_that_says_what_they_do():
    script = """\
# Install the device plugin
kubectl apply -f https://example.com/device-plugin.yml

# Create the cluster
eksctl create cluster \\
  --name ml \\
  --region us-west-2
"""
    read = stanzas(script.splitlines(), "bash")
    assert [s.text for s in read] == [
        "Install the device plugin: kubectl apply -f https://example.com/device-plugin.yml",
        "Create the cluster: eksctl create cluster --name ml --region us-west-2",
    ]
    # The quote keeps each source line as it is, continuation backslashes included.
    assert read[1].quote.split(" … ") == ["# Create the cluster", "eksctl create cluster \\",
                                          "--name ml \\", "--region us-west-2"]
    assert value_stanzas(script.splitlines()) == []  # not read as commands without a language
    # Docs label command lines by the tool or the shell they are typed into, too.
    for language in ("cli", "terminal", "powershell", "console"):
        assert [s.text for s in stanzas(script.splitlines(), language)] == [s.text for s in read]


def test_program_code_states_values_only_in_dict_literals():
    code = """\
def monthly_cost(tib):
    rate = lookup(tib)
    prices = {
        'scratch_2': 0.140,
        'persistent_2': 0.290,
    }
    return rate * tib
"""
    assert [s.text for s in stanzas(code.splitlines(), "python")] == [
        "prices: scratch_2: 0.140; persistent_2: 0.290"]


def test_a_quoted_pair_is_read_as_written_not_re_punctuated():
    env = ["env:", '  - "NCCL_DEBUG=INFO"', '  - "OMP_NUM_THREADS=8"', '  limit: "2"']
    assert value_stanzas(env) == ['env: "NCCL_DEBUG=INFO"; "OMP_NUM_THREADS=8"; limit: "2"']


def test_blocks_alike_but_for_their_values_are_all_quoted():
    text = """## Firewall

```hcl
resource "aws_security_group" "cache" {
  ingress {
    from_port = 988
    to_port   = 988
    protocol  = "tcp"
  }
  ingress {
    from_port = 1021
    to_port   = 1023
    protocol  = "tcp"
  }
}
```
"""
    passage = Passage("cache.md", "Cache", ("Cache", "Firewall"), 0, len(text), text, 1.0)
    answer = compose_from("Which ports does the cache security group open?", [passage],
                          [text, "The cache serves reads.", "Nodes join the cluster."])
    assert "988" in answer.body and "1021" in answer.body


TROUBLESHOOTING = """## Common issues

**Pod OOMKilled:**

```bash
# Check memory usage
kubectl top pods -n serving

# Raise the memory limit
kubectl set resources deployment llm -n serving --limits=memory=32Gi
```

**Slow first token:**

```bash
# Check memory usage of the cache
kubectl exec llm-0 -n serving -- du -sh /cache
```

```bash
# Check memory usage of the nodes
kubectl top nodes
```
"""


def test_the_line_above_a_block_leads_its_stanzas_once():
    passage = Passage("serving.md", "Serving", ("Serving", "Common issues"), 0,
                      len(TROUBLESHOOTING), TROUBLESHOOTING, 1.0)
    answer = compose_from("How do I check memory usage and raise the memory limit?", [passage],
                          [TROUBLESHOOTING, "Pods are scheduled on nodes.", "Logs rotate."])
    lines = answer.body.splitlines()
    oom = lines.index("Pod OOMKilled:")
    # Each lead-in is a paragraph of its own, not a line joined to the item above it.
    slow = lines.index("Slow first token:")
    assert lines[slow - 1] == ""
    assert lines[oom + 1:oom + 3] == [
        "- `Check memory usage: kubectl top pods -n serving` [1]",
        "- `Raise the memory limit: kubectl set resources deployment llm -n serving "
        "--limits=memory=32Gi` [1]"]
    assert lines.count("Pod OOMKilled:") == 1
    # A block with no lead-in of its own takes none from the block above it.
    units, _ = split_units([passage])
    assert [unit.lead for unit in units] == ["Pod OOMKilled:", "Pod OOMKilled:",
                                             "Slow first token:", ""]
    # Its citation quotes the lead-in beside the lines it leads.
    assert "Pod OOMKilled: … # Check memory usage" in answer.citations[0].quote
