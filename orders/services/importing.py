"""Importing orders: each order whole or not at all, and the same file twice changes nothing.

`orders_import(payload=..., actor=...)` is the entry point for code (e.g. the Zonos reconciliation);
`orders_import_source` takes what `source_from_file` read (the command and the admin upload page).

By order number: a new number is created; a known number with the same content is `unchanged`; a known
number with other content is a `conflict` and is never overwritten, since the order may already be at a
partner. An invalid order is an `error` naming each field and why; the other orders still import.
"""

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction

from backoffice.words import field_words
from orders.models import Address, Order, OrderEvent, OrderLine
from orders.services.import_files import ImportSource, source_from_payload
from orders.services.import_format import differences, order_clean, order_snapshot
from suppliers.selectors import product_ids_by_model

log = logging.getLogger(__name__)

CREATED, UNCHANGED, CONFLICT, ERROR = "created", "unchanged", "conflict", "error"


@dataclass(frozen=True)
class OrderResult:
    position: int  # 1-based, in the file
    number: str
    outcome: str  # created, unchanged, conflict or error
    problems: tuple[str, ...] = ()  # "Quantity (line 2): must be a positive whole number"
    where: str = ""  # e.g. "CSV rows 4, 5"
    order_id: int | None = None

    @property
    def label(self):
        return self.number or f"order #{self.position}"

    @property
    def ok(self):
        return self.outcome in (CREATED, UNCHANGED)

    def messages(self) -> list[str]:
        """One line per problem, each naming the order: "A1002 (CSV row 3), Quantity (line 2): must be …"."""
        where = f" ({self.where})" if self.where else ""
        return [f"{self.label}{where}, {problem}" for problem in self.problems]

    def __str__(self):
        return "; ".join(self.messages()) if self.problems else f"{self.label}: {self.outcome}"


@dataclass
class ImportReport:
    dry_run: bool = False
    results: list[OrderResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

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
    def ok(self):
        """True when every order is in the database as the file says."""
        return not self.file_errors and all(r.ok for r in self.results)

    def summary(self):
        if self.file_errors:
            return "Nothing imported: " + "; ".join(self.file_errors)
        verb = "would be created" if self.dry_run else "created"
        text = (f"{len(self.created)} {verb}, {len(self.unchanged)} unchanged, "
                f"{len(self.conflicts)} conflicting, {len(self.errors)} invalid")
        if not self.created and not self.dry_run and self.results and not (self.conflicts or self.errors):
            text += ": nothing to do, every order is already here"
        return text + (" (dry run: nothing was saved)" if self.dry_run else "")


def _create(data, actor):
    order_fields = {k: v for k, v in data.items() if k not in ("shipping_address", "billing_address", "lines")}
    products = product_ids_by_model(line["sku"] for line in data["lines"])
    with transaction.atomic():
        shipping = Address.objects.create(**data["shipping_address"])
        billing = Address.objects.create(**data["billing_address"]) if data["billing_address"] else None
        order = Order.objects.create(**order_fields, shipping_address=shipping, billing_address=billing)
        OrderLine.objects.bulk_create(
            OrderLine(order=order, product_id=products.get(line["sku"]), **line) for line in data["lines"]
        )
        OrderEvent.objects.create(order=order, from_state="", to_state=order.status, actor=actor, note="imported")
    return order


def _import_one(raw, *, position, source, actor, dry_run, seen) -> OrderResult:
    index = position - 1
    data, problems = order_clean(raw)
    problems = source.problems.get(index, []) + problems
    number_ok = isinstance(raw, dict) and not any(path == "number" for path, _ in problems)
    number = str(raw.get("number")).strip() if number_ok else ""
    if number and number in seen:
        problems.append(("number", f"appears more than once in this import (first as order #{seen[number]})"))
    elif number:
        seen[number] = position

    def result(outcome, lines=(), order_id=None):
        return OrderResult(position, number, outcome, tuple(lines), source.where.get(index, ""), order_id)

    if problems:
        return result(ERROR, [f"{field_words(path)}: {reason}" if path else reason for path, reason in problems])
    existing = (Order.objects.filter(number=data["number"])
                .select_related("shipping_address", "billing_address").prefetch_related("lines").first())
    if existing:
        changed = list(differences(order_snapshot(existing), data))
        if not changed:
            return result(UNCHANGED, order_id=existing.pk)
        return result(CONFLICT, [f"differs from the order already here in {', '.join(map(field_words, changed))}; "
                                 "the order here "
                                 "was kept (it may already be at a partner): change it on its page"], existing.pk)
    if dry_run:
        return result(CREATED)
    try:
        order = _create(data, actor)
    except IntegrityError:
        return result(ERROR, ["number: was imported by someone else at the same moment; import again to compare"])
    except DatabaseError as exc:
        log.exception("Order %s could not be saved", number)
        return result(ERROR, [f"could not be saved ({type(exc).__name__}); nothing of this order was saved"])
    return result(CREATED, order_id=order.pk)


def orders_import_source(*, source: ImportSource, actor, dry_run=False, on_result=None) -> ImportReport:
    report = ImportReport(dry_run=dry_run, file_errors=list(source.file_errors))
    if report.file_errors:
        return report
    seen = {}
    for position, raw in enumerate(source.orders, start=1):
        outcome = _import_one(raw, position=position, source=source, actor=actor, dry_run=dry_run, seen=seen)
        report.results.append(outcome)
        if on_result:
            on_result(outcome)
    return report


def orders_import(*, payload: dict, actor, dry_run=False, on_result=None) -> ImportReport:
    """Imports `{"orders": [...]}` (the JSON format of the README); see the module docstring."""
    return orders_import_source(source=source_from_payload(payload), actor=actor, dry_run=dry_run,
                                on_result=on_result)
