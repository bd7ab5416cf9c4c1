"""Signature chains (invariant 3; D1-3.2, D1-5.1, D1-5.2).

A chain is data (ChainDefinition + ChainStep). A document's state on its chain is the
replay of its append-only Signature rows; the Document keeps a copy of the result
(`status`, `current_step`, `current_role_code`) for the inbox query, and `gendan check`
verifies the copy against the replay.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import audit, events, papers, scopes
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import ChainDefinition, ChainStep, Document, Signature
from gendan.core.roles import directory


# ---------------------------------------------------------------- replay
@dataclass
class ChainState:
    steps: list
    pointer: int = 0
    valid: dict = field(default_factory=dict)  # step index -> [Signature]

    @property
    def is_complete(self):
        return all(not step.is_required for step in self.steps[self.pointer :])

    def signable_indexes(self):
        """The pointer step and, past optional steps, the first required one after it."""
        indexes = []
        for index in range(self.pointer, len(self.steps)):
            indexes.append(index)
            if self.steps[index].is_required:
                break
        return indexes if not self.is_complete else []

    def signers(self):
        return {sig.signer_id: index for index, sigs in self.valid.items() for sig in sigs}

    def has_any_signature(self):
        return any(self.valid.values())


def replay(document, steps=None, signatures=None):
    if steps is None:
        steps = document.chain.steps.order_by("position") if document.chain_id else []
    steps = list(steps)
    signatures = signatures if signatures is not None else document.signatures.order_by("id")
    index_of = {step.position: index for index, step in enumerate(steps)}
    state = ChainState(steps=steps, valid={index: [] for index in range(len(steps))})
    for sig in signatures:
        if sig.action in (Signature.Action.SUBMIT, Signature.Action.WITHDRAW):
            _clear_from(state, 0)
        elif sig.action == Signature.Action.SIGN:
            index = index_of[sig.step_position]
            state.valid[index].append(sig)
            state.pointer = index + 1 if sig.completes_step else index
        elif sig.action == Signature.Action.REJECT:
            _clear_from(state, index_of.get(sig.return_to_step, 0))
    return state


def _clear_from(state, index):
    for later in range(index, len(state.steps)):
        state.valid[later] = []
    state.pointer = index


def _signable_role_codes(state):
    codes = {state.steps[index].role_code for index in state.signable_indexes()}
    return "," + ",".join(sorted(codes)) + "," if codes else ""


# ---------------------------------------------------------------- actions
def _locked(document):
    return (
        Document.objects.select_for_update(of=("self",)).select_related("chain").get(pk=document.pk)
    )


def _append(document, actor, action, origin, **fields):
    origin = origin or audit.SYSTEM
    return Signature.objects.create(
        document=document,
        action=action,
        signer=actor,
        at=timezone.now(),
        ip_address=origin.ip_address,
        device=origin.device,
        **fields,
    )


def _store_state(document, state, actor):
    """Copy the replayed state onto the document; post it when the chain is complete."""
    signable = state.signable_indexes() if document.status == Document.Status.PENDING else []
    document.current_step = state.steps[signable[0]].position if signable else None
    document.current_role_code = _signable_role_codes(state) if signable else ""
    fields = ["status", "current_step", "current_role_code"]
    if state.is_complete and document.status == Document.Status.PENDING:
        document.status = Document.Status.POSTED
        document.posted_at = timezone.now()
        fields.append("posted_at")
    document.save(update_fields=fields)
    if document.status == Document.Status.POSTED:
        handler = papers.posting_handler(document.slip_type)  # declared in core.papers
        if handler is not None:
            handler(document=document, actor=actor)
        audit.record(actor=actor, action="document.post", obj=document, after={"status": "posted"})
        events.publish(
            events.DocumentPosted(
                document_id=document.pk,
                paper_type=document.slip_type,
                number=document.number,
            ),
            actor=actor,
        )


def submit(*, actor, document, origin=None):
    """The author hands a draft to the first step of its chain."""
    with transaction.atomic():
        document = _locked(document)
        if document.author_id != actor.pk:
            raise PermissionDenied(
                _("Only the author of %(number)s may submit it.") % {"number": document}
            )
        _require_status(document, Document.Status.DRAFT)
        if document.chain_id is None:
            raise InvalidTransition(
                _("%(number)s is not signed along a chain; there is nothing to submit.")
                % {"number": document.number}
            )
        _append(document, actor, Signature.Action.SUBMIT, origin)
        document.status = Document.Status.PENDING
        document.submitted_at = timezone.now()
        document.save(update_fields=["status", "submitted_at"])
        _store_state(document, replay(document), actor)
        audit.record(
            actor=actor,
            action="document.submit",
            obj=document,
            origin=origin,
            after={"status": document.status},
        )
    return document


def sign(*, actor, document, step_position=None, note="", origin=None):
    """Sign the next step. Refused out of order, without the role in one of the
    document's scopes (or everywhere), twice on one step, or on a second step unless that
    step allows it."""
    with transaction.atomic():
        document = _locked(document)
        _require_status(document, Document.Status.PENDING)
        state = replay(document)
        index, authority = _choose_step(actor, document, state, step_position)
        step = state.steps[index]
        completes = _would_complete(document, state, index)
        _append(
            document,
            actor,
            Signature.Action.SIGN,
            origin,
            step_position=step.position,
            role_code=step.role_code,
            on_behalf_of=authority.on_behalf_of,
            note=note[:500],
            completes_step=completes,
        )
        audit.record(
            actor=actor,
            action="document.sign",
            obj=document,
            origin=origin,
            after={
                "step": step.position,
                "role": step.role_code,
                "note": note,
                "on_behalf_of": getattr(authority.on_behalf_of, "username", None),
            },
        )
        _store_state(document, replay(document), actor)
    return document


def reject(*, actor, document, reason, return_to_step=None, origin=None):
    """Send the document back to a named earlier step, or to its author (draft)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to reject a document."), field="reason")
    with transaction.atomic():
        document = _locked(document)
        _require_status(document, Document.Status.PENDING)
        state = replay(document)
        index, _authority = _choose_step(actor, document, state, None, for_reject=True)
        if return_to_step is not None:
            earlier = [i for i, s in enumerate(state.steps[:index]) if s.position == return_to_step]
            if not earlier:
                raise DomainError(
                    _("Step %(step)s is not an earlier step of %(number)s.")
                    % {"step": return_to_step, "number": document},
                    field="return_to_step",
                )
        _append(
            document,
            actor,
            Signature.Action.REJECT,
            origin,
            note=reason[:500],
            step_position=state.steps[index].position,
            return_to_step=return_to_step,
        )
        if return_to_step is None:
            document.status = Document.Status.DRAFT
        audit.record(
            actor=actor,
            action="document.reject",
            obj=document,
            origin=origin,
            after={"reason": reason, "return_to_step": return_to_step},
        )
        _store_state(document, replay(document), actor)
    return document


