"""What MeinEinkauf.ch knows about our orders and returns, as last synced.

The models of the meineinkauf app. States are stored as the
plain strings MeinEinkauf sent, never as choices: a state it adds tomorrow is kept and shown as it came.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from backoffice.words import when
from shipping.meineinkauf import states

__all__ = [
    "MeinEinkaufConsignment",
    "MeinEinkaufDocument",
    "MeinEinkaufOrder",
    "MeinEinkaufReturn",
    "MeinEinkaufReturnItem",
    "MeinEinkaufReturnStateChange",
    "MeinEinkaufStateChange",
    "MeinEinkaufSyncCursor",
]


class MeinEinkaufOrder(models.Model):
    """A shop order as MeinEinkauf processes it: its id there, its processing state and its consignments."""

    order = models.OneToOneField("orders.Order", verbose_name=_("order"), related_name="meineinkauf",
                                 on_delete=models.CASCADE)
    meineinkauf_id = models.PositiveBigIntegerField(_("MeinEinkauf id"), unique=True)
    order_number = models.CharField(_("order number"), max_length=255,
                                    help_text=_("The order number as MeinEinkauf has it."))
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    processing_state = models.CharField(_("processing state"), max_length=100, blank=True, db_index=True,
                                        help_text=_("As MeinEinkauf sent it, known to the doc or not."))
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True,
                                         help_text=_("When MeinEinkauf created the order."))
    extra = models.JSONField(_("extra"), default=dict, blank=True,
                             help_text=_("Fields the doc does not describe, as they came."))
    synced_at = models.DateTimeField(_("synced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("MeinEinkauf order")
        ordering = ["-state_changed_at", "-id"]
        verbose_name_plural = _("MeinEinkauf orders")

    def __str__(self):
        return f"{self.order_number} (MeinEinkauf {self.meineinkauf_id})"

    @property
    def state(self):
        return states.order_state(self.processing_state)


class StateChange(models.Model):
    """One step of a processing history at MeinEinkauf, as the state came and in staff words."""

    state = models.CharField(_("state"), max_length=100)
    changed_at = models.DateTimeField(_("changed at"))
    explain = None  # the states module's reader of this kind of state

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{when(self.changed_at)} {self.words.label}"

    @property
    def words(self):
        return type(self).explain(self.state)


class MeinEinkaufStateChange(StateChange):
    """One step of an order's processing history at MeinEinkauf."""

    meineinkauf_order = models.ForeignKey(MeinEinkaufOrder, verbose_name=_("MeinEinkauf order"),
                                          related_name="history", on_delete=models.CASCADE)
    explain = staticmethod(states.order_state)

    class Meta(StateChange.Meta):
        constraints = [
            models.UniqueConstraint(fields=["meineinkauf_order", "state", "changed_at"],
                                    name="unique_meineinkauf_state_change"),
        ]
        verbose_name = _("MeinEinkauf state change")
        verbose_name_plural = _("MeinEinkauf state changes")


class MeinEinkaufConsignment(models.Model):
    """A parcel of the order at MeinEinkauf, with its Swiss tracking once exported."""

    meineinkauf_order = models.ForeignKey(MeinEinkaufOrder, verbose_name=_("MeinEinkauf order"),
                                          related_name="consignments", on_delete=models.CASCADE)
    reference = models.CharField(_("reference"), max_length=100)
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    carrier = models.CharField(_("carrier"), max_length=60, blank=True,
                               help_text=_("The Swiss carrier, e.g. swisspost."))
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    shipment = models.ForeignKey("shipping.Shipment", verbose_name=_("shipment"), null=True, blank=True,
                                 related_name="meineinkauf_consignments",
                                 on_delete=models.SET_NULL)
    storage = models.JSONField(_("storage"), default=dict, blank=True,
                               help_text=_("Why MeinEinkauf stored the parcel, and how it was resolved."))
    items = models.JSONField(_("items"), default=list, blank=True,
                             help_text=_("Items MeinEinkauf lists on the consignment."))
    extra = models.JSONField(_("extra"), default=dict, blank=True,
                             help_text=_("Fields the doc does not describe, as they came."))

    class Meta:
        verbose_name = _("consignment")
        ordering = ["meineinkauf_order", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["meineinkauf_order", "reference"], name="unique_meineinkauf_consignment"),
        ]
        verbose_name_plural = _("MeinEinkauf consignments")

    def __str__(self):
        return self.reference


