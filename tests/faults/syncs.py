"""Syncs in the fault matrix: a sync run through a fault, then run again twice.

Each sync starts from data synced before (or none) while the partner holds news. Through the fault the
command must fail with the reason (a non-zero exit) and leave every row as it was; the rerun must bring
the news in, each item once; a third run changes nothing.
"""

from datetime import timedelta
from io import StringIO

import requests
from django.core.management import CommandError, call_command
from django.utils import timezone

from orders.models import Order, OrderEvent, Submission
from orders.services.submissions import orders_submit
from orders.zonos.models import ZonosOrder
from orders.zonos.sandbox import api as zonos_sandbox
from shipping.innoship.sandbox import api as innoship_sandbox
from shipping.meineinkauf import models as me
from shipping.models import Shipment, TrackingEvent
from suppliers.innocigs.models import DeliveryNote, DeliveryNoteItem, Restock
from suppliers.innocigs.sandbox import catalogue as catalogue_sandbox
from suppliers.innocigs.sandbox import items as catalogue_items
from suppliers.innocigs.sandbox import products as catalogue_products
from suppliers.innocigs.standard_orders import standard_order_create, standard_order_send
from suppliers.models import BackorderItem, OtherUnit, PriceTier, Product, StockSnapshot, SyncRun
from tests.support import control_headers

from .shop import ACTOR, ORDER_BUILDERS, catalogue
from .submissions import NUMBERS

VOLATILE = {"synced_at", "last_polled_at", "last_seen_at", "updated_at", "summary"}  # about the last look, not the data


class SetupFailed(Exception):
    """The cell could not reach the state its fault is meant to meet (a bug in the harness or the sandbox)."""


def rows(models, *, volatile=False):
    """Every row of `models`, in id order, as comparable tuples (without the "last looked" times if `volatile`)."""
    snapshot = {}
    for model in models:
        fields = [f.attname for f in model._meta.concrete_fields if not (volatile and f.attname in VOLATILE)]
        snapshot[model.__name__] = list(model.objects.order_by("pk").values_list(*fields))
    return snapshot


def changes(before, after) -> str:
    """Which rows differ between two `rows` snapshots, for the problem's text."""
    changed = []
    for model, old in before.items():
        new = after[model]
        added = [row for row in new if row not in old]
        gone = [row for row in old if row not in new]
        if added or gone:
            changed.append(f"{model}: {gone} → {added}")
    return "; ".join(changed)


def control(run, path, **data):
    """A sandbox control call (ship now, advance an order …), straight to the sandbox, not through the proxy."""
    response = requests.post(run.sandbox_url(path), json=data or None, headers=control_headers(), timeout=10)
    if response.status_code >= 300:
        raise SetupFailed(f"sandbox control {path}: HTTP {response.status_code} {response.text[:200]}")
    return response.json()


def submitted(partner):
    """The matrix's two orders sent to `partner` while it works normally."""
    orders = [ORDER_BUILDERS[partner](number) for number in NUMBERS]
    results = orders_submit(orders=orders, partner=partner, actor=ACTOR)
    if {r.state for r in results} != {Submission.State.ACCEPTED}:
        raise SetupFailed(f"sending to {partner} without a fault: {[str(r) for r in results]}")
    return orders


class Sync:
    models = ()  # what the sync writes

    def __init__(self, name, **settings):
        self.name = name
        self.settings = settings

    def command(self) -> list:
        raise NotImplementedError

    def prepare(self, run):
        """The data synced before, and news at the partner; runs with the proxy passing."""

    def done(self, run) -> list[str]:
        """What is wrong after the rerun: each item of the news recorded once."""
        return []

    def failed(self, run) -> list[str]:
        """What is wrong with the record the failed run left (if the sync keeps one)."""
        return []

    def call(self):
        call_command(*self.command(), stdout=StringIO(), stderr=StringIO())

    def run(self, run):
        self.prepare(run)
        before = rows(self.models)
        run.fault_on()
        try:
            self.call()
        except CommandError as exc:
            run.cell.reason = str(exc)
            if not run.cell.reason.strip():
                run.problem("the failed sync gave no reason")
        else:
            run.problem("the sync reported success through the fault")
        finally:
            run.fault_off()
        after = rows(self.models)
        if after != before:
            run.problem(f"the failed sync changed data: {changes(before, after)}")
        for text in self.failed(run):
            run.problem(text)
        run.check_pauses()
        try:
            self.call()
        except CommandError as exc:
            run.problem(f"the rerun failed: {exc}")
            return "failed, rerun failed"
        for text in self.done(run):
            run.problem(text)
        synced = rows(self.models, volatile=True)
        self.call()
        again = rows(self.models, volatile=True)
        if again != synced:
            run.problem(f"a third run changed data again: {changes(synced, again)}")
        return "failed, kept → synced"