def withdraw(*, actor, document, origin=None):
    """The author takes a submitted document back, as long as nobody has signed it."""
    with transaction.atomic():
        document = _locked(document)
        if document.author_id != actor.pk:
            raise PermissionDenied(
                _("Only the author of %(number)s may withdraw it.") % {"number": document}
            )
        _require_status(document, Document.Status.PENDING)
        if replay(document).has_any_signature():
            raise InvalidTransition(
                _(
                    "%(number)s has already been signed and can no longer be withdrawn; ask the next "
                    "signer to reject it."
                )
                % {"number": document}
            )
        _append(document, actor, Signature.Action.WITHDRAW, origin)
        document.status = Document.Status.DRAFT
        audit.record(
            actor=actor,
            action="document.withdraw",
            obj=document,
            origin=origin,
            after={"status": "draft"},
        )
        _store_state(document, replay(document), actor)
    return document


# ---------------------------------------------------------------- rules
_STATUS_REFUSALS = {
    Document.Status.DRAFT: gettext_lazy("%(number)s is a draft; submit it first."),
    Document.Status.PENDING: gettext_lazy("%(number)s is already awaiting signatures."),
    Document.Status.POSTED: gettext_lazy(
        "%(number)s is already posted; nothing can be signed or changed."
    ),
    Document.Status.VOIDED: gettext_lazy("%(number)s is voided."),
}


