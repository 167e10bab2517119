"""The English the assistant reads: every cue-word list in one place, each named for
what it recognises. Words only, of no corpus: a team's own heading words per decision
role live in `Settings.roles`."""

from __future__ import annotations

import re

from ingest.records.metadata import MONTH_NUMBERS

# --- Reading the question ---------------------------------------------------------------

# Words that shape a question but do not name its subject.
QUESTION_WORDS = frozenset(
    "use using used best better good should need needs way ways approach choose choosing "
    "pick go recommend recommended recommendation recommendations help make get right "
    "considerations consider option options between difference differences compare "
    "comparison does guide documents docs say tell know explain mean work works set "
    "setup configure run running really most more less much many any some also other "
    "there here like want our we us team teams company".split()
)
# Calendar words are capitalised but name nothing: "in September 2020" dates a decision.
MONTHS = frozenset(MONTH_NUMBERS)

# A question refers back when it opens with a connective ("and for inference?", "what
# about ...") or leans on a pronoun with no antecedent of its own. Plain English only:
# a standalone question, however short, is answered on its own.
FOLLOW_UP_OPENING = re.compile(
    r"^\s*(and|also|what about|how about|same for|same with|what if|but|then|or|so|"
    r"instead)\b", re.I)
BACK_REFERENCE = re.compile(
    r"\b(it|its|they|them|their|those|these)\b"
    r"|\b(this|that)(?=\s*[?.!]|\s*$|\s+(?:one|option|approach|choice|setup|is|does|"
    r"would|will|cost|costs|mean|work|works|scale|scales)\b)", re.I)
# An ask for the reasons: a reason seldom repeats the words it is asked in ("why was the
# dash passed over?" is answered by "a hyphen could be read as something negative").
ASKS_REASON = re.compile(r"^\W*(?:and\s+|but\s+)?(?:why|how come|what for)\b", re.I)
# After one of these, a follow-up names what it swaps in ("and for inference?").
SWAP_PREPOSITION = re.compile(r"\b(for|in|on|with|during|under|at|across|from|to)\s+", re.I)

# A comparison question: its cue, its lead-in, what separates its options, what trails
# the last, and the words that stand for "more of the first" ("one cluster or several").
COMPARISON_CUE = re.compile(r"\b(or|vs\.?|versus|compare|comparing|comparison|difference)\b",
                            re.I)
COMPARISON_LEAD = re.compile(
    r"^(?:(?:should|would|could|do|does|can|is|are|which|what|when|how)\b.*?\b"
    r"(?:use|pick|choose|adopt|prefer|go with|run|store|between|better|best|of)\b\s*|"
    r"(?:compare|comparing|comparison of|difference between)\s+)", re.I)
_SETS_APART = r"or|vs\.?|versus|against|compared (?:with|to)"
OPTION_SEPARATOR = re.compile(rf"\s*,\s*(?:(?:or|and)\s+)?|\s+(?:{_SETS_APART}|and)\s+", re.I)
# Beside "or", "and" joins words of one side ("should logs and traces go to one store
# or two?"), so only "or", "versus" and commas separate options there.
ALTERNATIVE = re.compile(r"\b(?:or|vs\.?|versus)\b", re.I)
ALTERNATIVE_SEPARATOR = re.compile(rf"\s*,\s*(?:or\s+)?|\s+(?:{_SETS_APART})\s+", re.I)
# A sentence ending inside the question: the options are in one sentence.
SENTENCE_END = re.compile(r"(?<=[?.!])\s+(?=\S)")
# An option is a name, not what the question asks for ("what's the catch").
WH_WORD = re.compile(r"\b(?:what|what's|which|how|why|who|when|where)\b", re.I)
OPTION_TRAILER = re.compile(r"\s+(?:for|in|on|when|to|with|at|as|from)\s+.*$", re.I)
NOT_AN_OPTION = frozenset("a an the our we i you it".split())
CONNECTORS = frozenset("for in on of to with at as from by and or when".split())
QUANTIFIERS = frozenset({"several", "many", "multiple", "more"})

