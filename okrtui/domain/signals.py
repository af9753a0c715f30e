"""Provides the warning signals read from a KR's recent check-ins: numbers and confidence
that tell different stories.

- "confidence falling while value rises": the team's gut says trouble the metric doesn't
  show yet (or the metric is being gamed);
- "green but flat": reported on track while the number has not moved for three check-ins
  (Perdoo's and OpenOKR's observation that lagging metrics look fine until it is too late).
"""

from __future__ import annotations

from okrtui.domain.models import KeyResult
from okrtui.domain.progress import KrSnapshot

#: How many of the latest check-ins the signals look at.
WINDOW = 3
#: A drop in confidence smaller than this is noise, not a signal.
MIN_CONFIDENCE_DROP = 2


def divergence(snap: KrSnapshot) -> str | None:
    """A short description of how value and confidence diverge, or None."""
    recent = snap.checkins[-WINDOW:]
    if len(recent) < WINDOW:
        return None
    first, last = recent[0], recent[-1]
    dropped = first.confidence - last.confidence >= MIN_CONFIDENCE_DROP
    if _improved(snap.kr, first.value, last.value) and dropped:
        return "confidence falling while value rises"
    # Only a metric meant to move can be "flat": a held threshold or a done milestone is fine.
    moving = snap.kr.type == "metric" and snap.kr.direction in ("increase", "decrease")
    if moving and len({c.value for c in recent}) == 1 and snap.status == "on_track":
        return f"green but flat for {WINDOW} check-ins"
    return None


def _improved(kr: KeyResult, start: float, end: float) -> bool:
    """Whether the value moved the way the KR wants (thresholds included, not just progress)."""
    if kr.type == "milestone":
        return end > start
    if kr.direction in ("decrease", "stay_below"):
        return end < start
    return end > start
