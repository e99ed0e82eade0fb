"""InnoCigs dropship, plugged into the one submission lifecycle (orders.services.submissions).

The adapter checks an order against InnoCigs' documented rules before any call, sends batches through
the orders client, turns each DROPSHIP of the reply into an Outcome (matched by ORDERS_NUMBER), and
settles unknown outcomes from InnoCigs' own data. A restock (route `innocigs_restock`) takes the same
lifecycle with InnoCigs' `order` command instead (suppliers.innocigs.restock).
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext

from backoffice.errors import (
    PartnerAuthError,
    PartnerError,
    PartnerIssue,
    PartnerOutcomeUnknown,
    PartnerResponseError,
    PartnerValidationError,
)
from backoffice.models import PartnerHealth
from backoffice.services import health_answered_now, partner_health_record
from orders.adapters import Outcome, PartnerAdapter, Problem
from orders.models import Submission
from shipping.services import shipment_record
from shipping.tracking import tracking_url
from suppliers.innocigs import errors as innocigs_errors
from suppliers.models import Product

from . import build
from .client import ACCOUNT_LEVEL, ALREADY_RECEIVED, BATCH_LEVEL, orders_client
from .fields import receiver_problems, sender_problems, unsendable_character
from .restock import is_restock, restock_reconcile, restocks_send
from .standard_orders import restock_problems

S = Submission.State
CANCELLED = "cancelled"
USED_NUMBER = "20011"
ACCOUNT_REFUSED = "InnoCigs refused the account, so no dropship was sent"


class InnocigsDropshipAdapter(PartnerAdapter):
    partner = "innocigs"
    label = "InnoCigs"

    @property
    def batch_size(self):
        return max(1, settings.INNOCIGS_DROPSHIP_BATCH) if settings.INNOCIGS_API == "xml" else 1

    @property
    def test_mode(self):
        return settings.INNOCIGS_TEST_MODE

    def problems(self, order) -> list[Problem]:
        if is_restock(order):
            return restock_problems(order)
        return receiver_problems(order) + sender_problems() + line_problems(order)

    def problems_many(self, orders) -> dict:
        # One catalogue query and one sender check for the batch, not one per order.
        orders = list(orders)
        sender = sender_problems()
        products = _products(line.sku.strip() for order in orders for line in order.lines.all())
        return {order.pk: receiver_problems(order) + sender + line_problems(order, products=products)
                for order in orders}

    def preview(self, order):
        lines = list(order.lines.all())
        if is_restock(order):
            return [("InnoCigs API", "standard order to the shop's own address"),
                    ("Products", lines_and_pieces(lines))]
        api = "REST, one dropship per request" if settings.INNOCIGS_API == "rest" else (
            f"XML, up to {self.batch_size} dropships per request")
        rows = [("InnoCigs API", api), ("Products", lines_and_pieces(lines))]
        if self.test_mode:
            rows.append(("Test mode", "InnoCigs validates only; nothing is placed"))
        return rows

    def send(self, submissions) -> dict:
        groups = {}
        for submission in submissions:
            groups.setdefault((is_restock(submission.order), submission.test_mode), []).append(submission)
        outcomes = {}
        for (restock, test_mode), group in groups.items():
            try:
                outcomes.update(restocks_send(group, test_mode) if restock else self._send(group, test_mode))
            except PartnerError as exc:
                if isinstance(exc, PartnerAuthError):
                    account_refused(exc)
                if len(groups) == 1:
                    raise
                # Only after the test mode changed mid-queue, or when restocks and dropships meet in one run,
                # do two requests share a batch: the other request's outcome must not be lost, so this one is
                # settled per submission.
                state = S.UNKNOWN if isinstance(exc, PartnerOutcomeUnknown | PartnerResponseError) else S.READY
                outcomes.update({s.pk: Outcome(state, issues=exc.issues, message=exc.message) for s in group})
        return outcomes

    def _send(self, group, test_mode) -> dict:
        dropships = [_request(s) for s in group]
        client = orders_client(test_mode=test_mode)
        results = client.dropship(dropships, related=group[0] if len(group) == 1 else None)
        refused_as_batch = [r for r in results if not r.ok and r.codes and r.codes <= BATCH_LEVEL]
        if results and len(refused_as_batch) == len(results):
            raise innocigs_errors.error_from_issues(list(refused_as_batch[0].issues))
        refused_account = [r for r in results if r.codes & ACCOUNT_LEVEL]
        if refused_account and not any(r.ok for r in results):
            # An account-level code in any dropship is about the whole request: every order stays ready.
            raise innocigs_errors.error_from_issues(
                [i for i in refused_account[0].issues if i.code in ACCOUNT_LEVEL])
        if any(r.ok for r in results):
            account_accepted()
        by_number = {}
        for result in results:
            # A number listed twice cannot be told apart: leaving it out makes it unknown.
            by_number[result.orders_number] = None if result.orders_number in by_number else result
        return {
            s.pk: dropship_outcome(by_number[s.reference], test_mode=test_mode)
            for s in group if by_number.get(s.reference) is not None
        }

    def reconcile(self, submission) -> Outcome | None:
        if is_restock(submission.order):
            return restock_reconcile(submission)
        if submission.test_mode:
            return Outcome(S.READY, message="sent in test mode, where InnoCigs places nothing: it may be sent again")
        # Only tracking by order number can show that InnoCigs has the order: it names a dropship once it has
        # shipped or been cancelled. Sending the number again is never used to find out: InnoCigs documents
        # refusing a used number (20011), but a partner that did not check would place the order twice.
        client = orders_client(test_mode=False)
        return tracking_outcome(client.tracking_by_order(submission.reference), submission.reference)

    def explain(self, issue: PartnerIssue, details=None) -> tuple[str, str]:
        if issue.code == CANCELLED:
            return ("InnoCigs cancelled this dropship; its order number cannot be used there again.",
                    "Ask InnoCigs why, then ship the order another way or cancel it.")
        explanation = innocigs_errors.explain(issue.code)
        if explanation is None:
            return "", ""
        return explanation.english, explanation.next_step

    def accepted(self, submission, outcome: Outcome, actor):
        """Parcels InnoCigs already reported (found while reconciling) become the order's shipments."""
        for parcel in outcome.details.get("parcels", []):
            shipment_record(
                order=submission.order, partner=self.partner, carrier=parcel["carrier"], tracking_code=parcel["code"],
                actor=actor, submission=submission, tracking_url=tracking_url(parcel["carrier"],
                                                                                        parcel["code"]),
                delivery_number=outcome.references.get("DELIVERY_NUMBER", ""),
            )


