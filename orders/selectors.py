"""Reads of orders that are more than one line."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _

from backoffice.counting import DASHBOARD_CAP, capped_count
from backoffice.dashboard import Figure
from backoffice.models import PartnerExchange
from backoffice.registry import route_specs
from backoffice.selectors import same_in_capitals, starts_with
from orders.adapters import Problem
from orders.hubs import with_hub_parcels
from orders.models import Order, OrderEvent, Submission
from orders.services.submissions import order_blockers

S = Submission.State
# A submission in one of these states means the order is with a partner, on its way there, or needs fixing.
NOT_SUBMITTABLE = [*Submission.WITH_PARTNER, S.REFUSED]


def orders_submittable(queryset=None):
    """Orders ready to go to their partner: never sent, or sent and put back (not refused, not in flight)."""
    queryset = Order.objects.all() if queryset is None else queryset
    return queryset.filter(status=Order.Status.READY).exclude(submission_state__in=NOT_SUBMITTABLE)


def orders_ready_for(partner):
    """Orders that may get a submission to `partner` now: its first-leg orders that are submittable, and the
    orders for which it is a later leg (MeinEinkauf after InnoCigs) whose parcel to the hub has shipped, with no
    active submission to it yet. The lifecycle still checks each one."""
    first = [route.name for route in route_specs() if route.legs[0] == partner]
    later = [route.name for route in route_specs() if partner in route.legs[1:]]
    ready = orders_submittable().filter(route__in=first)
    if later:
        busy = Submission.objects.filter(partner=partner, state__in=NOT_SUBMITTABLE).values("order_id")
        waiting = with_hub_parcels(Order.objects.filter(
            route__in=later, status__in=[Order.Status.READY, Order.Status.SUBMITTED]).exclude(pk__in=busy), partner)
        ready = (ready | waiting).distinct()
    return ready


def orders_between_legs():
    """Orders whose goods are on their way to a hub (a Swiss order shipped by InnoCigs) that the hub's partner
    has not yet accepted: stuck between the legs while this lasts."""
    final = {route.name: route.legs[-1] for route in route_specs() if len(route.legs) > 1}
    stuck = Order.objects.none()
    for route, partner in final.items():
        # NOT EXISTS probes each open order's submissions; NOT IN read every accepted one (14,000 at scale).
        done = Submission.objects.filter(order=OuterRef("pk"), partner=partner, state=S.ACCEPTED)
        open_orders = Order.objects.filter(route=route).exclude(status__in=Order.CLOSED).exclude(Exists(done))
        stuck = stuck | with_hub_parcels(open_orders, partner)
    return stuck  # conditions on the order's own row and EXISTS: no join, so no order twice


def orders_reference_pending(queryset=None, *, partner=None, days=0, now=None):
    """Orders a partner accepted without naming its reference, accepted more than `days` days ago."""
    queryset = Order.objects.all() if queryset is None else queryset
    accepted = Submission.objects.filter(state=S.ACCEPTED, partner_reference="",
                                         finished_at__lt=(now or timezone.now()) - timedelta(days=days))
    if partner:
        accepted = accepted.filter(partner=partner)
    return queryset.filter(submission_state=S.ACCEPTED, partner_reference="",
                           pk__in=accepted.values("order_id"))


def _orders_url(**filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return f"{reverse('admin:orders_order_changelist')}?{query}"


def dashboard_figures():
    ready = Order.objects.filter(status=Order.Status.READY)
    return [
        Figure(_("Orders"), _("Swiss orders shipped to the hub, not yet registered with MeinEinkauf"),
               capped_count(orders_between_legs(), DASHBOARD_CAP), _orders_url(between_legs="1"), tone="warn"),
        Figure(_("Orders"), _("ready to submit"), capped_count(orders_submittable(), DASHBOARD_CAP),
               _orders_url(status__exact="ready", submittable="1")),
        Figure(_("Orders"), _("refused by a partner"),
               capped_count(ready.filter(submission_state=S.REFUSED), DASHBOARD_CAP),
               _orders_url(submission_state__exact="refused", status__exact="ready"), tone="alert"),
        Figure(_("Orders"), _("outcome unknown: reconcile"),
               capped_count(Order.objects.filter(submission_state=S.UNKNOWN), DASHBOARD_CAP),
               _orders_url(submission_state__exact="unknown"), tone="alert"),
        Figure(_("Orders"), _("waiting for tracking"),
               # A parcel with an open incident needs a person (the inbox shows it), not more waiting.
               capped_count(Order.objects.filter(status=Order.Status.SUBMITTED)
                            .exclude(shipments__delivery_state="incident"), DASHBOARD_CAP),
               _orders_url(status__exact="submitted"), tone="warn"),
    ]


def _search_words(term):
    for word in smart_split(term):
        if word[:1] in "\"'" and word[-1:] == word[:1]:
            word = unescape_string_literal(word)
        if word.strip():
            yield word.strip()


def _orders_matching(word):
    """Ids of the orders one search word finds. Each arm is an indexed lookup, so a search stays fast at
    any size; a single query with OR across the address join would scan every order."""
    as_typed_or_capitals = {word, word.upper()}
    orders = Order.objects.values("pk")
    starts = [orders.filter(starts_with(field, typed)) for field in ("number", "partner_reference")
              for typed in as_typed_or_capitals]
    return starts[0].union(
        *starts[1:],
        orders.filter(zonos_order_id__in=as_typed_or_capitals),
        orders.filter(same_in_capitals("email", word)),
        orders.filter(same_in_capitals("shipping_address__last_name", word)),
        orders.filter(same_in_capitals("shipping_address__first_name", word)),
    )


def orders_search(queryset, term):
    """Orders where every word of `term` starts the number or partner reference (Z999 finds Z999-99991), or is
    the Zonos id, email, or the customer's first or last name (in any case); "quoted words" stay together, e.g.
    "Muster & Söhne"."""
    for word in _search_words(term):
        queryset = queryset.filter(pk__in=_orders_matching(word))
    return queryset


def order_list_queryset(queryset):
    """What one row of the order list needs, in a constant number of queries per page."""
    # Shipments are shipping's (a layer above): reached through the relation it declares, not by an import.
    shipment = Order._meta.get_field("shipments").related_model
    shipments = shipment.objects.only("id", "order_id", "carrier", "tracking_code", "tracking_url").order_by("id")
    return queryset.select_related("shipping_address").prefetch_related(
        Prefetch("shipments", queryset=shipments, to_attr="listed_shipments")
    )


def order_submissions(order):
    """Every attempt of the order, newest first, each with its history."""
    events = OrderEvent.objects.order_by("created_at", "id")
    return list(order.submissions.prefetch_related(Prefetch("events", queryset=events))
                .order_by("-attempt"))


def order_shipments(order):
    return list(order.shipments.prefetch_related("events").order_by("created_at", "id"))


def order_history(order):
    return list(order.events.select_related("submission").order_by("created_at", "id"))


@dataclass(frozen=True)
class PreviewRow:
    """One order on a confirmation page: whether it will be sent, why not, and what the partner will get."""

    order: Order
    blockers: list[Problem]
    details: list[tuple[str, str]]

    @property
    def sendable(self):
        return not self.blockers


def submission_preview(queryset, adapter) -> list[PreviewRow]:
    """What a submit action would do with each selected order, checked exactly as the lifecycle will check it."""
    orders = queryset.select_related("shipping_address", "billing_address").prefetch_related("lines__product")
    rows = []
    for order in orders.order_by("pk"):
        blockers = order_blockers(order, adapter)
        rows.append(PreviewRow(order, blockers, [] if blockers else list(adapter.preview(order))))
    return rows


def unknown_submissions(queryset=None, *, partner=None):
    """Submissions whose outcome is unknown, optionally of the given orders or partner."""
    submissions = Submission.objects.filter(state=S.UNKNOWN).select_related("order")
    if queryset is not None:
        submissions = submissions.filter(order__in=queryset)
    if partner:
        submissions = submissions.filter(partner=partner)
    return submissions.order_by("pk")


def submission_exchanges(submission, limit=20):
    """The partner exchanges recorded for one submission, oldest first: what was sent and what came back."""
    label = str(submission)
    return list(PartnerExchange.objects.filter(related_label=label[:120]).order_by("created_at", "pk")[:limit])
