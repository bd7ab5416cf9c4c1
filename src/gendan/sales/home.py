"""The sales desk's card on the home page (gendan.core.home): feedback I promised a
customer and have not given by its due date (D2-1)."""

from django.utils.translation import gettext_lazy as _

from gendan.core import home
from gendan.core.menu import for_roles
from gendan.sales import queries

# Who logs customers' calls and faxes and promises them an answer.
CUSTOMER_CONTACT_ROLES = ("order_taker", "merchandiser", "sales_manager", "marketing")


def overdue_feedback(user, today):
    entries = queries.overdue_feedback(user, today)
    rows = list(entries[: home.CARD_ROWS])
    return rows, entries.count()


home.register(
    home.Card(
        "overdue-feedback",
        _("My overdue customer feedback"),
        "sales/partials/_home_feedback.html",
        overdue_feedback,
        order=30,
        shown_to=for_roles(*CUSTOMER_CONTACT_ROLES),
        url_name="sales:todo",
    )
)
