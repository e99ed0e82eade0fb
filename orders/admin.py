"""Orders in the admin: the list, the order page with its panels, the import page, and the partner actions.

The partner actions are generic: each names a partner, and the adapter its PartnerSpec names
(`orders.adapters.adapter_paths`) does the partner's part through the one submission lifecycle. The actions are
those of the partners registered, so the admin works with whatever partners are installed.

Beside it: the list filters (list_filters.py), the lines (admin_lines.py), the addresses (admin_address.py),
the import page (admin_import.py) and the list's columns (list_columns.py).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from backoffice.actors import acting_as, user_actor
from backoffice.cells import cut
from backoffice.counting import CappedPaginator
from backoffice.jobs import run_or_queue
from backoffice.registry import partner_specs
from backoffice.stored_texts import in_english
from backoffice.words import stored_words
from orders.adapters import adapter_for
from orders.admin_address import AddressAdmin
from orders.admin_import import import_urls
from orders.admin_lines import OrderLineInline
from orders.forms import OrderForm
from orders.list_columns import OrderListColumns, export_orders_csv, with_list_figures
from orders.list_filters import (
    BetweenLegsFilter,
    JobNeedsWorkFilter,
    PartnerOutcomeFilter,
    ReferencePendingFilter,
    SubmittableFilter,
)
from orders.models import Address, Order, OrderLine, Submission
from orders.order_header import order_header
from orders.panels import link_or_empty, panels_for
from orders.partner_actions import partner_actions
from orders.selectors import (
    order_list_queryset,
    orders_search,
    submission_exchanges,
    submission_preview,
    unknown_submissions,
)
from orders.services.closing import CannotMarkDelivered, order_mark_delivered
from orders.services.history import order_note
from orders.services.lines import order_lines_save
from orders.services.outcomes import outcomes_summary, result_line
from orders.services.reconciling import submissions_reconcile
from orders.services.submissions import NotYet, orders_submit, submission_release, submission_settleable

S = Submission.State
DIRECT_LIMIT = 20  # up to this many orders are handled while the page waits; more run on the queue as a job
CONFIRM_LIMIT = 500  # the most orders one action takes (and one confirmation page posts back)
# Partner actions are offered on the order list and on each order's page.
BOTH_PLACES = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]
MESSAGE_LEVELS = {S.ACCEPTED: messages.SUCCESS, S.TEST_OK: messages.SUCCESS, S.READY: messages.INFO,
                  S.REFUSED: messages.ERROR, S.UNKNOWN: messages.ERROR, "not_sent": messages.ERROR}


def on_order_page(request):
    """True for a request to an order's page. Django runs that page's actions inside the change form's
    transaction, so a partner action there only shows the confirmation, which posts to the list."""
    match = request.resolver_match
    return match is not None and match.url_name == "orders_order_change"


def _tracking_link(shipment):
    url = link_or_empty(shipment.tracking_url)
    text = shipment.tracking_code or shipment.carrier or "parcel"
    if not url:
        return cut(text, width="s")
    return format_html('<a href="{}" rel="noopener noreferrer" target="_blank" title="{}">{}</a>', url, text, text)


@admin.register(Order)
class OrderAdmin(OrderListColumns, admin.ModelAdmin):
    list_display = ["number", "placed_at", "customer", "country", "route_words", "status", "partner_outcome",
                    "reason", "total", "tracking"]  # the partner reference: searched, exported, on the order page
    list_filter = ["status", "route", JobNeedsWorkFilter, PartnerOutcomeFilter, SubmittableFilter, BetweenLegsFilter,
                   ReferencePendingFilter, "placed_at"]
    # What the search matches is orders_search's job (indexed at any size); these name it for the search box.
    search_fields = ["number", "partner_reference", "zonos_order_id", "email", "shipping_address__last_name",
                     "shipping_address__first_name"]
    search_help_text = gettext_lazy("Order number, partner reference, Zonos id, customer email, or first or last name.")
    show_full_result_count = False
    paginator = CappedPaginator
    list_per_page = 50  # a row costs ~0.4 ms to render; 100 rows per page halve what 2 CPUs serve at once
    # Indexed; sorting 200,000 orders by a name would read them all.
    sortable_by = ["number", "placed_at", "status", "route_words"]
    list_select_related = ["shipping_address"]
    form = OrderForm
    actions = ["reconcile_unknown", export_orders_csv]
    inlines = [OrderLineInline]
    change_form_template = "admin/orders/order/change_form.html"

    class Media:
        css = {"all": ["backoffice/lists.css"]}

    fieldsets = [
        (None, {"fields": ["number", "placed_at", "route", "status", "partner_outcome", "partner_reference",
                           "zonos_order_id"]}),
        (gettext_lazy("Customer"), {"fields": ["shipping_address_block", "billing_address_block", "email", "phone",
                                               "birthday"]}),
        (gettext_lazy("Payment and totals"), {"fields": ["currency", "payment_type", "shipping_cost",
                                                         "cash_on_delivery",
                                           "totals"]}),
    ]
    readonly_fields = ["number", "placed_at", "status", "partner_outcome", "partner_reference", "zonos_order_id",
                       "shipping_address_block", "billing_address_block", "totals"]

    def get_queryset(self, request):
        return with_list_figures(order_list_queryset(super().get_queryset(request)))

    def get_inlines(self, request, obj):
        # What a partner keeps of an order in its own tables (Innoship's courier options), from its PartnerSpec.
        partners = [import_string(path) for spec in partner_specs() for path in spec.order_inlines]
        return [*super().get_inlines(request, obj), *partners]

    def get_search_results(self, request, queryset, search_term):
        return orders_search(queryset, search_term), False

    def get_urls(self):
        return [
            *import_urls(self),
            path("<int:order_id>/decide/<int:submission_id>/", self.admin_site.admin_view(self.decide_view),
                 name="orders_order_decide"),
            path("<int:order_id>/delivered/", self.admin_site.admin_view(self.mark_delivered_view),
                 name="orders_order_mark_delivered"),
            *super().get_urls(),
        ]

    # --- permissions: orders arrive by import; a partner's order is never edited or deleted here ---

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_open())

    def has_reconcile_submissions_permission(self, request):
        return request.user.has_perm("orders.reconcile_submissions")

    # --- the list ---

    @admin.display(description=gettext_lazy("customer"), ordering="shipping_address__last_name")
    def customer(self, order):
        return cut(order.shipping_address.full_name, width="m")

    @admin.display(description=gettext_lazy("route"), ordering="route")
    def route_words(self, order):
        return cut(order.get_route_display(), width="s")

    @admin.display(description=gettext_lazy("partner outcome"), ordering="submission_state")
    def partner_outcome(self, order):
        return S(order.submission_state).label if order.submission_state in S.values else "–"

    @admin.display(description=gettext_lazy("tracking"))
    def tracking(self, order):
        """Each parcel's code, linked to its carrier's page (cut by the list's CSS when long)."""
        shipments = getattr(order, "listed_shipments", None)
        if shipments is None:
            shipments = order.shipments.all()
        if not shipments:
            return "–"
        return format_html_join(", ", "{}", ((_tracking_link(s),) for s in shipments))

    # --- the order page ---

    def _address(self, order, address, *, empty):
        if address is None:
            return empty
        lines = [address.company, address.full_name, address.street_address, address.address_line2,
                 f"{address.postcode} {address.city}", address.county, address.country]
        block = format_html_join("", "{}<br>", ((line,) for line in lines if line))
        if order.is_open():
            return format_html('{}<a href="{}">{}</a>', block,
                               reverse("admin:orders_address_change", args=[address.pk]), _("Change address"))
        return block

    @admin.display(description=gettext_lazy("shipping address"))
    def shipping_address_block(self, order):
        return self._address(order, order.shipping_address, empty="–")

    @admin.display(description=gettext_lazy("billing address"))
    def billing_address_block(self, order):
        return self._address(order, order.billing_address, empty=_("same as the shipping address"))

    @admin.display(description=gettext_lazy("totals"))
    def totals(self, order):
        amount = ExpressionWrapper(F("unit_price") * F("quantity"), output_field=DecimalField())
        lines = order.lines.aggregate(total=Sum(amount))["total"] or 0
        total = lines + order.shipping_cost
        text = _("lines %(lines).2f + shipping %(shipping).2f = %(total).2f %(currency)s") % {
            "lines": lines, "shipping": order.shipping_cost, "total": total, "currency": order.currency}
        if order.cash_on_delivery:
            text += _("; cash on delivery %(amount).2f %(currency)s") % {
                "amount": order.cash_on_delivery, "currency": order.currency}
        return text

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["header"] = order_header(obj, request)
            context["panels"] = panels_for(obj, request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not OrderLine:
            return super().save_formset(request, form, formset, change)
        order_lines_save(lines=formset.save(commit=False), deleted=formset.deleted_objects)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = list(form.changed_data)
        for formset in formsets:
            if formset.has_changed():
                changed += (["lines"] if formset.model is OrderLine else
                            [name for each in formset.forms for name in each.changed_data])
        if changed:
            order_note(order_id=form.instance.pk, actor=user_actor(request.user),
                       note=f"changed on the order page: {', '.join(changed)}")

    # --- partner actions ---

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        offered = {}
        for spec in partner_actions():
            if request.user.has_perm(f"orders.{spec.name}"):
                offered[spec.name] = admin.Action(func=_partner_action(spec), name=spec.name, description=spec.label,
                                                  plural_description=spec.label, locations=BOTH_PLACES)
        return {**offered, **actions}

    def _too_many(self, request, label, count):
        self.message_user(request, _("%(action)s: at most %(limit)s orders at a time (%(count)s selected). Narrow "
                                     "the list with its filters first.") % {"action": label, "limit": CONFIRM_LIMIT,
                                                                             "count": count}, messages.ERROR)

    def submit_to_partner(self, request, queryset, spec):
        if not request.user.has_perm(f"orders.{spec.name}"):
            raise PermissionDenied
        count = queryset.count()
        if count > CONFIRM_LIMIT:
            return self._too_many(request, spec.label, count)
        if request.POST.get("post") == "yes" and not on_order_page(request):
            return self._send(request, queryset, spec)
        rows = submission_preview(queryset, adapter_for(spec.partner))
        sendable = [row for row in rows if row.sendable]
        context = {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": _("%(partner)s: what will be sent") % {"partner": spec.label},
            "spec": spec, "sendable": sendable, "blocked": [row for row in rows if not row.sendable],
            "queued": len(sendable) > DIRECT_LIMIT,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "media": self.media,
        }
        return TemplateResponse(request, "admin/orders/order/submit_confirmation.html", context)

    def _send(self, request, queryset, spec):
        actor = user_actor(request.user)
        order_ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        ran = run_or_queue(total=len(order_ids), limit=DIRECT_LIMIT, actor=actor, kind=in_english(spec.label),
                           task="orders.tasks.submit_orders_job", order_ids=order_ids, partner=spec.partner,
                           run=lambda: orders_submit(orders=queryset.order_by("pk"), partner=spec.partner,
                                                     actor=actor))
        if ran.job:
            return HttpResponseRedirect(reverse("admin:backoffice_job_change", args=[ran.job.pk]))
        results = ran.result
        for result in results:
            self.message_user(request, result_line(result), MESSAGE_LEVELS.get(result.state, messages.WARNING))
        self.message_user(request, _("%(partner)s: %(outcomes)s.") % {
            "partner": spec.label, "outcomes": outcomes_summary(r.state for r in results)}, messages.INFO)
        return None

    @admin.action(description=gettext_lazy("Reconcile unknown outcomes with the partner"),
                  permissions=["reconcile_submissions"],
                  location=BOTH_PLACES)
    def reconcile_unknown(self, request, queryset):
        submission_ids = list(unknown_submissions(queryset).values_list("pk", flat=True)[: CONFIRM_LIMIT + 1])
        if not submission_ids:
            self.message_user(request, _("None of the selected orders has a submission with an unknown outcome."),
                              messages.WARNING)
            return None
        if len(submission_ids) > CONFIRM_LIMIT:
            return self._too_many(request, _("Reconcile"), len(submission_ids))
        if on_order_page(request):
            context = {**self.admin_site.each_context(request), "title": _("Reconcile with the partner"),
                       "opts": self.opts, "submissions": Submission.objects.filter(pk__in=submission_ids)
                       .select_related("order"), "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME}
            return TemplateResponse(request, "admin/orders/order/reconcile_confirmation.html", context)
        actor = user_actor(request.user)
        ran = run_or_queue(total=len(submission_ids), limit=DIRECT_LIMIT, actor=actor,
                           kind=N_("Reconcile unknown outcomes"), task="orders.tasks.reconcile_submissions_job",
                           submission_ids=submission_ids,
                           run=lambda: submissions_reconcile(actor=actor, submission_ids=submission_ids))
        if ran.job:
            return HttpResponseRedirect(reverse("admin:backoffice_job_change", args=[ran.job.pk]))
        for result in ran.result:
            self.message_user(request, stored_words(str(result)), MESSAGE_LEVELS.get(result.state, messages.WARNING))
        return None

    def decide_view(self, request, order_id, submission_id):
        """A person settles an unknown outcome the partner's data cannot: "the partner never received it"."""
        if not request.user.has_perm("orders.reconcile_submissions"):
            raise PermissionDenied
        submission = Submission.objects.select_related("order").filter(pk=submission_id, order_id=order_id).first()
        if submission is None or submission.state != S.UNKNOWN:
            self.message_user(request, _("That submission no longer waits for a decision."), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order_id]))
        if request.method == "POST":
            actor = user_actor(request.user)
            try:
                with acting_as(actor):
                    submission_release(submission=submission, actor=actor, note=request.POST.get("note", "")[:500])
            except NotYet as exc:
                self.message_user(request, _("%(number)s: not yet: %(reason)s.") % {
                    "number": submission.order.number, "reason": exc}, messages.ERROR)
            else:
                self.message_user(request, _("%(number)s: may be sent again. Send it from the order list when you "
                                             "are sure the partner does not have it.") % {
                                                 "number": submission.order.number}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order_id]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(number)s: did the partner get it?") % {"number": submission.order.number},
            "opts": self.opts, "submission": submission, "settleable": submission_settleable(submission),
            "exchanges": submission_exchanges(submission),
        }
        return TemplateResponse(request, "admin/orders/order/decide.html", context)


    def mark_delivered_view(self, request, order_id):
        """Staff close an order as delivered when no carrier will say so, with a note on how they know."""
        order = Order.objects.filter(pk=order_id).first()
        if order is None:
            raise Http404
        if not request.user.has_perm("orders.change_order"):
            raise PermissionDenied
        error = ""
        if request.method == "POST":
            actor = user_actor(request.user)
            try:
                with acting_as(actor):
                    order_mark_delivered(order=order, actor=actor, note=request.POST.get("note", ""))
            except CannotMarkDelivered as exc:
                error = str(exc)
            else:
                self.message_user(request, _("%(number)s: marked delivered.") % {"number": order.number},
                                  messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order_id]))
        context = {**self.admin_site.each_context(request), "opts": self.opts, "order": order, "error": error,
                   "title": _("%(number)s: mark as delivered") % {"number": order.number},
                   "note": request.POST.get("note", "")}
        return TemplateResponse(request, "admin/orders/order/mark_delivered.html", context)


def _partner_action(spec):
    def action(modeladmin, request, queryset):
        return modeladmin.submit_to_partner(request, queryset, spec)

    action.__name__ = spec.name
    return action


admin.site.register(Address, AddressAdmin)
