"""An order's addresses in the admin, changed from the order's page while it is open."""

from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from backoffice.actors import user_actor
from orders.forms import AddressForm
from orders.models import Order
from orders.services.history import order_note


class AddressAdmin(admin.ModelAdmin):
    """Reached from an open order's page only (it is not on the admin index)."""

    form = AddressForm

    def get_model_perms(self, request):
        return {}

    def _orders(self, address):
        return Order.objects.filter(Q(shipping_address=address) | Q(billing_address=address))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # An address is part of its order: whoever may change orders may change their addresses, while open.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("orders.view_order") or request.user.has_perm("orders.change_order")

    def has_change_permission(self, request, obj=None):
        allowed = request.user.has_perm("orders.change_order")
        return allowed and (obj is None or all(order.is_open() for order in self._orders(obj)))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for order in self._orders(obj):
            order_note(order_id=order.pk, actor=user_actor(request.user),
                       note=f"address changed: {', '.join(form.changed_data) or 'nothing'}")

    def response_change(self, request, obj):
        order = self._orders(obj).first()
        if order is None:
            return super().response_change(request, obj)
        self.message_user(request, _("The address was changed."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order.pk]))