def account_refused(exc: PartnerAuthError):
    """A refused login, access or sender is the account's problem: it goes on the dashboard's partner health."""
    explanation = innocigs_errors.explain(exc.code)
    advice = f"{explanation.english} {explanation.next_step}" if explanation else ""
    partner_health_record(partner="innocigs", ok=False,
                          detail=f"{ACCOUNT_REFUSED}: {advice} (InnoCigs said: {exc.message})")


def account_accepted():
    """Clears a recorded account refusal once InnoCigs places a dropship again."""
    # After every request that placed a dropship: nothing to clear when that request's own exchange just wrote
    # the health as answering (a refusal recorded since by another worker stands until its next exchange).
    if health_answered_now("innocigs"):
        return
    PartnerHealth.objects.filter(partner="innocigs", ok=False, detail__startswith=ACCOUNT_REFUSED).update(
        ok=True, detail="InnoCigs accepted a dropship again", latency_ms=0, checked_at=timezone.now())


def lines_and_pieces(lines) -> str:
    pieces = sum(line.quantity for line in lines)
    return (ngettext("%(count)s line", "%(count)s lines", len(lines)) % {"count": len(lines)} + ", "
            + ngettext("%(count)s piece", "%(count)s pieces", pieces) % {"count": pieces})


def _products(skus) -> dict:
    return {p.model: p for p in Product.objects.filter(model__in=set(skus))}


def line_problems(order, *, products=None) -> list[Problem]:
    """The order's lines against the catalogue; `products` ({model: Product}) when a batch already read it."""
    lines = list(order.lines.all())
    if not lines:
        return [Problem("lines", N_("the order has no lines; InnoCigs needs at least one product"))]
    skus = [line.sku.strip() for line in lines]
    products = _products(skus) if products is None else products
    problems = []
    for index, (line, sku) in enumerate(zip(lines, skus, strict=True)):
        if not sku:
            problems.append(Problem(f"lines[{index}].sku", N_("the line has no article number")))
            continue
        if unsendable_character(sku) is not None:
            problems.append(Problem(f"lines[{index}].sku", N_("the article number contains a control character")))
            continue

        def add(name, message, index=index, sku=sku):
            problems.append(Problem(f"lines[{index}].{name}", message, line=sku))

        if line.quantity < 1:
            add("quantity", N_("quantity must be at least 1 for InnoCigs (it is %(quantity)s)") % {
                "quantity": line.quantity})
        product = products.get(sku)
        if product is None:
            add("sku", N_("the article is not in the InnoCigs catalogue"))
        elif not product.active:
            add("sku", N_("the article is no longer offered by InnoCigs (gone from its feed)"))
        elif product.stock_quantity <= 0:
            add("sku", N_("the article has no stock at InnoCigs"))
    return problems


