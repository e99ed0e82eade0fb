"""The sandbox catalogue's entries and whole replies as InnoCigs writes them, with the quirks catalogue.py lists;
deterministic in (product, tick, revision)."""


from .products import LATER, PENDING, READY, catalogue


def quantity(product, tick):
    """About one product in twenty changes at each tick: it sells 3 pieces, or is restocked when empty."""
    sales = (tick + (product.index * 7) % 20) // 20
    return max(0, (product.base_stock - 3 * sales) % 230 - 30)


def _money(cents):
    return f"{cents // 100},{cents % 100:02d}"  # the decimal comma of PRODUCTS_PRICE


def _dot(cents, places=6):
    return f"{cents / 100:.{places}f}"  # the dot decimals of graduated prices and other units


def _changed(product, revision):
    """In revision r, about r products in twenty have a new price and name (for the benchmark's resync)."""
    return product.index % 20 < revision


def _price(product, revision):
    return product.price + (7 if _changed(product, revision) else 0)


def _tiers(product, revision):
    price = _price(product, revision)
    if product.index % 3:
        return []
    return [(10, price * 95 // 100)] + ([(20, price * 90 // 100)] if product.index % 6 else [])


def _units(product, revision):
    if product.index % 5 or product.model.endswith("-H"):
        return []
    price = _price(product, revision) * 10 * 93 // 100
    return [(f"{product.model}-H", 10, price, price // 10)]


def _one_or_list(entries):
    """A single entry as one object, as the real API sometimes sends it."""
    return entries[0] if len(entries) == 1 else entries


def stock_item(product, tick, api, sold=0):
    # "Bestand eines Artikels abfragen" (lines 92-155): PRODUCTS_MODEL, QUANTITY, SHIPPING_STATUS; the REST
    # example's QUANTITY is a number (line 133), the XML one text. What the order emulation sold is gone.
    value = max(0, quantity(product, tick) - sold)
    return {"PRODUCTS_MODEL": product.model, "QUANTITY": value if api == "rest" else str(value),
            "SHIPPING_STATUS": READY if value else LATER}


def price_item(product, api, revision=0):
    # "Preis eines Artikels abfragen" and "Alle Preise abfragen" (lines 249-470): GRADUATED_PRICES/
    # GRADUATED_PRICE of QUANTITY and PRODUCTS_PRICE, OTHER_UNITS/OTHER_UNIT of MODEL, PACKUNG, PRODUCTS_PRICE,
    # PRODUCTS_PRICE_SINGLE_UNIT; "" where a product has none (lines 442-450).
    tiers = [{"QUANTITY": q, "PRODUCTS_PRICE": _dot(c)} for q, c in _tiers(product, revision)]
    units = [{"MODEL": m, "PACKUNG": str(n), "PRODUCTS_PRICE": _dot(c), "PRODUCTS_PRICE_SINGLE_UNIT": _dot(u)}
             for m, n, c, u in _units(product, revision)]
    return {
        "PRODUCTS_MODEL": product.model,
        "PRODUCTS_PRICE": _money(_price(product, revision)),
        "PRODUCTS_PRICE_RECOMMENDED": _money(product.rrp),
        "GRADUATED_PRICES": {"GRADUATED_PRICE": _one_or_list(tiers)} if tiers else "",
        "OTHER_UNITS": {"OTHER_UNIT": _one_or_list(units)} if units else "",
    }


def _clp_infos(product):
    """CLP_INFOS with the three keys of the reference's newest example ("Produktabfrage Master Produkte":
    MSDS_CODES, MSDS_GHS_SYMBOL, EUH208_CONTENT), null where a product has none, as its examples show. The
    reference gives no filled-in example, only "(string)" for the first two (innocigs-rest-api.txt, product):
    the sandbox's nicotine liquids carry illustrative strings, and one flavour an EUH208 text."""
    nicotine = product.liquid and not product.name.endswith(" 0mg/ml")
    menthol = "Menthol" in product.name or "Minze" in product.name
    return {
        "MSDS_CODES": "H301, H311, H411" if nicotine else None,
        "MSDS_GHS_SYMBOL": "GHS06, GHS09" if nicotine else None,
        "EUH208_CONTENT": "Enthält Menthol. Kann allergische Reaktionen hervorrufen." if menthol else None,
    }


def _description(product):
    return (f"{product.name} von {product.manufacturer}. Ein synthetischer Artikel des Sandkastens: "
            f"<br><b>Lieferumfang:</b><li>1x {product.name}</li>")


def product_item(product, api, *, extended, revision=0, wrap_cdata=False):
    """A product as "Produkte und EANS abfragen" (lines 1497-1650) and "Erweiterte Produktabfrage" (lines
    1663-1864) describe it: DESCRIPTION (and COMPOSITION, line 1619) only in the extended feed ("type:
    normal=Ohne Produkt-Beschreibung, extended=Mit Produkt-Beschreibung", line 1503); in the REST products
    feed GRADUATED_PRICES/PRICE of QUANTITY and VALUE and OTHER_UNITS/UNIT of MODEL, PACKAGE, PRICE,
    PRICE_PER_UNIT (lines 1627-1645); in XML the price command's shape (the reference's XML product examples
    show none)."""
    image = f"https://cdn.innocigs.invalid/sandbox/{product.model}.png"
    extra = [f"https://cdn.innocigs.invalid/sandbox/{product.model}-{n}.png" for n in range(product.index % 3)]
    item = {
        "CATEGORY": product.category,
        "MASTER": product.master,
        "MODEL": product.model,
        "EAN": product.ean,
        "NAME": product.name + (" (neu)" if _changed(product, revision) else ""),
        "PARENT_NAME": product.name.rsplit(" - ", 1)[0],
        "PRODUCTS_PRICE": _money(_price(product, revision)),
        "PRODUCTS_PRICE_RECOMMENDED": _money(product.rrp),
        "PRODUCTS_IMAGE": image,
        "PRODUCTS_IMAGE_ADDITIONAL": extra if api == "rest" else ({"IMAGE": extra} if extra else ""),
        "MANUFACTURER": product.manufacturer,
        "CLP_INFOS": _clp_infos(product),
    }
    if extended:
        item["DESCRIPTION"] = {"_cdata": _description(product)} if wrap_cdata else _description(product)
        if product.liquid:
            item["COMPOSITION"] = "Pflanzliches Glycerin, Propylenglykol, Natürliche und künstliche Aromastoffe"
    packung = "PACKUNG" if product.index % 2 else "Packung"  # both spellings occur in the real feed
    item["PRODUCTS_ATTRIBUTES"] = (
        {packung: "10er Packung" if product.model.endswith("-H") else "1er Packung",
         "Nikotinstärke": product.name.rsplit(" - ", 1)[-1]} if product.liquid else ""
    )
    if product.vpe:
        content, unit = product.vpe
        item["VPE"] = {"CONTENT": int(content) if product.index % 2 else content, "UNIT": unit}
    item["PRODUCTS_MANUAL"] = "" if product.liquid else f"https://cdn.innocigs.invalid/sandbox/{product.model}.pdf"
    tiers = [{"QUANTITY": str(q), "VALUE": _dot(c)} for q, c in _tiers(product, revision)]
    units = [{"MODEL": m, "PACKAGE": str(n), "PRICE": _dot(c), "PRICE_PER_UNIT": _dot(u)}
             for m, n, c, u in _units(product, revision)]
    if api == "rest":
        item["GRADUATED_PRICES"] = {"PRICE": tiers} if tiers else {}
        item["OTHER_UNITS"] = {"UNIT": units} if units else {}
    else:
        item["GRADUATED_PRICES"] = {"GRADUATED_PRICE": [{"QUANTITY": t["QUANTITY"], "PRODUCTS_PRICE": t["VALUE"]}
                                                        for t in tiers]} if tiers else ""
        item["OTHER_UNITS"] = {"OTHER_UNIT": [{"MODEL": u["MODEL"], "PACKUNG": u["PACKAGE"],
                                               "PRODUCTS_PRICE": u["PRICE"],
                                               "PRODUCTS_PRICE_SINGLE_UNIT": u["PRICE_PER_UNIT"]}
                                              for u in units]} if units else ""
    return item


def pending_item(orders_id, model, count, ean, api):
    # "Ausstehende Artikel abfragen" (lines 1417-1496): ORDERS_ID, PRODUCTS_MODEL, QUANTITY (text in the REST
    # example, line 1469), EAN, SHIPPING_STATUS.
    return {"ORDERS_ID": orders_id, "PRODUCTS_MODEL": model, "QUANTITY": str(count) if api == "rest" else count,
            "EAN": ean, "SHIPPING_STATUS": LATER}


# --- whole replies, for the sandbox's endpoints and the benchmark ---------------------------------------------


def stock_reply(size, tick, api, sold=None):
    sold = sold or {}
    return {"QUANTITIES": {"PRODUCT": [stock_item(p, tick, api, sold.get(p.model, 0)) for p in catalogue(size)]}}


def prices_reply(size, api, revision=0):
    return {"PRICES": {"PRODUCT": [price_item(p, api, revision) for p in catalogue(size)]}}


def products_reply(size, api, *, extended, revision=0):
    return {"PRODUCTS": {"PRODUCT": [product_item(p, api, extended=extended, revision=revision)
                                     for p in catalogue(size)]}}


def pending_reply(api):
    return {"PENDINGS": {"PRODUCT": [pending_item(*row, api) for row in PENDING]}}
