"""The practice's coach rules: each fires and stays quiet, cites the article, suggests what
to try, and holds its precision on its labelled examples (real phrasings among them)."""

from __future__ import annotations

import json

import pytest

from benchmarks.practice_rules import EXAMPLES, figures, fires
from okrtui.domain.coach import RULES, coach_objective
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.practice_rules import (
    PRACTICE_RULES,
    metric_words,
    no_strategy,
    outside_influence,
    recycled_kpi,
    unbalanced_set,
    vanity_metric,
)


def kr(title: str, **fields) -> KeyResult:
    return KeyResult(objective_id="o", title=title, **fields)


def team_objective(title: str = "Grow the self-serve business") -> Objective:
    return Objective(cycle_id="c", title=title, key="O-1")


def test_vanity_metric_fires_on_counts_and_says_why_and_what_to_try():
    found = vanity_metric(kr("Grow app downloads from 20k to 50k"), "KR-1")
    assert found is not None and found.severity == "warning"
    assert "“downloads”" in found.message
    assert "avoid vanity metrics that move without creating real value" in found.message
    assert "who then does something of value" in found.suggestion


@pytest.mark.parametrize(
    "title",
    [
        "New sign-ups who invite a teammate within 7 days from 12% to 25%",
        "Increase activation rate from 40% to 65%",
        "Email open and click-through rates from early marketing experiments",
        "Onboarding completion rate from 45% to 70%",
    ],
)
def test_vanity_metric_stays_quiet_when_the_count_is_tied_to_value(title):
    assert vanity_metric(kr(title), "KR-1") is None


def test_outside_influence_fires_on_a_team_kr_only():
    title = "Increase the company share price by 10%"
    found = outside_influence(kr(title), "team", "KR-1")
    assert found is not None and "meaningfully influence" in found.message
    assert "outside the team's control" in found.message
    assert outside_influence(kr(title), "company", "KR-1") is None
    assert outside_influence(kr("Reduce churn to less than 1% monthly"), "team", "KR-1") is None


def test_unbalanced_set_fires_when_every_kr_pushes_growth_and_suggests_a_counter():
    krs = [kr("Grow new paying customers from 300 to 600 a month"), kr("Increase MRR to $120k")]
    found = unbalanced_set(team_objective(), krs, "O-1")
    assert found is not None and found.severity == "info"
    assert "Wodtke" in found.message and "opposing forces" in found.message
    assert "retention" in found.suggestion


def test_unbalanced_set_stays_quiet_with_a_counter_measure_an_unreadable_kr_or_one_kr():
    growth = kr("Grow new paying customers from 300 to 600 a month")
    assert unbalanced_set(team_objective(), [growth, kr("Keep churn below 2%")], "O-1") is None
    assert unbalanced_set(team_objective(), [growth, kr("Admins share a view")], "O-1") is None
    assert unbalanced_set(team_objective(), [growth], "O-1") is None


def test_recycled_kpi_fires_on_the_same_metric_and_target_only():
    old = kr("Keep NPS above 40", target=40, direction="stay_above", key="KR-3")
    found = recycled_kpi(
        kr("NPS above 40", target=40, direction="stay_above"), [old], "2026-Q3", "KR-9"
    )
    assert found is not None and "KR-3 of 2026-Q3" in found.message
    assert "recycled list of the same KPIs" in found.message
    moved = kr("NPS above 50", target=50, direction="stay_above")
    assert recycled_kpi(moved, [old], "2026-Q3", "KR-9") is None
    rolled = kr("NPS above 40", target=40, direction="stay_above", continues="x")
    assert recycled_kpi(rolled, [old], "2026-Q3", "KR-9") is None
    assert metric_words("Increase weekly active teams from 10K to 25K") == {
        "weekly",
        "active",
        "teams",
    }


def test_no_strategy_is_gentle_and_cites_the_guide():
    found = no_strategy("2027-Q1", has_strategy=False)
    assert found is not None and found.severity == "info"
    assert "tangible Product Strategy" in found.message and "guidance" in found.message
    assert no_strategy("2027-Q1", has_strategy=True) is None


def test_the_coach_includes_the_practice_rules_for_an_objective():
    findings = coach_objective(
        team_objective(),
        [
            kr("Grow app downloads from 20k to 50k", key="KR-1", indicator="leading"),
            kr("Grow total company revenue to $50M", key="KR-2"),
        ],
    )
    rules = {f.rule for f in findings}
    assert {"vanity-metric", "outside-influence", "unbalanced-set"} <= rules
    assert set(PRACTICE_RULES) <= set(RULES)


def test_every_rule_has_real_and_invented_examples_both_ways():
    cases = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    for rule in ("vanity-metric", "outside-influence", "unbalanced-set", "recycled-kpi"):
        mine = [c for c in cases if c["rule"] == rule]
        assert {c["fires"] for c in mine} == {True, False}, rule
        assert any("invented" not in c["source"] for c in mine), rule


def test_precision_on_the_labelled_examples():
    for figure in figures():
        assert figure.precision is not None and figure.precision >= 0.85, figure.line()
        assert figure.recall is not None and figure.recall >= 0.7, figure.line()


def test_fires_refuses_an_unknown_rule():
    with pytest.raises(ValueError, match="no rule"):
        fires({"rule": "nope"})


def test_the_report_lists_firings_on_real_okrs(tmp_path, capsys):
    from benchmarks.practice_rules import main, real_firings

    krs = tmp_path / "krs.tsv"
    krs.write_text(
        "kind\ttext\tsource\n"
        "outcome\t100k site visitors/month, via SEO\tx\n"
        "outcome\tReduce churn to less than 1% monthly\tx\n"
        "outcome\tGrow total company revenue to $50M\tx\n",
        encoding="utf-8",
    )
    assert real_firings(krs) == [
        ("vanity-metric", "100k site visitors/month, via SEO"),
        ("outside-influence", "Grow total company revenue to $50M"),
    ]
    assert main(["--real", str(krs)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("practice rules on practice_rules.json:\n  vanity-metric ")
    assert f"fired on 2 of 3 key results in {krs}:" in out
