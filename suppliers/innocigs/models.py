"""InnoCigs' own records: the shop's standard (restock) orders and the delivery notes InnoCigs lists."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardOrder(models.Model):
    """A restock order at InnoCigs (its `order` command), delivered to the shop's own address.

    Sent exactly once like a submission: claimed from `ready` to `sending` before the call; a call that may
    have arrived without a reply is `unknown` until a delivery note naming it settles it.
    """

    class State(models.TextChoices):
        READY = "ready", _("Ready to send")
        SENDING = "sending", _("Sending")
        PLACED = "placed", _("Placed")
        REFUSED = "refused", _("Refused")
        UNKNOWN = "unknown", _("Unknown: check InnoCigs")
        TEST_OK = "test_ok", _("Validated in test mode")

    class Carrier(models.TextChoices):
        DEFAULT = "", _("InnoCigs' default (DHL)")
        DHL = "DHL", _("DHL")
        UPS = "UPS", _("UPS")

    number = models.CharField(_("number"), max_length=64, unique=True,
                              help_text=_("Our order number; InnoCigs' ORDERS_NUMBER."))
    carrier = models.CharField(_("carrier"), max_length=10, choices=Carrier.choices, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.READY, db_index=True)
    test_mode = models.BooleanField(_("test mode"), default=False)
    orders_id = models.CharField(_("InnoCigs ORDERS_ID"), max_length=40, blank=True, db_index=True)
    errors = models.JSONField(_("errors"), default=list, blank=True,
                              help_text=_("Each: code, message, explanation, next step."))
    message = models.TextField(_("message"), blank=True, help_text=_("The last outcome, in words."))
    created_by = models.CharField(_("created by"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("InnoCigs standard order")
        verbose_name_plural = _("standard orders")

    def __str__(self):
        return self.number


class StandardOrderLine(models.Model):
    standard_order = models.ForeignKey(StandardOrder, verbose_name=_("standard order"), related_name="lines",
                                       on_delete=models.CASCADE)
    sku = models.CharField(_("article number"), max_length=64)
    product = models.ForeignKey("suppliers.Product", verbose_name=_("product"), null=True, blank=True,
                                related_name="standard_order_lines",
                                on_delete=models.SET_NULL)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["standard_order", "id"]
        verbose_name = _("standard order line")
        verbose_name_plural = _("standard order lines")

    def __str__(self):
        return f"{self.quantity} × {self.sku}"


class DeliveryNote(models.Model):
    """An InnoCigs delivery note (`delivery`, per day): what one shipment to the shop contained."""

    number = models.CharField(_("delivery number"), max_length=60, unique=True)
    day = models.DateField(_("day"), db_index=True, help_text=_("The day InnoCigs lists it under."))
    parcels = models.JSONField(_("parcels"), default=list, blank=True, help_text=_("Each: carrier, code, url."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("InnoCigs delivery note")
        verbose_name_plural = _("delivery notes")

    def __str__(self):
        return self.number


class DeliveryNoteItem(models.Model):
    """One product of one order in a delivery note, linked to our standard order when it is one."""

    delivery_note = models.ForeignKey(DeliveryNote, verbose_name=_("delivery note"), related_name="items",
                                      on_delete=models.CASCADE)
    standard_order = models.ForeignKey(StandardOrder, verbose_name=_("standard order"), null=True, blank=True,
                                       related_name="delivery_items",
                                       on_delete=models.SET_NULL)
    orders_number = models.CharField(_("InnoCigs order number"), max_length=64, blank=True, db_index=True)
    orders_id = models.CharField(_("InnoCigs ORDERS_ID"), max_length=40, blank=True)
    sku = models.CharField(_("article number"), max_length=64, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)

    class Meta:
        ordering = ["delivery_note", "id"]
        verbose_name = _("delivery note item")
        verbose_name_plural = _("delivery note items")

    def __str__(self):
        return f"{self.quantity or '?'} × {self.sku}"
