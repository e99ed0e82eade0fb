"""MeinEinkauf's property names (e.g. `invoiceAddress.zip`) → the order's fields staff can correct
(`billing_address.postcode`)."""

import re

from shipping.meineinkauf.mapping import order_lines

ADDRESS_FIELDS = {
    "company": "company", "firstName": "first_name", "lastName": "last_name", "street": "street",
    "houseNumber": "house_number", "addressLine": "street", "additionalAddressLine": "address_line2",
    "zip": "postcode", "city": "city", "country": "country", "state": "county",
}
ARTICLE_FIELDS = {
    "articleNumber": "sku", "name": "name", "quantity": "quantity", "grossWeight": "weight_grams",
    "grossPrice": "unit_price", "vatRate": "vat_rate", "countryOfOrigin": "country_of_origin", "attributes": "ean",
    "externalId": "sku",
}
ORDER_FIELDS = {
    "orderNumber": "number", "externalId": "number", "orderDate": "placed_at", "currency": "currency",
    "paymentType": "payment_type", "grossSum": "total", "customer": "email", "shippingCost": "shipping_cost",
}


def _tokens(prop):
    """'consignments[0].articles[1].vatRate' or 'consignments.0.articles.1.vatRate' → ['consignments', 0, …]."""
    return [int(t) if t.isdigit() else t for t in re.findall(r"[A-Za-z_]\w*|\d+", prop or "")]


def _line_field(lines, index, attribute):
    if isinstance(index, int) and 0 <= index < len(lines):
        return f"lines[{lines[index].sku or index}].{attribute}"
    return f"lines.{attribute}"


def shop_field(prop, order) -> str:
    """The order field MeinEinkauf's `property` refers to, in the shop's terms; unknown ones as they came."""
    tokens = _tokens(prop)
    if not tokens:
        return ""
    head, rest = tokens[0], tokens[1:]
    if head in ("invoiceAddress", "shippingAddress"):
        if head == "invoiceAddress":
            owner = "billing_address" if order.billing_address_id else "shipping_address"
        else:
            owner = "shipping_address"
        if rest and rest[0] == "telephone":
            return "phone"
        return f"{owner}.{ADDRESS_FIELDS[rest[0]]}" if rest and rest[0] in ADDRESS_FIELDS else owner
    if head == "consignments":
        articles, _ = order_lines(order)
        if len(rest) >= 3 and rest[1] == "articles":
            attribute = ARTICLE_FIELDS.get(rest[3], rest[3]) if len(rest) > 3 else ""
            return _line_field(articles, rest[2], attribute) if attribute else _line_field(articles, rest[2], "sku")
        if len(rest) >= 2 and rest[1] == "tracking":
            return "shipments.tracking_code"
        if len(rest) >= 2 and rest[1] == "grossWeight":
            return "lines.weight_grams"
        return "lines"
    if head == "discounts":
        _, discounts = order_lines(order)
        return _line_field(discounts, rest[0] if rest else None, "unit_price")
    return ORDER_FIELDS.get(head, prop)
