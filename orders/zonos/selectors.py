"""Reads of the Zonos reconciliation: which Zonos order is missing, unconfirmed, in conflict or a test."""

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from backoffice.dashboard import Figure
from backoffice.stored_texts import in_english
from orders.adapters import Problem
from orders.models import Order, Submission
from orders.zonos.mapping import shop_order_number
from orders.zonos.models import CANCELLED, HOLD_STATUSES, ZonosOrder, status_label

S = Submission.State
# Our order went to a partner (or may have): from here a Zonos hold means goods may ship that must not.
SENT_STATES = Submission.WITH_PARTNER
SENT_STATUSES = (Order.Status.SUBMITTED, Order.Status.SHIPPED)

LINKED = Q(shop_order_pk__isnull=False)
MISSING = Q(test_order=False, shop_order_pk__isnull=True) & ~Q(status__in=CANCELLED)
UNCONFIRMED = Q(test_order=False) & LINKED & ~Q(merchant_order_id=F("shop_order_number"))
CONFLICT = LINKED & Q(status__in=HOLD_STATUSES) & (
    Q(shop_submission_state__in=SENT_STATES) | Q(shop_order_status__in=SENT_STATUSES)
)
HELD = LINKED & Q(status__in=HOLD_STATUSES) & ~CONFLICT
TEST = Q(test_order=True)

# (key, label, filter), in the order the admin filter and the dashboard show them; labels said where shown.
CLASSES = [
    ("conflict", N_("status conflict: must not ship"), CONFLICT),
    ("missing", N_("missing: not imported"), MISSING),
    ("unconfirmed", N_("unconfirmed: Zonos lacks our number"), UNCONFIRMED),
    ("held", N_("held by Zonos: do not submit"), HELD),
    ("test", N_("test orders (never imported)"), TEST),
]
FILTERS = {key: q for key, _, q in CLASSES}


def _links():
    """The shop orders that name the outer Zonos order, with or without its store id."""
    return Order.objects.filter(Q(zonos_order_id=OuterRef("zonos_id")) | Q(zonos_order_id=OuterRef("short_id")))


def zonos_orders_classified(queryset=None):
    """Zonos orders annotated with the shop order that links to them (the first, if several do)."""
    queryset = ZonosOrder.objects.all() if queryset is None else queryset
    links = _links().order_by("pk")
    return queryset.annotate(
        shop_order_pk=Subquery(links.values("pk")[:1]),
        shop_order_number=Subquery(links.values("number")[:1]),
        shop_order_status=Subquery(links.values("status")[:1]),
        shop_submission_state=Subquery(links.values("submission_state")[:1]),
    )


def classification(zonos_order) -> tuple[str, str]:
    """(key, words) for one annotated Zonos order, the most urgent first."""
    z = zonos_order
    linked = z.shop_order_pk is not None
    held = z.status in HOLD_STATUSES
    if linked and held and (z.shop_submission_state in SENT_STATES or z.shop_order_status in SENT_STATUSES):
        return "conflict", _("STATUS CONFLICT: %(status)s but %(order)s was sent: stop it") % {
            "status": status_label(z.status), "order": z.shop_order_number}
    if z.test_order:
        return "test", _("test order: never imported")
    if not linked:
        if z.status in CANCELLED:
            return "cancelled", _("cancelled at Zonos: nothing to import")
        return "missing", _("missing: import it")
    if held:
        return "held", _("%(status)s: do not submit %(order)s") % {"status": status_label(z.status),
                                                                  "order": z.shop_order_number}
    if z.merchant_order_id != z.shop_order_number:
        return "unconfirmed", _("unconfirmed: Zonos does not know it as %(order)s") % {"order": z.shop_order_number}
    return "ok", _("imported and confirmed as %(order)s") % {"order": z.shop_order_number}


def action_preview(action, zonos_order) -> tuple[bool, str]:
    """(will act, why) for the confirmation page of an action on an annotated Zonos order. The service
    checks again when it acts, with Zonos' own data."""
    z = zonos_order
    linked = z.shop_order_pk is not None
    if action == "import":
        number = shop_order_number(z.zonos_id, settings.ZONOS_ORDER_PREFIX)
        if z.test_order:
            return False, _("test order: never imported")
        if linked:
            return False, _("already imported as %(order)s") % {"order": z.shop_order_number}
        if z.status in CANCELLED:
            return False, _("cancelled at Zonos: nothing to import")
        if z.merchant_order_id and z.merchant_order_id != number:
            return False, _("Zonos says it became order %(order)s: not imported twice") % {"order": z.merchant_order_id}
        return True, _("fetch its details from Zonos and import it as %(order)s") % {"order": number}
    if not linked:
        return False, _("no shop order yet: import it first")
    if z.merchant_order_id == z.shop_order_number:
        return False, _("already confirmed as %(order)s") % {"order": z.shop_order_number}
    if z.merchant_order_id:
        return True, _("tell Zonos it became %(order)s (replacing %(old)s)") % {"order": z.shop_order_number,
                                                                                 "old": z.merchant_order_id}
    return True, _("tell Zonos it became %(order)s") % {"order": z.shop_order_number}


def reconciliation_counts() -> dict[str, int]:
    classified = zonos_orders_classified()
    return {key: classified.filter(q).count() for key, _, q in CLASSES}


def linked_orders(zonos_order) -> list[Order]:
    return list(Order.objects.filter(Q(zonos_order_id=zonos_order.zonos_id) | Q(zonos_order_id=zonos_order.short_id))
                .order_by("pk"))


def order_zonos_problems(order) -> list[Problem]:
    """Why a shop order must not be submitted because of Zonos: fraud review, on hold, cancelled.

    Meant for the lifecycle's order_blockers (see the README): the order waits until Zonos releases it.
    """
    if not order.zonos_order_id:
        return []
    held = ZonosOrder.objects.filter(
        Q(zonos_id=order.zonos_order_id) | Q(short_id=order.zonos_order_id), status__in=HOLD_STATUSES
    ).first()
    if held is None:
        return []
    # Stored as the order's hold reason: in English, said in the reader's language where it is shown.
    return [Problem("zonos", N_("Zonos order %(zonos)s is %(status)s: do not send it until Zonos releases it") % {
        "zonos": held.zonos_id, "status": in_english(status_label(held.status))})]


def last_known_zonos_id():
    return ZonosOrder.objects.order_by("-sequence").values_list("zonos_id", flat=True).first()


def changelist_url(key):
    return f"{reverse('admin:zonos_zonosorder_changelist')}?reconciliation={key}"


def dashboard_figures():
    counts = reconciliation_counts()
    tones = {"conflict": "alert", "missing": "warn", "unconfirmed": "warn", "held": "warn", "test": ""}
    return [Figure(_("Zonos / iGlobal"), _(label), counts[key], changelist_url(key), tone=tones[key])
            for key, label, _filter in CLASSES]
