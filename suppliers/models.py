from django.db import models


class Product(models.Model):
    """One InnoCigs article, as the catalogue, price and stock feeds describe it.

    The current stock and shipping status are kept here too, so lists never have to join the history.
    """

    model = models.CharField("model number", max_length=64, unique=True)
    master = models.CharField(max_length=64, blank=True, db_index=True)
    ean = models.CharField("EAN", max_length=32, blank=True, db_index=True)
    name = models.CharField(max_length=255, blank=True)
    parent_name = models.CharField(max_length=255, blank=True)
    category_path = models.CharField(max_length=255, blank=True)
    manufacturer = models.CharField(max_length=120, blank=True, db_index=True)
    image_urls = models.JSONField(default=list, blank=True)
    vpe_content = models.DecimalField("VPE content", max_digits=12, decimal_places=3, null=True, blank=True)
    vpe_unit = models.CharField("VPE unit", max_length=20, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    composition = models.TextField(blank=True)
    manual_url = models.URLField(max_length=500, blank=True)
    purchase_price = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    recommended_price = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True, db_index=True, help_text="Gone from the InnoCigs feed when off.")
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now_add=True)
    stock_quantity = models.IntegerField(default=0, db_index=True)
    shipping_status = models.CharField(max_length=120, blank=True)
    stock_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["model"]

    def __str__(self):
        return f"{self.model} {self.name}".strip()


class PriceTier(models.Model):
    """A graduated price: from `min_quantity` pieces on, each costs `price`."""

    product = models.ForeignKey(Product, related_name="price_tiers", on_delete=models.CASCADE)
    min_quantity = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=12, decimal_places=4)

    class Meta:
        ordering = ["product", "min_quantity"]
        constraints = [models.UniqueConstraint(fields=["product", "min_quantity"], name="unique_price_tier")]

    def __str__(self):
        return f"from {self.min_quantity}: {self.price}"


class OtherUnit(models.Model):
    """A larger packaging unit of a product (e.g. the `-H` bulk pack), with its price per piece."""

    product = models.ForeignKey(Product, related_name="other_units", on_delete=models.CASCADE)
    model = models.CharField("model number", max_length=64)
    package_size = models.PositiveIntegerField(null=True, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    price_per_unit = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["product", "model"]
        constraints = [models.UniqueConstraint(fields=["product", "model"], name="unique_other_unit")]

    def __str__(self):
        return f"{self.model} ({self.package_size or '?'} pieces)"


class StockSnapshot(models.Model):
    """A change of a product's stock. Written only when quantity or status changed, so history stays small."""

    product = models.ForeignKey(Product, related_name="snapshots", on_delete=models.CASCADE)
    quantity = models.IntegerField()
    shipping_status = models.CharField(max_length=120, blank=True)
    taken_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-taken_at"]
        indexes = [models.Index(fields=["product", "-taken_at"])]

    def __str__(self):
        return f"{self.taken_at:%Y-%m-%d %H:%M}: {self.quantity}"
