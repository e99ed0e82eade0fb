from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from backoffice.registry import route_choices, route_legs


class Address(models.Model):
    company = models.CharField(_("company"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    street = models.CharField(_("street"), max_length=200)
    house_number = models.CharField(_("house number"), max_length=30, blank=True)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    county = models.CharField(_("county"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2, e.g. DE"))

    class Meta:
        # The order search matches a customer's name in any case, through these.
        indexes = [models.Index(Upper("last_name"), name="address_last_name_upper"),
                   models.Index(Upper("first_name"), name="address_first_name_upper")]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return f"{self.full_name}, {self.street_address}, {self.postcode} {self.city}, {self.country}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def street_address(self):
        """Street and house number joined, as InnoCigs' STREET_ADDRESS wants them."""
        return f"{self.street} {self.house_number}".strip()


class Order(models.Model):
    """A shop order. Its `status` is where it is in its life; its submissions say what each partner did."""

    class Status(models.TextChoices):
        READY = "ready", _("Ready to submit")
        SUBMITTED = "submitted", _("Submitted")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    # The order life may only move along these edges; every move is recorded in OrderEvent.
    TRANSITIONS = {
        Status.READY: {Status.SUBMITTED, Status.CANCELLED},
        Status.SUBMITTED: {Status.SHIPPED, Status.DELIVERED, Status.RETURNED, Status.CANCELLED, Status.READY},
        Status.SHIPPED: {Status.DELIVERED, Status.RETURNED},
        Status.DELIVERED: {Status.RETURNED},
        Status.RETURNED: set(),
        Status.CANCELLED: set(),
    }

    number = models.CharField(_("number"), max_length=64, unique=True)
    placed_at = models.DateField(_("placed at"))
    # The routes are declared by the partner packages (backoffice.registry.RouteSpec), each with its legs.
    route = models.CharField(_("route"), max_length=20, choices=route_choices, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.READY, db_index=True)
    # The state of the latest submission, kept here so lists filter without a join ("" before the first).
    submission_state = models.CharField(_("submission state"), max_length=20, blank=True, db_index=True)
    partner_reference = models.CharField(_("partner reference"), max_length=100, blank=True, db_index=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    payment_type = models.CharField(_("payment type"), max_length=30, blank=True)
    shipping_cost = models.DecimalField(_("shipping cost"), max_digits=10, decimal_places=2, default=0)
    cash_on_delivery = models.DecimalField(_("cash on delivery"), max_digits=10, decimal_places=2, default=0)
    # A discount on the whole order (e.g. a voucher from Zonos), gross, in the order's currency: the customer
    # pays the lines and shipping less this, and customs values follow what was paid.
    discount = models.DecimalField(_("discount"), max_digits=10, decimal_places=2, default=0)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    shipping_address = models.ForeignKey(Address, verbose_name=_("shipping address"), related_name="+",
                                         on_delete=models.PROTECT)
    billing_address = models.ForeignKey(Address, verbose_name=_("billing address"), related_name="+", null=True,
                                        blank=True, on_delete=models.PROTECT,
                                        help_text=_("Empty: same as the shipping address."))
    zonos_order_id = models.CharField(_("Zonos order id"), max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True,
                                         help_text=_("When the customer's personal data was removed."))
    # How a delivered order came to be delivered when no carrier said so: InnoCigs reports no deliveries, so
    # its dropships would never close (nor their customers' data be purged) without one of these.
    delivered_by = models.CharField(
        _("delivered by"), max_length=10, blank=True,
        choices=[("assumed", _("assumed: no parcel problem reported")), ("staff", _("marked by staff"))],
        help_text=_("Empty when the carrier's tracking reported the delivery."))
    # Why the last submit run kept the order back before any call (no stock, an unknown article, a missing
    # field), in words; cleared once a submission is prepared. Shown on the order and in the dashboard's inbox.
    hold_reason = models.TextField(_("held back because"), blank=True)
    hold_checked_at = models.DateTimeField(_("held back since"), null=True, blank=True)

    CLOSED = (Status.DELIVERED, Status.RETURNED, Status.CANCELLED)

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(fields=["status", "route"]),
            models.Index(fields=["submission_state", "status"]),
            # The order list's default sort, so a page of 200,000 orders never sorts them all.
            models.Index(fields=["-placed_at", "-id"], name="order_list_sort"),
            models.Index(Upper("email"), name="order_email_upper"),
            # The search by the start of a number or partner reference (LIKE 'Z999%'), served in any locale.
            models.Index(fields=["number"], name="order_number_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["partner_reference"], name="order_reference_prefix",
                         opclasses=["varchar_pattern_ops"]),
            # The orders held back (the dashboard's inbox): a range of the few with a reason, not every ready
            # order. (A partial index would serve PostgreSQL only: SQLite cannot match one to bound values.)
            models.Index(fields=["status", "hold_reason"], name="order_held_reason"),
        ]
        permissions = [
            ("import_orders", "Can import orders"),
            ("reconcile_submissions", "Can reconcile submissions whose outcome is unknown"),
            ("sync_tracking", "Can sync tracking"),
        ]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self):
        return self.number

    def is_open(self):
        """Staff may change the order: it is ready and no partner has it (or may have it)."""
        return self.status == self.Status.READY and self.submission_state not in Submission.WITH_PARTNER

    @property
    def invoice_address(self):
        return self.billing_address or self.shipping_address

    @property
    def partner(self):
        """The partner that fulfils this order: the route names it."""
        return self.route

    @property
    def legs(self) -> tuple[str, ...]:
        """The partners this order is handed to, in order (two for a Swiss order)."""
        return route_legs(self.route)

    @property
    def goes_via_hub(self):
        """True when another partner first ships the goods to the final partner's hub."""
        return len(self.legs) > 1

    def lines_total(self):
        return sum((line.total for line in self.lines.all()), start=0)

    def total(self):
        """What the customer pays: the lines and shipping, less the whole-order discount."""
        return self.lines_total() + self.shipping_cost - self.discount


class OrderLine(models.Model):
    order = models.ForeignKey(Order, verbose_name=_("order"), related_name="lines", on_delete=models.CASCADE)
    sku = models.CharField(_("article number"), max_length=64)
    product = models.ForeignKey("suppliers.Product", verbose_name=_("product"), null=True, blank=True,
                                related_name="order_lines",
                                on_delete=models.SET_NULL)
    name = models.CharField(_("name"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("gross unit price"), max_digits=10, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=2, default=19)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), null=True, blank=True)
    ean = models.CharField(_("EAN"), max_length=32, blank=True)
    country_of_origin = models.CharField(_("country of origin"), max_length=2, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=16, blank=True,
                               help_text=_("Customs tariff number, for shipments leaving the EU."))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self):
        return f"{self.quantity} × {self.sku}"

    @property
    def total(self):
        return self.unit_price * self.quantity


class Submission(models.Model):
    """One attempt to hand one order to one partner. Every partner goes through this same lifecycle."""

    class State(models.TextChoices):
        READY = "ready", _("Ready")
        SENDING = "sending", _("Sending")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        UNKNOWN = "unknown", _("Unknown: reconcile")
        TEST_OK = "test_ok", _("Validated in test mode")
        CANCELLED = "cancelled", _("Cancelled")

    # An order has at most one submission to each partner in these states, enforced by the database: a Swiss
    # order's two legs (see Order.legs) each hold one.
    ACTIVE = (State.READY, State.SENDING, State.ACCEPTED, State.UNKNOWN)
    # A partner has the order, or may have it (on its way, or no telling): staff must not change it.
    WITH_PARTNER = (State.SENDING, State.ACCEPTED, State.UNKNOWN)
    TRANSITIONS = {
        State.READY: {State.SENDING, State.CANCELLED},
        State.SENDING: {State.ACCEPTED, State.REFUSED, State.UNKNOWN, State.TEST_OK, State.READY},
        State.UNKNOWN: {State.ACCEPTED, State.REFUSED, State.READY, State.CANCELLED},
        State.ACCEPTED: {State.CANCELLED},
        State.REFUSED: set(),
        State.TEST_OK: set(),
        State.CANCELLED: set(),
    }

    order = models.ForeignKey(Order, verbose_name=_("order"), related_name="submissions", on_delete=models.PROTECT)
    partner = models.CharField(_("partner"), max_length=20, db_index=True)
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.READY, db_index=True)
    reference = models.CharField(
        _("idempotency reference"), max_length=100,
        help_text=_("Fixed before the first call; the partner sees it as the order's number."),
    )
    test_mode = models.BooleanField(_("test mode"), default=False)
    partner_reference = models.CharField(_("partner reference"), max_length=100, blank=True,
                                         help_text=_("The partner's main id."))
    references = models.JSONField(_("references"), default=dict, blank=True,
                                  help_text=_("All ids the partner gave back."))
    errors = models.JSONField(_("errors"), default=list, blank=True,
                              help_text=_("Each: code, message, field, explanation, next step."))
    message = models.TextField(_("message"), blank=True, help_text=_("The last outcome, in words."))
    created_by = models.CharField(_("created by"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    # A sender owns its claim with a lease it renews before every request; only an expired lease may be swept.
    claim_token = models.CharField(_("claim token"), max_length=32, blank=True, editable=False)
    # False from a claim until its request leaves (set, and committed, just before the HTTP call): the sweep gives
    # a claim whose request never left back to `ready`. True by default, so a claim nothing marked counts as sent.
    request_left = models.BooleanField(_("request left"), default=True, editable=False)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True,
                                       help_text=_("While sending: the sender's claim lasts "
                                                                        "until then unless it renews it."))
    # A request may still reach the partner after the client gave up: an unknown outcome waits until then.
    settle_after = models.DateTimeField(_("settle after"), null=True, blank=True,
                                        help_text=_("An unknown outcome is settled only "
                                                                         "after this: until then the request may "
                                                                         "still reach the partner."))
    needs_person = models.BooleanField(_("needs person"), default=False,
                                       help_text=_("The partner's data cannot settle it: a person "
                                                                "decides on the order page."))
    # A partner that processed nothing (maintenance, overload) is tried again later, with growing pauses.
    retries = models.PositiveIntegerField(_("retries"), default=0)
    retry_at = models.DateTimeField(_("retry at"), null=True, blank=True, db_index=True,
                                    help_text=_("When the queue sends it again by itself; empty: only on request."))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "partner"], condition=Q(state__in=["ready", "sending", "accepted", "unknown"]),
                name="one_active_submission_per_order_partner",
            ),
            models.UniqueConstraint(fields=["order", "attempt"], name="unique_submission_attempt"),
        ]
        indexes = [
            models.Index(fields=["partner", "state"]),
            models.Index(fields=["state", "lease_until"]),
            # Accepted without the partner's reference yet (InnoCigs' unconfirmed dropships on the dashboard):
            # a handful among every accepted submission.
            models.Index(fields=["partner", "finished_at"], condition=Q(state="accepted", partner_reference=""),
                         name="submission_reference_pending"),
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return f"{self.order.number} → {self.partner} #{self.attempt}"

    @property
    def partner_label(self):
        from backoffice.partners import PARTNERS

        return PARTNERS.get(self.partner, self.partner)


class OrderEvent(models.Model):
    """The history of an order: every change of its status and of its submissions' states, and who made it."""

    order = models.ForeignKey(Order, verbose_name=_("order"), related_name="events", on_delete=models.CASCADE)
    submission = models.ForeignKey(Submission, verbose_name=_("submission"), null=True, blank=True,
                                   related_name="events", on_delete=models.CASCADE)
    from_state = models.CharField(_("from state"), max_length=20, blank=True)
    to_state = models.CharField(_("to state"), max_length=20)
    actor = models.CharField(_("actor"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self):
        subject = f"submission #{self.submission.attempt}" if self.submission_id else "order"
        return f"{subject}: {self.from_state or '–'} → {self.to_state}"


class ImportUpload(models.Model):
    """A file uploaded to the import page, kept between its dry run and "Import these orders" (a day at most)."""

    name = models.CharField(_("name"), max_length=255)
    content = models.BinaryField(_("content"))
    uploaded_by = models.CharField(_("uploaded by"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("import upload")
        verbose_name_plural = _("import uploads")

    def __str__(self):
        return self.name
