"""Writes of the Zonos reconciliation: store what Zonos lists, import an order, confirm its shop order number.

The admin, the command and the schedule all end here.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext

from backoffice.actors import acting_as
from backoffice.errors import PartnerAuthError, PartnerError, PartnerOutcomeUnknown
from backoffice.services import partner_health_record
from backoffice.stored_texts import SOURCE_LANGUAGE, in_english
from orders.models import Order
from orders.zonos.client import PARTNER, OrderNumber, ZonosClient
from orders.zonos.mapping import MappingError, order_payload, shop_order_number
from orders.zonos.models import CANCELLED, HOLD_STATUSES, ZonosOrder, status_label
from orders.zonos.selectors import (
    classification,
    last_known_zonos_id,
    linked_orders,
    reconciliation_counts,
    zonos_orders_classified,
)

# The one import path of the shop (issue 4); looked up when used so this module loads without it.
ORDERS_IMPORT = "orders.services.importing.orders_import"


@dataclass(frozen=True)
class Reconciled:
    requests: tuple[str, ...]  # what was asked of Zonos, in words, e.g. "orders after 999-10004"
    listed: int
    test: int
    created: int
    updated: int
    unchanged: int
    counts: dict  # the whole reconciliation afterwards: conflict, missing, unconfirmed, held, test

    def summary(self):
        c = self.counts
        listed = ngettext("%(count)s order listed", "%(count)s orders listed", self.listed) % {"count": self.listed}
        conflicts = ngettext("%(count)s status conflict", "%(count)s status conflicts", c["conflict"]) % {
            "count": c["conflict"]}
        return N_("Zonos, %(asked)s: %(listed)s (%(test)s test), %(created)s new, %(updated)s updated, "
                  "%(unchanged)s unchanged. Now %(missing)s missing, %(unconfirmed)s unconfirmed, %(held)s held, "
                  "%(conflicts)s (must not ship).") % {
            "asked": "; ".join(self.requests), "listed": listed, "test": self.test, "created": self.created,
            "updated": self.updated, "unchanged": self.unchanged, "missing": c["missing"],
            "unconfirmed": c["unconfirmed"], "held": c["held"], "conflicts": conflicts}


@dataclass(frozen=True)
class ActionResult:
    zonos_id: str
    ok: bool
    message: str
    stop: bool = False  # refused credentials: every further order would fail the same way

    def __str__(self):
        return N_("%(zonos)s: %(message)s") % {"zonos": self.zonos_id, "message": self.message}


@contextmanager
def _recording_health():
    """Refused credentials are a configuration problem: the dashboard's partner health shows it."""
    try:
        yield
    except PartnerAuthError as exc:
        partner_health_record(partner=PARTNER, ok=False, detail=exc.message)
        raise


def zonos_orders_upsert(*, orders: list[OrderNumber], seen_at, on_progress=None) -> Counter:
    """Stores each listed order; running it again with the same list changes nothing. Counts created,
    updated and unchanged."""
    counts = Counter(created=0, updated=0, unchanged=0)
    known = {z.zonos_id: z for z in ZonosOrder.objects.filter(zonos_id__in=[o.order_id for o in orders])}
    with transaction.atomic():
        for listed in orders:
            values = {"test_order": listed.test_order}
            if listed.placed_at is not None:
                values["placed_at"] = listed.placed_at
            if listed.status is not None:  # a reply without statuses must not blank the ones we know
                values.update(status=listed.status, status_date=listed.status_date,
                              merchant_order_id=listed.merchant_order_id)
            counts[_upsert(listed, values, known.get(listed.order_id), seen_at)] += 1
            if on_progress:
                on_progress()
    return counts


def _upsert(listed, values, row, seen_at):
    if row is None:
        try:
            with transaction.atomic():
                ZonosOrder.objects.create(zonos_id=listed.order_id, short_id=str(listed.sequence),
                                          sequence=listed.sequence, last_seen_at=seen_at, **values)
            return "created"
        except IntegrityError:  # a concurrent reconciliation stored it first
            row = ZonosOrder.objects.get(zonos_id=listed.order_id)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    row.last_seen_at = seen_at
    row.save(update_fields=[*changed, "last_seen_at"])
    return "updated" if changed else "unchanged"


