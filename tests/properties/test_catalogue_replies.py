"""Whatever InnoCigs answers to a catalogue call, through either API, the catalogue client returns typed
results or raises PartnerError: one model's stock, price and product, and the full stock, price, catalogue
and backorder feeds (read as they stream in).

The stock of one model is covered in test_innocigs_replies for every version of the client; the rest of
the catalogue client is covered here.
"""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from suppliers.innocigs.client import InnocigsClient

from . import examples as ex
from .replies import PROPERTY, outcome, serving
from .strategies import deep, garbage, json_bytes, mutated, poisoned, xml_bytes

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "stock": (ex.INNOCIGS_STOCK, lambda c: c.stock("12M100L10-BG-0")),
    "price": (ex.INNOCIGS_PRICES, lambda c: c.price("12M100L10-BG-0")),
    "product": (ex.INNOCIGS_PRODUCTS, lambda c: c.product("12M100L10-BG-0")),
    "stock_all": (ex.INNOCIGS_STOCK, lambda c: list(c.stock_all())),
    "prices_all": (ex.INNOCIGS_PRICES, lambda c: list(c.prices_all())),
    "products": (ex.INNOCIGS_PRODUCTS, lambda c: list(c.products(extended=True))),
    "pending": (ex.INNOCIGS_PENDING, lambda c: c.pending()),
}


@st.composite
def replies(draw):
    """(api, operation, body, status)."""
    api = draw(st.sampled_from(["rest", "xml"]))
    operation = draw(st.sampled_from(sorted(OPERATIONS)))
    documented = OPERATIONS[operation][0]
    shapes = st.one_of(st.just(documented), mutated(documented), mutated(ex.INNOCIGS_ERRORS), poisoned(documented))
    rendered = shapes.map(json_bytes) if api == "rest" else shapes.flatmap(xml_bytes)
    return api, operation, draw(st.one_of(rendered, rendered, garbage)), draw(st.sampled_from([200, 200, 200, 404]))


def answer(api, operation, body, status=200):
    client = InnocigsClient.from_settings(api=api)
    with serving("innocigs", body, status=status,
                 content_type="application/json" if api == "rest" else "text/xml; charset=utf-8"):
        return outcome(lambda: OPERATIONS[operation][1](client))


# Regressions: replies that once escaped as something other than a typed result or a PartnerError.
# RecursionError from the REST feed reader (it caught only ValueError)
@example(reply=("rest", "prices_all", deep("[", "]", 100_000).encode(), 200))
@settings(PROPERTY, max_examples=300)
@given(reply=replies())
def test_any_catalogue_reply_gives_a_typed_result_or_a_partner_error(partners, reply):
    answer(*reply)
