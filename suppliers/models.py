from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.words import when


class Product(models.Model):
    """One InnoCigs article, as the catalogue, price and stock feeds describe it.

    The current stock and shipping status are kept here too, so lists never have to join the history.
    """

    model = models.CharField(_("model number"), max_length=64, unique=True)
    master = models.CharField(_("master"), max_length=64, blank=True, db_index=True)
    ean = models.CharField(_("EAN"), max_length=32, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    parent_name = models.CharField(_("parent name"), max_length=255, blank=True)
    category_path = models.CharField(_("category path"), max_length=255, blank=True, db_index=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=120, blank=True, db_index=True)
    image_urls = models.JSONField(_("image URLs"), default=list, blank=True)
    vpe_content = models.DecimalField(_("VPE content"), max_digits=12, decimal_places=3, null=True, blank=True)
    vpe_unit = models.CharField(_("VPE unit"), max_length=20, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    composition = models.TextField(_("composition"), blank=True)
    manual_url = models.URLField(_("manual URL"), max_length=500, blank=True)
    # A list of [key, value] pairs, not a dict: PostgreSQL's jsonb would reorder a dict's keys.
    clp_infos = models.JSONField(
        _("CLP hazard labelling"), default=list, blank=True,
        help_text=_("InnoCigs' CLP_INFOS as sent ([key, value] pairs, the feed's order); empty when it sent none."),
    )
    purchase_price = models.DecimalField(_("purchase price"), max_digits=12, decimal_places=4, null=True, blank=True)
    recommended_price = models.DecimalField(_("recommended price"), max_digits=12, decimal_places=4, null=True,
                                            blank=True)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True, db_index=True,
                                 help_text=_("Gone from the InnoCigs feed when off."))
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(
        _("last seen"), default=timezone.now,
        help_text=_("When a feed last changed it; for a gone product, the last sync that listed it."),
    )
    # No index on purpose: every stock sync rewrites this column, and the lists filter it fast enough without.
    stock_quantity = models.IntegerField(_("stock quantity"), default=0)
    shipping_status = models.CharField(_("shipping status"), max_length=120, blank=True)
    stock_changed_at = models.DateTimeField(_("stock changed at"), null=True, blank=True,
                                            help_text=_("When quantity or status last changed."))

    class Meta:
        ordering = ["model"]  # the unique index serves it
        # The search by the start of a model number (LIKE 'SB05%'): a plain index serves it only in the C locale.
        indexes = [
            models.Index(fields=["model"], name="product_model_prefix", opclasses=["varchar_pattern_ops"]),
            # The dashboard's products out of and low on stock, and the list's stock filter: the few such products,
            # not the whole catalogue. A stock sync writes only the products whose stock changed, so the index
            # costs a few thousand entries a sync.
            models.Index(fields=["active", "stock_quantity"], name="product_stock_level"),
        ]
        permissions = [("sync_catalogue", "Can refresh stock and prices from InnoCigs")]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self):
        return f"{self.model} {self.name}".strip()


class PriceTier(models.Model):
    """A graduated price: from `min_quantity` pieces on, each costs `price`."""

    product = models.ForeignKey(Product, verbose_name=_("product"), related_name="price_tiers",
                                on_delete=models.CASCADE)
    min_quantity = models.PositiveIntegerField(_("minimum quantity"))
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=4)

    class Meta:
        ordering = ["product", "min_quantity"]
        constraints = [models.UniqueConstraint(fields=["product", "min_quantity"], name="unique_price_tier")]
        verbose_name = _("price tier")
        verbose_name_plural = _("price tiers")

    def __str__(self):
        return f"from {self.min_quantity}: {self.price}"


