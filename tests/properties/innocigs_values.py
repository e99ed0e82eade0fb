"""Known values for InnoCigs' replies, and the replies InnoCigs would send for them (REST JSON or XML).

The round trips build a reply from these values, read it with the app's own client and compare: what was
sent must come back. Each renderer writes the documented shape of its reply (innocigs-dropship-api-2022-04-28.md)
and the variations the readers promise to take (a list of one as that one object, numbers as text, decimal
commas, tracking codes with spaces).
"""

from decimal import Decimal

from hypothesis import strategies as st

from backoffice.errors import PartnerIssue
from suppliers.innocigs.parse import BackorderInfo, OtherUnitInfo, PriceInfo, PriceTierInfo, ProductInfo
from suppliers.innocigs.parse_orders import DeliveredItem, DeliveredOrder, DeliveryNoteData, OrderResult, Parcel

from .strategies import json_bytes, to_xml, words

APIS = st.sampled_from(["rest", "xml"])


def rendered(shape, api):
    return json_bytes(shape) if api == "rest" else to_xml(shape).encode()


def content_type(api):
    return "application/json" if api == "rest" else "text/xml; charset=utf-8"


def one_or_list(entries, single):
    """InnoCigs sends a list of one as that one object, or as a list."""
    return entries[0] if single and len(entries) == 1 else entries


def spaced(code, draw):
    """A tracking code as InnoCigs may send it: with the spaces carriers print, and around it."""
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(code) - 1)), max_size=3)))
    pieces = [code[start:end] for start, end in zip([0, *cuts], [*cuts, len(code)], strict=True)]
    return draw(st.sampled_from(["", " "])) + " ".join(piece for piece in pieces if piece)


# --- common values ------------------------------------------------------------------------------------------

models = st.from_regex(r"[A-Z0-9]{2,12}(-[A-Z0-9]{1,8}){0,3}", fullmatch=True)
order_numbers = st.from_regex(r"[A-Z]{1,8}-?[0-9]{1,8}", fullmatch=True)
ids = st.integers(1, 10**12).map(str)
# ORDERS_ID of a delivery or backorder: "9903478-14645", "53-44" (the doc's examples).
compound_ids = st.from_regex(r"[0-9]{1,8}-[0-9]{1,6}", fullmatch=True)
eans = st.from_regex(r"[0-9]{8}|[0-9]{13}", fullmatch=True)
quantities = st.integers(0, 2**31 - 1)
# Text a field may hold, beyond random scripts: what breaks careless XML or JSON writing and reading.
HOSTILE = ["Müller & Söhne <GmbH>", 'Ein "Zitat" mit \'Apostroph\'', "Grüße aus Köln; 50% & mehr", "]]> <![CDATA[x",
           "&amp; &lt; &#0; %s {}", "שלום عربي 👩\u200d👩\u200d👧", "e\u0301 \u202eabc\u202c", "ß" * 60]
hostile = words | st.sampled_from(HOSTILE)
# Free text (a message, a name, a description), long ones too.
long_texts = hostile | st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")), min_size=200,
                               max_size=3000).map(str.strip).filter(bool)
optional_texts = st.just("") | long_texts
carriers = st.sampled_from(["DHL", "UPS", "TEST"]) | hostile  # CARRIER: at most 60 characters (parse.py)
# Order refusals of the doc's "Fehlermeldungen" table that name the order itself (not the login, the account,
# nor a repeat): InnoCigs refused this order, and sending it again unchanged would not help.
REFUSAL_CODES = ["20012", "30000", "30001", "30002", "30003", "30004", "30005", "30006", "40001", "40002", "40004",
                 "40006", "40007", *(f"400{n}" for n in range(10, 20))]


# --- prices, as InnoCigs writes them --------------------------------------------------------------------------

# Purchase and recommended prices come with two decimals ("7,52"); graduated and unit prices with up to six
# ("6.998400"), or with two ("22,50").
cents = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2)
micros = st.decimals(min_value=0, max_value=Decimal("99999.999999"), places=6)
tier_prices = cents | micros


def _grouped(value):
    """German with thousands: 1234.5 as "1.234,50"."""
    whole, fraction = f"{value:.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + fraction


