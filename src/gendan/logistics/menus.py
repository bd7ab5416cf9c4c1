"""This module's entries in the main menu (gendan.core.menu): the desk's, and the order
taker's retention leads (D3-9)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, register
from gendan.logistics import access, leads

register(Entry("tracking-queue", _("My waybills"), "logistics:queue", order=30,
               shown_to=access.is_desk_member))  # fmt: skip
register(Entry("tracking-sheets", _("Tracking sheets"), "logistics:sheets", order=31,
               shown_to=access.can_read_all))  # fmt: skip
register(Entry("tracking-team", _("Follow-up team"), "logistics:team", order=32,
               shown_to=access.can_read_all))  # fmt: skip
register(Entry("tracking-urging", _("Urging"), "logistics:urging", order=33,
               shown_to=access.is_desk_member))  # fmt: skip
register(Entry("tracking-calls", _("Call log"), "logistics:calls", order=39,
               shown_to=access.is_desk_member))  # fmt: skip
register(Entry("tracking-errors", _("Audit errors"), "logistics:errors", order=34,
               shown_to=access.is_desk_member))  # fmt: skip
register(Entry("tracking-report", _("Follow-up report"), "logistics:report", order=35,
               shown_to=access.can_read_all))  # fmt: skip
register(Entry("tracking-problems", _("Problem parcels"), "logistics:problems", order=36,
               shown_to=access.is_desk_member))  # fmt: skip
register(Entry("tracking-week", _("Weekly follow-up report"), "logistics:week-report", order=37,
               shown_to=access.can_read_all))  # fmt: skip
# D3-9: the order taker's retention leads (the team lead sees every lead)
register(Entry("tracking-leads", _("Retention leads"), "logistics:leads", order=38,
               shown_to=leads.has_leads))  # fmt: skip