class OtherUnit(models.Model):
    """A larger packaging unit of a product (e.g. the `-H` bulk pack), with its price per piece."""

    product = models.ForeignKey(Product, verbose_name=_("product"), related_name="other_units",
                                on_delete=models.CASCADE)
    model = models.CharField(_("model number"), max_length=64)
    package_size = models.PositiveIntegerField(_("package size"), null=True, blank=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=4, null=True, blank=True)
    price_per_unit = models.DecimalField(_("price per unit"), max_digits=12, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["product", "model"]
        constraints = [models.UniqueConstraint(fields=["product", "model"], name="unique_other_unit")]
        verbose_name = _("other unit")
        verbose_name_plural = _("other units")

    def __str__(self):
        return f"{self.model} ({self.package_size or '?'} pieces)"


class StockSnapshot(models.Model):
    """A change of a product's stock. Written only when quantity or status changed, so history stays small."""

    # The (product, -taken_at) index serves every lookup by product, so the foreign key needs none of its own.
    product = models.ForeignKey(Product, verbose_name=_("product"), related_name="snapshots", on_delete=models.CASCADE,
                                db_index=False)
    quantity = models.IntegerField(_("quantity"))
    shipping_status = models.CharField(_("shipping status"), max_length=120, blank=True)
    taken_at = models.DateTimeField(_("taken at"))

    class Meta:
        # Snapshots are appended as time goes on, so the id orders them by time at no index's cost.
        ordering = ["-id"]
        indexes = [models.Index(fields=["product", "-taken_at"])]
        verbose_name = _("stock snapshot")
        verbose_name_plural = _("stock snapshots")

    def __str__(self):
        return f"{when(self.taken_at)}: {self.quantity}"


class BackorderItem(models.Model):
    """An item of one of the shop's InnoCigs orders that InnoCigs has not shipped yet (the `pending` feed).

    When it leaves the feed (shipped or cancelled) it is kept with `resolved_at` set, so staff can still see it.
    """

    orders_id = models.CharField(_("InnoCigs order"), max_length=40)
    model = models.CharField(_("model number"), max_length=64)
    product = models.ForeignKey(Product, verbose_name=_("product"), null=True, blank=True, related_name="backorders",
                                on_delete=models.SET_NULL)
    quantity = models.PositiveIntegerField(_("quantity"))
    ean = models.CharField(_("EAN"), max_length=32, blank=True)
    shipping_status = models.CharField(_("expected availability"), max_length=120, blank=True)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, db_index=True,
                                       help_text=_("When it left the feed."))

    class Meta:
        ordering = ["-first_seen", "orders_id", "model"]
        constraints = [models.UniqueConstraint(fields=["orders_id", "model"], name="unique_backorder_item")]
        verbose_name = _("backorder item")
        verbose_name_plural = _("backorder items")

    def __str__(self):
        return f"{self.quantity} x {self.model} (order {self.orders_id})"


class SyncRun(models.Model):
    """One run of a catalogue sync: what it did, or why it failed.

    A running row is also the lock: the database allows one running row per kind, so two syncs of the same kind
    never run at once, whichever process or server starts them.
    """

    class Kind(models.TextChoices):
        PRODUCTS = "products", _("Catalogue")
        STOCK = "stock", _("Stock")
        PRICES = "prices", _("Prices")
        PENDING = "pending", _("Backorders")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        ABANDONED = "abandoned", _("Abandoned (no end recorded)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=120, default="full",
                             help_text=_("'full', or the models refreshed."))
    api = models.CharField(_("API"), max_length=4, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    deactivated = models.PositiveIntegerField(_("deactivated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0,
                                          help_text=_("Items not applied, e.g. models not in the catalogue."))
    error = models.TextField(_("error"), blank=True)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    triggered_by = models.CharField(_("triggered by"), max_length=120)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["kind", "status", "-started_at"])]
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(status="running"), name="one_running_sync_per_kind"),
        ]
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")

    def __str__(self):
        return f"{self.get_kind_display()} sync {when(self.started_at)} ({self.get_status_display()})"

    @property
    def seconds(self):
        return (self.finished_at - self.started_at).total_seconds() if self.finished_at else None
