"""Template helpers of signing: a paper's age in the inbox, pictures among uploads, and
the signature lines of a printed paper (one per step of its chain, named in Chinese)."""

from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gendan.core import attachments, chains
from gendan.core.roles import directory

register = template.Library()


@register.filter
def age(moment):
    """How long ago `moment` was: "刚刚", "25 分钟前", "3 小时前", "2 天前"."""
    if not moment:
        return ""
    seconds = max(0, int((timezone.now() - moment).total_seconds()))
    if seconds < 60:
        return _("just now")
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if hours < 1:
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {
            "count": minutes
        }
    if days < 1:
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    return ngettext("%(count)d day ago", "%(count)d days ago", days) % {"count": days}


@register.filter
def is_picture(name):
    return attachments.is_picture(name)


@dataclass(frozen=True)
class SignatureLine:
    """One step of a printed paper: the step's name, its role in words, and who signed it
    when (empty lines for the pen when nobody has yet)."""

    position: int
    step_name: str
    role_name: str
    signers: tuple  # ((name, at), ...)


@register.simple_tag
def signature_lines(document):
    """The steps of `document`'s chain with their valid signatures, for a print view."""
    if document is None or not document.chain_id:
        return []
    steps = list(document.chain.steps.order_by("position"))
    signatures = document.signatures.select_related("signer").order_by("id")
    state = chains.replay(document, steps, signatures)
    roles = directory()
    return [
        SignatureLine(
            position=step.position,
            step_name=step.name,
            role_name=roles.role_name(step.role_code),
            signers=tuple(
                (signature.signer.get_full_name() or signature.signer.username, signature.at)
                for signature in state.valid[index]
            ),
        )
        for index, step in enumerate(steps)
    ]
