"""Importing orders: each order whole or not at all, and the same file twice changes nothing.

`orders_import(payload=..., actor=...)` is the entry point for code (e.g. the Zonos reconciliation);
`orders_import_source` takes what `source_from_file` or `source_from_path` read (the admin upload page, the
command), asking the reader for one batch of orders at a time.

By order number: a new number is created; a known number with the same content is `unchanged` ("already
imported"); a known number with other content is a `conflict` and is never overwritten, since the order may
already be at a partner. An invalid order is an `error` naming each field and why; the other orders still
import. Implausible data (a one-letter name, a postcode that does not fit its country) is a warning beside
the outcome and never stops the order.

Orders are worked in batches of BATCH_SIZE: one query finds the batch's known numbers, one its products, and
the new orders, addresses, lines and events are written with one bulk insert each, in one transaction. When
that transaction fails, the batch is written again order by order, so a failure costs only its own order.
Nothing of a batch is kept once its results are out (with `keep_results=False`, only the counts and each order's
number), so memory stays flat however long the file is.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from backoffice.words import field_words
from orders.adapters import PROBLEM_WORDS
from orders.models import Address, Order, OrderEvent, OrderLine
from orders.services.import_checks import order_warnings
from orders.services.import_files import ImportSource, ReadOrder, source_from_payload
from orders.services.import_format import (
    differences,
    order_clean,
    order_fields,
    order_snapshot,
    partner_values_save,
    snapshot_related,
)
from suppliers.selectors import product_ids_by_model

log = logging.getLogger(__name__)

CREATED, UNCHANGED, CONFLICT, ERROR = "created", "unchanged", "conflict", "error"
BATCH_SIZE = 500
IMPORTED = N_("imported")  # the note of an imported order's first event, stored in English


def problem_words(path, reason):
    """ "Quantity (line 2): must be a positive whole number"; a problem of the whole order is its reason."""
    return gettext(PROBLEM_WORDS) % {"where": field_words(path), "message": reason} if path else reason


@dataclass(frozen=True)
class OrderResult:
    position: int  # 1-based, in the file
    number: str
    outcome: str  # created, unchanged, conflict or error
    problems: tuple[tuple[str, str], ...] = ()  # (field path, reason): why it was not imported
    where: str = ""  # e.g. "CSV rows 4, 5"
    order_id: int | None = None
    warnings: tuple[tuple[str, str], ...] = ()  # (field path, reason): implausible, imported all the same

    @property
    def label(self):
        return self.number or gettext("order #%(position)s") % {"position": self.position}

    @property
    def ok(self):
        return self.outcome in (CREATED, UNCHANGED)

    @property
    def problem_texts(self) -> list[str]:
        return [problem_words(path, reason) for path, reason in self.problems]

    @property
    def warning_texts(self) -> list[str]:
        return [problem_words(path, reason) for path, reason in self.warnings]

    def _named(self, texts):
        if not texts:
            return []
        label = self.label
        if self.where:
            label = gettext("%(order)s (%(where)s)") % {"order": label, "where": self.where}
        return [gettext("%(order)s %(problem)s") % {"order": label, "problem": text} for text in texts]

    def messages(self) -> list[str]:
        """One line per problem, each naming the order: "A1002 (CSV row 3) Quantity (line 2): must be …"."""
        return self._named(self.problem_texts)

    def warning_messages(self) -> list[str]:
        return self._named(self.warning_texts)

    def __str__(self):
        if self.problems:
            return "; ".join(self.messages())
        return gettext(PROBLEM_WORDS) % {"where": self.label, "message": self.outcome}


@dataclass
class ImportReport:
    dry_run: bool = False
    results: list[OrderResult] = field(default_factory=list)  # empty when the caller asked not to keep them
    file_errors: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # outcome → orders, and "warned"

    def add(self, result, *, keep=True):
        self.counts[result.outcome] += 1
        self.counts["warned"] += bool(result.warnings)
        if keep:
            self.results.append(result)

    def _with(self, outcome):
        return [r for r in self.results if r.outcome == outcome]

    @property
    def created(self):
        return self._with(CREATED)

    @property
    def unchanged(self):
        return self._with(UNCHANGED)

    @property
    def conflicts(self):
        return self._with(CONFLICT)

    @property
    def errors(self):
        return self._with(ERROR)

    @property
    def warned(self):
        return [r for r in self.results if r.warnings]

    @property
    def ok(self):
        """True when every order is in the database as the file says."""
        return not self.file_errors and not (self.counts[CONFLICT] or self.counts[ERROR])

    def summary(self):
        if self.file_errors:
            return gettext("Nothing imported: %(errors)s") % {"errors": "; ".join(self.file_errors)}
        counts = self.counts
        figures = {"created": counts[CREATED], "unchanged": counts[UNCHANGED], "conflicting": counts[CONFLICT],
                   "invalid": counts[ERROR], "warned": counts["warned"]}
        if self.dry_run:
            text = gettext("%(created)s would be created, %(unchanged)s unchanged, %(conflicting)s conflicting, "
                           "%(invalid)s invalid") % figures
        else:
            text = gettext("%(created)s created, %(unchanged)s unchanged, %(conflicting)s conflicting, "
                           "%(invalid)s invalid") % figures
        if counts["warned"]:
            text += gettext(", %(warned)s with warnings to check") % figures
        if not counts[CREATED] and not self.dry_run and counts[UNCHANGED] and not (counts[CONFLICT] or counts[ERROR]):
            text += gettext(": nothing to do, every order is already here")
        return text + (gettext(" (dry run: nothing was saved)") if self.dry_run else "")


@dataclass
class Checked:
    """An order of the file after the import's checks, before the database is asked."""

    position: int
    number: str
    where: str
    data: dict | None
    problems: list[tuple[str, str]]
    warnings: list[tuple[str, str]]

    def result(self, outcome, problems=None, order_id=None):
        problems = self.problems if problems is None else problems
        return OrderResult(self.position, self.number, outcome, tuple(problems), self.where, order_id,
                           tuple(self.warnings))


