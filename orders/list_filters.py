"""The order list's own filters: ready to submit, between the legs, reference pending, after a job, outcome."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.models import Job
from orders.models import Submission
from orders.selectors import (
    orders_between_legs,
    orders_reference_pending,
    orders_submittable,
)

S = Submission.State


class SubmittableFilter(admin.SimpleListFilter):
    title = gettext_lazy("ready to submit")
    parameter_name = "submittable"

    def lookups(self, request, model_admin):
        return [("1", "Yes: ready, not refused, not with a partner")]

    def queryset(self, request, queryset):
        return orders_submittable(queryset) if self.value() == "1" else queryset


class BetweenLegsFilter(admin.SimpleListFilter):
    title = gettext_lazy("between the legs")
    parameter_name = "between_legs"

    def lookups(self, request, model_admin):
        return [("1", "Yes: shipped to the hub, not yet registered")]

    def queryset(self, request, queryset):
        return queryset.filter(pk__in=orders_between_legs().values("pk")) if self.value() == "1" else queryset


class ReferencePendingFilter(admin.SimpleListFilter):
    """Accepted by a partner that named no reference yet; the value is the least age in days (dashboard links)."""

    title = gettext_lazy("reference pending")
    parameter_name = "reference_pending"

    def lookups(self, request, model_admin):
        return [("0", "Yes: accepted, no partner reference yet")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return orders_reference_pending(queryset, days=int(value))
        return queryset


class JobNeedsWorkFilter(admin.SimpleListFilter):
    """The orders a bulk job left refused or held back: its page links here."""

    title = gettext_lazy("needing work after a job")
    parameter_name = "job"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, _("after job #%(job)s") % {"job": value})] if value and value.isdigit() else []

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        items = Job.objects.filter(pk=int(self.value())).values_list("items", flat=True).first() or []
        return queryset.filter(number__in=[item["label"] for item in items if not item.get("ok")])


class PartnerOutcomeFilter(admin.SimpleListFilter):
    """The state of the latest submission, kept on the order (the dashboard links use this parameter)."""

    title = gettext_lazy("partner outcome")
    parameter_name = "submission_state__exact"

    def lookups(self, request, model_admin):
        return [("none", _("Never submitted")), *S.choices]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(submission_state="")
        if self.value():
            return queryset.filter(submission_state=self.value())
        return queryset
