"""What only Innoship needs: an order's courier options and what a booking said about its parcel.

Each sits beside its core row (one to one, the core row's key as its own). A row is written only when it holds
something: an order without courier options, or a shipment Innoship never booked, has none, and
`options_for` / `booking_for` give the defaults then.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourierOptions(models.Model):
    """The courier options of an order on the route innoship (the import's keys of the same names)."""

    order = models.OneToOneField("orders.Order", verbose_name=_("order"), primary_key=True,
                                 related_name="innoship_options", on_delete=models.CASCADE)
    service_id = models.PositiveIntegerField(_("service id"), null=True, blank=True,
                                             help_text=_("Empty: INNOSHIP_SERVICE_ID."))
    fixed_location_id = models.CharField(_("locker / pick-up point"), max_length=64, blank=True)
    insurance_amount = models.DecimalField(_("insurance amount"), max_digits=10, decimal_places=2, null=True,
                                           blank=True)
    open_package = models.BooleanField(_("open package"), default=False)

    FIELDS = ("service_id", "fixed_location_id", "insurance_amount", "open_package")

    class Meta:
        verbose_name = _("Courier options (Innoship)")
        verbose_name_plural = _("Courier options (Innoship)")

    def __str__(self):
        return str(self.order)  # its order's number, as the order page's inline heads it

    def is_default(self):
        """True when it holds nothing an order without a row would not have."""
        return all(getattr(self, name) == self._meta.get_field(name).get_default() for name in self.FIELDS)


class CourierBooking(models.Model):
    """What Innoship's reply to a booking says about the parcel and its price."""

    shipment = models.OneToOneField("shipping.Shipment", verbose_name=_("shipment"), primary_key=True,
                                    related_name="innoship_booking", on_delete=models.CASCADE)
    courier_id = models.PositiveIntegerField(_("courier id"), null=True, blank=True,
                                             help_text=_("Innoship's courier id."))
    price_amount = models.DecimalField(_("price amount"), max_digits=10, decimal_places=2, null=True, blank=True,
                                       help_text=_("Before VAT."))
    price_vat = models.DecimalField(_("VAT"), max_digits=10, decimal_places=2, null=True, blank=True)
    price_total = models.DecimalField(_("price total"), max_digits=10, decimal_places=2, null=True, blank=True)
    price_currency = models.CharField(_("price currency"), max_length=3, blank=True)
    expected_delivery = models.DateField(_("calculated delivery date"), null=True, blank=True)
    parcel_barcodes = models.JSONField(_("parcel barcodes"), default=list, blank=True,
                                       help_text=_("The courier's barcode of each parcel."))
    booking_extra = models.JSONField(
        _("extra services as booked"), default=dict, blank=True,
        help_text=_("Innoship's reply 'Extra': the extra services as booked, with any changes its rules made."))

    FIELDS = ("courier_id", "price_amount", "price_vat", "price_total", "price_currency", "expected_delivery",
              "parcel_barcodes", "booking_extra")

    class Meta:
        verbose_name = _("Courier booking")
        verbose_name_plural = _("Courier bookings")

    def __str__(self):
        return str(self.shipment_id)


def options_for(order) -> CourierOptions:
    """The order's courier options: its row, or the defaults (unsaved) when it has none."""
    try:
        return order.innoship_options
    except CourierOptions.DoesNotExist:
        return CourierOptions(order=order)


def booking_for(shipment) -> CourierBooking:
    """What Innoship said about the shipment's booking: its row, or an empty one (unsaved) when it has none."""
    try:
        return shipment.innoship_booking
    except CourierBooking.DoesNotExist:
        return CourierBooking(shipment=shipment)
