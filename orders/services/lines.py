"""Order lines as staff edit them on the order page."""

from django.db import transaction

from suppliers.selectors import product_ids_by_model


def order_lines_save(*, lines, deleted=()):
    """Saves edited `lines`, each linked to the catalogue product of its SKU (none for an SKU not in the
    catalogue), and deletes the `deleted` ones."""
    products = product_ids_by_model(line.sku for line in lines)
    with transaction.atomic():
        for line in lines:
            line.product_id = products.get(line.sku)
            line.save()
        for line in deleted:
            line.delete()
