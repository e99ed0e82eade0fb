"""Reads of orders that are more than one line."""

from django.urls import reverse

from backoffice.dashboard import Figure
from orders.models import Order, Submission


def _orders_url(**filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return f"{reverse('admin:orders_order_changelist')}?{query}"


def dashboard_figures():
    S = Submission.State
    ready = Order.objects.filter(status=Order.Status.READY).exclude(
        submission_state__in=[S.SENDING, S.ACCEPTED, S.UNKNOWN, S.REFUSED]
    )
    return [
        Figure("Orders", "ready to submit", ready.count(),
               _orders_url(status__exact="ready", submittable="1")),
        Figure("Orders", "refused by a partner", Order.objects.filter(submission_state=S.REFUSED,
                                                                      status=Order.Status.READY).count(),
               _orders_url(submission_state__exact="refused", status__exact="ready"), tone="alert"),
        Figure("Orders", "outcome unknown: reconcile", Order.objects.filter(submission_state=S.UNKNOWN).count(),
               _orders_url(submission_state__exact="unknown"), tone="alert"),
        Figure("Orders", "waiting for tracking", Order.objects.filter(status=Order.Status.SUBMITTED).count(),
               _orders_url(status__exact="submitted"), tone="warn"),
    ]
