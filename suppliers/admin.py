"""The catalogue in the admin: products with stock, prices and margin; stock history; backorders; sync runs.

Everything here comes from InnoCigs, so nothing is edited by hand. Refresh actions call the same services as the
commands and schedules; a large selection goes to the queue as a job.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join, linebreaks, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_noop as N_

from backoffice.actors import user_actor
from backoffice.admin import IndexedValuesFilter, ReadOnly, admin_link
from backoffice.cells import ROWS_PER_PAGE, PlainActionCheckbox, cut_column
from backoffice.counting import CappedPaginator
from backoffice.csv_export import Column, csv_export_action
from backoffice.errors import PartnerError
from backoffice.jobs import run_or_queue
from backoffice.registry import partner_explain
from backoffice.stored_texts import in_english
from backoffice.words import stored_words
from suppliers.attributes import attribute_name
from suppliers.charts import DEFAULT_DAYS, chart_choice, chart_days, stock_chart_svg
from suppliers.models import BackorderItem, Product, StockSnapshot, SyncRun
from suppliers.selectors import (
    margin,
    open_backorders,
    product_ids_for_model,
    products_search,
    stock_history,
    stock_state,
    stock_state_q,
)
from suppliers.services import SyncBusy, prices_sync, stock_sync

# A job's kind is stored in English and said in the reader's language on its page (backoffice.stored_texts).
_REFRESH_KINDS = {
    ("stock", 1): N_("Refresh stock of 1 product"), ("stock", 2): N_("Refresh stock of %(count)s products"),
    ("prices", 1): N_("Refresh prices of 1 product"), ("prices", 2): N_("Refresh prices of %(count)s products"),
}
REFRESH_QUEUED = {"stock": gettext_lazy("The stock of {count} products is refreshed on the queue.{job}"),
                  "prices": gettext_lazy("The prices of {count} products are refreshed on the queue.{job}")}
REFRESHED = {"stock": gettext_lazy("Stock refreshed: %(summary)s"),
             "prices": gettext_lazy("Prices refreshed: %(summary)s")}


def refresh_kind(what, count):
    return in_english(_REFRESH_KINDS[what, min(count, 2)] % {"count": count})


class StockStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("stock")
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("in", "in stock"), ("low", f"low (1-{settings.INNOCIGS_LOW_STOCK})"), ("out", "out of stock")]

    def queryset(self, request, queryset):
        return queryset.filter(stock_state_q(self.value())) if self.value() else queryset


class ActiveFilter(admin.SimpleListFilter):
    title = gettext_lazy("in the InnoCigs catalogue")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("active", "active"), ("gone", "gone")]

    def queryset(self, request, queryset):
        if self.value() in ("active", "gone"):
            return queryset.filter(active=self.value() == "active")
        return queryset


def _money(value):
    return "–" if value is None else f"{value:.2f} €"


def _job_link(job):
    return format_html(" {}", admin_link("admin:backoffice_job_change", job.pk,
                                         gettext("Follow it on the job's page.")))


@admin.register(Product)
class ProductAdmin(PlainActionCheckbox, ReadOnly, admin.ModelAdmin):
    list_display = ["model_cell", "name_cell", "manufacturer_cell", "stock_display", "purchase_display",
                    "recommended_display", "margin_display", "active"]
    list_display_links = ["model_cell", "name_cell"]
    list_filter = [ActiveFilter, StockStateFilter, ("manufacturer", IndexedValuesFilter),
                   ("category_path", IndexedValuesFilter)]
    # What the search matches is products_search's job (indexed but for the name); these name it for the box.
    search_fields = ["model", "ean", "name"]
    search_help_text = gettext_lazy("The start of a model number, an exact EAN, or part of the name.")
    list_per_page = ROWS_PER_PAGE
    show_full_result_count = False
    paginator = CappedPaginator
    show_facets = admin.ShowFacets.NEVER  # counting every filter option over the whole catalogue is slow
    actions = ["refresh_stock", "refresh_prices", "export_csv"]

    class Media:
        css = {"all": ["backoffice/lists.css"]}
    fieldsets = [
        (None, {"fields": ["model", "name", "parent_name", "master", "ean", "manufacturer", "category_path",
                           "active", "first_seen", "last_seen"]}),
        (gettext_lazy("Stock"), {"fields": ["stock_display", "shipping_status", "stock_changed_at", "stock_chart",
                              "backorders"]}),
        (gettext_lazy("Prices"), {"fields": ["purchase_display", "recommended_display", "margin_display",
                                             "price_tiers_table",
                               "other_units_table"]}),
        (gettext_lazy("Details"), {"fields": ["vpe_display", "attributes_table", "images", "manual_url",
                                              "description_display",
                                "composition"]}),
        (gettext_lazy("Hazard labelling (CLP)"), {"fields": ["clp_display"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [name for _, section in self.fieldsets for name in section["fields"]]

    def get_object(self, request, object_id, from_field=None):
        product = super().get_object(request, object_id, from_field)
        if product is not None:
            product.chart_days = chart_days(request.GET.get("days"))  # the stock chart's window, from its links
        return product
    def get_search_results(self, request, queryset, search_term):
        return products_search(queryset, search_term), False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False,
                 **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    # --- list columns ---

    model_cell = cut_column("model", gettext_lazy("model"), width="s")
    name_cell = cut_column("name", gettext_lazy("name"), width="l")
    manufacturer_cell = cut_column("manufacturer", gettext_lazy("manufacturer"), width="s")

    @admin.display(description=gettext_lazy("stock"), ordering="stock_quantity")
    def stock_display(self, obj):
        state = stock_state(obj)
        return format_html('<span class="stock-{}" title="{}">{}</span>', state, obj.shipping_status or state,
                           obj.stock_quantity)

    @admin.display(description=gettext_lazy("purchase price"), ordering="purchase_price")
    def purchase_display(self, obj):
        return _money(obj.purchase_price)

    @admin.display(description=gettext_lazy("RRP"), ordering="recommended_price")
    def recommended_display(self, obj):
        return _money(obj.recommended_price)

    @admin.display(description=f"margin (net of {settings.SHOP_VAT_PERCENT} % VAT)")
    def margin_display(self, obj):
        value = margin(obj)
        return "–" if value is None else f"{value} %"

    # --- the product page ---

    @admin.display(description=gettext_lazy("stock history"))
    def stock_chart(self, obj):
        history = reverse("admin:suppliers_stocksnapshot_changelist") + f"?product__id__exact={obj.pk}"
        days = getattr(obj, "chart_days", DEFAULT_DAYS)
        page = reverse("admin:suppliers_product_change", args=[obj.pk])
        return format_html('<div id="stock-chart"><p class="chart-days">{}</p>{}<p><a href="{}">{}</a></p></div>',
                           chart_choice(page, days), stock_chart_svg(stock_history(obj, days=days), days=days),
                           history, gettext("Every recorded change"))

    @admin.display(description=gettext_lazy("open backorders"))
    def backorders(self, obj):
        items = open_backorders(obj)
        if not items:
            return "none"
        return format_html_join(mark_safe("<br>"), "{} pieces in InnoCigs order {}: {}",
                                ((i.quantity, i.orders_id, i.shipping_status) for i in items))

    @admin.display(description=gettext_lazy("graduated prices"))
    def price_tiers_table(self, obj):
        rows = [(t.min_quantity, _money(t.price)) for t in obj.price_tiers.all()]
        return _table(["from pieces", "price each"], rows)

    @admin.display(description=gettext_lazy("other packaging units"))
    def other_units_table(self, obj):
        rows = [(u.model, u.package_size or "?", _money(u.price),
                 "–" if u.price_per_unit is None else f"{u.price_per_unit:.4f} €") for u in obj.other_units.all()]
        return _table(["model", "pieces", "price", "per piece"], rows)

    @admin.display(description=gettext_lazy("VPE (content)"))
    def vpe_display(self, obj):
        return f"{obj.vpe_content.normalize():f} {obj.vpe_unit}" if obj.vpe_content is not None else "–"

    @admin.display(description=gettext_lazy("attributes"))
    def attributes_table(self, obj):
        return _table(["attribute", "value"], sorted(obj.attributes.items()))

    @admin.display(description=gettext_lazy("images"))
    def images(self, obj):
        if not obj.image_urls:
            return "–"
        return format_html_join(mark_safe("<br>"), '<a href="{}" rel="noreferrer">{}</a>',
                                ((url, url.rsplit("/", 1)[-1]) for url in obj.image_urls))

    @admin.display(description=gettext_lazy("description"))
    def description_display(self, obj):
        # InnoCigs' description is HTML from a third party: shown as text, never as markup.
        if not obj.description:
            return "–"
        return mark_safe(linebreaks(strip_tags(obj.description), autoescape=True))  # noqa: S308 - escaped here

    @admin.display(description=gettext_lazy("hazard labelling"))
    def clp_display(self, obj):
        # A legal label: each value is shown exactly as InnoCigs sent it, under a name in words.
        if not obj.clp_infos:
            return gettext("InnoCigs sent no hazard labelling for {product}. If it contains nicotine, ask InnoCigs "
                           "for its safety data sheet before selling it.").format(product=obj.model)
        rows = [(CLP_LABELS.get(key.upper()) or attribute_name(key), value) for key, value in obj.clp_infos]
        return _table([gettext("part of the label"), gettext("as InnoCigs sent it")], rows)

    # --- actions ---

    export_csv = csv_export_action([
        Column(gettext_lazy("Model"), lambda p: p.model),
        Column(gettext_lazy("Name"), lambda p: p.name),
        Column(gettext_lazy("Manufacturer"), lambda p: p.manufacturer),
        Column(gettext_lazy("EAN"), lambda p: p.ean),
        Column(gettext_lazy("Stock"), lambda p: p.stock_quantity),
        Column(gettext_lazy("Delivery status at InnoCigs"), lambda p: p.shipping_status),
        Column(gettext_lazy("Purchase price (EUR)"), lambda p: p.purchase_price),
        Column(gettext_lazy("Recommended retail price (EUR)"), lambda p: p.recommended_price),
        Column(gettext_lazy("Margin (%)"), margin),
        Column(gettext_lazy("In the InnoCigs catalogue"), lambda p: p.active),
    ], name="products")

    def has_sync_catalogue_permission(self, request):
        return request.user.has_perm("suppliers.sync_catalogue")

    @admin.action(description=gettext_lazy("Refresh stock now"), permissions=["sync_catalogue"])
    def refresh_stock(self, request, queryset):
        self._refresh(request, queryset, "stock", stock_sync)

    @admin.action(description=gettext_lazy("Refresh prices now"), permissions=["sync_catalogue"])
    def refresh_prices(self, request, queryset):
        self._refresh(request, queryset, "prices", prices_sync)

    def _refresh(self, request, queryset, what, sync):
        actor = user_actor(request.user)
        products = dict(queryset.values_list("pk", "model"))
        try:
            ran = run_or_queue(total=len(products), limit=settings.INNOCIGS_DIRECT_REFRESH_LIMIT, actor=actor,
                               kind=refresh_kind(what, len(products)),
                               task="suppliers.tasks.refresh_job_task", what=what, product_ids=list(products),
                               run=lambda: sync(models=list(products.values()), actor=actor))
        except SyncBusy as exc:
            busy = gettext("%(reason)s Try again in a minute.") % {"reason": stored_words(str(exc))}
            self.message_user(request, busy, messages.WARNING)
            return
        except PartnerError as exc:
            explanation = partner_explain(exc.partner, exc.code)
            hint = f" {stored_words(explanation.english)} {stored_words(explanation.next_step)}" if explanation else ""
            self.message_user(request, gettext("Nothing was changed. InnoCigs: %(reason)s") % {"reason": exc.message}
                              + hint, messages.ERROR)
            return
        if ran.job:
            self.message_user(request, format_html(REFRESH_QUEUED[what], count=len(products),
                                                   job=_job_link(ran.job)), messages.INFO)
            return
        result = ran.result
        self.message_user(request, REFRESHED[what] % {"summary": stored_words(result.summary())}, messages.SUCCESS)
        for note in result.notes:
            self.message_user(request, stored_words(note), messages.WARNING)


# The keys of CLP_INFOS the reference names ("Produktabfrage Master Produkte": MSDS_CODES, MSDS_GHS_SYMBOL,
# EUH208_CONTENT), in words; EUH208 is the CLP regulation's statement "Contains <sensitiser>. May produce an
# allergic reaction."
CLP_LABELS = {
    "MSDS_CODES": gettext_lazy("Hazard codes (safety data sheet)"),
    "MSDS_GHS_SYMBOL": gettext_lazy("GHS pictograms"),
    "EUH208_CONTENT": gettext_lazy("Allergy notice (EUH208): contains"),
}


def _table(headers, rows):
    if not rows:
        return "–"
    head = format_html_join("", "<th>{}</th>", ((h,) for h in headers))
    body = format_html_join("", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),)
                                                for row in rows))
    return format_html('<table class="catalogue-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
                       head, body)


@admin.register(StockSnapshot)
class StockSnapshotAdmin(PlainActionCheckbox, ReadOnly, admin.ModelAdmin):
    list_display = ["taken_at", "product_link", "quantity", "shipping_status"]
    list_select_related = ["product"]
    search_fields = ["=product__model"]
    search_help_text = gettext_lazy("Exact model number.")
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedPaginator
    list_per_page = 100
    ordering = ["-id"]  # ids follow time (see the model); sorting millions by taken_at is not needed

    def has_change_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # The model number is looked up first, so the database walks one product's snapshots, never all of them.
        if not search_term.strip():
            return queryset, False
        return queryset.filter(product_id__in=product_ids_for_model(search_term)), False

    @admin.display(description=gettext_lazy("product"))
    def product_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:suppliers_product_change", args=[obj.product_id]),
                           obj.product.model)


class BackorderStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "not shipped yet"), ("resolved", "left the feed")]

    def queryset(self, request, queryset):
        if self.value() in ("open", "resolved"):
            return queryset.filter(resolved_at__isnull=self.value() == "open")
        return queryset


@admin.register(BackorderItem)
class BackorderItemAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["orders_id", "model", "product_link", "quantity", "shipping_status", "first_seen", "resolved_at"]
    list_filter = [BackorderStateFilter]
    list_select_related = ["product"]
    search_fields = ["orders_id", "model", "=ean"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("product"))
    def product_link(self, obj):
        if obj.product_id is None:
            return "not in the catalogue"
        return format_html('<a href="{}">{}</a>', reverse("admin:suppliers_product_change", args=[obj.product_id]),
                           obj.product.name or obj.product.model)


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["started_at", "kind", "scope_short", "api", "status", "created", "updated", "unchanged",
                    "deactivated", "skipped", "seconds_display", "triggered_by", "error_short"]
    list_filter = ["kind", "status", "api"]
    show_full_result_count = False
    fields = ["kind", "scope", "api", "status", "started_at", "finished_at", "created", "updated", "unchanged",
              "deactivated", "skipped", "error_code", "error", "triggered_by"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("scope"))
    def scope_short(self, obj):
        return obj.scope if len(obj.scope) <= 40 else obj.scope[:39] + "…"

    @admin.display(description=gettext_lazy("seconds"))
    def seconds_display(self, obj):
        return "–" if obj.seconds is None else f"{obj.seconds:.1f}"

    @admin.display(description=gettext_lazy("error"))
    def error_short(self, obj):
        return stored_words(obj.error)[:120]