# A question asking what one thing is or does ("What is Karpenter used for?"): answered
# from the section that says so, not with a choice of sections.
DEFINITION = re.compile(r"^\s*(?:what|who)(?:'s| is| are| does| do)\b|^\s*(?:define|explain)\b",
                        re.I)

# --- Reading the documents' sentences --------------------------------------------------

# A sentence opening with one of these leans on the one before it.
LEANS_BACK = re.compile(r"(?:this|that|these|those|it|its|they|their|them|such|however|but|"
                        r"also|moreover|therefore|thus|hence|otherwise|instead|as a result|"
                        r"in addition|in contrast|on the other hand)\b", re.I)

# A sentence about the document itself, not its subject ("This chapter is for solution
# architects", "In this guide we ..."): orientation, never evidence.
_DOCUMENT = r"(?:chapter|guide|document|page|section|article|tutorial|post|module|book)"
ORIENTATION = re.compile(
    rf"^(?:(?:this|the following|the next) {_DOCUMENT}s?\b.{{0,60}}?\b(?:is (?:for|aimed|"
    rf"intended|written)|are for|covers?|explains?|describes?|walks?|shows?|helps?|will|"
    rf"introduces?|gives?|outlines?|looks? at)|in this {_DOCUMENT}\b|"
    rf"(?:after|by the end of) (?:reading )?this {_DOCUMENT}\b"
    # ... or a pointer elsewhere that states nothing itself ("See X for details").
    rf"|(?:see|refer to|learn more|read more|more details?|for (?:more|further) "
    rf"(?:details?|information),?)\b[^.]{{0,80}}\.?$)", re.I)

# --- Choosing what to quote ------------------------------------------------------------

# A sentence that weighs a cost, and one that gives advice.
TRADE_OFF_CUE = re.compile(r"\b(but|however|downside|drawback|trade-?off|overhead|risk|cost of|"
                           r"at the (?:cost|price)|limit|cons?|pros?|penalty|complex|harder|"
                           r"expensive|lock-in|caveat)\b", re.I)
ADVICE_LEAD = re.compile(r"^(choose|use|prefer|pick|start|avoid|go with|adopt|default to|"
                         r"reach for|consider|keep|run|put|plan|reserve|do not|don't)\b", re.I)
# A question asking for one side, and the headings that list that side.
ASKS_DOWNSIDES = re.compile(r"\b(downsides?|drawbacks?|disadvantages?|cons|catch|lose|"
                            r"limitations?|risks?|weakness(?:es)?|pitfalls?)\b", re.I)
ASKS_UPSIDES = re.compile(r"\b(upsides?|benefits?|advantages?|pros|gain|strengths?)\b", re.I)
DOWNSIDE_HEADINGS = re.compile(r"\b(disadvantages?|cons|drawbacks?|limitations?|downsides?|"
                               r"risks?|weakness(?:es)?|challenges?)\b", re.I)
UPSIDE_HEADINGS = re.compile(r"\b(advantages?|pros|benefits?|strengths?|upsides?)\b", re.I)

# A comparison cell's cues: narrower than the prose cues above, since a cell's text is one
# option's own sentence and a looser cue fills a row with another option's words.
CELL_TRADE_OFF_CUE = re.compile(r"\b(but|however|downside|drawback|trade-?off|overhead|cost|"
                                r"risk|limit|complex|harder|slower|expensive|lock-in|caveat|"
                                r"requires?)\b", re.I)
CELL_ADVICE_LEAD = re.compile(r"^(choose|use|prefer|pick|go with|adopt|default to|reach for)\b",
                              re.I)

# --- Decisions ----------------------------------------------------------------------------

# A question about what was decided before: answered from the old record as it stands.
ASKS_HISTORY = re.compile(r"\b(before|previous(?:ly)?|used to|originally|at first|earlier|"
                          r"prior|formerly|history|old(?:er)?|superseded|replaced)\b", re.I)

