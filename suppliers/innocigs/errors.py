"""InnoCigs' documented error codes: what each means, in German and English, and what staff should do.

The table follows the code list of the official reference (revision 2022-04-28), ranges as documented:
10005-10006, 20007-20009, 30001-30002, 30003-30006, 40006-40007, 40010-40019. `explain(code)` and the code
sets below are the stable interface: the catalogue sync and the order submissions both use them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_

from backoffice.errors import (
    PartnerAuthError,
    PartnerError,
    PartnerIssue,
    PartnerUnavailable,
    PartnerValidationError,
)


@dataclass(frozen=True)
class Explanation:
    german: str
    english: str
    next_step: str
    code: str = ""
    documented: bool = True


def _codes(spec):
    first, _, last = spec.partition("-")
    return [str(c) for c in range(int(first), int(last or first) + 1)]


_FIX_ORDER = N_("Correct the order's data and submit it again.")
_BUG = N_("A bug in the request the back-office built: report it to the developers with the order number.")

_TABLE = {
    "10000": ("Login fehlgeschlagen.", N_("Login failed."),
              N_("Check INNOCIGS_CID and INNOCIGS_PASSWORD; nothing was processed.")),
    "10001": ("Ungültiges XML.", N_("Invalid XML."), _BUG),
    "10002": ("Keine Dropship-Daten gefunden.", N_("No dropship data found."), _BUG),
    "10003": ("Dropship-Daten unvollständig.", N_("Dropship data incomplete."), _BUG),
    "10004": ("Unbekannter API-Aufruf.", N_("Unknown API call."),
              N_("A bug, or InnoCigs changed its API: report it to the developers.")),
    "10005-10006": ("Ungültiger Versender.", N_("Invalid sender."),
                    N_("Check the shop's sender address in the settings and ask InnoCigs to approve this sender; "
                    "nothing was processed.")),
    "10007": ("Zahlung gesperrt.", N_("Payment blocked."),
              N_("Payment on the InnoCigs account is blocked: contact InnoCigs accounting, then submit again.")),
    "10008": ("Limit für Zahlung auf Rechnung überschritten.", N_("Invoice payment limit exceeded."),
              N_("Pay open InnoCigs invoices or ask InnoCigs to raise the limit, then submit again.")),
    "20000": ("XML bereits hochgeladen.", N_("This request was already uploaded."),
              N_("InnoCigs already has this request: check the order there before sending anything again.")),
    "20001": ("Dropship-Daten für Dropship #X unvollständig.", N_("Dropship data incomplete."), _FIX_ORDER),
    "20002": ("Absender-Daten für Dropship #X fehlen.", N_("Sender data missing."),
              N_("Fill in the shop's sender settings (SHOP_SENDER_*), then submit again.")),
    "20003": ("Absender-Daten für Dropship #X unvollständig.", N_("Sender data incomplete."),
              N_("Complete the shop's sender settings (SHOP_SENDER_*), then submit again.")),
    "20004": ("Empfänger-Daten für Dropship #X fehlen.", N_("Recipient data missing."),
              N_("Add the shipping address to the order, then submit again.")),
    "20005": ("Empfänger-Daten für Dropship #X unvollständig.", N_("Recipient data incomplete."),
              N_("Complete the shipping address (name, street, postcode, city, country), then submit again.")),
    "20006": ("Dropship #X ohne Produkte.", N_("Dropship without products."),
              N_("Add at least one line to the order, then submit again.")),
    "20007-20009": ("Dropship #X enthält fehlerhafte Produktdefinitionen.", N_("Faulty product lines."),
                    N_("Check each line's model number and quantity, then submit again.")),
    "20010": ("Dropship #X keine Bestellnummer angegeben.", N_("No order number given."), _BUG),
    "20011": ("Dropship #X : Bestellnummer wurde von Ihnen bereits verwendet.", N_("Order number already used."),
              N_("InnoCigs already has an order with this number: check it there (tracking) before sending again.")),
    "20012": ("Die jeweiligen Adressdaten enthalten Fehler.", N_("The address contains errors."),
              N_("Correct the shipping address (length limits: names 34, street 35 characters), then submit again.")),
    "30000": ("Keine Artikelnummer angegeben.", N_("No model number given."),
              N_("Give every line an InnoCigs model number, then submit again.")),
    "30001-30002": ("Produkt nicht lieferbar.", N_("Product not deliverable."),
                    N_("Replace or remove the line, or wait for stock.")),
    "30003-30006": ("Produkt unbekannt.", N_("Unknown product."),
                    N_("Correct the model number or remove the line; the catalogue sync marks it as gone.")),
    "40001": ("Es wurde nicht genau eine Bestellung übermittelt.", N_("Not exactly one order was sent."), _BUG),
    "40002": ("Die Kopfdaten zur Bestellung fehlen.", N_("The order's header data is missing."), _BUG),
    "40004": ("Lieferadresse nicht richtig angegeben.", N_("Shipping address not given correctly."),
              N_("Correct the shipping address, then submit again.")),
    "40006-40007": ("Bestellnummer nicht richtig angegeben.", N_("Order number not given correctly."),
                    N_("Check the order number (letters, digits and dashes only), then submit again.")),
    "40010-40019": ("Fehler in/mit den Artikelpositionen der Bestellung.", N_("Error in the order's lines."),
                    N_("Check each line's model number and quantity, then submit again.")),
    "50000": ("Zu viele API-Zugriffe.", N_("Too many API calls."), N_("Nothing to fix: it is retried later.")),
    "50001": ("Wartung.", N_("Maintenance."), N_("Nothing to fix: it is retried after the maintenance.")),
    "50003": ("IP nicht freigeschaltet.", N_("IP address not approved."),
              N_("Ask InnoCigs to approve the server's IP address for the API; nothing was processed.")),
    "50004": ("Zugriff auf API nicht möglich.", N_("API access not possible."),
              N_("Ask InnoCigs to enable API access for the account; nothing was processed.")),
}
EXPLANATIONS = {
    code: Explanation(*texts, code=code) for spec, texts in _TABLE.items() for code in _codes(spec)
}

# Codes the documentation leaves out inside a documented family get the family's meaning.
_FAMILIES = {
    "1": ("Anfragefehler.", N_("Error in the request."), N_("Report it to the developers with the order number.")),
    "2": ("Fehler in den Dropship-Daten.", N_("Error in the dropship data."), _FIX_ORDER),
    "3": ("Fehler bei einem Artikel.", N_("Error with a product."), N_("Check each line's model number.")),
    "4": ("Fehler in der Bestellung.", N_("Error in the order."), _FIX_ORDER),
    "5": ("Zugriff nicht möglich.", N_("API access problem."),
          N_("Try again later; if it persists, contact InnoCigs.")),
}

RETRYABLE = frozenset({"50000", "50001"})
"""Nothing was processed and the same call may simply be made again later."""
AUTH = frozenset({"10000", "50003", "50004"})
"""Login and access refused: credentials, IP or API access, never the order."""
CONFIGURATION = AUTH | frozenset(_codes("10005-10008"))
"""The account or the shop's setup is at fault (login, access, sender, payment), not the order."""
UNKNOWN_PRODUCT = frozenset(_codes("30003-30006"))
"""The model number is unknown to InnoCigs."""
NOT_DELIVERABLE = frozenset(_codes("30001-30002"))
"""The product exists but cannot be delivered now."""
ALREADY_RECEIVED = frozenset({"20000", "20011"})
"""InnoCigs already has this request or order number: reconcile, never send again blindly."""


def explain(code) -> Explanation | None:
    """What a code means and what staff should do; None when the code is not an InnoCigs code at all.

    An undocumented number inside a documented family (e.g. 40003) gets its family's explanation, marked
    `documented=False`.
    """
    code = str(code or "").strip()
    if code in EXPLANATIONS:
        return EXPLANATIONS[code]
    if len(code) == 5 and code.isdigit() and code[0] in _FAMILIES:
        return Explanation(*_FAMILIES[code[0]], code=code, documented=False)
    return None


def error_from_issues(issues: list[PartnerIssue]) -> PartnerError:
    """One typed error for an ERRORS block; the first code decides the kind."""
    first = issues[0]
    kind = PartnerValidationError
    if first.code in CONFIGURATION:
        kind = PartnerAuthError
    elif first.code in RETRYABLE:
        kind = PartnerUnavailable
    message = "; ".join(f"{i.code} {i.message}".strip() for i in issues)
    return kind(message, partner="innocigs", code=first.code, issues=issues)
