"""Turning a partner's HTTP status and body into the typed error that tells the lifecycle what to do."""

import pytest
import requests

from backoffice.errors import PartnerAuthError, PartnerOutcomeUnknown, PartnerResponseError, PartnerUnavailable
from backoffice.replies import duration, is_html_page, json_body, raise_for_transport


def reply(status=200, body=b"", headers=None):
    response = requests.Response()
    response.status_code = status
    response._content = body  # noqa: SLF001 - a reply as requests builds it, without a server
    response.headers.update(headers or {})
    response.encoding = "utf-8"
    return response


@pytest.mark.parametrize("write", [False, True])
@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials(status, write):
    with pytest.raises(PartnerAuthError, match=rf"\(HTTP {status}\)\. Check the InnoCigs settings"):
        raise_for_transport(reply(status), "innocigs", write=write)


@pytest.mark.parametrize("write", [False, True])
@pytest.mark.parametrize("status", [429, 503])
def test_overload_and_maintenance_processed_nothing_whatever_was_sent(status, write):
    with pytest.raises(PartnerUnavailable) as caught:
        raise_for_transport(reply(status), "innoship", write=write)
    assert caught.value.retryable and caught.value.retry_after is None
    assert caught.value.message == f"Innoship is unavailable (HTTP {status}); try again later."


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_server_error_after_a_write_leaves_the_outcome_open(status):
    with pytest.raises(PartnerOutcomeUnknown) as caught:
        raise_for_transport(reply(status, b"Bad gateway", {"Retry-After": "60"}), "meineinkauf", write=True)
    assert caught.value.code == f"http_{status}" and not caught.value.retryable
    assert caught.value.message.startswith(f"MeinEinkauf.ch answered HTTP {status} to a request that changes data")


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_server_error_after_a_read_may_simply_be_repeated(status):
    with pytest.raises(PartnerUnavailable):
        raise_for_transport(reply(status), "zonos")


@pytest.mark.parametrize(("header", "seconds", "words"), [
    ("120", 120.0, "asks to wait 2 min"), ("45", 45.0, "asks to wait 45 s"), ("7200", 7200.0, "asks to wait 2 h"),
    ("999999", 86400.0, "asks to wait 24 h"),
])
def test_retry_after_is_kept_for_the_next_try(header, seconds, words):
    with pytest.raises(PartnerUnavailable) as caught:
        raise_for_transport(reply(503, headers={"Retry-After": header}), "innocigs", write=True)
    assert caught.value.retry_after == seconds and words in caught.value.message


@pytest.mark.parametrize("header", ["soon", "nan", ""])
def test_an_unreadable_retry_after_is_no_retry_after(header):
    with pytest.raises(PartnerUnavailable) as caught:
        raise_for_transport(reply(503, headers={"Retry-After": header}), "innocigs")
    assert caught.value.retry_after is None and "asks to wait" not in caught.value.message


@pytest.mark.parametrize("status", [200, 201, 204, 302, 400, 404, 422])
def test_other_statuses_are_left_to_the_client(status):
    raise_for_transport(reply(status), "innoship", write=True)


@pytest.mark.parametrize(("body", "headers", "came"), [
    (b"<!DOCTYPE html><html><head><title>Wartung &amp; Pflege</title></head><body></body></html>", {},
     "an HTML page ('Wartung &amp; Pflege')"),
    (b"<html><body><h1>Wartungsarbeiten</h1></body></html>", {}, "an HTML page ('Wartungsarbeiten')"),
    (b"<p>kaputt</p>", {"Content-Type": "text/html; charset=utf-8"}, "an HTML page"),
    (b"", {}, "an empty body"),
    (b'{"ORDER": ', {}, "'{\"ORDER\":'"),
])
def test_an_unreadable_reply_says_what_came_instead(body, headers, came):
    with pytest.raises(PartnerResponseError) as caught:
        json_body(reply(200, body, headers), "innocigs")
    assert caught.value.message == f"Expected JSON from InnoCigs (HTTP 200) but got {came}."
    assert caught.value.code == "malformed_reply"


def test_xml_is_not_an_html_page():
    assert not is_html_page(reply(200, b'<?xml version="1.0"?><INNOCIGS_API_RESPONSE/>', {"Content-Type": "text/xml"}))
    assert is_html_page(reply(200, b"  <HTML lang=de><body>x</body></HTML>"))


def test_durations():
    assert [duration(s) for s in (0.5, 90, 119, 120, 3599, 7199, 7200, 86400)] == [
        "0.5 s", "90 s", "119 s", "2 min", "60 min", "120 min", "2 h", "24 h"]
