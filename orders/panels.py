"""The panels of the order page, shown in this order below the order's fields and lines.

A panel is (template, dotted path of its context function). The function takes the order and the request
and returns the template's context (its names are also under `panel`), or None when the panel has nothing
to show for this order; it should run a constant number of queries. A partner package adds its panels in its
PartnerSpec (`panels`): they are shown between the core's tracking and history panels.
"""

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from backoffice.registry import partner_label, partner_specs
from backoffice.words import stored_words
from orders.models import Order, Submission
from orders.selectors import order_history, order_shipments, order_submissions

FIRST = [
    ("admin/orders/panels/partner.html", "orders.panels.partner_panel"),
    ("admin/orders/panels/tracking.html", "orders.panels.tracking_panel"),
]
LAST = [("admin/orders/panels/history.html", "orders.panels.history_panel")]


def panels():
    return [*FIRST, *(panel for spec in partner_specs() for panel in spec.panels), *LAST]


def link_or_empty(url):
    """Partner data is not trusted to be a harmless link: only http(s) URLs become links."""
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else ""


def partner_panel(order, request):
    exchanges = f"{reverse('admin:backoffice_partnerexchange_changelist')}?{urlencode({'q': order.number})}"
    submissions = order_submissions(order)
    for submission in submissions:
        submission.said_events = [said(event) for event in submission.events.all()]
    return {"submissions": submissions, "exchanges_url": exchanges,
            "can_decide": request.user.has_perm("orders.reconcile_submissions")}


def tracking_panel(order, request):
    on_its_way = order.status in (Order.Status.SUBMITTED, Order.Status.SHIPPED)
    return {"shipments": [(shipment, link_or_empty(shipment.tracking_url), _leg(order, shipment))
                          for shipment in order_shipments(order)],
            "delivered_by": order.get_delivered_by_display() if order.status == Order.Status.DELIVERED else "",
            "can_mark_delivered": on_its_way and request.user.has_perm("orders.change_order"), "order_id": order.pk}


def _leg(order, shipment):
    """Which leg a parcel travels on a Swiss order: to MeinEinkauf's hub, or on to the customer."""
    if not order.goes_via_hub:
        return ""
    return _("to the customer") if shipment.partner == order.legs[-1] else _("to MeinEinkauf's hub")


def history_panel(order, request):
    return {"events": [said(event) for event in order_history(order)]}


def said(event):
    """An order or submission event in the reader's words: states by their labels, the partner by its name, our
    stored note in the reader's language (a partner's or a person's words as they came)."""
    states = Submission.State if event.submission_id else Order.Status
    event.from_words = _state_words(states, event.from_state)
    event.to_words = _state_words(states, event.to_state)
    event.note_words = stored_words(event.note)
    event.partner_words = partner_label(event.submission.partner) if event.submission_id else ""  # selected with it
    return event


def _state_words(states, value):
    return states(value).label if value in states.values else value


def panels_for(order, request) -> list[str]:
    """The order's panels, rendered. A template finds its context's names both directly and under `panel`."""
    shown = []
    for template, function in panels():
        context = import_string(function)(order, request)
        if context is not None:
            shown.append(render_to_string(template, {**context, "panel": context}, request))
    return shown
