"""The sandbox's InnoCigs control calls the kill test relies on: held-back replies and the per-number read-out."""

import threading
import time

import pytest
from django.test import Client

from backoffice.sandbox import credentials, state
from tests.suppliers.innocigs.test_sandbox import XML_URL, dropship, rest, xml, xml_body
from tests.support import control_headers

CONTROL = "/sandbox/innocigs/_control"


@pytest.fixture(autouse=True)
def fresh_sandbox():
    state.reset()
    yield
    state.reset()


def readout(client):
    return client.get(f"{CONTROL}/dropships", headers=control_headers()).json()


def look_up(client, number):
    client.post(XML_URL, {"cid": credentials.INNOCIGS_CID, "auth": credentials.INNOCIGS_PASSWORD,
                          "command": "tracking", "order": number})


def test_a_held_back_reply_is_in_flight_after_the_dropship_was_placed(client):
    assert client.post(f"{CONTROL}/latency", {"seconds": "0.5"}, headers=control_headers()).json() == {"latency": 0.5}
    replies = []

    def send():
        replies.append(xml(Client(), xml_body(dropship("L1"), dropship("L2"))))

    sender = threading.Thread(target=send)
    started = time.monotonic()
    sender.start()
    # Until the held-back reply is seen or the sender is done: a slow start on a busy machine only takes longer.
    while not readout(client)["in_flight"] and sender.is_alive():
        time.sleep(0.02)
    seen = readout(client)
    sender.join(timeout=60)

    assert seen["in_flight"] == [["L1", "L2"]]
    assert seen["orders"]["L1"] == {"arrived": 1, "placed": 1, "looked_up": 0, "resent_blindly": 0}
    assert time.monotonic() - started >= 0.5
    assert [d.findtext("STATUS") for d in replies[0].iterfind("DROPSHIPPING/DROPSHIP")] == ["OK", "OK"]
    assert readout(client)["in_flight"] == []


def test_test_mode_replies_are_never_held_back_nor_counted(client):
    client.post(f"{CONTROL}/latency", {"seconds": "5"}, headers=control_headers())
    started = time.monotonic()
    rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("T1")}}, test=True)
    assert time.monotonic() - started < 5  # held back, it would have taken the 5 s
    assert readout(client) == {"requests": 1, "in_flight": [], "orders": {}}


def test_a_placed_number_sent_again_without_a_look_up_counts_as_a_blind_resend(client):
    body = {"DROPSHIPPING": {"DROPSHIP": dropship("B1")}}
    rest(client, body)
    rest(client, body)  # blind: InnoCigs already placed B1
    look_up(client, "B1")
    rest(client, body)  # the reconcile check: looked up first, answered 20011
    assert readout(client)["orders"]["B1"] == {"arrived": 3, "placed": 1, "looked_up": 1, "resent_blindly": 1}


def test_sending_a_refused_number_again_is_no_blind_resend(client):
    rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("R1", products=[("AS100AMZ", 1)])}})  # 30001, not placed
    rest(client, {"DROPSHIPPING": {"DROPSHIP": dropship("R1")}})
    assert readout(client)["orders"]["R1"] == {"arrived": 2, "placed": 1, "looked_up": 0, "resent_blindly": 0}


def test_latency_control_refuses_what_is_not_a_number_and_reads_only_by_get(client):
    assert client.post(f"{CONTROL}/latency", {"seconds": "soon"}, headers=control_headers()).status_code == 400
    assert client.get(f"{CONTROL}/latency", headers=control_headers()).status_code == 405
    assert client.post(f"{CONTROL}/dropships", headers=control_headers()).status_code == 405
