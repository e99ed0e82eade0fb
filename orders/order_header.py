"""The head of an order's page: who and where, its state as coloured badges, why it is stuck and what to do,
the actions that fit it, and links to everything about it. Built here, so the template only lays it out.

The reasons and next steps are the dashboard inbox's own words (orders.inbox), so both always agree.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from backoffice.registry import partner_specs
from backoffice.words import stored_words
from orders.inbox import held_next_step, refused_words, unknown_words
from orders.models import Order, Submission
from orders.partner_actions import action_fits, partner_actions
from orders.selectors import order_shipments, order_submissions

S = Submission.State
STATUS_TONES = {Order.Status.READY: "info", Order.Status.SUBMITTED: "info", Order.Status.SHIPPED: "info",
                Order.Status.DELIVERED: "ok", Order.Status.RETURNED: "neutral", Order.Status.CANCELLED: "neutral"}
OUTCOME_TONES = {S.ACCEPTED: "ok", S.TEST_OK: "ok", S.READY: "info", S.SENDING: "info", S.REFUSED: "alert",
                 S.UNKNOWN: "alert", S.CANCELLED: "neutral"}


@dataclass(frozen=True)
class Badge:
    label: str  # what the badge tells, e.g. "Status"
    text: str
    tone: str  # ok, info, warn, alert or neutral: the colour says how it stands


@dataclass(frozen=True)
class Trouble:
    """Why the order is stuck, in our words, and what the person does next; the partner's own words beside."""

    title: str
    reason: str
    next_step: str
    partner_code: str = ""
    partner_message: str = ""  # as the partner sent it, never translated
    tone: str = "alert"


@dataclass(frozen=True)
class Button:
    """A POST to the order list's action `action` for this order alone (it asks before it sends anything)."""

    action: str
    label: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class OrderHeader:
    number: str
    customer: str
    country: str
    partner_reference: str
    badges: list[Badge]
    troubles: list[Trouble]
    buttons: list[Button]
    links: list[Link] = field(default_factory=list)
    action_url: str = ""  # where the buttons post: the order list, which runs its actions outside a transaction


def _badges(order, latest):
    badges = [Badge(_("Status"), order.get_status_display(), STATUS_TONES.get(order.status, "neutral"))]
    if latest is None:
        badges.append(Badge(_("Partner outcome"), _("Never submitted"), "neutral"))
    else:
        outcome = _("%(outcome)s (%(partner)s)") % {"outcome": latest.get_state_display(),
                                                    "partner": latest.partner_label}
        badges.append(Badge(_("Partner outcome"), outcome, OUTCOME_TONES.get(latest.state, "neutral")))
    badges.append(Badge(_("Route"), order.get_route_display(), "neutral"))
    if order.hold_reason and order.status == Order.Status.READY:
        badges.append(Badge(_("Sending"), _("Held back"), "warn"))
    return badges


def _troubles(order, latest):
    troubles = []
    if order.hold_reason and order.status == Order.Status.READY:
        troubles.append(Trouble(_("Held back before sending"), stored_words(order.hold_reason), held_next_step(),
                                tone="warn"))
    if latest is not None and latest.state == S.REFUSED and order.status == Order.Status.READY:
        title = _("Refused by %(partner)s") % {"partner": latest.partner_label}
        errors = latest.errors or []
        for error in errors:
            reason, next_step = refused_words([error], latest.message)
            troubles.append(Trouble(title, reason, next_step, error.get("code", ""), error.get("message", "")))
        if not errors:
            troubles.append(Trouble(title, *refused_words([], latest.message)))
    if latest is not None and latest.state == S.UNKNOWN:
        title = _("Outcome unknown at %(partner)s") % {"partner": latest.partner_label}
        troubles.append(Trouble(title, *unknown_words(latest)))
    return troubles


def _buttons(order, submissions, user):
    buttons = [Button(spec.name, spec.label) for spec in partner_actions()
               if user.has_perm(f"orders.{spec.name}") and action_fits(order, spec.partner, submissions)]
    if user.has_perm("orders.reconcile_submissions") and any(s.state == S.UNKNOWN for s in submissions):
        buttons.append(Button("reconcile_unknown", _("Reconcile the unknown outcome with the partner")))
    return buttons


def _url(viewname, *args, query=None):
    try:
        url = reverse(viewname, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def _related_lists(order, request):
    """A link to each admin list of rows that point at this order (a partner's mirror of it, its returns), found
    through the models' relations, so a partner package's rows appear without the core naming them."""
    links = []
    for relation in Order._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "orders" or not admin.site.is_registered(model):
            continue
        if not admin.site.get_model_admin(model).has_view_permission(request):
            continue
        count = model._default_manager.filter(**{relation.field.name: order}).count()
        if not count:
            continue
        opts = model._meta
        url = _url(f"admin:{opts.app_label}_{opts.model_name}_changelist",
                   query={f"{relation.field.name}__id__exact": order.pk})
        if url:
            name = opts.verbose_name if count == 1 else opts.verbose_name_plural
            links.append(Link(_("%(what)s (%(count)s)") % {"what": str(name).capitalize(), "count": count}, url))
    return links


def _links(order, shipments, request):
    user = request.user
    links = _related_lists(order, request)
    specs = {spec.name: spec for spec in partner_specs()}
    for shipment in shipments:  # a parcel's own links (a courier booking's label), from its partner's spec
        spec = specs.get(shipment.partner)
        if spec and spec.shipment_links:
            links += [Link(text, url) for text, url in import_string(spec.shipment_links)(shipment, user)]
    if user.has_perm("orders.change_order") and order.status in (Order.Status.SUBMITTED, Order.Status.SHIPPED):
        links.append(Link(_("Mark as delivered"), _url("admin:orders_order_mark_delivered", order.pk)))
    if user.has_perm("orders.reconcile_submissions"):
        for submission in order_submissions(order):
            if submission.state == S.UNKNOWN and submission.needs_person:
                links.append(Link(_("Decide: did %(partner)s get it?") % {"partner": submission.partner_label},
                                  _url("admin:orders_order_decide", order.pk, submission.pk)))
    links.append(Link(_("Exchanges with partners about this order"),
                      _url("admin:backoffice_partnerexchange_changelist", query={"q": order.number})))
    return [link for link in links if link.url]


def order_header(order, request) -> OrderHeader:
    submissions = order_submissions(order)
    latest = submissions[0] if submissions else None
    address = order.shipping_address
    return OrderHeader(
        number=order.number, customer=address.full_name, country=address.country,
        partner_reference=order.partner_reference,
        badges=_badges(order, latest), troubles=_troubles(order, latest),
        buttons=_buttons(order, submissions, request.user),
        links=_links(order, order_shipments(order), request),
        action_url=reverse("admin:orders_order_changelist"))
