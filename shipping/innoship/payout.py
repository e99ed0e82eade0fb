"""Where Innoship pays cash on delivery out: the bank account in the settings, or the one in Innoship's portal.

The doc's Extra table names `Bank`, `BankIBAN` and `BankAccountHolder` ("Required for pick-ups with Bank
Repayment Amount"); its example request sends a bank repayment without them, so without the settings the
account registered with Innoship applies. The IBAN was checked when the settings loaded (backoffice.iban).
"""

from django.conf import settings
from django.utils.translation import gettext as _

from backoffice.iban import masked


def payout_extra() -> dict:
    """The bank fields for a booking with cash on delivery; empty when the portal's account applies."""
    if not settings.INNOSHIP_BANK_IBAN:
        return {}
    return {"bank": settings.INNOSHIP_BANK_NAME, "bankIBAN": settings.INNOSHIP_BANK_IBAN,
            "bankAccountHolder": settings.INNOSHIP_BANK_ACCOUNT_HOLDER}


def payout_words() -> str:
    """Where the money goes, for the confirmation page (the IBAN shortened to its country and last digits)."""
    if not settings.INNOSHIP_BANK_IBAN:
        return _("paid out to the bank account registered with Innoship (no account is set here)")
    return _("paid out to %(holder)s, %(bank)s, IBAN %(iban)s") % {
        "holder": settings.INNOSHIP_BANK_ACCOUNT_HOLDER, "bank": settings.INNOSHIP_BANK_NAME,
        "iban": masked(settings.INNOSHIP_BANK_IBAN)}


def payout_warning() -> str:
    """What the partner check says when no payout account is set; "" when one is."""
    if settings.INNOSHIP_BANK_IBAN:
        return ""
    return _("Warning: no payout account is set (INNOSHIP_BANK_NAME, INNOSHIP_BANK_IBAN, "
             "INNOSHIP_BANK_ACCOUNT_HOLDER), so Innoship pays cash on delivery out to the account registered in "
             "its portal. Check that account there, or set the three settings.")