class InnocigsTracking(Sync):
    models = (Shipment, Order, Submission, OrderEvent)

    def command(self):
        return ["sync_tracking", "--partner", "innocigs", "--date", f"{timezone.localdate()}"]

    def prepare(self, run):
        submitted("innocigs")
        control(run, "innocigs/_control/ship")

    def done(self, run):
        found = sorted(Shipment.objects.filter(partner="innocigs").values_list("order__number", flat=True))
        return [] if found == sorted(NUMBERS) else [f"parcels recorded for {found}, expected one for each of {NUMBERS}"]


class InnocigsDeliveryNotes(Sync):
    models = (DeliveryNote, DeliveryNoteItem, Restock)

    def command(self):
        return ["sync_delivery_notes", "--date", f"{timezone.localdate()}"]

    def prepare(self, run):
        catalogue()
        for number in NUMBERS:
            restock = standard_order_create(lines=[("IC10000AIO-10", 3)], actor=ACTOR, number=f"R{number}")
            placed = standard_order_send(standard_order=restock, actor=ACTOR).submission
            if placed.state != Submission.State.ACCEPTED:
                raise SetupFailed(f"standard order without a fault: {placed.state} {placed.message}")
        control(run, "innocigs/_control/ship")

    def done(self, run):
        linked = sorted(DeliveryNoteItem.objects.values_list("restock__order__number", flat=True))
        expected = sorted(f"R{number}" for number in NUMBERS)
        if DeliveryNote.objects.count() != len(NUMBERS) or linked != expected:
            return [f"delivery notes {DeliveryNote.objects.count()}, linked to {linked}, expected one each for "
                    f"{expected}"]
        return []


class InnoshipTracking(Sync):
    models = (Shipment, TrackingEvent, Order, OrderEvent)
    PICKED_UP = 2

    def command(self):
        return ["sync_tracking", "--partner", "innoship"]

    def prepare(self, run):
        for order in submitted("innoship"):
            innoship_sandbox.set_status(order.shipments.get().tracking_code, self.PICKED_UP)

    def done(self, run):
        problems = []
        for shipment in Shipment.objects.filter(partner="innoship"):
            codes = sorted(shipment.events.values_list("status_code", flat=True))
            if codes != ["1", str(self.PICKED_UP)]:
                problems.append(f"AWB {shipment.tracking_code}: events {codes}, expected each status once")
        return problems


class MeinEinkaufTracking(Sync):
    models = (me.MeinEinkaufOrder, me.MeinEinkaufStateChange, me.MeinEinkaufConsignment, me.MeinEinkaufDocument,
              me.MeinEinkaufSyncCursor, Shipment, TrackingEvent, Order)

    def command(self):
        return ["sync_tracking", "--partner", "meineinkauf"]

    def prepare(self, run):
        control(run, "meineinkauf/v1/_control/clock", stepSeconds=0)
        submitted("meineinkauf")
        self.call()  # what was synced before: both orders open
        for number in NUMBERS:
            control(run, "meineinkauf/v1/_control/advance", orderNumber=number, to="exported")

    def done(self, run):
        problems = []
        for record in me.MeinEinkaufOrder.objects.select_related("order"):
            parcels = Shipment.objects.filter(order=record.order, partner="meineinkauf").count()
            if record.processing_state != "exported" or parcels != 1:
                problems.append(f"{record.order.number}: {record.processing_state}, {parcels} parcels; expected "
                                "exported with one parcel")
        return problems


