"""Innoship as the core sees it: one PartnerSpec, registered by apps.InnoshipConfig.ready()."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from backoffice.partner_http import PartnerConfig
from backoffice.registry import PartnerSpec, RouteSpec
from backoffice.schedules import ScheduleSpec


def config() -> PartnerConfig:
    s = settings
    # The payout IBAN is no credential but a bank account: masked in the audit and the logs like one.
    return PartnerConfig("innoship", s.INNOSHIP_BASE_URL, s.INNOSHIP_TIMEOUT,
                         secrets=(s.INNOSHIP_API_KEY, s.INNOSHIP_BANK_IBAN))


SPEC = PartnerSpec(
    name="innoship",
    label="Innoship",
    config=config,
    actions=(("book_innoship", gettext_lazy("Book courier (Innoship)")),),
    permissions=(("book_innoship", "Can book couriers with Innoship"),
                 ("cancel_innoship", "Can cancel Innoship bookings"),
                 ("download_innoship_labels", "Can download Innoship labels")),
    routes=(RouteSpec("innoship", gettext_lazy("Own stock, courier via Innoship"), ("innoship",)),),
    check="shipping.innoship.client.check_connection",
    adapter="shipping.innoship.booking.InnoshipBookingAdapter",
    tracker="shipping.innoship.tracking.tracking_sync",
    sandbox=("innoship/", "shipping.innoship.sandbox.api"),
    demo_states="shipping.innoship.demo.load_demo_states",
    import_keys="shipping.innoship.options.IMPORT_KEYS",
    order_inlines=("shipping.innoship.admin_parts.CourierOptionsInline",),
    shipment_links="shipping.innoship.labels.label_links",
    schedules=(
        ScheduleSpec("innoship_tracking", "shipping.innoship.tasks.tracking_sync_task",
                     title=gettext_lazy("Read Innoship parcel tracking"), permission="orders.sync_tracking", minutes=30,
                     help="Polls Innoship for every booked parcel not yet delivered, returned or cancelled."),
    ),
)
