"""redact() removes a secret in every encoding a partner exchange can carry it in: JSON, form and query strings,
a Basic auth header, XML."""

import base64
import contextlib
import json
from urllib.parse import quote, quote_plus

import requests
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from backoffice import redaction
from backoffice.redaction import MASK, redact, register_secret

URL = "https://partner.example/api/v1/orders"
# The characters each encoding treats specially, weighted in; "*" is left out, as MASK is made of it.
SPECIAL = st.sampled_from(list("\"\\&<>'%+ =/?#;:ä€中😀"))
ANY = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn"), exclude_characters="*")
secrets = st.text(alphabet=SPECIAL | ANY, min_size=3, max_size=40)
users = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=":*"), max_size=12)


def basic_auth(user, secret):
    """Every Authorization header value a client may send: RFC 7617's UTF-8, and requests' Latin-1."""
    values = [f"Basic {base64.b64encode(f'{user}:{secret}'.encode()).decode()}"]
    try:
        prepared = requests.Request("GET", URL, auth=(user, secret)).prepare()
    except UnicodeEncodeError:  # requests cannot send a credential outside Latin-1
        return values
    return [*values, prepared.headers["Authorization"]]


def xml_bodies(secret):
    element = etree.Element("Credentials", password=secret)
    etree.SubElement(element, "Secret").text = secret
    return [etree.tostring(element).decode(), etree.tostring(element, encoding="unicode")]


def carriers(user, secret):
    """The secret inside every kind of text the audit and the logs keep."""
    document = {"password": secret, "note": f"key {secret}!", "nested": {"tokens": [secret]}}
    form = requests.Request("POST", URL, data={"auth": secret, "comment": secret}).prepare()
    query = requests.Request("GET", URL, params={"q": secret, "sig": secret}).prepare()
    return {
        "json": json.dumps(document),
        "json-utf8": json.dumps(document, ensure_ascii=False),
        "form": form.body,
        "query": query.url,
        **{f"basic-{i}": f"Authorization: {value}" for i, value in enumerate(basic_auth(user, secret))},
        "base64-alone": f'{{"credential": "{base64.b64encode(secret.encode()).decode()}"}}',
        "base64url-alone": f"{URL}?t={base64.urlsafe_b64encode(secret.encode()).decode()}",
        **{f"xml-{i}": body for i, body in enumerate(xml_bodies(secret))},
    }


def encodings(user, secret):
    """What must not survive: the secret in each of the encodings the carriers use."""
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        quote_plus(secret),
        base64.b64encode(secret.encode()).decode(),
        base64.urlsafe_b64encode(secret.encode()).decode(),
        base64.b64encode(f"{user}:{secret}".encode()).decode(),
    }
    forms.update(body.split("<Secret>")[1].split("</Secret>")[0] for body in xml_bodies(secret))
    forms.update(body.split('password="')[1].split('"')[0] for body in xml_bodies(secret))
    with contextlib.suppress(UnicodeEncodeError):  # not in Latin-1: requests could not have sent it so
        forms.add(base64.b64encode(f"{user}:{secret}".encode("latin-1")).decode())
    return forms


@given(user=users, secret=secrets)
def test_no_encoding_of_a_given_secret_survives(user, secret):
    for name, text in carriers(user, secret).items():
        redacted = redact(text, secrets=(secret,))
        assert MASK in redacted, name
        survivors = [form for form in encodings(user, secret) if form in redacted]
        assert survivors == [], (name, redacted)


def test_a_registered_secret_is_removed_in_every_encoding(monkeypatch):
    monkeypatch.setattr(redaction, "_known", redaction._known)  # the registration ends with the test
    user, secret = "api", 'Pa"ss\\wörd & <co> 100%+'
    register_secret(secret)
    for name, text in carriers(user, secret).items():
        redacted = redact(text)
        assert [form for form in encodings(user, secret) if form in redacted] == [], (name, redacted)


def test_values_shorter_than_three_characters_are_not_registered(monkeypatch):
    monkeypatch.setattr(redaction, "_known", redaction._known)
    register_secret("ab", "")
    assert redact("ab YWI= ab") == "ab YWI= ab"


def test_a_secret_field_with_escaped_quotes_is_masked_whole():
    body = json.dumps({"password": 'start" \\ "tail', "secret": "\\", "other": "kept"})
    assert redact(body) == '{"password": "***", "secret": "***", "other": "kept"}'


def test_only_a_base64_run_holding_the_secret_is_masked():
    # "YWJjZGVm" is base64 of "abcdef"; "YWJ" merely shares its first letters.
    assert redact("YWJ and YWJjZGVm", secrets=("abc",)) == "YWJ and ***"