class MeinEinkaufDocument(models.Model):
    """A file MeinEinkauf lists for a consignment: the customer invoice or a label."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", states.DOCUMENT_KINDS["invoice"]
        LABEL = "label", states.DOCUMENT_KINDS["label"]
        GAS_LABEL = "gas_label", states.DOCUMENT_KINDS["gas_label"]

    consignment = models.ForeignKey(MeinEinkaufConsignment, verbose_name=_("consignment"), related_name="documents",
                                    on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    mime_type = models.CharField(_("mime type"), max_length=100, blank=True)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True, help_text=_("Bytes."))
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)

    class Meta:
        ordering = ["consignment", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["consignment", "kind", "name"], name="unique_meineinkauf_document"),
        ]
        verbose_name = _("MeinEinkauf document")
        verbose_name_plural = _("MeinEinkauf documents")

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"


class MeinEinkaufReturn(models.Model):
    """A return registered at MeinEinkauf's returns centre in Switzerland."""

    meineinkauf_id = models.PositiveBigIntegerField(_("MeinEinkauf id"), unique=True)
    reference = models.CharField(_("reference"), max_length=100, db_index=True)
    order = models.ForeignKey("orders.Order", verbose_name=_("order"), null=True, blank=True,
                              related_name="meineinkauf_returns",
                              on_delete=models.SET_NULL, help_text=_("Empty: the shop has no order with that number."))
    order_number = models.CharField(_("order number"), max_length=255, blank=True,
                                    help_text=_("As MeinEinkauf names the order."))
    order_meineinkauf_id = models.PositiveBigIntegerField(_("MeinEinkauf id of the order"), null=True, blank=True)
    processing_state = models.CharField(_("processing state"), max_length=100, blank=True, db_index=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True, db_index=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    tour_id = models.PositiveBigIntegerField(_("tour id"), null=True, blank=True)
    mrn_de = models.CharField(_("MRN Germany"), max_length=60, blank=True, help_text=_("German customs reference."))
    mrn_ch = models.CharField(_("MRN Switzerland"), max_length=60, blank=True, help_text=_("Swiss customs reference."))
    transfer_date = models.DateField(_("transfer date"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True, db_index=True)
    label = models.JSONField(_("label"), default=dict, blank=True,
                             help_text=_("The return label file MeinEinkauf lists."))
    extra = models.JSONField(_("extra"), default=dict, blank=True,
                             help_text=_("Fields the doc does not describe, as they came."))
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, db_index=True,
                                      help_text=_("When staff settled the return (refund, goods checked)."))
    handled_by = models.CharField(_("handled by"), max_length=120, blank=True)
    handled_note = models.TextField(_("handled note"), blank=True,
                                    help_text=_("What staff did to settle it, e.g. \"refund done\"."))
    synced_at = models.DateTimeField(_("synced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("MeinEinkauf return")
        ordering = ["-state_changed_at", "-id"]
        permissions = [("handle_meineinkaufreturn", "Can mark MeinEinkauf returns as handled")]
        verbose_name_plural = _("MeinEinkauf returns")

    def __str__(self):
        return f"Return {self.reference}"

    @property
    def state(self):
        return states.return_state(self.processing_state)


class MeinEinkaufReturnStateChange(StateChange):
    meineinkauf_return = models.ForeignKey(MeinEinkaufReturn, verbose_name=_("MeinEinkauf return"),
                                           related_name="history", on_delete=models.CASCADE)
    explain = staticmethod(states.return_state)

    class Meta(StateChange.Meta):
        constraints = [
            models.UniqueConstraint(fields=["meineinkauf_return", "state", "changed_at"],
                                    name="unique_meineinkauf_return_state_change"),
        ]
        verbose_name = _("MeinEinkauf return state change")
        verbose_name_plural = _("MeinEinkauf return state changes")


class MeinEinkaufReturnItem(models.Model):
    meineinkauf_return = models.ForeignKey(MeinEinkaufReturn, verbose_name=_("MeinEinkauf return"),
                                           related_name="items", on_delete=models.CASCADE)
    item_key = models.CharField(_("item key"), max_length=120,
                                help_text=_("The item's reference, or its id or position without one."))
    meineinkauf_id = models.PositiveBigIntegerField(_("MeinEinkauf id"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    article_number = models.CharField(_("article number"), max_length=255, blank=True)
    article_name = models.CharField(_("article name"), max_length=255, blank=True)
    article_external_id = models.CharField(_("article external id"), max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True, db_index=True)
    state = models.CharField(_("state"), max_length=100, blank=True)
    extra = models.JSONField(_("extra"), default=dict, blank=True)

    class Meta:
        verbose_name = _("item")
        ordering = ["meineinkauf_return", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meineinkauf_return", "item_key"], name="unique_meineinkauf_return_item"),
        ]
        verbose_name_plural = _("MeinEinkauf return items")

    def __str__(self):
        return f"{self.article_number} {self.article_name}".strip() or self.reference

    @property
    def reason_words(self):
        return states.return_reason(self.reason)

    @property
    def state_words(self):
        return states.item_state(self.state)


class MeinEinkaufSyncCursor(models.Model):
    """How far a feed (orders, cancelled orders, returns) has been read: the newest change already applied."""

    feed = models.CharField(_("feed"), max_length=40, unique=True)
    changed_until = models.DateTimeField(_("changed until"), null=True, blank=True)
    synced_at = models.DateTimeField(_("synced at"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("MeinEinkauf sync cursor")
        verbose_name_plural = _("MeinEinkauf sync cursors")

    def __str__(self):
        return f"{self.feed}: {self.changed_until or 'never synced'}"
