"""Cash on delivery carries the payout account from the settings, or goes to the one registered with Innoship."""

import json
import logging

from backoffice.models import PartnerExchange
from backoffice.partners import check_partner
from backoffice.sandbox import state
from orders.models import Submission
from orders.services.submissions import orders_submit
from shipping.innoship.request import booking_request, preview_rows

from .conftest import make_order

IBAN = "DE89370400440532013000"  # tests/settings.py


def no_account(settings):
    settings.INNOSHIP_BANK_NAME = settings.INNOSHIP_BANK_IBAN = settings.INNOSHIP_BANK_ACCOUNT_HOLDER = ""


def test_a_cod_booking_carries_the_payout_account_and_the_audit_masks_the_iban(innoship, caplog):
    caplog.set_level(logging.DEBUG)
    order = make_order("P1001", cod="49.90")
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == Submission.State.ACCEPTED, result.message
    [sent] = state.received("innoship", "book")
    extra = json.loads(sent.body)["extra"]
    assert (extra["bankRepaymentAmount"], extra["bank"], extra["bankIBAN"], extra["bankAccountHolder"]) == (
        49.9, "Test Bank", IBAN, "Test Shop GmbH")
    exchange = PartnerExchange.objects.get(operation="book")
    assert IBAN not in exchange.request_body + exchange.response_body and "Test Bank" in exchange.request_body
    # The account echoed in the reply's Extra is the shop's own setting: not kept as a booked service.
    assert "BankIBAN" not in order.shipments.get().innoship_booking.booking_extra
    assert IBAN not in json.dumps(order.submissions.get().references)
    assert caplog.records and IBAN not in caplog.text


def test_without_cod_no_account_is_sent(innoship):
    assert "extra" not in booking_request(make_order("P1002"))


def test_without_the_settings_cod_goes_to_the_account_registered_with_innoship(innoship, settings):
    no_account(settings)
    order = make_order("P1003", cod="19.50")
    extra = booking_request(order)["extra"]
    assert set(extra) == {"bankRepaymentAmount", "bankRepaymentCurrency"}
    assert dict(preview_rows(order))["Cash on delivery"] == (
        "19.50 EUR, paid out to the bank account registered with Innoship (no account is set here)")
    # The doc's example books a bank repayment without Bank and BankIBAN: a shipment is accepted so.
    [result] = orders_submit(orders=[order], partner="innoship", actor="user:test")
    assert result.state == Submission.State.ACCEPTED, result.message


def test_the_confirmation_page_names_the_account_with_the_iban_shortened(innoship):
    row = dict(preview_rows(make_order("P1004", cod="5.00")))["Cash on delivery"]
    assert row == "5.00 EUR, paid out to Test Shop GmbH, Test Bank, IBAN DE… 3000" and IBAN not in row


def test_the_partner_check_warns_without_a_payout_account(innoship, settings):
    no_account(settings)
    result = check_partner("innoship")
    assert result.ok and result.detail.startswith("5 couriers: ")
    assert "Warning: no payout account is set" in result.detail and "registered in its portal" in result.detail


def test_the_partner_check_is_quiet_with_one(innoship):
    assert "Warning" not in check_partner("innoship").detail


def test_a_pick_up_with_bank_repayment_needs_bank_and_iban_at_the_sandbox(innoship, settings):
    """Doc, Extra table: Bank and BankIBAN "Required for pick-ups with Bank Repayment Amount"."""
    from backoffice.errors import PartnerValidationError
    from shipping.innoship.client import InnoshipClient

    no_account(settings)
    payload = booking_request(make_order("P1005", cod="10.00"))
    payload["addressFrom"] = {"name": "Third party", "contactPerson": "X", "country": "DE", "phone": "+49 40 1"}
    try:
        InnoshipClient.from_settings().book(payload)
    except PartnerValidationError as exc:
        fields = {issue.field for issue in exc.issues}
    else:
        raise AssertionError("the sandbox booked a pick-up with bank repayment but no bank")
    assert fields == {"extra.bank", "extra.bankIBAN"}
    assert innoship.bookings() == []