def _requests(since_order_id, since_date, through_date):
    """What to ask Zonos. By default: every order after the last known one (nothing is missed however long
    the schedule was off), and the orders of the last ZONOS_RECONCILE_DAYS days again, to refresh their status."""
    if since_order_id or since_date:
        return [{"since_order_id": since_order_id, "since_date": since_date, "through_date": through_date}]
    window = datetime.now(UTC).date() - timedelta(days=settings.ZONOS_RECONCILE_DAYS)
    last = last_known_zonos_id()
    return ([{"since_order_id": last}] if last else []) + [{"since_date": window}]


def _describe(request):
    """One request in words: "orders after 999-10004", "orders since 3 Dec 2026 through 5 Dec 2026"."""
    parts = [_("orders after %(id)s") % {"id": request["since_order_id"]} if request.get("since_order_id") else "",
             _("orders since %(date)s") % {"date": date_format(request["since_date"])}
             if request.get("since_date") else "",
             _("through %(date)s") % {"date": date_format(request["through_date"])}
             if request.get("through_date") else ""]
    return " ".join(part for part in parts if part)


def zonos_reconcile(*, actor, since_order_id=None, since_date=None, through_date=None, client=None,
                    on_listed=None, on_progress=None) -> Reconciled:
    """Lists the orders placed through Zonos (with statuses) and stores each. Raises PartnerError."""
    client = client or ZonosClient.from_settings()
    requests = _requests(since_order_id, since_date, through_date)
    listed = {}
    with acting_as(actor), _recording_health():
        for request in requests:
            reply = client.order_numbers(**{key: value for key, value in request.items() if value}, statuses=True)
            listed.update((order.order_id, order) for order in reply.orders)
    orders = sorted(listed.values(), key=lambda o: o.sequence)
    if on_listed:
        on_listed(len(orders))
    counts = zonos_orders_upsert(orders=orders, seen_at=timezone.now(), on_progress=on_progress)
    partner_health_record(partner=PARTNER, ok=True, detail="reconciled: " + ngettext(
        "%(count)s order listed", "%(count)s orders listed", len(orders)) % {"count": len(orders)})
    return Reconciled(
        requests=tuple(_describe(r) for r in requests), listed=len(orders), test=sum(o.test_order for o in orders),
        created=counts["created"], updated=counts["updated"], unchanged=counts["unchanged"],
        counts=reconciliation_counts(),
    )


def _mentions(entry, number):
    if isinstance(entry, dict):
        return entry.get("number") == number
    if isinstance(entry, tuple | list):
        return bool(entry) and entry[0] == number
    return entry == number or getattr(entry, "number", None) == number


def _words(entry):
    """An import report entry in words: its field and reason when it has them."""
    get = entry.get if isinstance(entry, dict) else (lambda name: getattr(entry, name, None))
    reason = get("message") or get("reason")
    if reason:
        return f"{get('field')}: {reason}" if get("field") else str(reason)
    return str(entry)


def _import_outcome(report, number):
    """(kind, words) for `number` in the import report: errors, conflicts, created, unchanged."""
    for kind in ("errors", "conflicts", "created", "unchanged"):
        for entry in getattr(report, kind, None) or ():
            if _mentions(entry, number):
                return kind, _words(entry)
    return "unknown", str(report)


def _claimed_elsewhere(zonos_order, merchant_order_id):
    """Zonos already names a shop order for it: importing a second copy could ship it twice."""
    if Order.objects.filter(number=merchant_order_id).exists():
        return N_("not imported: Zonos says it became shop order %(order)s, which exists but does not name this "
                  "Zonos order. Set that order's Zonos order id to %(zonos)s instead.") % {
            "order": merchant_order_id, "zonos": zonos_order.zonos_id}
    return N_("not imported: Zonos says another system imported it as order %(order)s, which is not in the "
              "back-office. Nothing was imported, so it is not handled twice: find out where it is handled.") % {
        "order": merchant_order_id}


