"""An order's lines on its page, editable while the order is open."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.admin import admin_link
from orders.forms import OrderLineForm
from orders.models import OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    form = OrderLineForm
    extra = 0
    fields = ["sku", "product_link", "stock", "name", "quantity", "unit_price", "vat_rate", "weight_grams", "ean",
              "country_of_origin"]
    readonly_fields = ["product_link", "stock"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")

    @admin.display(description=gettext_lazy("product"))
    def product_link(self, line):
        if not line.product_id:
            return _("not in the catalogue")
        return admin_link("admin:suppliers_product_change", line.product_id, line.product.name or line.product.model)

    @admin.display(description=gettext_lazy("stock now"))
    def stock(self, line):
        if not line.product_id:
            return "–"
        status = f" ({line.product.shipping_status})" if line.product.shipping_status else ""
        return f"{line.product.stock_quantity}{status}"

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.is_open() and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and obj.is_open() and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.is_open() and super().has_delete_permission(request, obj)
