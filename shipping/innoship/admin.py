"""Innoship's part of the shipment admin: what a booking said (admin_parts.BookingFields), the label of a booking,
labels of many in one PDF, and cancelling.

The core's ShipmentAdmin knows no partner; this package extends it and registers the extension in its place
(shipping comes before shipping.innoship in INSTALLED_APPS, so the core's admin is registered first).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from backoffice.actors import acting_as, user_actor
from backoffice.csv_export import csv_export_action
from backoffice.errors import PartnerError, PartnerOutcomeUnknown
from backoffice.words import stored_words
from shipping.admin import ShipmentAdmin
from shipping.innoship.admin_parts import BookingFields, with_booking_list
from shipping.innoship.cancel import CannotCancel, booking_cancel, cancel_problem
from shipping.innoship.labels import LABEL_PERMISSION, LabelUnavailable, label_fetch, label_problem, labels_merge
from shipping.models import Shipment

MAX_LABELS = 100  # labels merged in one request; more would keep the page waiting too long
CANCEL_PERMISSION = "orders.cancel_innoship"


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


LIST_DISPLAY, EXPORT_COLUMNS = with_booking_list(ShipmentAdmin)


class InnoshipShipmentAdmin(BookingFields, ShipmentAdmin):
    actions = [*(ShipmentAdmin.actions or ()), "download_labels"]
    list_display = LIST_DISPLAY
    list_select_related = [*ShipmentAdmin.list_select_related, "innoship_booking"]
    export_columns = EXPORT_COLUMNS
    export_csv = csv_export_action(EXPORT_COLUMNS, name="shipments")

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
            no_label = gettext("No label: %(reason)s") % {"reason": stored_words(str(exc))}
            self.message_user(request, no_label, messages.ERROR)
            return redirect("admin:shipping_shipment_change", shipment.pk)
        return _pdf_response(label.content, label.filename)

    def cancel_view(self, request, object_id):
        shipment = self._shipment(request, object_id)
        if not request.user.has_perm(CANCEL_PERMISSION):
            raise PermissionDenied
        back = redirect("admin:shipping_shipment_change", shipment.pk)
        problem = cancel_problem(shipment)
        if problem:
            self.message_user(request, gettext("The booking %(shipment)s cannot be cancelled: %(reason)s.") % {
                "shipment": shipment, "reason": stored_words(problem)}, messages.ERROR)
            return back
        if request.method == "POST" and request.POST.get("post") == "yes":
            actor = user_actor(request.user)
            try:
                booking_cancel(shipment=shipment, actor=actor)
            except CannotCancel as exc:
                self.message_user(request, stored_words(str(exc)), messages.ERROR)
            except PartnerOutcomeUnknown as exc:
                self.message_user(request, gettext("%(reason)s Nothing was changed here; cancel again to be sure.") % {
                    "reason": stored_words(exc.message)}, messages.ERROR)
            except PartnerError as exc:
                self.message_user(request, gettext("Innoship did not cancel %(shipment)s: %(reason)s") % {
                    "shipment": shipment, "reason": exc.message}, messages.ERROR)
            else:
                done = gettext("Booking %(shipment)s cancelled; order %(order)s is ready to be booked again.") % {
                    "shipment": shipment, "order": shipment.order.number}
                self.message_user(request, done, messages.SUCCESS)
            return back
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Cancel this booking?"),
            "opts": self.opts,
            "shipment": shipment,
            "original": shipment,
        }
        return TemplateResponse(request, "admin/shipping/shipment/cancel_booking.html", context)

    def has_download_labels_permission(self, request):
        return request.user.has_perm(LABEL_PERMISSION)

    @admin.action(description=gettext_lazy("Download labels (one PDF)"), permissions=["download_labels"])
    def download_labels(self, request, queryset):
        count = queryset.count()
        if count > MAX_LABELS:
            too_many = gettext("%(count)s shipments selected; download at most %(limit)s labels at once.") % {
                "count": count, "limit": MAX_LABELS}
            self.message_user(request, too_many, messages.ERROR)
            return None
        try:
            with acting_as(user_actor(request.user)):
                content = labels_merge(shipments=list(queryset.order_by("pk")))
        except LabelUnavailable as exc:
            self.message_user(request, gettext("No labels downloaded. %(reason)s") % {"reason": stored_words(str(exc))},
                              messages.ERROR)
            return None
        return _pdf_response(content, f"labels-{timezone.localtime():%Y%m%d-%H%M}.pdf")


admin.site.unregister(Shipment)
admin.site.register(Shipment, InnoshipShipmentAdmin)
