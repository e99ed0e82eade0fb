"""The fast path for the largest feed's items: a stock item read straight from its XML element.

`quantity_all` sends one small PRODUCT per model, tens of thousands of them, every 15 minutes; converting each
to the REST dict shape first (`parse.element_to_dict`) took as long as reading it. Here each item's children
are walked once, and plain values (ASCII text, digits) are read inline. An item of any other shape (a field
repeated, nested or in another casing) or a value that is not plain goes the general way, so both paths give
the same StockLevel or the same error; tests/suppliers/test_parse_feed.py checks that they do.
"""

from .parse import StockLevel, parse_stock
from .shapes import INTEGER_LIMIT, MODEL_LENGTH, STATUS_LENGTH, element_to_dict, integer, model_of, text

_STOCK_KEYS = {"products_model": "PRODUCTS_MODEL", "quantity": "QUANTITY", "shipping_status": "SHIPPING_STATUS"}


def _plain(value):
    """True for text that parse.text would return merely stripped: ASCII without NUL."""
    return value.isascii() and "\x00" not in value


def stock_from_element(element) -> StockLevel:
    """A QUANTITIES/PRODUCT element as parse.parse_stock(parse.element_to_dict(element)) reads it."""
    found = {}
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        key = _STOCK_KEYS.get(tag.casefold())
        if key is None:
            continue
        if key in found or len(child) or tag != key:  # repeated, nested or in another casing: the general way
            return parse_stock(element_to_dict(element))
        found[key] = child.text or ""
    model = found.get("PRODUCTS_MODEL", "").strip()
    if not (model and len(model) <= MODEL_LENGTH and _plain(model)):
        model = model_of(found)
    quantity = found.get("QUANTITY", "")
    digits = quantity.strip()
    if digits.isascii() and digits.isdigit() and int(digits) <= INTEGER_LIMIT:
        quantity = int(digits)
    else:
        quantity = integer(quantity, field="QUANTITY", model=model)
    status = found.get("SHIPPING_STATUS", "")
    status = status.strip() if _plain(status) else text(status)
    return StockLevel(model, quantity, status[:STATUS_LENGTH])
