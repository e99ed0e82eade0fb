"""InnoCigs' own records: the shop's standard (restock) orders and the delivery notes InnoCigs lists."""

from django.db import models


class StandardOrder(models.Model):
    """A restock order at InnoCigs (its `order` command), delivered to the shop's own address.

    Sent exactly once like a submission: claimed from `ready` to `sending` before the call; a call that may
    have arrived without a reply is `unknown` until a delivery note naming it settles it.
    """

    class State(models.TextChoices):
        READY = "ready", "Ready to send"
        SENDING = "sending", "Sending"
        PLACED = "placed", "Placed"
        REFUSED = "refused", "Refused"
        UNKNOWN = "unknown", "Unknown: check InnoCigs"
        TEST_OK = "test_ok", "Validated in test mode"

    class Carrier(models.TextChoices):
        DEFAULT = "", "InnoCigs' default (DHL)"
        DHL = "DHL", "DHL"
        UPS = "UPS", "UPS"

    number = models.CharField(max_length=64, unique=True, help_text="Our order number; InnoCigs' ORDERS_NUMBER.")
    carrier = models.CharField(max_length=10, choices=Carrier.choices, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.READY, db_index=True)
    test_mode = models.BooleanField(default=False)
    orders_id = models.CharField("InnoCigs ORDERS_ID", max_length=40, blank=True, db_index=True)
    errors = models.JSONField(default=list, blank=True, help_text="Each: code, message, explanation, next_step.")
    message = models.TextField(blank=True, help_text="The last outcome, in words.")
    created_by = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "InnoCigs standard order"

    def __str__(self):
        return self.number


class StandardOrderLine(models.Model):
    standard_order = models.ForeignKey(StandardOrder, related_name="lines", on_delete=models.CASCADE)
    sku = models.CharField("article number", max_length=64)
    product = models.ForeignKey("suppliers.Product", null=True, blank=True, related_name="standard_order_lines",
                                on_delete=models.SET_NULL)
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["standard_order", "id"]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"


class DeliveryNote(models.Model):
    """An InnoCigs delivery note (`delivery`, per day): what one shipment to the shop contained."""

    number = models.CharField("delivery number", max_length=60, unique=True)
    day = models.DateField(db_index=True, help_text="The day InnoCigs lists it under.")
    parcels = models.JSONField(default=list, blank=True, help_text="Each: carrier, code, url.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = "InnoCigs delivery note"

    def __str__(self):
        return self.number


class DeliveryNoteItem(models.Model):
    """One product of one order in a delivery note, linked to our standard order when it is one."""

    delivery_note = models.ForeignKey(DeliveryNote, related_name="items", on_delete=models.CASCADE)
    standard_order = models.ForeignKey(StandardOrder, null=True, blank=True, related_name="delivery_items",
                                       on_delete=models.SET_NULL)
    orders_number = models.CharField(max_length=64, blank=True, db_index=True)
    orders_id = models.CharField("InnoCigs ORDERS_ID", max_length=40, blank=True)
    sku = models.CharField("article number", max_length=64, blank=True)
    quantity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["delivery_note", "id"]

    def __str__(self):
        return f"{self.quantity or '?'} × {self.sku}"
