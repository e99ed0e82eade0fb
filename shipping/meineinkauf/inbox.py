"""MeinEinkauf's row of the dashboard's inbox: returns at its Swiss returns centre that staff must settle."""

from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.inbox import InboxRow, More, capped
from shipping.meineinkauf.selectors import returns_to_handle


def inbox_rows():
    waiting = returns_to_handle().select_related("order").order_by("state_changed_at", "id")
    found, total = capped(waiting)
    rows = []
    for item in found:
        rows.append(InboxRow(
            kind=_("Return to handle"), subject=f"{item.order_number or item.reference}",
            url=reverse("admin:meineinkauf_meineinkaufreturn_change", args=[item.pk]),
            reason=_("MeinEinkauf's returns centre has a return: %(state)s.") % {"state": item.state},
            next_step=_("Check the goods and refund the customer, then mark the return as handled."),
            partner_text=item.processing_state, action=_("Open the return")))
    if total > len(found):
        rows.append(More(_("Returns to handle"), total,
                         f"{reverse('admin:meineinkauf_meineinkaufreturn_changelist')}?handled=no"))
    return rows
