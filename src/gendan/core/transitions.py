"""Allowed moves of a status, kept as data and applied by one `transition()`.

A `TransitionTable` lists, for each (current state, action), the state the action leads
to, who may make the move and whether a reason is required. `transition()` refuses any
other move with a message naming the current state ("订单 HT-2026-000003 已取消，不能
确认"), writes the audit row and publishes the move's event, all inside the caller's
transaction, so a refused move changes nothing. Orders use it; production lots and
inspections will declare their own tables.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, events, roles
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.locks import lock_row

PREVIOUS = "<previous>"  # a move's target: the state the object had before its last move


@dataclass(frozen=True)
class Who:
    """Who may make a move: a holder of `permission`, a holder of role `role` (anywhere,
    today) or anyone for whom `test(actor, obj)` holds. `label` names them in refusals."""

    label: object
    permission: str = ""
    role: str = ""
    test: Callable | None = None

    def allows(self, actor, obj):
        if actor is None or not getattr(actor, "is_active", False):
            return False
        if self.permission and actor.has_perm(self.permission):
            return True
        if self.role and roles.directory().authorities(actor, self.role, "", timezone.localdate()):
            return True
        return bool(self.test and self.test(actor, obj))


@dataclass(frozen=True)
class Move:
    """One allowed move. `who=None` marks a move that follows from another recorded
    action (a delivery note that ships the last line): the service that calls it has
    checked its own actor. `reason` is True (always required) or a function of the
    object returning why a reason is needed now ("" when it is not). `event` builds the
    event to publish from (object, reason)."""

    action: str
    sources: tuple[str, ...]
    target: str | Callable
    who: Who | None = None
    reason: bool | Callable = False
    event: Callable | None = None


@dataclass(frozen=True)
class TransitionTable:
    """`name` prefixes the audit action ("order" → "order.cancel"); `states` and
    `actions` map codes to their labels; `describe(obj)` names the object in messages
    ("订单 HT-2026-000003"); `previous_field`, when set, keeps the state before the last
    move, for moves whose target is PREVIOUS (reopen)."""

    name: str
    states: dict
    actions: dict
    describe: Callable
    moves: tuple[Move, ...]
    field: str = "status"
    previous_field: str = ""

    def __post_init__(self):
        index = {}
        for move in self.moves:
            for source in move.sources:
                if (source, move.action) in index:
                    raise ValueError(f"{self.name}: two moves for {move.action} from {source}")
                index[(source, move.action)] = move
        object.__setattr__(self, "_index", index)

    def move_for(self, state, action):
        return self._index.get((state, action))

    def state_label(self, state):
        return str(self.states.get(state, state))

    def may(self, actor, obj, action):
        """Whether `actor` may make `action` on `obj` now (for showing a button)."""
        move = self.move_for(getattr(obj, self.field), action)
        return move is not None and move.who is not None and move.who.allows(actor, obj)

    def target_of(self, move, obj):
        if move.target == PREVIOUS:
            return getattr(obj, self.previous_field) or None
        return move.target(obj) if callable(move.target) else move.target


def refusal_message(table, obj, action):
    return _("%(thing)s is %(state)s: you cannot %(action)s it") % {
        "thing": table.describe(obj),
        "state": table.state_label(getattr(obj, table.field)),
        "action": str(table.actions.get(action, action)),
    }


def _check(table, move, obj, actor, action, reason):
    state = getattr(obj, table.field)
    if move is None:
        raise InvalidTransition(refusal_message(table, obj, action))
    if move.who is not None and not move.who.allows(actor, obj):
        raise PermissionDenied(
            _("Only %(who)s may %(action)s %(thing)s.")
            % {
                "who": move.who.label,
                "action": table.actions.get(action, action),
                "thing": table.describe(obj),
            }
        )
    why = move.reason(obj) if callable(move.reason) else move.reason
    if why and not reason:
        message = why if isinstance(why, str) else _("Give the reason (it is required).")
        raise DomainError(message, field="reason")
    target = table.target_of(move, obj)
    if not target or target not in table.states:
        raise InvalidTransition(refusal_message(table, obj, action))
    return state, target


def transition(*, actor, obj, action, table, reason="", origin=None, changes=None):
    """Make `action` on `obj` by `table`, or refuse it: InvalidTransition (409) naming the
    current state when the table has no such move from it, PermissionDenied (403) when
    `actor` may not make it, DomainError on `reason` when a reason is required. The row
    is locked and the rules are checked on it as it is now; `changes` (other fields,
    such as a timestamp) are saved with the new state, and `obj` is updated to match; the audit row `<table>.<action>` keeps the
    states, the reason and the changes; the move's event is published."""
    reason = (reason or "").strip()
    changes = changes or {}
    with transaction.atomic():
        locked = lock_row(type(obj), obj.pk)  # rules are checked on the row as it is now
        move = table.move_for(getattr(locked, table.field), action)
        state, target = _check(table, move, locked, actor, action, reason)
        values = {table.field: target, **changes}
        if table.previous_field:
            values[table.previous_field] = state
        type(obj)._default_manager.filter(pk=obj.pk).update(**values)
        for name, value in values.items():
            setattr(obj, name, value)
        audit.record(
            actor=actor,
            action=f"{table.name}.{action}",
            obj=obj,
            origin=origin,
            before={table.field: state},
            after={table.field: target, "reason": reason, **_plain(changes)},
        )
        if move.event is not None:
            _publish(move.event(obj, reason), actor)
    return obj


def _plain(changes):
    """JSON-ready values for the audit row: dates and times as ISO text, others as text."""
    return {name: _json_value(value) for name, value in changes.items()}


def _json_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _publish(event, actor):
    events.publish(event, actor=actor)
