"""Zonos / iGlobal orders as the reconciliation last saw them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

# Statuses Zonos sets (from its public integrations). An order in one of these must not ship.
FRAUD_REVIEW = "IGLOBAL_FRAUD_REVIEW"
IN_PROCESS = "IGLOBAL_ORDER_IN_PROCESS"
ON_HOLD = "IGLOBAL_ORDER_ON_HOLD"
CANCELLED = ("IGLOBAL_ORDER_CANCELLED", "IGLOBAL_ORDER_CANCELED")  # both spellings occur in integrations
VENDOR_CANCELLATION = "VENDOR_CANCELLATION_REQUEST"
HOLD_STATUSES = (FRAUD_REVIEW, ON_HOLD, *CANCELLED, VENDOR_CANCELLATION)

STATUS_LABELS = {
    FRAUD_REVIEW: N_("fraud review at Zonos"),
    IN_PROCESS: N_("released by Zonos (in process)"),
    ON_HOLD: N_("on hold at Zonos"),
    CANCELLED[0]: N_("cancelled at Zonos"),
    CANCELLED[1]: N_("cancelled at Zonos"),
    "VENDOR_PREPARING_ORDER": N_("being prepared"),
    "VENDOR_SHIPMENT_READY": N_("shipment ready"),
    "VENDOR_LABELS_PRINTED_DATE": N_("labels printed"),
    VENDOR_CANCELLATION: N_("cancellation requested"),
    "VENDOR_END_OF_DAY_COMPLETE": N_("complete"),
}


def status_label(status):
    """Staff words for a Zonos status; an unknown one is shown as Zonos sent it."""
    label = STATUS_LABELS.get(status)
    return _(label) if label else status or _("not known yet")


class ZonosOrder(models.Model):
    """One order placed through the Zonos checkout, upserted by every reconciliation."""

    zonos_id = models.CharField(_("Zonos order id"), max_length=40, unique=True,
                                help_text=_("With the store id, e.g. 999-99991."))
    short_id = models.CharField(_("short id"), max_length=30, db_index=True,
                                help_text=_("Without the store id (99991): Zonos accepts both forms."))
    sequence = models.BigIntegerField(_("sequence"), db_index=True,
                                      help_text=_("The numeric part, for 'since the last known order'."))
    placed_at = models.DateTimeField(_("placed at"), null=True, blank=True,
                                     help_text=_("Empty: Zonos sent no readable timestamp."))
    test_order = models.BooleanField(_("test order"), default=False, db_index=True)
    status = models.CharField(_("Zonos status"), max_length=60, blank=True, db_index=True)
    status_date = models.DateTimeField(_("status date"), null=True, blank=True)
    merchant_order_id = models.CharField(_("merchant order id"), max_length=100, blank=True,
                                         help_text=_("The shop order number Zonos knows this order by."))
    first_seen_at = models.DateTimeField(_("first seen at"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen at"), help_text=_("When a reconciliation last listed it."))

    class Meta:
        verbose_name = _("Zonos order")
        ordering = ["-sequence"]
        permissions = [
            ("reconcile_zonos", "Can run the Zonos reconciliation"),
            ("import_zonos", "Can import orders from Zonos"),
            ("confirm_zonos", "Can confirm merchant order ids to Zonos"),
        ]
        verbose_name_plural = _("Zonos orders")

    def __str__(self):
        return self.zonos_id

    @property
    def status_label(self):
        return status_label(self.status)

    @property
    def cancelled(self):
        return self.status in CANCELLED
