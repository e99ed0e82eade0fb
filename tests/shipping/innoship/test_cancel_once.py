"""A cancellation goes through the lifecycle: claimed before its request, so a second click sends nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice.sandbox import state
from orders.models import Submission
from orders.services.submissions import submissions_sweep_stale
from shipping.innoship import cancel as cancelling
from shipping.innoship.cancel import CannotCancel, booking_cancel
from shipping.models import DeliveryState

from .test_cancel import booked  # noqa: F401  (the fixture)

S = Submission.State


def test_a_second_click_while_the_first_is_sending_sends_nothing(booked, innoship, monkeypatch):  # noqa: F811
    monkeypatch.setattr(state, "_accept_repeats", True)  # a careless Innoship would take a second DELETE
    second = []
    real_client = cancelling.InnoshipClient.from_settings

    class SecondClickDuringTheRequest:
        def cancel(self, *args, **kwargs):
            with pytest.raises(CannotCancel) as refused:
                booking_cancel(shipment=booked, actor="user:second")
            second.append(str(refused.value))
            return real_client().cancel(*args, **kwargs)

    monkeypatch.setattr(cancelling.InnoshipClient, "from_settings", SecondClickDuringTheRequest)

    shipment = booking_cancel(shipment=booked, actor="user:first")

    assert len(state.received("innoship", "cancel")) == 1
    assert second and "already being sent" in second[0]
    assert shipment.delivery_state == DeliveryState.CANCELLED
    submission = Submission.objects.get(pk=booked.submission_id)
    assert (submission.state, submission.lease_until) == (S.CANCELLED, None)
    notes = list(submission.events.values_list("to_state", "note"))
    assert notes[-2:] == [("accepted", "claimed for cancelling"),
                          ("cancelled", f"booking {shipment} cancelled at Innoship")]


def test_a_cancellation_whose_sender_died_is_given_back_by_the_sweep(booked, innoship):  # noqa: F811
    # What a worker killed during its DELETE leaves: the accepted submission claimed, with a lease run out.
    Submission.objects.filter(pk=booked.submission_id).update(
        claim_token="dead", lease_until=timezone.now() - timedelta(seconds=1))
    with pytest.raises(CannotCancel, match="already being sent"):
        booking_cancel(shipment=booked, actor="user:admin")

    assert submissions_sweep_stale(actor="schedule:sweep") == 1

    submission = Submission.objects.get(pk=booked.submission_id)
    assert (submission.state, submission.lease_until) == (S.ACCEPTED, None)
    assert submission.events.last().note == "the cancellation's sender stopped before it was confirmed; cancel again"
    assert booking_cancel(shipment=booked, actor="user:admin").delivery_state == DeliveryState.CANCELLED
    assert len(state.received("innoship", "cancel")) == 1
