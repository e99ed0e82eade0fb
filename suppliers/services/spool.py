"""The catalogue feed in a temporary file while it is applied: each product written as it arrives and read back
by model, so a sync holds where each product is, not every product.

A product is kept as plain values (text, numbers, tuples; decimals as their exact text) through `marshal`,
several times faster than pickling the dataclasses, and read back as the same dataclasses. Their classes are
taken from what was written (the client's ProductInfo and its parts), so the core imports no partner package.
"""

import marshal
from decimal import Decimal


def _text(value):
    return None if value is None else str(value)


def _decimal(value):
    return None if value is None else Decimal(value)


def _pack(info, classes):
    classes.setdefault("product", type(info))
    prices = info.prices
    if prices is not None:
        classes.setdefault("prices", type(prices))
        for kind, parts in (("tier", prices.tiers), ("unit", prices.units)):
            if parts:
                classes.setdefault(kind, type(parts[0]))
        prices = (prices.model, _text(prices.purchase_price), _text(prices.recommended_price),
                  tuple((t.min_quantity, str(t.price)) for t in prices.tiers),
                  tuple((u.model, u.package_size, _text(u.price), _text(u.price_per_unit)) for u in prices.units))
    return (info.model, info.master, info.ean, info.name, info.parent_name, info.category_path, info.manufacturer,
            info.image_urls, _text(info.vpe_content), info.vpe_unit, info.attributes, info.description,
            info.composition, info.manual_url, prices, info.clp_infos)


def _unpack(values, classes):
    *head, vpe_content, vpe_unit, attributes, description, composition, manual_url, prices, clp_infos = values
    if prices is not None:
        model, purchase, recommended, tiers, units = prices
        prices = classes["prices"](
            model, _decimal(purchase), _decimal(recommended),
            tuple(classes["tier"](q, Decimal(p)) for q, p in tiers),
            tuple(classes["unit"](m, size, _decimal(p), _decimal(per)) for m, size, p, per in units))
    return classes["product"](*head, vpe_content=_decimal(vpe_content), vpe_unit=vpe_unit, attributes=attributes,
                              description=description, composition=composition, manual_url=manual_url,
                              prices=prices, clp_infos=clp_infos)


class Spool:
    """The parsed products in `file`, each read back by model. A model listed twice is its last listing."""

    def __init__(self, file, products):
        self.file, self.offsets, self.classes = file, {}, {}
        end = 0
        for info in products:
            packed = marshal.dumps(_pack(info, self.classes))
            file.write(packed)
            self.offsets[info.model] = (end, len(packed))
            end += len(packed)

    def get(self, model):
        place = self.offsets.get(model)
        if place is None:
            return None
        offset, length = place
        self.file.seek(offset)
        return _unpack(marshal.loads(self.file.read(length)), self.classes)
