"""MeinEinkauf.ch in the one submission lifecycle: registering a Swiss or Liechtenstein order.

One order per request (`POST /order`). A 201 stores MeinEinkauf's id; a 422 refuses the order with each
error mapped to the order field to correct; a refused key (401) or a 400 (the doc: no such endpoint or
method) is a configuration problem for the dashboard and the partner's health, and leaves the order waiting
without an automatic retry, since the same call would fail again; 503 means nothing was processed, so the
lifecycle puts the order back on the queue and tries again later. Any other server error (500, 502, 504) may
come after the order was stored, so it leaves the outcome unknown until the order is looked up (`reconcile`).
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext

from backoffice.errors import PartnerIssue, PartnerValidationError
from backoffice.stored_texts import SOURCE_LANGUAGE
from backoffice.words import field_words
from orders.adapters import LOCAL, Outcome, PartnerAdapter
from orders.models import Submission
from shipping.meineinkauf.client import TEST_API_KEY, MeinEinkaufClient
from shipping.meineinkauf.fields import shop_field
from shipping.meineinkauf.health import credentials_accepted, watching_credentials
from shipping.meineinkauf.mapping import inbound_shipments, order_payload, order_total
from shipping.meineinkauf.models import MeinEinkaufOrder
from shipping.meineinkauf.rules import order_problems

S = Submission.State


class MeinEinkaufAdapter(PartnerAdapter):
    partner = "meineinkauf"
    label = "MeinEinkauf.ch"
    batch_size = 1
    # The doc's error table: E1001 "No order found for given ordernumber – The order does not exist."
    absence_is_proof = True

    def __init__(self, client=None):
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = MeinEinkaufClient.from_settings()
        return self._client

    @property
    def test_mode(self):
        return settings.MEINEINKAUF_API_KEY == TEST_API_KEY

    def problems(self, order):
        return order_problems(order)

    def preview(self, order):
        payload = order_payload(order)
        consignment = payload["consignments"][0]  # all articles are declared on the first (mapping.consignments)
        pieces = sum(article.get("quantity", 0) for article in consignment["articles"])
        address = order.shipping_address
        inbound = inbound_shipments(order)
        rows = [
            (_("Ships to"), f"{address.postcode} {address.city}, {address.country}"),
            (_("Articles"), ngettext("%(count)s article", "%(count)s articles", len(consignment["articles"])) % {
                "count": len(consignment["articles"])} + ", " + ngettext("%(count)s piece", "%(count)s pieces", pieces)
             % {"count": pieces} + f", {consignment['grossWeight']} g"),
            (_("Gross sum"), _("%(total)s %(currency)s incl. shipping %(shipping)s") % {
                "total": order_total(order), "currency": payload["currency"].upper(),
                "shipping": f"{order.shipping_cost:.2f}"}),
            (_("Payment"), f"{order.payment_type or '–'} → {payload['paymentType']}"),
            (_("Parcel to the hub"), ", ".join(f"{s.carrier} {s.tracking_code}" for s in inbound)
             or _("not dispatched yet")),
        ]
        if len(inbound) > 1:
            rows.append((_("Note"), _("%(count)d parcels to the hub, each told as its own consignment; the articles "
                                   "are declared on the first.") % {"count": len(inbound)}))
        if self.test_mode:
            rows.append((_("Mode"), _("test key: MeinEinkauf validates the order and registers nothing")))
        return rows

    def send(self, submissions):
        outcomes = {}
        for submission in submissions:
            order = submission.order
            payload = {**order_payload(order), "orderNumber": submission.reference}
            try:
                with watching_credentials():
                    registration = self.client.register_order(payload, related=submission)
            except PartnerValidationError as exc:
                outcomes[submission.pk] = self._refused(submission, exc)
                continue
            credentials_accepted("an order was registered")  # key and address work again
            if registration.test_mode:  # the test key is in use (doc), not what the reply says
                outcomes[submission.pk] = Outcome(
                    S.TEST_OK, message=N_("validated with MeinEinkauf's test key; nothing was registered"))
            else:
                outcomes[submission.pk] = Outcome(
                    S.ACCEPTED, partner_reference=str(registration.id), references={"id": registration.id},
                    message=N_("registered with MeinEinkauf as %(id)s") % {"id": registration.id})
        return outcomes

    def _refused(self, submission, exc):
        if any(issue.field == "orderNumber" for issue in exc.issues):
            # Perhaps registered before (a reply lost on the way back): MeinEinkauf's own data decides.
            known = self.reconcile(submission)
            if known is not None:
                return known
        issues, properties = [], {}
        for issue in exc.issues:
            mapped = PartnerIssue(issue.code, issue.message, shop_field(issue.field, submission.order))
            if mapped not in issues:  # e.g. invoice and shipping postcode, when both are the shipping address
                properties[mapped] = issue.field
                issues.append(mapped)
        count = len(issues)
        # MeinEinkauf's own property name for each refused field, so the explanation can name both.
        return Outcome(S.REFUSED, issues=tuple(issues), details={"properties": properties},
                       message=(N_("refused by MeinEinkauf: 1 error") if count == 1 else
                                N_("refused by MeinEinkauf: %(count)s errors") % {"count": count}))

    def reconcile(self, submission):
        with watching_credentials():
            remote = self.client.order(submission.reference, related=submission)
        if remote is None:
            return None
        return Outcome(S.ACCEPTED, partner_reference=str(remote.id), references={"id": remote.id},
                       message=N_("MeinEinkauf has the order as %(id)s (%(state)s)") % {
                           "id": remote.id, "state": remote.processing_state or "no state"})

    def explain(self, issue, details=None):
        # Stored with the refusal in English, said in the reader's language where it is shown.
        with translation.override(SOURCE_LANGUAGE):
            field = str(field_words(issue.field) or "the order")
        correct = N_("Correct %(field)s on the order, then register it again.") % {"field": field}
        if issue.code == LOCAL:
            return N_("Checked before sending: this breaks one of MeinEinkauf's documented rules."), correct
        if issue.code in ("E0000", "E0001"):
            return (N_("MeinEinkauf did not accept the API key."),
                    N_("Check MEINEINKAUF_API_KEY; the order itself is fine."))
        prop = (details or {}).get("properties", {}).get(issue)
        if prop:
            return (N_("MeinEinkauf refused one of its fields, which comes from the order's %(field)s.") % {
                "field": field}, correct)
        return (N_("MeinEinkauf refused the order."),
                N_("Read MeinEinkauf's message, correct the order, then register it again."))

    def accepted(self, submission, outcome, actor):
        MeinEinkaufOrder.objects.update_or_create(
            order_id=submission.order_id,
            defaults={"meineinkauf_id": int(outcome.partner_reference), "order_number": submission.reference,
                      "external_id": str(submission.order_id), "registered_at": timezone.now()},
            create_defaults={"meineinkauf_id": int(outcome.partner_reference), "order_number": submission.reference,
                             "external_id": str(submission.order_id), "registered_at": timezone.now(),
                             "processing_state": "open"},
        )