def _require_status(document, status):
    if document.status != status:
        raise InvalidTransition(
            str(_STATUS_REFUSALS[document.status]) % {"number": document.number}
        )


def _choose_step(actor, document, state, step_position, for_reject=False):
    """The step `actor` acts on now, and the authority they act under."""
    signable = state.signable_indexes()
    if step_position is not None:
        wanted = [i for i, s in enumerate(state.steps) if s.position == step_position]
        if not wanted or wanted[0] not in signable:
            next_step = state.steps[signable[0]]
            raise InvalidTransition(
                _(
                    "Out of order: %(number)s is waiting for step %(pos)s (%(name)s); step %(wanted)s "
                    "cannot be signed now."
                )
                % {
                    "number": document.number,
                    "pos": next_step.position,
                    "name": next_step.name,
                    "wanted": step_position,
                }
            )
        signable = wanted
    refusal = None
    for index in signable:
        refusal, authority = _authority_for(actor, document, state, index, for_reject)
        if refusal is None:
            return index, authority
    raise PermissionDenied(refusal)


def _authority_for(actor, document, state, index, for_reject):
    step = state.steps[index]
    authorities = directory().authorities(
        actor, step.role_code, document.scope_keys, timezone.localdate()
    )
    if not authorities:
        return (
            _(
                "You do not hold the role %(role)s for %(scope)s, so you cannot act on step %(pos)s "
                "(%(name)s) of %(number)s."
            )
            % {
                "role": directory().role_name(step.role_code),
                "scope": _scope_label(document),
                "pos": step.position,
                "name": step.name,
                "number": document.number,
            },
            None,
        )
    if for_reject:
        return None, authorities[0]
    signers = state.signers()
    if actor.pk in signers and signers[actor.pk] == index:
        return _("You have already signed step %(pos)s of %(number)s.") % {
            "pos": step.position,
            "number": document.number,
        }, None
    if actor.pk in signers and not step.allows_same_signer:
        return (
            _(
                "Separation of duties: you signed step %(other)s of %(number)s, so step %(pos)s "
                "(%(name)s) must be signed by someone else."
            )
            % {
                "other": state.steps[signers[actor.pk]].position,
                "number": document.number,
                "pos": step.position,
                "name": step.name,
            },
            None,
        )
    return None, authorities[0]


def _scope_label(document):
    return scopes.describe(document.scope_keys)


def _would_complete(document, state, index):
    step = state.steps[index]
    count = len(state.valid[index]) + 1
    if step.mode in (ChainStep.Mode.SINGLE, ChainStep.Mode.ANY):
        return True
    if step.mode == ChainStep.Mode.QUORUM:
        return count >= step.quorum
    holders = directory().holder_count(step.role_code, document.scope_keys, timezone.localdate())
    return count >= max(holders, 1)


def define_chain(*, actor, slip_type, name, steps, description="", origin=None):
    """Create or replace a slip type's chain. `steps` is a list of dicts with keys
    name, role_code, and optionally is_required, mode, quorum, allows_same_signer."""
    if not steps:
        raise DomainError(_("A signature chain needs at least one step."), field="steps")
    with transaction.atomic():
        if Document.objects.filter(slip_type=slip_type, status=Document.Status.PENDING).exists():
            raise InvalidTransition(
                _(
                    "Documents of type %(type)s are awaiting signatures; finish or return them "
                    "before changing the chain."
                )
                % {"type": slip_type}
            )
        chain, _created = ChainDefinition.objects.update_or_create(
            slip_type=slip_type, defaults={"name": name, "description": description}
        )
        chain.steps.all().delete()
        ChainStep.objects.bulk_create(
            ChainStep(chain=chain, position=position, **spec)
            for position, spec in enumerate(steps, start=1)
        )
        audit.record(
            actor=actor,
            action="chain.define",
            obj=chain,
            origin=origin,
            after={"steps": [dict(spec) for spec in steps]},
        )
    return chain
