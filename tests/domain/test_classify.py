"""The outcome-versus-output classifier: accuracy on a labelled set, and explained verdicts.

`data/statements.csv` is the labelled set (written before the rules, balanced between the
two kinds, drawn from the articles' examples and the wider practice). The rules were written
with it in view, so `data/statements_holdout.csv` was written afterwards as a check of how
they generalise: it scored 39/40 on first run, and the one change since was adding the
missing activity verb 'hold' its one miss revealed.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from okrtui.domain.classify import classify

DATA = Path(__file__).parent / "data"
REQUIRED_ACCURACY = 0.99


def labelled(name: str) -> list[tuple[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [(row["statement"], row["label"]) for row in csv.DictReader(handle)]


def accuracy(rows: list[tuple[str, str]]) -> tuple[float, list[str]]:
    misses = [
        f"{label:7} {statement!r}: {classify(statement).reason}"
        for statement, label in rows
        if classify(statement).kind != label
    ]
    return 1 - len(misses) / len(rows), misses


def test_the_labelled_set_is_large_and_balanced():
    rows = labelled("statements.csv")
    counts = Counter(label for _, label in rows)

    assert len(rows) >= 80
    assert set(counts) == {"outcome", "output"}
    assert abs(counts["outcome"] - counts["output"]) <= len(rows) * 0.1
    assert len({s for s, _ in rows}) == len(rows), "no statement twice"


@pytest.mark.parametrize("name", ["statements.csv", "statements_holdout.csv"])
def test_accuracy_is_at_least_99_percent(name, capsys):
    rows = labelled(name)
    score, misses = accuracy(rows)

    with capsys.disabled():
        print(
            f"\nclassifier accuracy on {name}: {score:.1%} ({len(rows) - len(misses)}/{len(rows)})"
        )
        for miss in misses:
            print(f"  missed: {miss}")
    assert score >= REQUIRED_ACCURACY, misses


@pytest.mark.parametrize(
    ("statement", "kind", "reason", "work"),
    [
        (
            "Launch the redesigned onboarding flow",
            "output",
            "starts with the work verb 'launch'",
            "launch the redesigned onboarding flow",
        ),
        (
            "We will roll out dark mode by June",
            "output",
            "work verb 'roll out'",
            "roll out dark mode",
        ),
        (
            "Increase the number of features shipped from 5 to 10",
            "output",
            "counts artifacts the team produces ('features shipped')",
            "deliver more features",
        ),
        (
            "15 blog posts published",
            "output",
            "('blog posts published')",
            "deliver more blog posts",
        ),
        (
            "Increase team velocity from 30 to 40",
            "output",
            "throughput ('velocity')",
            "raise our velocity",
        ),
        (
            "New pricing page live by June",
            "output",
            "declares a piece of work finished ('live')",
            "deliver new pricing page",
        ),
        (
            "Onboarding completion rate from 45% to 70%",
            "outcome",
            "behaviour or result ('rate')",
            "",
        ),
        ("Weekly active teams from 120 to 180", "outcome", "whose behaviour changes ('teams')", ""),
        ("Reduce failed payments from 4% to 2%", "outcome", "verb of change 'reduce'", ""),
    ],
)
def test_each_verdict_says_why(statement, kind, reason, work):
    verdict = classify(statement)

    assert verdict.kind == kind
    assert reason in verdict.reason
    assert verdict.work == work
    assert verdict.is_output == (kind == "output")


@pytest.mark.parametrize(
    "statement",
    [
        "Build time below 5 minutes",  # the verb is part of a noun
        "Release frequency from monthly to weekly",
        "Build trust with enterprise buyers",  # a quality, not a thing
        "Increase the number of dashboards created by customers from 100 to 300",
        "Completion rate of usability tests from 50% to 80%",  # tests are not counted
    ],
)
def test_deliverable_words_in_outcome_statements_do_not_mislead(statement):
    assert classify(statement).kind == "outcome"


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("Close 200 support tickets", "output"),  # the team's queue, worked through
        ("95% of P2 issues resolved within a week", "outcome"),  # a service level people feel
        ("Decrease the number of support tickets per user by 30%", "outcome"),
        ("A/B test three onboarding variants", "output"),
        ("Capturing three use cases and examples in a document", "output"),
        ("GraphSync learns to distribute IPLD paths", "output"),  # a thing's new capability
        ("Real matches playable online", "output"),
        ("Curation of components and formats", "output"),  # a nominalised verb of work
        ("Onboard 3 new full time contributors", "outcome"),  # people who join
        ("Add 1 full time rust developer", "output"),  # a hire
        ("Make checkout effortless for returning shoppers", "outcome"),
        ("Build a small, devoted community", "outcome"),
    ],
)
def test_general_forms_of_real_phrasing(statement, kind):
    assert classify(statement).kind == kind, classify(statement).reason


def test_the_same_text_always_gets_the_same_verdict():
    assert classify("Ship the mobile app") == classify("Ship the mobile app")
    assert classify("").kind == "outcome"