def dropship_outcome(result, *, test_mode) -> Outcome:
    """What one DROPSHIP of a reply means for its submission."""
    if result.ok:
        if test_mode:
            return Outcome(S.TEST_OK, message=N_("validated by InnoCigs in test mode; nothing was placed"))
        return Outcome(S.ACCEPTED, partner_reference=result.dropship_id, references=_references(result),
                       message=N_("placed: DROPSHIP_ID %(dropship)s, ORDERS_ID %(order)s") % {
                           "dropship": result.dropship_id or "?", "order": result.orders_id or "?"})
    if result.status != "NOK":
        return Outcome(S.UNKNOWN, message=N_("InnoCigs answered status %(status)s; reconcile") % {
            "status": repr(result.status or "empty")})
    if result.codes == {USED_NUMBER} and not test_mode:
        # 20011 alone proves only that InnoCigs knows the number: accepted, and tracking names the dropship.
        if result.dropship_id:
            message = N_("accepted: InnoCigs already has this order number (20011), DROPSHIP_ID %(dropship)s") % {
                "dropship": result.dropship_id}
        else:
            message = N_("accepted, reference pending: InnoCigs already has this order number (20011) but named no "
                         "dropship; the tracking sync fills in its dropship number")
        return Outcome(S.ACCEPTED, partner_reference=result.dropship_id, references=_references(result),
                       message=message)
    if result.codes & ALREADY_RECEIVED and not test_mode:
        return Outcome(S.UNKNOWN, issues=result.issues,
                       message=N_("InnoCigs may already have this order (%(issues)s); reconcile settles it, never a "
                                  "new order number") % {"issues": _issues_text(result.issues)})
    if result.codes and result.codes <= BATCH_LEVEL:
        return Outcome(S.READY, issues=result.issues, message=N_("not sent: %(issues)s") % {
            "issues": _issues_text(result.issues)})
    issues = result.issues or (PartnerIssue("", result.message or "refused"),)
    return Outcome(S.REFUSED, issues=issues, message=_issues_text(issues))


def tracking_outcome(tracking, reference) -> Outcome | None:
    """InnoCigs' tracking for an order number, as an Outcome; None when it lists nothing for it."""
    for dropship in tracking.dropships:
        if dropship.orders_number == reference:
            references = {"DROPSHIP_ID": dropship.dropship_id, "DELIVERY_NUMBER": dropship.delivery_number}
            return Outcome(
                S.ACCEPTED, partner_reference=dropship.dropship_id,
                references={k: v for k, v in references.items() if v},
                message=N_("found in InnoCigs' tracking (DROPSHIP_ID %(dropship)s)") % {
                    "dropship": dropship.dropship_id or "?"},
                details={"parcels": [{"carrier": p.carrier, "code": p.code} for p in dropship.parcels]},
            )
    for cancellation in tracking.cancellations:
        if cancellation.orders_number == reference:
            return Outcome(S.REFUSED, issues=(PartnerIssue(CANCELLED, cancellation.message or "storniert"),),
                           message=N_("InnoCigs has this order number but cancelled the dropship (DROPSHIP_ID "
                                      "%(dropship)s)") % {"dropship": cancellation.dropship_id or "?"})
    return None


def _request(submission):
    try:
        return build.dropship_request(submission.order, reference=submission.reference)
    except ValueError as exc:
        raise PartnerValidationError(f"Order {submission.reference} cannot be written as a request: {exc}",
                                     partner="innocigs", code="local") from None


def _references(result):
    return {k: v for k, v in {"DROPSHIP_ID": result.dropship_id, "ORDERS_ID": result.orders_id}.items() if v}


def _issues_text(issues):
    return "; ".join(f"{i.code} {i.message}".strip() for i in issues)
