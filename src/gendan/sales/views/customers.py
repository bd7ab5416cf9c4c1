from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core.actions import act
from gendan.core.audit import Origin
from gendan.core.errors import DomainError
from gendan.core.exports import xlsx_response
from gendan.sales import queries, services
from gendan.sales.access import can_act_on_customer
from gendan.sales.models import Communication
from gendan.sales.views._shared import customer_or_404, post_date, secrets, template

User = get_user_model()


@login_required
def customer_list(request):
    customers = queries.customer_list(request.user, search=request.GET.get("q"))
    visible = secrets(request.user)
    if request.GET.get("format") == "xlsx":
        return _customer_xlsx(customers, visible["show_contact"])
    page = Paginator(customers, 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": request.GET, **visible}
    return render(request, template(request, "customer_list"), context)


def _customer_xlsx(customers, show_contact):
    headers = [_("Code"), _("Name"), _("Merchandiser in charge")]
    if show_contact:
        headers += [_("Phone"), _("Address")]

    def row(customer):
        values = [customer.code, customer.name, str(customer.merchandiser or "")]
        return values + ([customer.phone, customer.address] if show_contact else [])

    return xlsx_response(_("customers") + ".xlsx", headers, (row(c) for c in customers))


@login_required
def customer_detail(request, pk):
    customer = customer_or_404(request, pk)
    context = {
        "customer": customer,
        "contacts": customer.contacts.all(),
        "communications": queries.communication_list(request.user, customer=customer.pk)[:100],
        "kinds": Communication.Kind.choices,
        "today": timezone.localdate(),
        **secrets(request.user),
    }
    return render(request, "sales/customer_detail.html", context)


def _customer_fields(request):
    merchandiser = request.POST.get("merchandiser") or None
    return {
        "name": request.POST.get("name", ""),
        "merchandiser": User.objects.filter(pk=merchandiser).first() if merchandiser else None,
        "phone": request.POST.get("phone", "").strip(),
        "address": request.POST.get("address", "").strip(),
        "note": request.POST.get("note", "").strip(),
    }


@login_required
def customer_create(request):
    if not request.user.has_perm("sales.add_customer"):  # the service's own rule
        raise PermissionDenied
    if request.method == "POST":
        try:
            customer = services.create_customer(
                actor=request.user,
                code=request.POST.get("code", ""),
                origin=Origin.from_request(request),
                **_customer_fields(request),
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            return redirect("sales:customer-detail", pk=customer.pk)
    context = {"customer": None, "users": User.objects.filter(is_active=True), "form": request.POST}
    return render(request, "sales/customer_form.html", context)


@login_required
def customer_update(request, pk):
    customer = customer_or_404(request, pk)
    if not can_act_on_customer(request.user, customer):  # the form only for who may save it
        raise PermissionDenied
    if request.method == "POST":
        fields = _customer_fields(request)
        if not secrets(request.user)["show_contact"]:
            fields.pop("phone"), fields.pop("address")
        try:
            services.update_customer(
                actor=request.user, customer=customer, origin=Origin.from_request(request), **fields
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            return redirect("sales:customer-detail", pk=customer.pk)
    context = {
        "customer": customer,
        "users": User.objects.filter(is_active=True),
        **secrets(request.user),
    }
    return render(request, "sales/customer_form.html", context)


@login_required
@require_POST
def contact_create(request, pk):
    customer = customer_or_404(request, pk)
    return act(
        request,
        lambda origin: services.add_contact(
            actor=request.user,
            customer=customer,
            name=request.POST.get("name", ""),
            title=request.POST.get("title", ""),
            phone=request.POST.get("phone", ""),
            email=request.POST.get("email", ""),
            wechat=request.POST.get("wechat", ""),
            origin=origin,
        ),
        success=_("Contact added."),
        back=reverse("sales:customer-detail", args=[customer.pk]),
    )


@login_required
@require_POST
def communication_create(request, pk):
    customer = customer_or_404(request, pk)
    contact = customer.contacts.filter(pk=request.POST.get("contact") or None).first()
    return act(
        request,
        lambda origin: services.log_communication(
            actor=request.user,
            customer=customer,
            kind=request.POST.get("kind", ""),
            summary=request.POST.get("summary", ""),
            contact=contact,
            feedback_promised=request.POST.get("feedback_promised", ""),
            feedback_due_date=post_date(request, "feedback_due_date"),
            origin=origin,
        ),
        success=_("Communication recorded."),
        back=reverse("sales:customer-detail", args=[customer.pk]),
    )


@login_required
@require_POST
def communication_feedback(request, pk):
    entry = queries.communication_list(request.user).filter(pk=pk).first()
    if entry is None:
        return redirect("sales:todo")
    return act(
        request,
        lambda origin: services.give_feedback(
            actor=request.user,
            communication=entry,
            feedback=request.POST.get("feedback", ""),
            origin=origin,
        ),
        success=_("Feedback recorded."),
        back=reverse("sales:todo")
        if request.POST.get("next") == "todo"
        else reverse("sales:customer-detail", args=[entry.customer_id]),
    )


@login_required
def todo(request):
    """My to-do list: overdue feedback (D2-1) and overdue receivables (D5-6)."""
    context = {
        "overdue_feedback": queries.overdue_feedback(request.user),
        "today": timezone.localdate(),
        "receivables": queries.overdue_receivables(request.user).filter(merchandiser=request.user)[
            :50
        ],
        **secrets(request.user),
    }
    return render(request, "sales/todo.html", context)
