"""Turns one item of an InnoCigs feed into a typed, frozen result, whichever API it came from.

The XML API's elements are first converted to the dict shape of the REST API's JSON (`element_to_dict`), so
both APIs go through the same per-item parsers. They survive what the real feeds send:

- decimal commas ("7,52") and dot decimals ("6.998400") side by side, read exactly as Decimal;
- one object where a list is expected, and a list where one object is expected;
- "", {} or null where a list is expected;
- numbers as strings and strings as numbers;
- the `_cdata`, `_text` and `_attributes` leftovers of an XML-to-JSON conversion;
- attribute names in mixed case (PACKUNG and Packung are one attribute);
- whitespace around everything.

Unknown fields are ignored. A value that cannot be read raises PartnerResponseError naming the model and field.
"""

from dataclasses import dataclass
from decimal import Decimal

from suppliers.attributes import attribute_name

from .shapes import (
    STATUS_LENGTH,
    WRAPPERS,
    Malformed,
    as_list,
    as_object,
    decimal,
    element_issues,
    element_to_dict,
    error_issues,
    get,
    integer,
    items,
    model_of,
    text,
)

# The readers of shapes.py are used through here too: one import for whoever reads an InnoCigs feed.
__all__ = [
    "as_list",
    "as_object",
    "BackorderInfo",
    "decimal",
    "element_issues",
    "element_to_dict",
    "error_issues",
    "get",
    "integer",
    "items",
    "Malformed",
    "model_of",
    "OtherUnitInfo",
    "parse_backorder",
    "parse_prices",
    "parse_product",
    "parse_stock",
    "PriceInfo",
    "PriceTierInfo",
    "ProductInfo",
    "StockLevel",
    "text",
]


@dataclass(frozen=True)
class StockLevel:
    model: str
    quantity: int
    shipping_status: str = ""


@dataclass(frozen=True)
class PriceTierInfo:
    min_quantity: int
    price: Decimal


@dataclass(frozen=True)
class OtherUnitInfo:
    model: str
    package_size: int | None
    price: Decimal | None
    price_per_unit: Decimal | None


@dataclass(frozen=True)
class PriceInfo:
    model: str
    purchase_price: Decimal | None
    recommended_price: Decimal | None
    tiers: tuple[PriceTierInfo, ...] = ()
    units: tuple[OtherUnitInfo, ...] = ()


@dataclass(frozen=True)
class ProductInfo:
    """A catalogue entry. `description` and `composition` are None when the feed did not carry them (the
    normal feed), so a normal sync never blanks what an extended sync stored. `clp_infos` is the CLP hazard
    labelling as sent, (key, value) pairs in the feed's order without the empty ones; None when the item had no
    CLP_INFOS block at all."""

    model: str
    master: str = ""
    ean: str = ""
    name: str = ""
    parent_name: str = ""
    category_path: str = ""
    manufacturer: str = ""
    image_urls: tuple[str, ...] = ()
    vpe_content: Decimal | None = None
    vpe_unit: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    description: str | None = None
    composition: str | None = None
    manual_url: str = ""
    prices: PriceInfo | None = None
    clp_infos: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True)
class BackorderInfo:
    """An item of one of the shop's orders that InnoCigs has not shipped yet (`pending`)."""

    orders_id: str
    model: str
    quantity: int
    ean: str = ""
    shipping_status: str = ""


# --- per-item parsers ---------------------------------------------------------------------------------------


def parse_stock(item) -> StockLevel:
    """A QUANTITIES/PRODUCT item."""
    item = as_object(item, field="PRODUCT")
    model = model_of(item)
    return StockLevel(
        model,
        integer(get(item, "QUANTITY"), field="QUANTITY", model=model),
        text(get(item, "SHIPPING_STATUS"))[:STATUS_LENGTH],  # words for staff: a longer one is cut, not refused
    )


def _entries(block, marker, *wrappers):
    """The entries of a block such as GRADUATED_PRICES, wrapped (GRADUATED_PRICE or PRICE) or bare."""
    found = [e for wrapper in wrappers for e in items(block, wrapper)]
    return found + [e for e in as_list(block) if isinstance(e, dict) and get(e, marker) is not None]


def _tiers(block, model):
    tiers = {}
    for entry in _entries(block, "QUANTITY", "GRADUATED_PRICE", "PRICE"):
        entry = as_object(entry, field="GRADUATED_PRICE", model=model)
        quantity = integer(get(entry, "QUANTITY"), field="GRADUATED_PRICES.QUANTITY", model=model)
        price = get(entry, "PRODUCTS_PRICE")
        price = decimal(get(entry, "VALUE") if price is None else price, field="GRADUATED_PRICES.PRODUCTS_PRICE",
                        model=model, required=True)
        tiers[quantity] = PriceTierInfo(quantity, price)
    return tuple(tiers[q] for q in sorted(tiers))


def _first(entry, *keys):
    for key in keys:
        value = get(entry, key)
        if value is not None:
            return value
    return None


