"""Switching rules of GB/T 2828.1-2012 clause 9.3 / 9.4 as a pure state machine.

The state is immutable; `apply(state, lot)` returns the next state and a reason code.
Allowed moves are data (`TRANSITIONS`); the Django layer turns reason codes into words.

- 9.3.2 normal → tightened: 2 lots not accepted among 5 or fewer consecutive lots.
- 9.3.3 tightened → normal: 5 consecutive lots accepted on tightened inspection.
- 9.3.3.2 switching score, kept during normal inspection, starting at 0:
  plans with Ac ≥ 2: +3 when the lot would have been accepted at the AQL one step
  tighter, otherwise reset to 0; plans with Ac 0 or 1: +2 when the lot is accepted,
  otherwise reset to 0.
- 9.3.3 normal → reduced: score ≥ 30 AND production steady AND the responsible authority
  approves.
- 9.3.4 reduced → normal: a lot not accepted, irregular or delayed production, or other
  conditions (the authority asks). Z1.4 also: a lot accepted with Ac < d < Re.
- 9.4 discontinue: the cumulative number of lots not accepted on tightened inspection
  (since it began) reaches 5; resumed (after corrective action) on tightened inspection.
"""

from dataclasses import dataclass, field, replace

NORMAL, TIGHTENED, REDUCED, DISCONTINUED = "normal", "tightened", "reduced", "discontinued"
SCORE_FOR_REDUCED = 30
WINDOW = 5  # "2 out of 5 or fewer consecutive lots"
ACCEPTED_TO_RELAX = 5
REJECTED_TO_DISCONTINUE = 5

# (from severity, reason) -> to severity. Anything else is not a move of this machine.
TRANSITIONS = {
    (NORMAL, "two_of_five_rejected"): TIGHTENED,
    (NORMAL, "score_reached_and_approved"): REDUCED,
    (TIGHTENED, "five_consecutive_accepted"): NORMAL,
    (TIGHTENED, "five_rejected_on_tightened"): DISCONTINUED,
    (REDUCED, "lot_rejected_on_reduced"): NORMAL,
    (REDUCED, "accepted_between_ac_and_re"): NORMAL,
    (REDUCED, "production_irregular"): NORMAL,
    (REDUCED, "authority_requests_normal"): NORMAL,
    (DISCONTINUED, "resumed_after_corrective_action"): TIGHTENED,
}
STAY_REASONS = ("stays", "score_reached_awaiting_approval", "score_reached_production_unsteady")


class IllegalSwitch(ValueError):
    """A move the switching rules do not allow (e.g. a lot while inspection is discontinued)."""


@dataclass(frozen=True)
class LotResult:
    is_accepted: bool
    ac: int = 0  # the acceptance number of the plan the lot was inspected with
    is_accepted_one_step_tighter: bool = False  # for the score when Ac ≥ 2
    is_between_ac_and_re: bool = False  # Z1.4 reduced plans with a gap
    is_production_steady: bool = True
    is_reduced_approved: bool = False  # the responsible authority approves reduced inspection
    is_normal_requested: bool = False  # the authority asks for normal inspection


@dataclass(frozen=True)
class Transition:
    lot_number: int
    from_severity: str
    to_severity: str
    reason: str


@dataclass(frozen=True)
class SwitchingState:
    severity: str = NORMAL
    recent_normal: tuple = ()  # acceptance of the last ≤ 5 lots on normal inspection
    score: int = 0
    accepted_in_a_row: int = 0  # on tightened inspection
    rejected_on_tightened: int = 0  # cumulative since tightened inspection began
    lots: int = 0
    history: tuple = field(default=())  # Transition rows, oldest first


def _move(state, reason, **changes):
    target = TRANSITIONS[(state.severity, reason)]
    row = Transition(state.lots, state.severity, target, reason)
    fresh = {"recent_normal": (), "score": 0, "accepted_in_a_row": 0, "rejected_on_tightened": 0}
    return replace(state, severity=target, history=(*state.history, row), **{**fresh, **changes})


def _next_score(score, lot):
    if lot.ac >= 2:
        return score + 3 if lot.is_accepted and lot.is_accepted_one_step_tighter else 0
    return score + 2 if lot.is_accepted else 0


def _after_normal(state, lot):
    recent = (*state.recent_normal, lot.is_accepted)[-WINDOW:]
    if recent.count(False) >= 2:
        return _move(state, "two_of_five_rejected")
    state = replace(state, recent_normal=recent, score=_next_score(state.score, lot))
    if state.score < SCORE_FOR_REDUCED:
        return state, "stays"
    if not lot.is_production_steady:
        return state, "score_reached_production_unsteady"
    if not lot.is_reduced_approved:
        return state, "score_reached_awaiting_approval"
    return _move(state, "score_reached_and_approved")


def _after_tightened(state, lot):
    if lot.is_accepted:
        state = replace(state, accepted_in_a_row=state.accepted_in_a_row + 1)
        if state.accepted_in_a_row >= ACCEPTED_TO_RELAX:
            return _move(state, "five_consecutive_accepted")
        return state, "stays"
    state = replace(
        state, accepted_in_a_row=0, rejected_on_tightened=state.rejected_on_tightened + 1
    )
    if state.rejected_on_tightened >= REJECTED_TO_DISCONTINUE:
        return _move(state, "five_rejected_on_tightened")
    return state, "stays"


def _after_reduced(state, lot):
    if not lot.is_accepted:
        return _move(state, "lot_rejected_on_reduced")
    if lot.is_between_ac_and_re:
        return _move(state, "accepted_between_ac_and_re")
    if not lot.is_production_steady:
        return _move(state, "production_irregular")
    if lot.is_normal_requested:
        return _move(state, "authority_requests_normal")
    return state, "stays"


_HANDLERS = {NORMAL: _after_normal, TIGHTENED: _after_tightened, REDUCED: _after_reduced}


def apply(state, lot):
    """The state after one lot on original inspection, and why: (new_state, reason_code)."""
    handler = _HANDLERS.get(state.severity)
    if handler is None:
        raise IllegalSwitch(f"inspection is {state.severity}: resume it before the next lot")
    result = handler(replace(state, lots=state.lots + 1), lot)
    return result if isinstance(result, tuple) else (result, result.history[-1].reason)


def resume(state):
    """9.4: after corrective action, inspection resumes on tightened inspection."""
    if state.severity != DISCONTINUED:
        raise IllegalSwitch(f"inspection is {state.severity}, not discontinued")
    return _move(state, "resumed_after_corrective_action"), "resumed_after_corrective_action"


def request_normal(state):
    """9.3.4 d): the authority asks for normal inspection while on reduced."""
    if state.severity != REDUCED:
        raise IllegalSwitch(f"inspection is {state.severity}, not reduced")
    return _move(state, "authority_requests_normal"), "authority_requests_normal"