def price_text(value, api, draw):
    """A price as either API may carry it: "7,52", "1.234,56", "6.998400", 7.52 (REST only)."""
    styles = ["dot6"]
    if value == round(value, 2):
        styles += ["comma", "grouped", "dot2"]
    if api == "rest":
        styles.append("number")
    style = draw(st.sampled_from(styles))
    if style == "comma":
        return f"{value:.2f}".replace(".", ",")
    if style == "grouped":
        return _grouped(value)
    if style == "dot2":
        return f"{value:.2f}"
    if style == "number":
        return int(value) if value == value.to_integral_value() else float(value)
    return f"{value:.6f}"


def count_text(value, api, draw):
    return value if api == "rest" and draw(st.booleans()) else str(value)


# --- standard order ---------------------------------------------------------------------------------------

@st.composite
def order_results(draw):
    """InnoCigs' answer to a standard order: placed with its ORDERS_ID, or refused with the doc's codes."""
    number = draw(order_numbers)
    if draw(st.booleans()):
        return OrderResult(number, "OK", draw(long_texts), draw(ids))
    issues = draw(st.lists(st.tuples(st.sampled_from(REFUSAL_CODES), long_texts), min_size=1, max_size=3))
    return OrderResult(number, "NOK", draw(long_texts), "", tuple(PartnerIssue(code, text) for code, text in issues))


def order_json(result, api, draw):
    """The `order` reply ("Bestellung ohne Dropship"): ORDERS_ID -1 when refused, ERRORS inside the ORDER."""
    rest = api == "rest"
    order = {"ORDERS_NUMBER": result.orders_number, "STATUS": result.status, "MESSAGE": result.message,
             "ORDERS_ID": (int(result.orders_id) if rest and draw(st.booleans()) else result.orders_id)
             if result.orders_id else draw(st.sampled_from([-1, "-1"]))}
    if result.issues:
        errors = [{"CODE": int(i.code) if rest and draw(st.booleans()) else i.code, "MESSAGE": i.message}
                  for i in result.issues]
        # REST lists the errors directly ("ERRORS": [...]); XML wraps each in an ERROR element.
        wrapped = not rest or draw(st.booleans())
        order["ERRORS"] = {"ERROR": one_or_list(errors, draw(st.booleans()))} if wrapped else errors
    return {"ORDER": order}


# --- delivery notes -----------------------------------------------------------------------------------------

tracking_codes = st.from_regex(r"[0-9A-Z]{1,30}", fullmatch=True)
delivered_items = st.builds(DeliveredItem, models, st.none() | quantities)


def delivered_orders(orders):
    """An included ORDER; `orders` gives its (ORDERS_NUMBER, ORDERS_ID)."""
    return st.builds(lambda order, items: DeliveredOrder(*order, tuple(items)), orders,
                     st.lists(delivered_items, max_size=3))


any_orders = st.tuples(order_numbers, st.just("") | compound_ids)


def delivery_notes(orders=any_orders):
    """Delivery notes with distinct numbers, each with its parcels and the orders it includes."""
    note = st.builds(DeliveryNoteData, st.from_regex(r"S[0-9]{5,10}", fullmatch=True),
                     st.lists(st.builds(Parcel, carriers, tracking_codes), max_size=3).map(tuple),
                     st.lists(delivered_orders(orders), max_size=3).map(tuple))
    return st.lists(note, max_size=4, unique_by=lambda n: n.delivery_number)


def deliveries_json(notes, api, draw):
    """The `delivery` reply: each TRACKING carries carrier and code as attributes; an included ORDER lists its
    PRODUCTS (QUANTITY may be missing, as in the XML example)."""
    rest = api == "rest"
    deliveries = []
    for note in notes:
        trackings = [{"_attributes": {"carrier": p.carrier, "tracking_code": spaced(p.code, draw)}}
                     for p in note.parcels]
        orders = []
        for order in note.orders:
            products = []
            for item in order.items:
                product = {"PRODUCTS_MODEL": item.model}
                if item.quantity is not None:
                    product["QUANTITY"] = count_text(item.quantity, api, draw)
                products.append(product)
            orders.append({"ORDERS_NUMBER": order.orders_number, "ORDERS_ID": order.orders_id,
                           "PRODUCTS": {"PRODUCT": one_or_list(products, draw(st.booleans()))} if products else ""})
        # REST: INCLUDED_ORDERS is a list of {"ORDER": {...}}; XML: one INCLUDED_ORDERS holding every ORDER.
        included = ([{"ORDER": o} for o in orders] if rest else {"ORDER": orders}) if orders else ""
        deliveries.append({
            "RECEIVER": {"COMPANY": "", "FIRSTNAME": "Markus", "LASTNAME": "Tester", "COUNTRY_CODE": "DE"},
            "DELIVERY_NUMBER": note.delivery_number,
            "TRACKINGS": {"TRACKING": one_or_list(trackings, draw(st.booleans()))} if trackings else "",
            "INCLUDED_ORDERS": included,
        })
    return {"DELIVERIES": {"DELIVERY": one_or_list(deliveries, draw(st.booleans()))} if deliveries else ""}


