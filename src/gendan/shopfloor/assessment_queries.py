"""Reads of assessments 考核 and placement suggestions, and their gates.

Who sees a record is the permission matrix's `assessment.view` (core.permissions): the
clerk, team leader, director and statistician of its workshop (everywhere for such a
role granted everywhere, and the auditor), and — "own" — the person it is held against
and whoever wrote it. Missing and forbidden look the same (NotFound)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from gendan.core import permissions, scopes
from gendan.core.errors import NotFound
from gendan.core.scopes import Scope
from gendan.shopfloor.assessment_models import Assessment, PlacementSuggestion

State = Assessment.State
RELATED = ("workshop", "person", "team", "warehouse", "lot__document", "written_by", "decided_by")


def _reach_condition(user, action, *, own):
    """A Q for the records `user` reaches for `action`, or None for every record."""
    found = permissions.reach(user, "assessment", action)
    if found.everywhere:
        return None
    held = [Scope.parse(key) for key in found.scopes]
    workshops = [scope.pk for scope in held if scope.kind == scopes.WORKSHOP]
    condition = Q(workshop_id__in=workshops)
    if found.own:
        condition |= own
    return condition


def assessments_seen(user):
    rows = Assessment.objects.select_related(*RELATED)
    condition = _reach_condition(user, "view", own=Q(person=user) | Q(written_by=user))
    return rows if condition is None else rows.filter(condition)


def access_assessment(user, pk):
    found = assessments_seen(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def may_decide(user, assessment):
    """The workshop director of the record's workshop — never on a record against himself."""
    if assessment.person_id == getattr(user, "pk", None):
        return False
    return permissions.allows(
        user, "assessment", "approve", scope=assessment.workshop.scope_key, is_own=False
    )


def may_respond(user, assessment):
    return assessment.person_id == getattr(user, "pk", None) and permissions.allows(
        user, "assessment", "respond", is_own=True
    )


def may_create(user, workshop=None):
    if workshop is None:
        return permissions.allows(user, "assessment", "create")
    return permissions.allows(user, "assessment", "create", scope=workshop.scope_key)


def workshops_to_write(user):
    from gendan.org.models import Workshop

    found = permissions.reach(user, "assessment", "create")
    if found.everywhere:
        return list(Workshop.objects.all())
    keys = [Scope.parse(key) for key in found.scopes]
    return list(Workshop.objects.filter(pk__in=[s.pk for s in keys if s.kind == scopes.WORKSHOP]))


def awaiting_decision(user):
    """Candidates the user may decide (the director's home card)."""
    condition = _reach_condition(user, "approve", own=Q(pk__in=[]))
    rows = Assessment.objects.filter(state=State.CANDIDATE).exclude(person=user)
    rows = rows if condition is None else rows.filter(condition)
    return rows.select_related(*RELATED).order_by("occurred_at", "id")


def awaiting_my_answer(user):
    rows = Assessment.objects.filter(
        person=user, response_state=Assessment.ResponseState.AWAITING
    ).exclude(state=State.WAIVED)
    return rows.select_related(*RELATED).order_by("occurred_at", "id")


def filtered(rows, values):
    """`values` from core.filters: month (YYYY-MM), workshop, person, target, reason,
    state, q (pinyin search)."""
    month = month_bounds(values.get("month"))
    if month:
        rows = rows.filter(occurred_at__date__gte=month[0], occurred_at__date__lt=month[1])
    for name, column in (
        ("workshop", "workshop_id"),
        ("person", "person_id"),
        ("target", "target"),
        ("reason", "reason"),
        ("state", "state"),
    ):
        if values.get(name):
            rows = rows.filter(**{column: values[name]})
    if values.get("q"):
        rows = rows.filter(search_text__icontains=values["q"].lower())
    return rows


def month_bounds(text):
    """(first day, first day of the next month) for "2026-11", or None."""
    try:
        year, month = (int(part) for part in str(text or "").split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        return None
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following


def target_name(assessment):
    """What the record is held against, in words: the warehouse, the team, or the person."""
    if assessment.target == Assessment.Target.WAREHOUSE and assessment.warehouse_id:
        return f"{assessment.warehouse} · {person_name(assessment.person)}"
    if assessment.target == Assessment.Target.TEAM:
        team = assessment.team.name if assessment.team_id else str(assessment.workshop)
        return f"{team} · {person_name(assessment.person)}"
    return person_name(assessment.person)


def person_name(user):
    return (user.first_name or user.get_full_name() or user.username) if user else ""


def monthly_summary(rows):
    """Per target: points and amount confirmed, count by reason, confirmed / waived /
    awaiting counts — one query (the rows with their related names)."""
    summary = {}
    for assessment in rows:
        key = (assessment.target, assessment.person_id, assessment.team_id, assessment.warehouse_id)
        entry = summary.setdefault(
            key,
            {
                "target": target_name(assessment),
                "kind": assessment.get_target_display(),
                "points": 0,
                "amount": Decimal(0),
                "reasons": defaultdict(int),
                "confirmed": 0,
                "waived": 0,
                "candidates": 0,
            },
        )
        entry["reasons"][assessment.reason] += 1
        if assessment.state == State.CONFIRMED:
            entry["confirmed"] += 1
            entry["points"] += assessment.points
            entry["amount"] += assessment.amount
        elif assessment.state == State.WAIVED:
            entry["waived"] += 1
        else:
            entry["candidates"] += 1
    return sorted(summary.values(), key=lambda entry: (-entry["points"], entry["target"]))


# ---------------------------------------------------------------- suggestions
def suggestions_seen(user):
    rows = PlacementSuggestion.objects.select_related("workshop", "written_by", "answered_by")
    condition = _reach_condition(user, "view", own=Q(written_by=user))
    return rows if condition is None else rows.filter(condition)


def access_suggestion(user, pk):
    found = suggestions_seen(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def may_answer(user, suggestion):
    return permissions.allows(
        user, "assessment", "approve", scope=suggestion.workshop.scope_key, is_own=False
    )
