"""The outline's context section (`> key: value` lines before the first objective): read,
written back the same, refused where it does not belong, and turned into stored changes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.context import context_changes, outline_context
from okrtui.domain.models import Context
from okrtui.domain.outline import (
    OutlineContext,
    OutlineError,
    OutlineInput,
    parse_outline,
    render_outline,
)

TEXT = """# 2027-Q1

> purpose: small firms get paid on time
> Strategic narrative: invoicing first, then payments
> playing field: freelancers in DACH | their accountants
> input: Company OKRs 2027 | ceo
> input: Churn interviews | li | admins leave in week 2

## Improve onboarding so new users reach value faster
- Onboarding completion rate from 45% to 70%
"""


def test_the_context_is_read_and_written_back_the_same():
    outline = parse_outline(TEXT)
    context = outline.context
    assert context is not None and context.line == 3
    assert context.narrative == "invoicing first, then payments"
    assert context.playing_field == "freelancers in DACH | their accountants"
    assert context.inputs == (
        OutlineInput("Company OKRs 2027", "ceo"),
        OutlineInput("Churn interviews", "li", "admins leave in week 2"),
    )
    assert context.has_strategy
    assert parse_outline(render_outline(outline)) == outline
    assert parse_outline("# Q\n## O\n- a from 1 to 2\n").context is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Q\n> colour: red\n", "line 2: expected '> key: value'"),
        ("# Q\n> purpose: a\n> purpose: b\n", "line 3: 'purpose' is given twice"),
        ("# Q\n> input:  | ceo\n", "line 2: expected '> input: TITLE"),
        ("# Q\n## O\n> purpose: late\n", "line 3: context lines '> …' belong between"),
    ],
)
def test_misplaced_or_unknown_context_lines_name_the_line(text, message):
    with pytest.raises(OutlineError, match=message):
        parse_outline(text)


def test_stored_context_to_outline_and_back_to_changes():
    stored = Context(
        purpose="small firms get paid on time", inputs=[{"title": "Company OKRs 2027"}]
    )
    assert outline_context(Context()) is None
    assert outline_context(stored).purpose == "small firms get paid on time"
    read = parse_outline(TEXT).context
    changes = context_changes(stored, read)
    assert "purpose" not in changes  # the same text
    assert changes["narrative"] == "invoicing first, then payments"
    assert [i["title"] for i in changes["inputs"]] == ["Company OKRs 2027", "Churn interviews"]
    assert context_changes(None, OutlineContext()) == {}


_line = (
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@given(purpose=_line, title=_line.filter(lambda s: "|" not in s), owner=_line)
def test_any_context_text_round_trips(purpose, title, owner):
    owner = owner.replace("|", "/")
    from okrtui.domain.outline import Outline, OutlineCycle

    outline = Outline(
        OutlineCycle("2027-Q1"),
        (),
        OutlineContext(purpose=purpose, inputs=(OutlineInput(title, owner),)),
    )
    assert parse_outline(render_outline(outline)).context == outline.context