class MeinEinkaufReturns(Sync):
    models = (me.MeinEinkaufReturn, me.MeinEinkaufReturnItem, me.MeinEinkaufReturnStateChange,
              me.MeinEinkaufSyncCursor, OrderEvent)

    def command(self):
        return ["sync_returns"]

    def prepare(self, run):
        control(run, "meineinkauf/v1/_control/clock", stepSeconds=0)
        submitted("meineinkauf")
        for number in NUMBERS:
            control(run, "meineinkauf/v1/_control/advance", orderNumber=number, to="exported")
            control(run, "meineinkauf/v1/_control/returns", orderNumber=number)

    def done(self, run):
        found = sorted(me.MeinEinkaufReturn.objects.values_list("order__number", flat=True))
        return [] if found == sorted(NUMBERS) else [f"returns stored for {found}, expected one for each of {NUMBERS}"]


class ZonosReconciliation(Sync):
    models = (ZonosOrder,)

    def command(self):
        return ["reconcile_zonos"]

    def prepare(self, run):
        now = timezone.now()
        known = [zonos_sandbox.make_order(70001 + n, placed_at=now - timedelta(days=3 - n)) for n in range(3)]
        zonos_sandbox.orders_set(known)
        self.call()  # what was reconciled before
        known[1] = {**known[1], "orderStatus": zonos_sandbox.ON_HOLD}
        zonos_sandbox.orders_set([*known, zonos_sandbox.make_order(70004, placed_at=now)])

    def done(self, run):
        found = dict(ZonosOrder.objects.values_list("zonos_id", "status"))
        expected = {order["id"]: order["orderStatus"] for order in zonos_sandbox.orders_get()}
        return [] if found == expected else [f"Zonos orders {found}, expected {expected}"]


class InnocigsCatalogueSync(Sync):
    """A sync of the InnoCigs catalogue (a small one, so a cell stays fast). Its run record (SyncRun) is not among
    the rows that must stay as they were: the failed run records itself as failed, with the reason."""

    kind = ""
    SIZE = 40

    def __init__(self, name, **settings):
        super().__init__(name, SANDBOX_CATALOGUE_SIZE=self.SIZE, **settings)

    def last_run(self):
        return SyncRun.objects.filter(kind=self.kind).order_by("-pk").first()

    def failed(self, run):
        last = self.last_run()
        if last is None or last.status != SyncRun.Status.FAILED or not last.error.strip():
            found = "none" if last is None else f"{last.status} {last.error!r}"
            return [f"the failed run's record: {found}, expected failed with the reason"]
        return []

    def done(self, run):
        """The rerun succeeded and says it brought news (so the cell never passes on a partner with none)."""
        last = self.last_run()
        if last.status != SyncRun.Status.SUCCEEDED or not (last.created or last.updated):
            return [f"the rerun's record: {last.status}, {last.created} created, {last.updated} updated; expected "
                    "it to succeed with news"]
        return self.arrived()

    def arrived(self) -> list[str]:
        """What is wrong with the rows after the rerun: each of them as the partner serves it now."""
        raise NotImplementedError

    @staticmethod
    def products():
        return catalogue_products.catalogue(InnocigsCatalogueSync.SIZE)


class InnocigsStock(InnocigsCatalogueSync):
    models = (Product, StockSnapshot)
    kind = SyncRun.Kind.STOCK

    def command(self):
        return ["sync_stock"]

    def prepare(self, run):
        control(run, "innocigs/_control/stock_clock", frozen=True)  # only the test moves the clock on
        self.call()  # what was synced before
        control(run, "innocigs/_control/stock_clock", advance=20)  # every product sells once (or is restocked)

    def arrived(self):
        tick = catalogue_sandbox.current_tick()
        expected = {p.model: catalogue_items.quantity(p, tick) for p in self.products()}
        found = dict(Product.objects.values_list("model", "stock_quantity"))
        wrong = {model: (found.get(model), value) for model, value in expected.items() if found.get(model) != value}
        problems = [f"stock (ours, InnoCigs'): {wrong}"] if wrong else []
        snapshots = StockSnapshot.objects.count()
        changed = sum(catalogue_items.quantity(p, tick - 20) != expected[p.model] for p in self.products())
        if snapshots != len(expected) + changed:
            problems.append(f"{snapshots} stock snapshots, expected {len(expected)} first and {changed} changed")
        return problems


