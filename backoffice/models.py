from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backoffice.registry import partner_choices
from backoffice.stored_texts import in_reader_words

# The partners' PartnerSpecs name them; a callable, read when the choices are needed, after every ready().
PARTNER_CHOICES = partner_choices


class PartnerExchange(models.Model):
    """A read-only record of one HTTP exchange with a partner, credentials removed."""

    partner = models.CharField(_("partner"), max_length=20, choices=PARTNER_CHOICES)
    operation = models.CharField(_("operation"), max_length=60,
                                 help_text=_("What the call was for, e.g. dropship or stock."))
    method = models.CharField(_("method"), max_length=8)
    url = models.TextField(_("URL"), help_text=_("Credentials removed."))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True,
                                                   help_text=_("Empty: no reply."))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    request_body = models.TextField(_("request body"), blank=True)
    response_body = models.TextField(_("response body"), blank=True)
    error = models.TextField(_("error"), blank=True)
    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), null=True, blank=True,
                                     on_delete=models.SET_NULL)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    related = GenericForeignKey("content_type", "object_id")
    related_label = models.CharField(_("related label"), max_length=120, blank=True)
    triggered_by = models.CharField(_("triggered by"), max_length=120,
                                    help_text=_("A person (user:…), a command or a schedule."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "-created_at"]),
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["partner", "operation", "-created_at"]),
            # The list's filters and search at a million rows: the operations by a loose index scan (and one
            # operation's page in the list's order, without sorting its 200,000 rows), the status classes (per
            # partner too), what an exchange is about by its start (LIKE 'B0001%' on PostgreSQL), and who
            # triggered it. Migration 0004 also tells PostgreSQL how partner, status and operation correlate.
            models.Index(fields=["operation", "-created_at", "-id"], name="exchange_operation_sort"),
            models.Index(fields=["status_code", "partner"], name="exchange_status_partner"),
            models.Index(fields=["related_label"], name="exchange_related_label", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["triggered_by"], name="exchange_triggered_by"),
        ]
        verbose_name = _("partner exchange")
        verbose_name_plural = _("partner exchanges")

    def __str__(self):
        return f"{self.get_partner_display()} {self.operation} {self.status_code or 'no reply'}"

    @property
    def ok(self):
        return self.status_code is not None and self.status_code < 400 and not self.error


class PartnerHealth(models.Model):
    """The last known state of a partner connection: from the connection check, and from every real exchange."""

    partner = models.CharField(_("partner"), max_length=20, choices=PARTNER_CHOICES, primary_key=True)
    ok = models.BooleanField(_("OK"), default=False)
    detail = models.TextField(_("detail"), blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), default=0)
    checked_at = models.DateTimeField(_("checked at"))
    base_url = models.CharField(_("base URL"), max_length=300, blank=True,
                                help_text=_("The address the last check or call went to."))

    class Meta:
        verbose_name_plural = _("partner health")
        permissions = [("check_partners", "Can run the partner connection check")]
        verbose_name = _("partner health")

    def __str__(self):
        return f"{self.get_partner_display()}: {'OK' if self.ok else self.detail}"


class Job(models.Model):
    """A long admin action running on the queue: its progress and outcome are shown on its own page."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60, help_text=_("What the job does, e.g. 'Submit to InnoCigs'."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    succeeded = models.PositiveIntegerField(_("succeeded"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    lines = models.JSONField(_("lines"), default=list, blank=True,
                             help_text=_("One line per item: what happened to it."))
    # Per line, when the item is an object with an admin page: {"label", "outcome", "ok", "url"}.
    items = models.JSONField(_("items"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.CharField(_("created by"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # What the queue runs, kept so a sweep can queue it again when a broker lost it (ids only, no secrets).
    task = models.CharField(_("task"), max_length=200, blank=True)
    task_kwargs = models.JSONField(_("task arguments"), default=dict, blank=True)
    heartbeat_at = models.DateTimeField(_("heartbeat at"), null=True, blank=True,
                                        help_text=_("Last sign of life from the worker."))
    requeued = models.PositiveSmallIntegerField(_("requeued"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["-created_at", "-id"], name="job_list_sort"),  # the list's order
            models.Index(fields=["kind"], name="job_kind"),  # the kind filter's choices
        ]
        permissions = [("resubmit_tasks", "Can resubmit queue tasks")]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self):
        return gettext("%(kind)s #%(number)s") % {"kind": in_reader_words(self.kind), "number": self.pk}

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def with_problems(self):
        """Finished, but some item was refused or held back: not a plain "Done"."""
        return self.status == self.Status.DONE and self.failed > 0
