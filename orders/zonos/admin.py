"""The reconciliation page: Zonos orders with what is missing, unconfirmed or in conflict, and the two actions."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from backoffice.actors import acting_as, user_actor
from backoffice.admin import ReadOnlyAdmin, admin_link
from backoffice.errors import PartnerError
from backoffice.jobs import run_or_queue
from backoffice.stored_texts import in_english
from backoffice.words import stored_words
from orders.zonos import selectors
from orders.zonos.models import ZonosOrder, status_label
from orders.zonos.selectors import CLASSES, FILTERS, classification, zonos_orders_classified
from orders.zonos.services import zonos_orders_act, zonos_reconcile

INLINE_LIMIT = 10  # more than this many orders run on the queue as a Job
MAX_SELECTED = 200  # what one confirmation page may post back

TONES = {"conflict": "alert", "missing": "warn", "unconfirmed": "warn", "held": "warn"}
ACTION_WORDS = {"import": gettext_lazy("Import from Zonos"), "confirm": gettext_lazy("Confirm merchant order id")}


class ReconciliationFilter(admin.SimpleListFilter):
    title = gettext_lazy("reconciliation")
    parameter_name = "reconciliation"

    def lookups(self, request, model_admin):
        return [(key, gettext(label)) for key, label, _filter in CLASSES]

    def queryset(self, request, queryset):
        return queryset.filter(FILTERS[self.value()]) if self.value() in FILTERS else queryset


class ZonosStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("Zonos status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        statuses = ZonosOrder.objects.order_by("status").values_list("status", flat=True).distinct()
        return [(status, status_label(status)) for status in statuses]

    def queryset(self, request, queryset):
        return queryset if self.value() is None else queryset.filter(status=self.value())


@admin.register(ZonosOrder)
class ZonosOrderAdmin(ReadOnlyAdmin):
    # What staff act on first: beside the sidebars a wide list scrolls, and its last columns go out of sight.
    list_display = ["zonos_id", "reconciliation", "shop_order", "zonos_status", "merchant_order_id", "placed_at",
                    "status_date", "test_order"]
    list_filter = [ReconciliationFilter, "test_order", ZonosStatusFilter]
    search_fields = ["zonos_id", "short_id", "merchant_order_id"]
    show_full_result_count = False
    list_per_page = 100
    fields = ["zonos_id", "placed_at", "test_order", "zonos_status", "status_date", "merchant_order_id",
              "shop_order", "reconciliation", "first_seen_at", "last_seen_at"]
    readonly_fields = fields
    actions = ["import_from_zonos", "confirm_merchant_order_id"]

    def get_queryset(self, request):
        return zonos_orders_classified(super().get_queryset(request))

    def has_import_permission(self, request):
        return request.user.has_perm("zonos.import_zonos")

    def has_confirm_permission(self, request):
        return request.user.has_perm("zonos.confirm_zonos")

    @admin.display(description=gettext_lazy("Zonos status"), ordering="status")
    def zonos_status(self, obj):
        return obj.status_label

    @admin.display(description=gettext_lazy("shop order"), ordering="shop_order_number")
    def shop_order(self, obj):
        if obj.shop_order_pk is None:
            return "–"
        return admin_link("admin:orders_order_change", obj.shop_order_pk, obj.shop_order_number)

    @admin.display(description=gettext_lazy("reconciliation"))
    def reconciliation(self, obj):
        key, words = classification(obj)
        return format_html('<span class="zonos-{}">{}</span>', TONES.get(key, "plain"), words)

    def get_urls(self):
        return [
            path("reconcile/", self.admin_site.admin_view(self.reconcile_view), name="zonos_zonosorder_reconcile"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        counts = selectors.reconciliation_counts()
        extra = {"can_reconcile": request.user.has_perm("zonos.reconcile_zonos"),
                 "reconciliation_counts": [(key, gettext(label), counts[key], TONES.get(key, "plain"))
                                           for key, label, _filter in CLASSES]}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    @staticmethod
    @require_POST
    def reconcile_view(request):
        if not request.user.has_perm("zonos.reconcile_zonos"):
            messages.error(request, gettext("You may not run the Zonos reconciliation."))
            return redirect("admin:zonos_zonosorder_changelist")
        actor = user_actor(request.user)
        try:
            with acting_as(actor):
                result = zonos_reconcile(actor=actor)
        except PartnerError as exc:
            messages.error(request, gettext("Zonos reconciliation failed: %(reason)s") % {
                "reason": stored_words(exc.message)})
        else:
            messages.success(request, stored_words(result.summary()))
        return redirect("admin:zonos_zonosorder_changelist")

    @admin.action(description=gettext_lazy("Import from Zonos"), permissions=["import"])
    def import_from_zonos(self, request, queryset):
        return self._act(request, queryset, "import")

    @admin.action(description=gettext_lazy("Confirm merchant order id"), permissions=["confirm"])
    def confirm_merchant_order_id(self, request, queryset):
        return self._act(request, queryset, "confirm")

    def _act(self, request, queryset, action):
        """First pass: a page of what will be done and what not, and why. Second pass (post=yes): do it."""
        selected = list(queryset.order_by("sequence")[: MAX_SELECTED + 1])
        if len(selected) > MAX_SELECTED:
            too_many = gettext("Select at most %(count)s Zonos orders at a time.") % {"count": MAX_SELECTED}
            self.message_user(request, too_many, messages.ERROR)
            return None
        plan = [(z, *selectors.action_preview(action, z)) for z in selected]
        ids = [z.pk for z, will, _ in plan if will]
        if request.POST.get("post") != "yes":
            return TemplateResponse(request, "admin/zonos/zonos_action_confirm.html", {
                **self.admin_site.each_context(request), "title": f"{ACTION_WORDS[action]}?", "opts": self.opts,
                "action": request.POST.get("action"), "action_words": ACTION_WORDS[action], "plan": plan,
                "acting": len(ids), "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "inline": len(ids) <= INLINE_LIMIT,
            })
        if not ids:
            self.message_user(request, gettext("Nothing to do: none of the selected orders needs this."),
                              messages.WARNING)
            return None
        actor = user_actor(request.user)
        ran = run_or_queue(total=len(ids), limit=INLINE_LIMIT, actor=actor, kind=in_english(ACTION_WORDS[action]),
                           task="orders.zonos.tasks.zonos_action_job", action=action, zonos_order_ids=ids,
                           run=lambda: zonos_orders_act(action=action, zonos_order_ids=ids, actor=actor))
        if ran.job:
            self.message_user(request, format_html(
                gettext("{action} of {count} orders runs on the queue: {job}."), action=ACTION_WORDS[action],
                count=len(ids), job=admin_link("admin:backoffice_job_change", ran.job.pk,
                                               gettext("job #%(number)s") % {"number": ran.job.pk}),
            ))
            return None
        for result in ran.result:
            self.message_user(request, stored_words(str(result)), messages.SUCCESS if result.ok else messages.ERROR)
        return None