def _units(block, model):
    units = {}
    for entry in _entries(block, "MODEL", "OTHER_UNIT", "UNIT"):
        entry = as_object(entry, field="OTHER_UNIT", model=model)
        unit_model = text(get(entry, "MODEL"))
        if not unit_model:
            raise Malformed("an other unit without MODEL", field="OTHER_UNITS.MODEL", model=model)
        units[unit_model] = OtherUnitInfo(
            unit_model,
            integer(_first(entry, "PACKUNG", "PACKAGE"), field="OTHER_UNITS.PACKUNG", model=model, required=False),
            decimal(_first(entry, "PRODUCTS_PRICE", "PRICE"), field="OTHER_UNITS.PRODUCTS_PRICE", model=model),
            decimal(_first(entry, "PRODUCTS_PRICE_SINGLE_UNIT", "PRICE_PER_UNIT"),
                    field="OTHER_UNITS.PRODUCTS_PRICE_SINGLE_UNIT", model=model),
        )
    return tuple(units[m] for m in sorted(units))


def parse_prices(item, *, model_key="PRODUCTS_MODEL", required=True) -> PriceInfo:
    """A PRICES/PRODUCT item; with model_key="MODEL", the price part of a catalogue item."""
    item = as_object(item, field="PRODUCT")
    model = model_of(item, model_key)
    return PriceInfo(
        model,
        decimal(get(item, "PRODUCTS_PRICE"), field="PRODUCTS_PRICE", model=model, required=required),
        decimal(get(item, "PRODUCTS_PRICE_RECOMMENDED"), field="PRODUCTS_PRICE_RECOMMENDED", model=model),
        _tiers(get(item, "GRADUATED_PRICES"), model),
        _units(get(item, "OTHER_UNITS"), model),
    )


def _images(item):
    urls = []
    main = text(get(item, "PRODUCTS_IMAGE"))
    if main:
        urls.append(main)
    for entry in as_list(get(item, "PRODUCTS_IMAGE_ADDITIONAL")):
        nested = get(entry, "IMAGE") if isinstance(entry, dict) and not _is_wrapper(entry) else None
        for url in as_list(nested) if nested is not None else [entry]:
            url = text(url)
            if url and url not in urls:
                urls.append(url)
    return tuple(urls)


def _is_wrapper(value):
    return any(w in value for w in WRAPPERS)


def _attributes(value):
    attributes = {}
    for entry in as_list(value):
        if not isinstance(entry, dict):
            continue  # bare text where a list of named attributes belongs carries no name to keep
        for key, raw in entry.items():
            if key.startswith("_"):
                continue
            name, shown = attribute_name(key), text(raw)
            if name and shown:
                attributes[name] = shown
    return tuple(sorted(attributes.items()))


def _vpe(value, model):
    vpe = as_object(value, field="VPE", model=model)
    return decimal(get(vpe, "CONTENT"), field="VPE.CONTENT", model=model), text(get(vpe, "UNIT"))


def _has(item, key):
    folded = key.casefold()
    return any(k.casefold() == folded for k in item)


def _clp_infos(item, model):
    """CLP_INFOS (reference "Produkte und EANS abfragen" and "Erweiterte Produktabfrage": MSDS_CODES,
    MSDS_GHS_SYMBOL, EUH208_CONTENT; null or {} when a product has none). The values are a legal label: kept
    as InnoCigs sent them, only trimmed; a key the reference does not name is kept too."""
    if not _has(item, "CLP_INFOS"):
        return None
    block = as_object(get(item, "CLP_INFOS"), field="CLP_INFOS", model=model)
    pairs = ((key.strip(), text(value)) for key, value in block.items() if not key.startswith("_"))
    return tuple((key, value) for key, value in pairs if key and value)


def parse_product(item) -> ProductInfo:
    """A PRODUCTS/PRODUCT item of the normal or extended catalogue, or of `product/<model>`."""
    item = as_object(item, field="PRODUCT")
    model = model_of(item, "MODEL")
    content, unit = _vpe(get(item, "VPE"), model)
    description = get(item, "DESCRIPTION")
    composition = get(item, "COMPOSITION")
    has_price = get(item, "PRODUCTS_PRICE") is not None
    return ProductInfo(
        model=model,
        master=text(get(item, "MASTER")),
        ean=text(get(item, "EAN")),
        name=text(get(item, "NAME")),
        parent_name=text(get(item, "PARENT_NAME")),
        category_path=" > ".join(p.strip() for p in text(get(item, "CATEGORY")).split(">") if p.strip()),
        manufacturer=text(get(item, "MANUFACTURER")),
        image_urls=_images(item),
        vpe_content=content,
        vpe_unit=unit,
        attributes=_attributes(get(item, "PRODUCTS_ATTRIBUTES")),
        description=None if description is None else text(description),
        composition=None if composition is None else text(composition),
        manual_url=text(get(item, "PRODUCTS_MANUAL")),
        prices=parse_prices(item, model_key="MODEL", required=False) if has_price else None,
        clp_infos=_clp_infos(item, model),
    )


def parse_backorder(item) -> BackorderInfo:
    """A PENDINGS/PRODUCT item."""
    item = as_object(item, field="PRODUCT")
    model = model_of(item)
    return BackorderInfo(
        orders_id=text(get(item, "ORDERS_ID")),
        model=model,
        quantity=integer(get(item, "QUANTITY"), field="QUANTITY", model=model),
        ean=text(get(item, "EAN")),
        shipping_status=text(get(item, "SHIPPING_STATUS")),
    )