def zonos_order_import(*, zonos_order, actor, client=None) -> ActionResult:
    """Fetches the order's details from Zonos and creates the shop order through the shop's one import.

    Idempotent: the shop order number is fixed by the Zonos order id, and an order already imported is left alone.
    """
    z = zonos_order
    if z.test_order:
        return ActionResult(z.zonos_id, False, N_("test order: never imported, never shipped"))
    linked = linked_orders(z)
    if linked:
        return ActionResult(z.zonos_id, True, N_("already imported as %(order)s; nothing changed") % {
            "order": linked[0].number})
    number = shop_order_number(z.zonos_id, settings.ZONOS_ORDER_PREFIX)
    if z.merchant_order_id and z.merchant_order_id != number:
        return ActionResult(z.zonos_id, False, _claimed_elsewhere(z, z.merchant_order_id))
    client = client or ZonosClient.from_settings()
    try:
        with acting_as(actor), _recording_health():
            detail = client.order_detail(z.zonos_id, related=z)
    except PartnerError as exc:
        return ActionResult(z.zonos_id, False, N_("not imported: %(reason)s") % {"reason": exc.message},
                            stop=isinstance(exc, PartnerAuthError))
    if detail.status and detail.status != z.status:
        z.status = detail.status
        z.save(update_fields=["status"])
    if detail.test_order:
        ZonosOrder.objects.filter(pk=z.pk).update(test_order=True)
        return ActionResult(z.zonos_id, False, N_("Zonos says it is a test order: never imported, never shipped"))
    if detail.status in CANCELLED:
        return ActionResult(z.zonos_id, False, N_("not imported: Zonos cancelled it"))
    if detail.merchant_order_id and detail.merchant_order_id != number:
        return ActionResult(z.zonos_id, False, _claimed_elsewhere(z, detail.merchant_order_id))
    placed_on = timezone.localdate(z.placed_at) if z.placed_at else timezone.localdate()
    try:
        mapped = order_payload(detail, placed_on=placed_on, prefix=settings.ZONOS_ORDER_PREFIX,
                               currency=settings.ZONOS_CURRENCY)
    except MappingError as exc:
        return ActionResult(z.zonos_id, False, N_("not imported: %(reason)s") % {"reason": exc})
    orders_import = import_string(ORDERS_IMPORT)
    with acting_as(actor):
        report = orders_import(payload={"orders": [mapped.payload]}, actor=actor)
    kind, words = _import_outcome(report, number)
    if kind in ("errors", "conflicts", "unknown"):
        reason = (N_("shop order %(order)s exists with other content") % {"order": number} if kind == "conflicts"
                  else N_("the import refused it"))
        return ActionResult(z.zonos_id, False, N_("not imported: %(reason)s: %(detail)s") % {
            "reason": reason, "detail": words})
    if not linked_orders(z):
        return ActionResult(z.zonos_id, False, N_("not linked: shop order %(order)s exists but does not name this "
                                                  "Zonos order; set its Zonos order id to %(zonos)s") % {
            "order": number, "zonos": z.zonos_id})
    message = (N_("imported as %(order)s (route %(route)s)") % {"order": number, "route": mapped.payload["route"]}
               if kind == "created" else N_("already imported as %(order)s; nothing changed") % {"order": number})
    if detail.status in HOLD_STATUSES:
        message = N_("%(done)s; Zonos says %(status)s: do not submit it until Zonos releases it") % {
            "done": message, "status": in_english(status_label(detail.status))}
    if mapped.notes:
        message = N_("%(done)s (%(notes)s)") % {"done": message, "notes": "; ".join(mapped.notes)}
    return ActionResult(z.zonos_id, True, message)


