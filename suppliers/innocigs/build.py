"""The dropship and standard order requests, built exactly as InnoCigs documents them, for either API.

XML goes through lxml's builder, so `&`, `<`, quotes and any Unicode arrive intact; a character XML cannot
carry raises ValueError here instead of reaching InnoCigs (the adapter's local checks refuse it first).
"""

from dataclasses import dataclass

from lxml import etree
from lxml.builder import E

from .fields import Party, receiver_party, sender_party


@dataclass(frozen=True)
class Line:
    model: str
    quantity: int


@dataclass(frozen=True)
class DropshipRequest:
    orders_number: str
    shipper: Party
    receiver: Party
    products: tuple[Line, ...]


@dataclass(frozen=True)
class StandardOrderRequest:
    """A restock order (InnoCigs' `order` command): one per request, to the shop's own address."""

    orders_number: str
    receiver: Party
    products: tuple[Line, ...]


def dropship_request(order, *, reference) -> DropshipRequest:
    lines = tuple(Line(line.sku.strip(), line.quantity) for line in order.lines.all())
    return DropshipRequest(reference, sender_party(), receiver_party(order), lines)


def _party_xml(tag, party: Party):
    return E(tag, *(E(name, value) for name, value in party.items()))


def _products_xml(products):
    return E.PRODUCTS(*(E.PRODUCT(E.PRODUCTS_MODEL(p.model), E.QUANTITY(str(p.quantity))) for p in products))


def _products_json(products):
    return [{"PRODUCTS_MODEL": p.model, "QUANTITY": p.quantity} for p in products]


def dropships_xml(dropships: list[DropshipRequest]) -> str:
    """One XML document carrying several DROPSHIP, for the `xml` POST parameter."""
    root = E.INNOCIGS_API_REQUEST(E.DROPSHIPPING(*(
        E.DROPSHIP(
            E.DATA(E.ORDERS_NUMBER(d.orders_number), _party_xml("SHIPPER", d.shipper),
                   _party_xml("RECEIVER", d.receiver)),
            _products_xml(d.products),
        )
        for d in dropships
    )))
    return etree.tostring(root, encoding="unicode")


def dropship_json(dropship: DropshipRequest) -> dict:
    """The REST body: one DROPSHIP as an object, PRODUCTS as a list."""
    return {"DROPSHIPPING": {"DROPSHIP": {
        "DATA": {
            "ORDERS_NUMBER": dropship.orders_number,
            "SHIPPER": dict(dropship.shipper.items()),
            "RECEIVER": dict(dropship.receiver.items()),
        },
        "PRODUCTS": _products_json(dropship.products),
    }}}


def standard_order_xml(order: StandardOrderRequest) -> str:
    root = E.INNOCIGS_API_REQUEST(E.ORDER(
        E.DATA(E.ORDERS_NUMBER(order.orders_number), _party_xml("RECEIVER", order.receiver)),
        _products_xml(order.products),
    ))
    return etree.tostring(root, encoding="unicode")


def standard_order_json(order: StandardOrderRequest) -> dict:
    return {"ORDER": {
        "DATA": {"ORDERS_NUMBER": order.orders_number, "RECEIVER": dict(order.receiver.items())},
        "PRODUCTS": _products_json(order.products),
    }}