def _check(read: ReadOrder, *, position, seen) -> Checked:
    raw = read.raw
    data, problems = order_clean(raw)
    problems = list(read.problems) + problems
    number_ok = isinstance(raw, dict) and not any(path == "number" for path, _ in problems)
    number = str(raw.get("number")).strip() if number_ok else ""
    if number and seen is not None:
        if number in seen:
            problems.append(("number", gettext("appears more than once in this import (first as order #%(position)s)")
                             % {"position": seen[number]}))
        else:
            seen[number] = position
    warnings = order_warnings(data) if data and not problems else []
    return Checked(position, number, read.where, None if problems else data, problems, warnings)


def _create_one(data, actor, products):
    with transaction.atomic():
        shipping = Address.objects.create(**data["shipping_address"])
        billing = Address.objects.create(**data["billing_address"]) if data["billing_address"] else None
        order = Order.objects.create(**order_fields(data), shipping_address=shipping, billing_address=billing)
        partner_values_save([(order, data)])
        OrderLine.objects.bulk_create(
            OrderLine(order=order, product_id=products.get(line["sku"]), **line) for line in data["lines"])
        OrderEvent.objects.create(order=order, from_state="", to_state=order.status, actor=actor, note=IMPORTED)
    return order


def _create_batch(new: list[Checked], actor, products) -> dict[str, int]:
    """{number: order id} of the new orders, all written in one transaction with a bulk insert per table."""
    with transaction.atomic():
        addresses = []
        for checked in new:
            addresses.append(Address(**checked.data["shipping_address"]))
            if checked.data["billing_address"]:
                addresses.append(Address(**checked.data["billing_address"]))
        Address.objects.bulk_create(addresses)
        taken = iter(addresses)
        orders = []
        for checked in new:
            shipping = next(taken)
            billing = next(taken) if checked.data["billing_address"] else None
            orders.append(Order(**order_fields(checked.data), shipping_address=shipping, billing_address=billing))
        Order.objects.bulk_create(orders)
        partner_values_save(zip(orders, (checked.data for checked in new), strict=True))
        OrderLine.objects.bulk_create(
            OrderLine(order=order, product_id=products.get(line["sku"]), **line)
            for order, checked in zip(orders, new, strict=True) for line in checked.data["lines"])
        OrderEvent.objects.bulk_create(
            OrderEvent(order=order, from_state="", to_state=order.status, actor=actor, note=IMPORTED)
            for order in orders)
    return {order.number: order.pk for order in orders}