# A question asking for a value: a length of time ("how long", "how often"; a sentence
# stating one gives a figure in a unit of time, see `query.measures`), or another amount
# (a sentence stating one has a number).
ASKS_DURATION = re.compile(r"\bhow (?:long|soon|often|frequently)\b|\bhow much time\b|"
                           r"\bat what (?:interval|frequency)\b|"
                           r"\btakes? (?:longer|less time|more time)\b", re.I)
ASKS_AMOUNT = re.compile(r"\bhow (?:many|much|big|large|small|high|low|far|fast)\b|"
                         r"\b(?:what|which) (?:size|limit|version|percentage|number|amount|"
                         r"default|ratio|rate|timeout|count)\b|\bnumber of\b", re.I)
# A figure, in digits or in words ("four basic types", "a dozen nodes").
STATES_AMOUNT = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|"
                           r"twelve|twenty|thirty|forty|fifty|hundred|thousand|dozen|"
                           r"half|double|twice|triple)\b", re.I)
# A question asking which setting, variable or command to use: answered by the code
# that sets it as much as by the prose around it.
ASKS_CONFIG = re.compile(
    r"\b(?:which|what)\s+(?:\w+[\s-]+){0,2}(?:settings?|variables?|flags?|parameters?|"
    r"keys?|commands?|env(?:ironment)?\s+var(?:iable)?s?|annotations?|labels?)\b|"
    r"\bwhat (?:do|should) (?:i|we) (?:set|change|run|put)\b", re.I)

# The heading of a decision record's section that states what was decided ("Decision",
# "Decision Outcome"), as against its context or its options.
DECIDING_HEADING = re.compile(r"^\W*(?:\d+[.)]\s*)?(?:the\s+)?(?:decisions?(?:\s+outcome)?|"
                              r"outcome|resolution|verdict|chosen option)\W*$", re.I)

# --- A question of several asks ----------------------------------------------------------

# Where a second ask begins: "..., and which ...", "... and how ...", "... and if we ...".
# "or" never starts one: "A or B?" weighs options of one ask.
ASK_BOUNDARY = re.compile(
    r"(?:[,;]\s*|\s+)(?:and|but|plus|also)\s+(?:also\s+)?"
    r"(?=(?:which|what|how|why|where|when|who|whom|whose|whether|"
    r"does|do|did|is|are|was|were|can|could|should|would|will|has|have|"
    r"at what|in what|to what|by what|for what|on what|from what|"
    r"if (?:we|i|you|they|one|it))\b)", re.I)
# Words that open an ask and say only "and": dropped from the ask itself.
ASK_OPENING = re.compile(r"^\s*(?:and|but|plus|also|so|then)\s+", re.I)

# --- Measured answers ----------------------------------------------------------------------

# Units of time as the documents spell them after a figure ("30 seconds", "2-hour",
# "$1.20/hr", "29 tokens/sec"), each under its own name. One-letter forms ("30s", "4d")
# are left out: in logs, hashes and instance names they are rarely a duration.
TIME_UNITS = {
    "millisecond": ("millisecond", "milliseconds", "msec", "ms"),
    "second": ("second", "seconds", "sec", "secs"),
    "minute": ("minute", "minutes", "min", "mins"),
    "hour": ("hour", "hours", "hr", "hrs", "hourly"),
    "day": ("day", "days", "daily"),
    "week": ("week", "weeks", "wk", "weekly"),
    "month": ("month", "months", "monthly"),
    "year": ("year", "years", "yr", "yrs", "yearly", "annual", "annually"),
}
# The one-letter units of a compact duration in a setting ("15s", "5m", "1h", "7d").
COMPACT_UNITS = "ms|s|m|h|d|w|y"
# The adjective of a unit that asks a rate when it qualifies one of these ("hourly price").
RATE_NOUNS = r"(?:price|pricing|cost|rate|fee|charge|bill|spend)"
# Words that stand for a figure before a unit ("a few minutes", "one day").
NUMBER_WORDS = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                r"fifteen|twenty|thirty|forty|sixty|ninety|hundred|few|several|couple of)")
