"""InnoCigs catalogue commands of the sandbox: stock (more to come: prices, products, pending)."""

from .innocigs import InnocigsFault, command

STOCK = {"12M100L10-BG-0": (220, "Sofort lieferbar"), "IC10000AIO-10": (155, "Sofort lieferbar")}


@command("quantity")
def quantity(request, params, model, api):
    if model not in STOCK:
        raise InnocigsFault("30003")
    stock, status = STOCK[model]
    return {"QUANTITIES": {"PRODUCT": [{"PRODUCTS_MODEL": model, "QUANTITY": stock, "SHIPPING_STATUS": status}]}}
