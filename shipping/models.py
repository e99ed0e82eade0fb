from django.db import models
from django.utils.translation import gettext_lazy as _

from backoffice.words import when


class DeliveryState(models.TextChoices):
    """One normalised delivery state per shipment, whatever the carrier."""

    RECORDED = "recorded", _("Recorded")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")
    INCIDENT = "incident", _("Incident")


FINAL_STATES = (DeliveryState.DELIVERED, DeliveryState.RETURNED, DeliveryState.CANCELLED)


class Shipment(models.Model):
    """A parcel (or consignment) on its way to a customer, with its tracking."""

    order = models.ForeignKey("orders.Order", verbose_name=_("order"), related_name="shipments",
                              on_delete=models.CASCADE)
    submission = models.ForeignKey("orders.Submission", verbose_name=_("submission"), null=True, blank=True,
                                   related_name="shipments",
                                   on_delete=models.SET_NULL)
    partner = models.CharField(_("partner"), max_length=20, db_index=True)
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=100, blank=True, db_index=True)
    tracking_url = models.URLField(_("tracking URL"), max_length=500, blank=True)
    delivery_number = models.CharField(_("delivery number"), max_length=60, blank=True)
    delivery_state = models.CharField(_("delivery state"), max_length=20, choices=DeliveryState.choices,
                                      default=DeliveryState.RECORDED,
                                      db_index=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True,
                               help_text=_("Partner-specific facts (price, barcodes …)."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The list's default sort, so a page of 158,000 shipments never sorts them all.
            models.Index(fields=["-created_at", "-id"], name="shipment_list_sort"),
            # The carrier and partner filters: their choices (a loose scan of the first column) and a filtered
            # page in the list's order, without sorting every shipment of that carrier or partner.
            models.Index(fields=["carrier", "-created_at", "-id"], name="shipment_carrier_sort"),
            models.Index(fields=["partner", "-created_at", "-id"], name="shipment_partner_sort"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["partner", "carrier", "tracking_code"],
                                    condition=~models.Q(tracking_code=""), name="unique_tracking_code"),
        ]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")

    def __str__(self):
        return f"{self.carrier} {self.tracking_code}".strip() or f"Shipment {self.pk}"

    @property
    def final(self):
        return self.delivery_state in FINAL_STATES

    @property
    def incident(self):
        """The open incident in words with its next step (shipping.incidents), or None."""
        from shipping.incidents import shipment_incident  # incidents reads this module's DeliveryState

        return shipment_incident(self)


class TrackingEvent(models.Model):
    """One status the carrier reported for a shipment."""

    shipment = models.ForeignKey(Shipment, verbose_name=_("shipment"), related_name="events", on_delete=models.CASCADE)
    occurred_at = models.DateTimeField(_("occurred at"))
    status_code = models.CharField(_("status code"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    delivery_state = models.CharField(_("delivery state"), max_length=20, choices=DeliveryState.choices)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "occurred_at", "status_code"], name="unique_tracking_event"),
        ]
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")

    def __str__(self):
        return f"{when(self.occurred_at)} {self.get_delivery_state_display()} {self.description}".strip()
