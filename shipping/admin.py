"""Shipments: tracking for every partner; for Innoship bookings also the label, the price and cancelling."""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from backoffice.actors import acting_as, user_actor
from backoffice.admin import admin_link
from backoffice.counting import CappedPaginator
from backoffice.errors import PartnerError, PartnerOutcomeUnknown

# TODO(registry): Innoship's cancel and label actions move to its package's admin with the registry.
from shipping.innoship.cancel import CannotCancel, booking_cancel, cancel_problem
from shipping.innoship.labels import LabelUnavailable, label_fetch, label_problem, labels_merge
from shipping.models import Shipment, TrackingEvent

MAX_LABELS = 100  # labels merged in one request; more would keep the page waiting too long
CANCEL_PERMISSION = "orders.cancel_innoship"
LABEL_PERMISSION = "orders.download_innoship_labels"  # fetching a label is a call to Innoship


def _words(key):
    """'BankRepaymentAmount' as 'bank repayment amount': staff read words, not field names."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(key)).lower()


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    fields = ["occurred_at", "status_code", "description", "location", "delivery_state"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "tracking events (newest first)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    """Shipments come from partners and tracking: nothing here is edited by hand."""

    list_display = ["__str__", "order_link", "partner", "delivery_state", "price", "expected_delivery",
                    "tracking_link", "created_at"]
    list_filter = ["partner", "delivery_state", "carrier", "created_at"]
    search_fields = ["=tracking_code", "=order__number"]
    list_select_related = ["order"]
    show_full_result_count = False
    paginator = CappedPaginator
    actions = ["download_labels"]
    inlines = [TrackingEventInline]
    change_form_template = "admin/shipping/shipment/change_form.html"
    fieldsets = [
        (None, {"fields": ["order_link", "partner", "carrier", "tracking_code", "tracking_link", "delivery_state",
                           "state_changed_at", "last_polled_at", "delivery_number"]}),
        ("Courier booking", {"fields": ["courier_id", "price_amount", "price_vat", "price_total", "price_currency",
                                        "expected_delivery", "barcodes", "extra_services", "submission_link",
                                        "created_at"]}),
    ]
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="order", ordering="order__number")
    def order_link(self, obj):
        return admin_link("admin:orders_order_change", obj.order_id, obj.order.number)

    @admin.display(description="tracking")
    def tracking_link(self, obj):
        if not obj.tracking_url:
            return obj.tracking_code or "–"
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', obj.tracking_url,
                           obj.tracking_code or "track")

    @admin.display(description="price", ordering="price_total")
    def price(self, obj):
        if obj.price_total is None:
            return "–"
        return f"{obj.price_total} {obj.price_currency}".strip()

    @admin.display(description="parcel barcodes")
    def barcodes(self, obj):
        return format_html_join(", ", "{}", ((code,) for code in obj.parcel_barcodes)) or "–"

    @admin.display(description="extra services as booked")
    def extra_services(self, obj):
        """Innoship's reply 'Extra' (its rules may have changed what was asked), one service a line."""
        extra = obj.booking_extra or {}
        if not extra:
            return "–"
        return format_html_join(mark_safe("<br>"), "{}: {}", ((_words(key), value) for key, value in extra.items()))

    @admin.display(description="submission")
    def submission_link(self, obj):
        if obj.submission_id is None:
            return "–"
        return f"{obj.submission} ({obj.submission.get_state_display().lower()})"

    def get_urls(self):
        return [
            path("<path:object_id>/label/", self.admin_site.admin_view(self.label_view),
                 name="shipping_shipment_label"),
            path("<path:object_id>/cancel-booking/", self.admin_site.admin_view(self.cancel_view),
                 name="shipping_shipment_cancel_booking"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        shipment = self.get_object(request, object_id)
        extra = {}
        if shipment is not None:
            extra = {
                "label_problem": label_problem(shipment),
                "cancel_problem": cancel_problem(shipment),
                "may_cancel": request.user.has_perm(CANCEL_PERMISSION),
                "may_download_label": request.user.has_perm(LABEL_PERMISSION),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _shipment(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Shipment.objects.select_related("order", "submission"), pk=object_id)

    def label_view(self, request, object_id):
        shipment = self._shipment(request, object_id)
        if not request.user.has_perm(LABEL_PERMISSION):
            raise PermissionDenied
        try:
            with acting_as(user_actor(request.user)):
                label = label_fetch(shipment=shipment)
        except LabelUnavailable as exc:
            self.message_user(request, f"No label: {exc}", messages.ERROR)
            return redirect("admin:shipping_shipment_change", shipment.pk)
        return _pdf_response(label.content, label.filename)

    def cancel_view(self, request, object_id):
        shipment = self._shipment(request, object_id)
        if not request.user.has_perm(CANCEL_PERMISSION):
            raise PermissionDenied
        back = redirect("admin:shipping_shipment_change", shipment.pk)
        problem = cancel_problem(shipment)
        if problem:
            self.message_user(request, f"The booking {shipment} cannot be cancelled: {problem}.", messages.ERROR)
            return back
        if request.method == "POST" and request.POST.get("post") == "yes":
            actor = user_actor(request.user)
            try:
                booking_cancel(shipment=shipment, actor=actor)
            except CannotCancel as exc:
                self.message_user(request, str(exc), messages.ERROR)
            except PartnerOutcomeUnknown as exc:
                self.message_user(request, f"{exc.message} Nothing was changed here; cancel again to be sure.",
                                  messages.ERROR)
            except PartnerError as exc:
                self.message_user(request, f"Innoship did not cancel {shipment}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"Booking {shipment} cancelled; order {shipment.order.number} is ready "
                                           "to be booked again.", messages.SUCCESS)
            return back
        context = {
            **self.admin_site.each_context(request),
            "title": "Cancel this booking?",
            "opts": self.opts,
            "shipment": shipment,
            "original": shipment,
        }
        return TemplateResponse(request, "admin/shipping/shipment/cancel_booking.html", context)

    def has_download_labels_permission(self, request):
        return request.user.has_perm(LABEL_PERMISSION)

    @admin.action(description="Download labels (one PDF)", permissions=["download_labels"])
    def download_labels(self, request, queryset):
        count = queryset.count()
        if count > MAX_LABELS:
            self.message_user(request, f"{count} shipments selected; download at most {MAX_LABELS} labels at once.",
                              messages.ERROR)
            return None
        try:
            with acting_as(user_actor(request.user)):
                content = labels_merge(shipments=list(queryset.order_by("pk")))
        except LabelUnavailable as exc:
            self.message_user(request, f"No labels downloaded. {exc}", messages.ERROR)
            return None
        return _pdf_response(content, f"labels-{timezone.localtime():%Y%m%d-%H%M}.pdf")