def _create_each(new: list[Checked], actor, products) -> dict[str, OrderResult]:
    """The batch again, order by order: each is whole or absent, and a failure names its order only."""
    results = {}
    for checked in new:
        try:
            order = _create_one(checked.data, actor, products)
        except IntegrityError:
            results[checked.number] = checked.result(ERROR, [("number", gettext(
                "was imported by someone else at the same moment; import again to compare"))])
        except DatabaseError as exc:
            log.exception("Order %s could not be saved", checked.number)
            results[checked.number] = checked.result(ERROR, [("", gettext(
                "could not be saved (%(error)s); nothing of this order was saved") % {"error": type(exc).__name__})])
        else:
            results[checked.number] = checked.result(CREATED, order_id=order.pk)
    return results


def _compared(checked, existing):
    changed = list(differences(order_snapshot(existing), checked.data))
    if not changed:
        return checked.result(UNCHANGED, order_id=existing.pk)
    fields = ", ".join(field_words(path) for path in changed)
    differs = gettext("differs from the order already here in %(fields)s; the order here was kept (it may already "
                      "be at a partner): change it on its page") % {"fields": fields}
    return checked.result(CONFLICT, [("", differs)],
                          existing.pk)


def _import_batch(batch: list[Checked], *, actor, dry_run) -> list[OrderResult]:
    valid = [checked for checked in batch if checked.data is not None]
    existing = {order.number: order for order in
                Order.objects.filter(number__in=[checked.number for checked in valid])
                .select_related("shipping_address", "billing_address", *snapshot_related()).prefetch_related("lines")}
    done, new = {}, []
    for checked in valid:
        if checked.number in existing:
            done[checked.position] = _compared(checked, existing[checked.number])
        else:
            new.append(checked)
    if new and not dry_run:
        products = product_ids_by_model(line["sku"] for checked in new for line in checked.data["lines"])
        try:
            ids = _create_batch(new, actor, products)
            created = {checked.number: checked.result(CREATED, order_id=ids[checked.number]) for checked in new}
        except DatabaseError:
            created = _create_each(new, actor, products)
        done.update((checked.position, created[checked.number]) for checked in new)
    else:
        done.update((checked.position, checked.result(CREATED)) for checked in new)
    return [done.get(checked.position) or checked.result(ERROR) for checked in batch]


def orders_import_source(*, source: ImportSource, actor, dry_run=False, on_result=None, keep_results=True,
                         batch_size=BATCH_SIZE) -> ImportReport:
    """Imports what `source_from_file` or `source_from_path` read; `keep_results=False` keeps only the counts
    (a very long file)."""
    report = ImportReport(dry_run=dry_run, file_errors=list(source.file_errors))
    if report.file_errors:
        return report
    # number → position, to find a number given twice: the one thing kept per order, unless the reader's own.
    seen = None if source.distinct_numbers else {}
    orders = enumerate(source.orders(), start=1)
    # One batch of the file at a time: the reader gives the next orders only when they are asked for.
    while batch := [_check(read, position=position, seen=seen) for position, read in islice(orders, batch_size)]:
        for result in _import_batch(batch, actor=actor, dry_run=dry_run):
            report.add(result, keep=keep_results)
            if on_result:
                on_result(result)
    return report


def orders_import(*, payload: dict, actor, dry_run=False, on_result=None) -> ImportReport:
    """Imports `{"orders": [...]}` (the JSON format of the README); see the module docstring."""
    return orders_import_source(source=source_from_payload(payload), actor=actor, dry_run=dry_run,
                                on_result=on_result)
