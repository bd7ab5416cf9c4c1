"""Notification channels on a page (issue 10: nothing of a normal job in the admin):
the administrator sets up the e-mail, 企业微信, 钉钉, 飞书 and SMS channels that the
policies name, sends a test message, and reads each message's delivery log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gendan.core import audit, notify
from gendan.core.errors import DomainError
from gendan.core.models import NotificationChannel

CHANGE_PERMISSION = "core.change_notificationchannel"


class ChannelForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the channel"), max_length=80)
    kind = forms.ChoiceField(
        label=gettext_lazy("Sent by"), choices=NotificationChannel.Kind.choices
    )
    webhook_url = forms.URLField(
        label=gettext_lazy("Webhook or gateway address"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    secret = forms.CharField(
        label=gettext_lazy("Signing secret or token"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Left empty when changing a channel, the stored one is kept."),
    )
    recipients = forms.CharField(
        label=gettext_lazy("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("E-mail addresses or phone numbers, one per line"),
    )
    is_active = forms.BooleanField(label=gettext_lazy("Switched on"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else ("form-select" if isinstance(field.widget, forms.Select) else "form-control")
            )
            field.widget.attrs["class"] = css


def _require_channel_editor(user):
    if not user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied(_("Only an administrator may set up notification channels."))


def _save(request, form, channel=None):
    try:
        return notify.save_channel(
            actor=request.user,
            channel=channel,
            origin=audit.Origin.from_request(request),
            **form.cleaned_data,
        )
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error))
        return None


@login_required
def channel_list(request):
    _require_channel_editor(request.user)
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel = _save(request, form)
        if channel is not None:
            messages.success(request, _("%(name)s was saved.") % {"name": channel.name})
            return redirect("core:channel-detail", channel.pk)
    channels = NotificationChannel.objects.annotate(
        sent=Count("messages"), last_sent=Max("messages__created_at")
    ).order_by("name")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "core/channel_list.html", {"channels": channels, "form": form}, status=status
    )


@login_required
def channel_detail(request, pk):
    _require_channel_editor(request.user)
    channel = get_object_or_404(NotificationChannel, pk=pk)
    initial = {name: getattr(channel, name) for name in ChannelForm.base_fields if name != "secret"}
    form = ChannelForm(request.POST or None, initial=initial)
    saved = request.method == "POST" and form.is_valid() and _save(request, form, channel)
    if saved:
        messages.success(request, _("%(name)s was saved.") % {"name": channel.name})
        return redirect("core:channel-detail", channel.pk)
    recent = list(channel.messages.prefetch_related("deliveries").order_by("-id")[:20])
    for message in recent:
        attempts = list(message.deliveries.all())
        message.last_delivery = attempts[-1] if attempts else None
    context = {
        "channel": channel,
        "form": form,
        "recent": recent,
        "events": audit.timeline_for(channel),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "core/channel_detail.html", context, status=status)


@login_required
@require_POST
def channel_test(request, pk):
    _require_channel_editor(request.user)
    channel = get_object_or_404(NotificationChannel, pk=pk)
    try:
        notify.send_notification(
            channel=channel,
            subject=_("Test message from Gendan"),
            body=_("If you read this, the channel “%(name)s” works.") % {"name": channel.name},
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A test message was queued; its delivery shows below."))
    return redirect("core:channel-detail", channel.pk)
