"""InnoCigs' own records: what only a restock (standard order) has, and the delivery notes InnoCigs lists."""

from django.db import models
from django.utils.translation import gettext_lazy as _

RESTOCK_ROUTE = "innocigs_restock"


class Restock(models.Model):
    """What only a restock has: a standard order at InnoCigs (its `order` command), delivered to the shop.

    The order itself is an `orders.Order` on the route `innocigs_restock` (its number, lines and the shop's own
    address), sent through the one submission lifecycle like every other order: claimed before the call, `unknown`
    until reconciled from a delivery note naming it, swept when its sender died.
    """

    class Carrier(models.TextChoices):
        DEFAULT = "", _("InnoCigs' default (DHL)")
        DHL = "DHL", _("DHL")
        UPS = "UPS", _("UPS")

    order = models.OneToOneField("orders.Order", verbose_name=_("order"), related_name="restock",
                                 on_delete=models.PROTECT)
    carrier = models.CharField(_("carrier"), max_length=10, choices=Carrier.choices, blank=True)
    created_by = models.CharField(_("created by"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("InnoCigs standard order")
        verbose_name_plural = _("standard orders")

    def __str__(self):
        return self.order.number

    @property
    def number(self):
        return self.order.number

    @property
    def submission(self):
        """The latest attempt to send it, or None before the first."""
        return self.order.submissions.order_by("-attempt").first()


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
    """One product of one order in a delivery note, linked to our restock when it is one."""

    delivery_note = models.ForeignKey(DeliveryNote, verbose_name=_("delivery note"), related_name="items",
                                      on_delete=models.CASCADE)
    restock = models.ForeignKey(Restock, verbose_name=_("standard order"), null=True, blank=True,
                                related_name="delivery_items", on_delete=models.SET_NULL)
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