# --- catalogue: prices, products, backorders ----------------------------------------------------------------

def _tiers(draw):
    found = draw(st.lists(st.builds(PriceTierInfo, st.integers(1, 10**6), tier_prices), max_size=4,
                          unique_by=lambda tier: tier.min_quantity))
    return tuple(sorted(found, key=lambda tier: tier.min_quantity))  # read back by quantity


def _units(draw):
    found = draw(st.lists(st.builds(OtherUnitInfo, models, st.none() | st.integers(1, 10**4),
                                    st.none() | tier_prices, st.none() | tier_prices),
                          max_size=3, unique_by=lambda unit: unit.model))
    return tuple(sorted(found, key=lambda unit: unit.model))  # read back by model


@st.composite
def price_infos(draw, model=models, *, purchase=cents):
    return PriceInfo(draw(model), draw(purchase), draw(st.none() | cents), _tiers(draw), _units(draw))


def _optional(entry, key, value, api, draw, render):
    """A value that may be missing: left out, or sent empty (both mean none)."""
    if value is not None:
        entry[key] = render(value, api, draw)
    elif draw(st.booleans()):
        entry[key] = ""


def price_fields(price, api, draw, *, catalogue):
    """The price part of a PRICES/PRODUCT item, or (catalogue=True) of a PRODUCTS/PRODUCT item, whose
    GRADUATED_PRICES hold PRICE (QUANTITY, VALUE) and OTHER_UNITS hold UNIT (PACKAGE, PRICE, PRICE_PER_UNIT)."""
    names = (("PRICE", "VALUE", "UNIT", "PACKAGE", "PRICE", "PRICE_PER_UNIT") if catalogue else
             ("GRADUATED_PRICE", "PRODUCTS_PRICE", "OTHER_UNIT", "PACKUNG", "PRODUCTS_PRICE",
              "PRODUCTS_PRICE_SINGLE_UNIT"))
    tier_tag, tier_price, unit_tag, package, unit_price, single_price = names
    fields = {"PRODUCTS_PRICE": price_text(price.purchase_price, api, draw)}
    _optional(fields, "PRODUCTS_PRICE_RECOMMENDED", price.recommended_price, api, draw, price_text)
    tiers = [{"QUANTITY": count_text(t.min_quantity, api, draw), tier_price: price_text(t.price, api, draw)}
             for t in draw(st.permutations(price.tiers))]
    units = []
    for unit in draw(st.permutations(price.units)):
        entry = {"MODEL": unit.model}
        _optional(entry, package, unit.package_size, api, draw, count_text)
        _optional(entry, unit_price, unit.price, api, draw, price_text)
        _optional(entry, single_price, unit.price_per_unit, api, draw, price_text)
        units.append(entry)
    # An empty block comes as "" (REST) or an empty element (XML), as in the doc's examples.
    fields["GRADUATED_PRICES"] = {tier_tag: one_or_list(tiers, draw(st.booleans()))} if tiers else ""
    fields["OTHER_UNITS"] = {unit_tag: one_or_list(units, draw(st.booleans()))} if units else ""
    return fields


def prices_json(prices, api, draw):
    products = [{"PRODUCTS_MODEL": p.model, **price_fields(p, api, draw, catalogue=False)} for p in prices]
    return {"PRICES": {"PRODUCT": one_or_list(products, draw(st.booleans()))}}


# PRODUCTS_ATTRIBUTES keys as InnoCigs names them, and the one name the shop keeps for each.
ATTRIBUTES = [("PACKUNG", "Packung"), ("FARBE", "Farbe"), ("Nikotinstaerke", "Nikotinstaerke"),
              ("FLASCHEN_GROESSE", "Flaschen groesse"), ("widerstand", "Widerstand")]
