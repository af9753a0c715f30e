"""Provides `read_measure`: the one reading of a key result's words into its numbers, used by
import, lint, the coach and the draft.

`okrtui.domain.measure_numbers.read_numbers` reads what the statement's numbers say (how is
told there). When the statement states no number, this module decides whether it is still
judgeable at the cycle's end: a milestone is a deliverable or finished state (the classifier's
output), something won once ("Secure the grant") or work with a deadline; an upkeep without
end or a wish for "more" is not. The classifier reads numbers through `read_numbers`, and this
module reads the classifier: the dependency goes one way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from okrtui.domain.classify import classify
from okrtui.domain.measure_numbers import (
    DOWN_VERBS,
    MONTHS,
    UP_VERBS,
    WORD,
    Measure,
    read_numbers,
)

__all__ = ["Measure", "read_measure", "read_numbers"]


@lru_cache(maxsize=4096)
def read_measure(text: str) -> Measure:
    """Everything `text` says about how to judge it (see the module doc). A statement with
    no number that reads as a deliverable or a finished state is a milestone."""
    measure = read_numbers(text)
    if measure.target is not None or measure.unplaced:
        return measure
    if _is_milestone(" ".join(str(text).split())):
        return Measure(type="milestone", direction=None, read="")
    return measure


#: Verbs of something won once: "Secure the grant", "Hit the elite level".
_ATTAINMENT = frozenset(
    ["secure", "win", "sign", "close", "reach", "pass", "obtain", "land", "hit", "earn", "achieve"]
)
#: Verbs of upkeep with no end: "Maintain HubSpot consistency" is never done.
_ONGOING = frozenset(["maintain", "keep", "continue", "sustain", "uphold"])
#: Words that leave "done" to opinion: "Publicize our progress more", "easily accessible".
_VAGUE = frozenset(
    [
        "more",
        "better",
        "easier",
        "easily",
        "further",
        "improved",
        "proper",
        "properly",
        "groundwork",
        "consistency",
        "consistent",
        "smoothly",
        "seamless",
        "seamlessly",
    ]
)
_DEADLINE = re.compile(
    r"\b(?:by|before|until|in)\s+(?:the\s+)?(?:end\s+of\s+|mid-?)?(?:eoy|eoq|q[1-4]|h[12]|"
    rf"{'|'.join(MONTHS)}|20\d\d|the (?:quarter|year|cycle))\b",
    re.IGNORECASE,
)


def _is_milestone(text: str) -> bool:
    """Whether a statement with no number is done or not done at the cycle's end: a
    deliverable or finished state (the classifier's output), something won once ("Secure the
    grant"), or work with a deadline ("Scale search to C2 requirements by EOY"); never an
    upkeep without end or a wish for "more"."""
    words = [w.lower() for w in WORD.findall(text) if w[0].isalpha()]
    if not words or set(words) & _VAGUE or words[0] in _ONGOING:
        return False
    if classify(text).is_output:
        return True
    if words[0] in _ATTAINMENT:
        return True
    return bool(_DEADLINE.search(text)) and words[0] not in UP_VERBS | DOWN_VERBS
