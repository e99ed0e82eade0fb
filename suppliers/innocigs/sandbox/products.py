"""The sandbox's synthetic InnoCigs catalogue (see catalogue.py): the documented example models first, then
generated ones, always the same for a size."""

from dataclasses import dataclass
from functools import lru_cache

EXAMPLES = [
    # model, master, ean, name, category, manufacturer, price cents, rrp cents, vpe, stock
    ("12M100L10-BG-0", "12M100L10-BG", "0827152053568", "Twelve Monkeys - Bonogurt - 50ml - 0mg/ml",
     "Liquids > Shortfills > Twelve Monkeys", "Twelve Monkeys", 752, 1695, ("50", "ml"), 220),
    ("12M100L10-BN-20", "12M100L10-BN", "0827152053575", "Twelve Monkeys - Banana Nut - 10ml - 20mg/ml",
     "Liquids > Nikotinsalz > Twelve Monkeys", "Twelve Monkeys", 230, 590, ("10", "ml"), 114),
    ("12M100L10-BN-20-H", "12M100L10-BN", "0827152053582", "Twelve Monkeys - Banana Nut - 10ml - 20mg/ml 10er",
     "Liquids > Nikotinsalz > Twelve Monkeys", "Twelve Monkeys", 2295, 5900, ("100", "ml"), 11),
    ("12M100L10-HB-0", "12M100L10-HB", "0827152053599", "Twelve Monkeys - Hakuna - 50ml - 0mg/ml",
     "Liquids > Shortfills > Twelve Monkeys", "Twelve Monkeys", 752, 1695, ("50", "ml"), 44),
    ("12M100L10-HB-3", "12M100L10-HB", "0827152053605", "Twelve Monkeys - Hakuna - 50ml - 3mg/ml",
     "Liquids > Shortfills > Twelve Monkeys", "Twelve Monkeys", 752, 1695, ("50", "ml"), 0),
    ("IC10000AIO-10", "IC10000AIO", "4260510020011", "InnoCigs eGo AIO Set Schwarz",
     "Hardware > Komplettsets", "InnoCigs", 1680, 3495, None, 155),
    ("ACK100L10-AM-3", "ACK100L10-AM", "4260510021018", "Ace of Vapor - Amnesia - 10ml - 3mg/ml",
     "Liquids > Fertigliquids > Ace of Vapor", "Ace of Vapor", 236, 496, ("10", "ml"), 80),
    ("ACK100L10-AM-3-H", "ACK100L10-AM", "4260510021025", "Ace of Vapor - Amnesia - 10ml - 3mg/ml 10er Packung",
     "Liquids > Fertigliquids > Ace of Vapor", "Ace of Vapor", 2363, 4958, ("100", "ml"), 6),
    ("AS10000A1", "AS10000NAUT", "4313042776687", "Aspire Nautilus Clearomizer Set",
     "Zubehör > Verdampfer", "Aspire", 1311, 2995, None, 31),
    ("SC10000L10-AF-L-H", "SC10000L10-AF", "4313042643316",
     "Americas Finest Tabak E-Zigaretten Liquid 6 mg/ml 10er Packung", "Liquids > SC", "SC", 850, 3950,
     ("100", "ml"), 3),
]
# Backorders of the documented examples, plus one of a catalogue model.
PENDING = [("1898808", "GV100ZT-10", 1, "6974622800512"), ("1898808", "GV100ZT-11", 1, "6974622800475"),
           ("53-44", "AV100A10-SP-A", 20, "4260510026129"), ("1901234", "IC10000AIO-10", 3, "4260510020011")]
MANUFACTURERS = ["Twelve Monkeys", "Ace of Vapor", "Aspire", "InnoCigs", "SC", "Vaporesso", "Dampfdidas",
                 "Must Have", "Geekvape", "Uwell", "Erste Sahne", "Flavour Smoke"]
FLAVOURS = ["Erdbeere", "Tabak", "Menthol", "Vanille", "Mango", "Kirsche", "Cola", "Pfirsich", "Melone", "Minze"]
HARDWARE = ["Hardware > Akkuträger", "Hardware > Komplettsets", "Zubehör > Coils", "Zubehör > Verdampfer"]
READY = "Sofort lieferbar"
LATER = "in 1-10 Tagen lieferbar"


@dataclass(frozen=True)
class SandboxProduct:
    index: int
    model: str
    master: str
    ean: str
    name: str
    category: str
    manufacturer: str
    price: int  # cents
    rrp: int
    vpe: tuple | None
    base_stock: int

    @property
    def liquid(self):
        return self.vpe is not None


def _ean(number):
    digits = f"{number:012d}"[-12:]
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


def _generated(i):
    brand = MANUFACTURERS[i % len(MANUFACTURERS)]
    flavour = FLAVOURS[(i // 3) % len(FLAVOURS)]
    liquid = i % 4 != 3
    strength = (0, 3, 6)[i % 3]
    if liquid:
        name = f"{brand} - {flavour} - 10ml - {strength}mg/ml"
        category = f"Liquids > {'Shortfills' if i % 2 else 'Fertigliquids'} > {brand}"
    else:
        name = f"{brand} {flavour} Edition {i % 97}"
        category = HARDWARE[i % len(HARDWARE)]
    price = 150 + (i * 37) % 3000
    return SandboxProduct(
        index=i, model=f"SB{i:06d}-{strength}", master=f"SB{i // 3:06d}", ean=_ean(426051000000 + i),
        name=name, category=category, manufacturer=brand, price=price, rrp=price * 21 // 10 + 99,
        vpe=("10", "ml") if liquid else None, base_stock=(i * 53) % 230,
    )


@lru_cache(maxsize=2)
def catalogue(size):
    """The first `size` products: the documented examples, then generated ones."""
    examples = [SandboxProduct(i, *row) for i, row in enumerate(EXAMPLES)]
    return tuple(examples[:size]) + tuple(_generated(i) for i in range(len(examples), size))


@lru_cache(maxsize=2)
def _by_model(size):
    return {p.model: p for p in catalogue(size)}


# --- values, deterministic in (product, tick, revision) -------------------------------------------------------