def zonos_order_confirm(*, zonos_order, actor, client=None) -> ActionResult:
    """Tells Zonos the shop order number its order became (updateMerchantOrderId), only when Zonos lacks it
    or knows another. Sending it twice is harmless: Zonos stores the number."""
    z = zonos_order
    linked = linked_orders(z)
    if not linked:
        return ActionResult(z.zonos_id, False, N_("not confirmed: no shop order yet; import it first"))
    if len(linked) > 1:
        numbers = ", ".join(order.number for order in linked)
        return ActionResult(z.zonos_id, False, N_("not confirmed: several shop orders name it (%(orders)s); keep one")
                            % {"orders": numbers})
    number = linked[0].number
    if z.merchant_order_id == number:
        return ActionResult(z.zonos_id, True, N_("already confirmed as %(order)s; nothing sent") % {"order": number})
    client = client or ZonosClient.from_settings()
    try:
        with acting_as(actor), _recording_health():
            client.update_merchant_order_id(order_id=z.zonos_id, merchant_order_id=number, related=z)
    except PartnerOutcomeUnknown as exc:
        return ActionResult(z.zonos_id, False, N_("%(reason)s Confirming again is safe: Zonos only stores the "
                                                  "number.") % {"reason": exc.message})
    except PartnerError as exc:
        return ActionResult(z.zonos_id, False, N_("not confirmed: %(reason)s") % {"reason": exc.message},
                            stop=isinstance(exc, PartnerAuthError))
    previous = z.merchant_order_id
    ZonosOrder.objects.filter(pk=z.pk).update(merchant_order_id=number)
    if previous:
        return ActionResult(z.zonos_id, True, N_("confirmed: Zonos now knows it as %(order)s (it said %(old)s "
                                                 "before)") % {"order": number, "old": previous})
    return ActionResult(z.zonos_id, True, N_("confirmed: Zonos now knows it as %(order)s") % {"order": number})


@dataclass(frozen=True)
class MissingSettled:
    """What the daily missingMerchantOrderId check did: each order Zonos lacks a shop number for."""
    confirmed: tuple[ActionResult, ...]  # imported here: our number told to Zonos (or why that failed)
    reported: tuple[ActionResult, ...]  # not imported here: staff must look, the reason in words

    def summary(self):
        count = len(self.confirmed) + len(self.reported)
        lines = [ngettext("Zonos lacks a shop order number for %(count)s order: ",
                          "Zonos lacks a shop order number for %(count)s orders: ", count) % {"count": count} +
                 f"{sum(r.ok for r in self.confirmed)} confirmed, "
                 f"{sum(not r.ok for r in self.confirmed)} not confirmed, {len(self.reported)} need staff."]
        lines += [str(r) for r in (*self.confirmed, *self.reported)]
        return "\n".join(lines)


def zonos_missing_merchant_ids_settle(*, actor, client=None, on_listed=None, on_result=None) -> MissingSettled:
    """Asks Zonos for its orders of the last two weeks without a merchantOrderId; confirms our number for each
    one imported here, and reports each other one with the reason. Raises PartnerError if the list fails."""
    client = client or ZonosClient.from_settings()
    with acting_as(actor), _recording_health():
        reply = client.order_numbers(missing_merchant_order_id=True, statuses=True)
    orders = sorted(reply.orders, key=lambda o: o.sequence)
    if on_listed:
        on_listed(len(orders))
    zonos_orders_upsert(orders=orders, seen_at=timezone.now())
    confirmed, reported = [], []
    rows = zonos_orders_classified(ZonosOrder.objects.filter(zonos_id__in=[o.order_id for o in orders]))
    for z in rows.order_by("sequence"):
        if z.shop_order_pk is not None:
            result = zonos_order_confirm(zonos_order=z, actor=actor, client=client)
            confirmed.append(result)
        else:
            with translation.override(SOURCE_LANGUAGE):  # stored in the job's lines: in English
                _, words = classification(z)
            result = ActionResult(z.zonos_id, False, N_("Zonos has no shop order number for it, and it is "
                                                        "not imported here (%(why)s)") % {"why": words})
            reported.append(result)
        if on_result:
            on_result(result)
        if result.stop:
            break
    return MissingSettled(tuple(confirmed), tuple(reported))


ACTIONS = {"import": zonos_order_import, "confirm": zonos_order_confirm}


def zonos_orders_act(*, action, zonos_order_ids, actor, on_result=None) -> list[ActionResult]:
    """Runs one action ("import" or "confirm") on each Zonos order, one at a time, with one client."""
    service = ACTIONS[action]
    client = ZonosClient.from_settings()
    results, stopped = [], False
    for zonos_order in ZonosOrder.objects.filter(pk__in=zonos_order_ids).order_by("sequence"):
        if stopped:
            result = ActionResult(zonos_order.zonos_id, False, N_("not tried: Zonos refused the credentials"))
        else:
            result = service(zonos_order=zonos_order, actor=actor, client=client)
            stopped = result.stop
        results.append(result)
        if on_result:
            on_result(result)
    return results