class InnocigsPrices(InnocigsCatalogueSync):
    models = (Product, PriceTier, OtherUnit)
    kind = SyncRun.Kind.PRICES

    def command(self):
        return ["sync_prices"]

    def prepare(self, run):
        call_command("sync_stock", stdout=StringIO(), stderr=StringIO())  # the catalogue's products
        self.call()  # what was synced before
        control(run, "innocigs/_control/revision")

    def arrived(self):
        revision = catalogue_sandbox.current_revision()
        problems = []
        for product in self.products():
            ours = Product.objects.get(model=product.model)
            tiers = sorted((t.min_quantity, int(t.price * 100)) for t in ours.price_tiers.all())
            units = sorted((u.model, u.package_size, int(u.price * 100)) for u in ours.other_units.all())
            expected = (catalogue_items._price(product, revision), catalogue_items._tiers(product, revision),
                        [u[:3] for u in catalogue_items._units(product, revision)])
            if (int(ours.purchase_price * 100), tiers, units) != expected:
                problems.append(f"{product.model}: price, tiers, units {(ours.purchase_price, tiers, units)}, "
                                f"expected {expected}")
        return problems


class InnocigsProducts(InnocigsCatalogueSync):
    models = (Product, PriceTier, OtherUnit, StockSnapshot)
    kind = SyncRun.Kind.PRODUCTS

    def command(self):
        return ["sync_products"]

    def prepare(self, run):
        self.call()  # what was synced before
        control(run, "innocigs/_control/revision")

    def arrived(self):
        revision = catalogue_sandbox.current_revision()
        expected = {p.model: (catalogue_items.product_item(p, "rest", extended=False, revision=revision)["NAME"],
                              catalogue_items._price(p, revision)) for p in self.products()}
        found = {model: (name, int(price * 100))
                 for model, name, price in Product.objects.values_list("model", "name", "purchase_price")}
        wrong = {model: (found.get(model), value) for model, value in expected.items() if found.get(model) != value}
        return [f"name and price (ours, InnoCigs'): {wrong}"] if wrong else []


class InnocigsBackorders(InnocigsCatalogueSync):
    models = (BackorderItem,)
    kind = SyncRun.Kind.PENDING

    def command(self):
        return ["sync_pending"]

    def arrived(self):
        found = sorted(BackorderItem.objects.filter(resolved_at=None).values_list("orders_id", "model", "quantity"))
        expected = sorted((orders_id, model, count) for orders_id, model, count, _ in catalogue_products.PENDING)
        return [] if found == expected else [f"backorders {found}, expected each of {expected} once"]


SYNCS = (
    InnocigsTracking("InnoCigs tracking (REST)", INNOCIGS_API="rest"),
    InnocigsTracking("InnoCigs tracking (XML)", INNOCIGS_API="xml"),
    InnocigsDeliveryNotes("InnoCigs delivery notes (REST)", INNOCIGS_API="rest"),
    InnocigsDeliveryNotes("InnoCigs delivery notes (XML)", INNOCIGS_API="xml"),
    InnoshipTracking("Innoship tracking"),
    MeinEinkaufTracking("MeinEinkauf tracking"),
    MeinEinkaufReturns("MeinEinkauf returns"),
    ZonosReconciliation("Zonos reconciliation"),
    InnocigsStock("InnoCigs stock (REST)", INNOCIGS_API="rest"),
    InnocigsStock("InnoCigs stock (XML)", INNOCIGS_API="xml"),
    InnocigsPrices("InnoCigs prices (REST)", INNOCIGS_API="rest"),
    InnocigsPrices("InnoCigs prices (XML)", INNOCIGS_API="xml"),
    InnocigsProducts("InnoCigs products (REST)", INNOCIGS_API="rest"),
    InnocigsProducts("InnoCigs products (XML)", INNOCIGS_API="xml"),
    InnocigsBackorders("InnoCigs backorders (REST)", INNOCIGS_API="rest"),
    InnocigsBackorders("InnoCigs backorders (XML)", INNOCIGS_API="xml"),
)
