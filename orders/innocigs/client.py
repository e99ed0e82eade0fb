"""The InnoCigs orders client: dropship, standard order, tracking and delivery notes, through either API.

It sends through the shared InnocigsTransport (authentication, test mode, the top-level ERRORS block) and
returns the frozen dataclasses of `parse`. Which top-level codes mean "nothing was processed" and which
mean "InnoCigs may already have it" is decided here, so callers only see typed errors.
"""

from datetime import date
from urllib.parse import quote

from backoffice.errors import PartnerError, PartnerOutcomeUnknown
from suppliers.innocigs.transport import InnocigsClientBase

from . import build, parse

# InnoCigs may already hold the order or request these codes refer to: only its own data can tell.
ALREADY_RECEIVED = frozenset({"20000", "20011"})
# The account's sender is invalid ("Fehlercodes": 10005,10006 "Ungültiger Versender", dropship and order): every
# dropship of the request carries the same sender, so none of them was placed.
ACCOUNT_LEVEL = frozenset({"10005", "10006"})
# Codes that refuse the whole request (login, XML, account, limits, access): nothing was processed.
BATCH_LEVEL = frozenset({"10000", "10001", "10007", "10008", "50000", "50001", "50003", "50004"}) | ACCOUNT_LEVEL
CARRIERS = ("DHL", "UPS")


def _unknown_if_received(exc: PartnerError):
    """A top-level 20000/20011 means InnoCigs may have acted on this request before: not a plain refusal."""
    if exc.code in ALREADY_RECEIVED:
        return PartnerOutcomeUnknown(
            f"InnoCigs may already have this: {exc.message}", partner="innocigs", code=exc.code, issues=exc.issues
        )
    return exc


class InnocigsOrdersClient(InnocigsClientBase):
    def dropship(self, dropships: list[build.DropshipRequest], *, related=None) -> list[parse.DropshipResult]:
        """Places dropships: all in one XML request, or exactly one per REST request."""
        try:
            if self.api == "rest":
                if len(dropships) != 1:
                    raise ValueError("The REST API takes exactly one dropship per request.")
                data = self.transport.rest("POST", "dropship", operation="dropship",
                                           json=build.dropship_json(dropships[0]), related=related)
                return parse.dropship_results(data)
            root = self.transport.xml("dropship", operation="dropship", read_only=False, related=related,
                                      xml=build.dropships_xml(dropships))
            return parse.dropship_results(parse.element_data(root))
        except PartnerError as exc:
            raise _unknown_if_received(exc) from None

    def standard_order(self, order: build.StandardOrderRequest, *, carrier="", related=None) -> parse.OrderResult:
        """Places one standard order; `carrier` (DHL or UPS) is optional, InnoCigs ships DHL without it."""
        if carrier and carrier not in CARRIERS:
            raise ValueError(f"InnoCigs ships standard orders with {' or '.join(CARRIERS)}, not {carrier!r}.")
        try:
            if self.api == "rest":
                data = self.transport.rest("POST", "order", operation="order", json=build.standard_order_json(order),
                                           related=related, headers={"shipping": carrier} if carrier else None)
                return parse.order_result(data)
            extra = {"shipping": carrier} if carrier else {}
            root = self.transport.xml("order", operation="order", read_only=False, related=related,
                                      xml=build.standard_order_xml(order), **extra)
            return parse.order_result(parse.element_data(root))
        except PartnerError as exc:
            raise _unknown_if_received(exc) from None

    def tracking_by_day(self, day: date) -> parse.Tracking:
        if self.api == "rest":
            return parse.tracking(self.transport.rest("GET", f"tracking/{day:%Y-%m-%d}", operation="tracking"))
        root = self.transport.xml("tracking", operation="tracking", day=f"{day:%Y-%m-%d}")
        return parse.tracking(parse.element_data(root))

    def tracking_by_order(self, orders_number: str) -> parse.Tracking:
        if self.api == "rest":
            data = self.transport.rest("GET", f"tracking-order/{quote(orders_number, safe='')}",
                                       operation="tracking_order")
            return parse.tracking(data)
        root = self.transport.xml("tracking", operation="tracking_order", order=orders_number)
        return parse.tracking(parse.element_data(root))

    def delivery_notes(self, day: date) -> list[parse.DeliveryNoteData]:
        if self.api == "rest":
            return parse.delivery_notes(self.transport.rest("GET", f"delivery/{day:%Y-%m-%d}", operation="delivery"))
        root = self.transport.xml("delivery", operation="delivery", day=f"{day:%Y-%m-%d}")
        return parse.delivery_notes(parse.element_data(root))


def orders_client(*, test_mode=None) -> InnocigsOrdersClient:
    """The client as configured; `test_mode` fixes test mode for this client (e.g. a submission's own)."""
    return InnocigsOrdersClient.from_settings(**({} if test_mode is None else {"test_mode": test_mode}))
