"""Typed partner errors. Every partner client raises these and nothing else."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from backoffice.redaction import redact
from backoffice.registry import partner_label
from backoffice.storable import storable


@dataclass(frozen=True)
class PartnerIssue:
    """One problem a partner reported: its code, its own words, and the field it concerns."""

    code: str = ""
    message: str = ""
    field: str = ""

    def __post_init__(self):
        # Issues are shown to staff and kept with submissions: whatever a partner sent, they must be storable.
        for name in ("code", "message", "field"):
            value = getattr(self, name)
            object.__setattr__(self, name, "" if value is None else storable(str(value)))

    def __str__(self):
        head = " ".join(part for part in (self.code, self.field) if part)
        return f"{head}: {self.message}" if head else self.message


# Our own error codes in words; a partner's code (10000, E0001) is the partner's and shown as it came. Our other
# codes (http_400, conflicting_parameters) are for code and tests: the message already says it in words.
_OUR_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
CODE_WORDS = {
    "network": _("Network error"),
    "no_reply": _("No reply"),
    "malformed_reply": _("Unreadable reply"),
}


def error_detail(exc) -> str:
    """A partner error as staff read it: "Network error: connection refused" or "Login fehlgeschlagen (code 10000)"."""
    if exc.code in CODE_WORDS:
        return f"{CODE_WORDS[exc.code]}: {exc.message}"
    partners_code = exc.code and not _OUR_CODE.match(exc.code)
    return exc.message + (f" ({_('code')} {exc.code})" if partners_code else "")


class PartnerError(Exception):
    """A partner call failed. `retryable` says whether the same call may simply be made again later, and
    `retry_after` how many seconds the partner asked to wait first (its Retry-After), when it said so."""

    default_retryable = False

    def __init__(self, message, *, partner, code="", field="", retryable=None, issues=(), retry_after=None):
        self.partner = partner
        self.retry_after = retry_after
        self.code = storable(str(code or ""))
        # A partner may echo what it was sent; a credential must not reach a log or a page through it. And a
        # refusal without a word (an empty error block) must still say something.
        self.message = message = storable(redact(message)).strip() or f"{partner} gave no reason"
        self.field = storable(str(field or ""))
        self.retryable = self.default_retryable if retryable is None else retryable
        self.issues = tuple(issues) or (PartnerIssue(self.code, message, field),)
        super().__init__(f"{partner}: {message}")

    def __str__(self):
        return f"{partner_label(self.partner)}: {error_detail(self)}"


class PartnerAuthError(PartnerError):
    """Credentials refused: a configuration problem, not a problem with the order."""


class PartnerConfigurationError(PartnerError):
    """Our side asked wrongly (an endpoint or method the partner does not have): nothing was processed, and the
    same call fails again until someone corrects the configuration, so it is never retried by itself."""


class PartnerValidationError(PartnerError):
    """The partner refused the content of a request; `issues` names the fields."""


class PartnerUnavailable(PartnerError):
    """Nothing was processed (maintenance, overload, no connection): the same call may be repeated."""

    default_retryable = True


class PartnerOutcomeUnknown(PartnerError):
    """The request may have reached the partner but no reply came back. Reconcile; never resend blindly."""


class PartnerResponseError(PartnerError):
    """The partner answered with something this client cannot read."""
