"""Switching rules of GB/T 2828.1-2012 9.3 / 9.4 as a state machine, with a property test."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gendan.quality.sampling import accepted_one_step_tighter, sampling_plan
from gendan.quality.sampling import switching as sw
from gendan.quality.sampling.switching import LotResult, SwitchingState, apply

ACCEPTED = LotResult(is_accepted=True, ac=7, is_accepted_one_step_tighter=True)
ACCEPTED_ONLY_AT_THIS_AQL = LotResult(is_accepted=True, ac=7, is_accepted_one_step_tighter=False)
REJECTED = LotResult(is_accepted=False, ac=7)


def run(lots, state=None):
    state = state or SwitchingState()
    reasons = []
    for lot in lots:
        state, reason = apply(state, lot)
        reasons.append(reason)
    return state, reasons


def test_two_rejections_within_five_lots_switch_normal_to_tightened():
    """9.3.2: 2 of 5 or fewer consecutive lots not accepted → tightened."""
    state, reasons = run([REJECTED, ACCEPTED, ACCEPTED, ACCEPTED, REJECTED])
    assert state.severity == "tightened"
    assert reasons[-1] == "two_of_five_rejected"
    assert state.history[-1] == sw.Transition(5, "normal", "tightened", "two_of_five_rejected")


def test_two_rejections_six_lots_apart_keep_normal():
    state, reasons = run([REJECTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, REJECTED])
    assert (state.severity, reasons[-1], state.history) == ("normal", "stays", ())


def test_five_consecutive_accepted_on_tightened_return_to_normal():
    """9.3.3: tightened → normal after 5 consecutive accepted lots; an interruption restarts the count."""
    state, _ = run([REJECTED, REJECTED])
    state, reasons = run([ACCEPTED] * 4 + [REJECTED] + [ACCEPTED] * 5, state)
    assert state.severity == "normal"
    assert reasons.count("five_consecutive_accepted") == 1
    assert reasons[-1] == "five_consecutive_accepted"


def test_five_lots_not_accepted_on_tightened_discontinue_inspection():
    """9.4: the cumulative number of lots not accepted on tightened reaches 5 → discontinue."""
    state, _ = run([REJECTED, REJECTED])
    state, reasons = run(
        [REJECTED, ACCEPTED, REJECTED, REJECTED, ACCEPTED, REJECTED, REJECTED], state
    )
    assert state.severity == "discontinued"
    assert reasons[-1] == "five_rejected_on_tightened"
    with pytest.raises(sw.IllegalSwitch):
        apply(state, ACCEPTED)
    resumed, reason = sw.resume(state)
    assert (resumed.severity, reason) == ("tightened", "resumed_after_corrective_action")


def test_switching_score_adds_three_for_ac_two_or_more_when_accepted_one_step_tighter():
    """9.3.3.2 a): +3 when the lot would also pass at the AQL one step tighter, else reset to 0."""
    state, _ = run([ACCEPTED] * 4)
    assert state.score == 12
    state, _ = run([ACCEPTED_ONLY_AT_THIS_AQL], state)
    assert state.score == 0


def test_switching_score_adds_two_for_ac_zero_or_one_plans():
    """9.3.3.2 b): Ac 0 or 1: +2 when accepted, else reset to 0."""
    state, _ = run([LotResult(is_accepted=True, ac=1)] * 3)
    assert state.score == 6
    state, _ = run([LotResult(is_accepted=False, ac=1)], state)
    assert state.score == 0


def test_reduced_needs_score_30_steady_production_and_the_authority():
    """9.3.3: score ≥ 30 alone is not enough; approval and steady production are needed too."""
    state, reasons = run([ACCEPTED] * 10)
    assert (state.severity, state.score, reasons[-1]) == (
        "normal",
        30,
        "score_reached_awaiting_approval",
    )
    unsteady = LotResult(is_accepted=True, ac=7, is_accepted_one_step_tighter=True,
                         is_reduced_approved=True, is_production_steady=False)  # fmt: skip
    state, reason = apply(state, unsteady)
    assert (state.severity, reason) == ("normal", "score_reached_production_unsteady")
    approved = LotResult(
        is_accepted=True, ac=7, is_accepted_one_step_tighter=True, is_reduced_approved=True
    )
    state, reason = apply(state, approved)
    assert (state.severity, reason) == ("reduced", "score_reached_and_approved")


def _reduced():
    approved = LotResult(
        is_accepted=True, ac=7, is_accepted_one_step_tighter=True, is_reduced_approved=True
    )
    state, _ = run([approved] * 10)
    assert state.severity == "reduced"
    return state


@pytest.mark.parametrize(
    ("lot", "reason"),
    [
        (LotResult(is_accepted=False, ac=3), "lot_rejected_on_reduced"),
        (LotResult(is_accepted=True, ac=3, is_production_steady=False), "production_irregular"),
        (LotResult(is_accepted=True, ac=3, is_normal_requested=True), "authority_requests_normal"),
        (
            LotResult(is_accepted=True, ac=3, is_between_ac_and_re=True),
            "accepted_between_ac_and_re",
        ),
    ],
)
def test_reduced_returns_to_normal(lot, reason):
    """9.3.4 (and Z1.4 8.3.4 b for a lot accepted between Ac and Re)."""
    state, got = apply(_reduced(), lot)
    assert (state.severity, got, state.score) == ("normal", reason, 0)


def test_reduced_stays_while_lots_are_accepted():
    state, reason = apply(_reduced(), LotResult(is_accepted=True, ac=3))
    assert (state.severity, reason) == ("reduced", "stays")


def test_every_recorded_transition_is_one_the_table_allows():
    state, _ = run([REJECTED, REJECTED] + [ACCEPTED] * 5)
    for row in state.history:
        assert sw.TRANSITIONS[(row.from_severity, row.reason)] == row.to_severity


lots = st.builds(
    LotResult,
    is_accepted=st.booleans(),
    ac=st.integers(min_value=0, max_value=21),
    is_accepted_one_step_tighter=st.booleans(),
    is_production_steady=st.booleans(),
    is_reduced_approved=st.booleans(),
    is_normal_requested=st.booleans(),
)


@pytest.mark.slow_property
@settings(max_examples=300, deadline=None)
@given(st.lists(lots, max_size=80))
def test_random_lot_sequences_never_reach_a_state_the_standard_forbids(sequence):
    """Property: reduced only with score ≥ 30, approval and steady production; discontinued
    only after 5 lots not accepted on tightened; every move is in TRANSITIONS."""
    state = SwitchingState()
    for lot in sequence:
        if state.severity == "discontinued":
            state, _ = sw.resume(state)
        before = state
        state, reason = apply(state, lot)
        assert state.lots == before.lots + 1 or reason == "resumed_after_corrective_action"
        if state.severity != before.severity:
            assert sw.TRANSITIONS[(before.severity, reason)] == state.severity
            assert state.history[-1].reason == reason
        else:
            assert reason in sw.STAY_REASONS
        if state.severity == "reduced" and before.severity == "normal":
            assert before.score + 3 >= 30 or before.score + 2 >= 30
            assert lot.is_accepted and lot.is_reduced_approved and lot.is_production_steady
        if state.severity == "discontinued":
            assert before.severity == "tightened" and before.rejected_on_tightened == 4
            assert not lot.is_accepted
        if state.severity == "tightened" and before.severity == "normal":
            assert (*before.recent_normal, lot.is_accepted)[-5:].count(False) >= 2
        assert state.score < 30 or state.severity == "normal"
        assert 0 <= state.rejected_on_tightened < 5
        assert len(state.recent_normal) <= 5


def test_one_step_tighter_reads_the_next_tighter_aql_in_the_same_row():
    """9.3.3.2 a): K / AQL 2.5 is Ac 7; one step tighter (1.5) on K is Ac 5."""
    plan = sampling_plan(lot_size=3200, level="II", aql="2.5")
    assert accepted_one_step_tighter(plan, 5) is True
    assert accepted_one_step_tighter(plan, 6) is False
    assert accepted_one_step_tighter(sampling_plan(lot_size=3200, aql="0.010"), 0) is False


def test_a_lot_scored_from_real_counts_follows_the_3200_piece_example():
    """Ten 3,200-pc lots at AQL 2.5 with ≤ 5 major defects each reach a score of 30."""
    plan = sampling_plan(lot_size=3200, level="II", aql="2.5")
    state = SwitchingState()
    for defects in [0, 2, 5, 1, 0, 3, 4, 5, 2, 1]:
        lot = LotResult(
            is_accepted=plan.accepts(defects),
            ac=plan.ac,
            is_accepted_one_step_tighter=accepted_one_step_tighter(plan, defects),
        )
        state, reason = apply(state, lot)
    assert (state.score, reason) == (30, "score_reached_awaiting_approval")


def test_z14_reduced_gap_is_detected_on_the_plan():
    plan = sampling_plan(lot_size=3200, aql="2.5", severity="reduced", standard="z14")
    assert (plan.ac, plan.re) == (3, 6)
    assert [plan.is_between_ac_and_re(d) for d in (3, 4, 5, 6)] == [False, True, True, False]
