"""InnoCigs' documented error codes: what each means, in German and English, and what staff should do."""

from dataclasses import dataclass

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


def _codes(spec):
    first, _, last = spec.partition("-")
    return [str(c) for c in range(int(first), int(last or first) + 1)]


_TABLE = {
    "10000": ("Login fehlgeschlagen.", "Login failed.", "Check INNOCIGS_CID and INNOCIGS_PASSWORD."),
    "10001": ("Ungültiges XML.", "Invalid XML.", "A bug in the request: report it to the developers."),
    "30001-30002": ("Produkt nicht lieferbar.", "Product not deliverable.",
                    "Replace or remove the line, or wait for stock."),
    "30003-30006": ("Produkt unbekannt.", "Unknown product.", "Correct the article number or remove the line."),
    "50000": ("Zu viele API-Zugriffe.", "Too many API calls.", "Nothing to fix: it is retried later."),
    "50001": ("Wartung.", "Maintenance.", "Nothing to fix: it is retried after the maintenance."),
}
EXPLANATIONS = {code: Explanation(*texts) for spec, texts in _TABLE.items() for code in _codes(spec)}

RETRYABLE = frozenset({"50000", "50001"})
AUTH = frozenset({"10000", "50003", "50004"})
UNKNOWN_PRODUCT = frozenset(_codes("30003-30006"))


def explain(code) -> Explanation | None:
    return EXPLANATIONS.get(str(code))


def error_from_issues(issues: list[PartnerIssue]) -> PartnerError:
    """One typed error for an ERRORS block; the first code decides the kind."""
    first = issues[0]
    kind = PartnerValidationError
    if first.code in AUTH:
        kind = PartnerAuthError
    elif first.code in RETRYABLE:
        kind = PartnerUnavailable
    message = "; ".join(f"{i.code} {i.message}".strip() for i in issues)
    return kind(message, partner="innocigs", code=first.code, issues=issues)