KEYS = {shown: key for key, shown in ATTRIBUTES}
SHOWN = sorted(KEYS)
urls = st.from_regex(r"https://cdn\.innocigs\.com/media/[a-z0-9]{1,12}/[A-Za-z0-9-]{1,20}\.png(\?w=[0-9]{1,4}&h=[0-9]{1,4})?",
                     fullmatch=True)
categories = st.lists(hostile.filter(lambda word: ">" not in word), min_size=1, max_size=4)
vpe_units = st.sampled_from(["ml", "g", "Stück"]) | hostile


@st.composite
def product_infos(draw, *, extended):
    model = draw(models)
    images = tuple(draw(st.lists(urls, max_size=4, unique=True)))
    described = extended or draw(st.booleans())  # the normal feed carries no DESCRIPTION, product/<model> does
    content = draw(st.none() | st.decimals(min_value=0, max_value=10**4, places=2))
    return ProductInfo(
        model=model, master=draw(st.just("") | models), ean=draw(st.just("") | eans), name=draw(optional_texts),
        parent_name=draw(optional_texts), category_path=" > ".join(draw(st.just([]) | categories)),
        manufacturer=draw(st.just("") | hostile), image_urls=images,
        vpe_content=content, vpe_unit=draw(vpe_units) if content is not None else "",
        attributes=tuple(sorted(draw(st.lists(st.tuples(st.sampled_from(SHOWN), hostile), max_size=3,
                                              unique_by=lambda pair: pair[0])))),
        description=draw(long_texts) if described else None, composition=draw(hostile) if described else None,
        manual_url=draw(st.just("") | urls),
        prices=draw(st.none() | price_infos(st.just(model))),
    )


def product_json(product, api, draw):
    """A PRODUCTS/PRODUCT item ("Produkte und EANS abfragen", "Erweiterte Produktabfrage")."""
    main, *more = product.image_urls or ("",)
    # CATEGORY as the doc writes it ("Liquids > Shortfills > Twelve Monkeys"), or without the spaces.
    separator = draw(st.sampled_from([" > ", ">"]))
    item = {"CATEGORY": separator.join(product.category_path.split(" > ")), "MASTER": product.master,
            "MODEL": product.model, "EAN": product.ean, "NAME": product.name, "PARENT_NAME": product.parent_name,
            "PRODUCTS_IMAGE": main,
            # IMAGE containers ("jeweils in eigenen IMAGE-Containern"); REST may list the URLs themselves.
            "PRODUCTS_IMAGE_ADDITIONAL": ({"IMAGE": one_or_list(more, draw(st.booleans()))}
                                          if api == "xml" or draw(st.booleans()) else more) if more else [],
            "MANUFACTURER": product.manufacturer}
    if product.manual_url or draw(st.booleans()):
        item["PRODUCTS_MANUAL"] = product.manual_url
    if product.description is not None:
        # REST wraps it as {"_cdata": ...} (the doc's example), XML as a CDATA section.
        item["DESCRIPTION"] = {"_cdata": product.description} if draw(st.booleans()) else product.description
    if product.composition is not None:
        item["COMPOSITION"] = product.composition
    item["PRODUCTS_ATTRIBUTES"] = ({KEYS[name]: value for name, value in product.attributes}
                                   if product.attributes else "")
    if product.vpe_content is not None:
        content = product.vpe_content  # "50" in the doc; a fraction with a decimal comma or point
        shown = f"{content.normalize():f}" if draw(st.booleans()) else f"{content:.2f}".replace(".", ",")
        item["VPE"] = {"CONTENT": shown, "UNIT": product.vpe_unit}
    if product.prices:
        item.update(price_fields(product.prices, api, draw, catalogue=True))
    return item


def products_json(products, api, draw):
    items = [product_json(product, api, draw) for product in products]
    return {"PRODUCTS": {"PRODUCT": one_or_list(items, draw(st.booleans()))}}


backorders = st.builds(BackorderInfo, compound_ids, models, quantities, st.just("") | eans, st.just("") | hostile)


def pending_json(pending, api, draw):
    """The `pending` reply ("Ausstehende Artikel abfragen")."""
    items = [{"ORDERS_ID": b.orders_id, "PRODUCTS_MODEL": b.model, "QUANTITY": count_text(b.quantity, api, draw),
              "EAN": b.ean, "SHIPPING_STATUS": b.shipping_status} for b in pending]
    return {"PENDINGS": {"PRODUCT": one_or_list(items, draw(st.booleans()))} if items else ""}
