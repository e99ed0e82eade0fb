"""Reading InnoCigs' replies, whichever API they came from: an XML element in the dict shape of the REST API's
JSON (`element_to_dict`, so both go through one reader), values read leniently by key and shape (a key in any
case, one object where a list is expected, numbers with decimal commas), and the ERRORS block read one way.
A value that cannot be read raises `Malformed`, naming the model and field."""

import re
from decimal import Decimal, InvalidOperation

from backoffice import coerce
from backoffice.errors import PartnerIssue, PartnerResponseError

PARTNER = "innocigs"


class Malformed(PartnerResponseError):
    def __init__(self, message, *, field="", model=""):
        where = f" (model {model}, field {field})" if model else (f" (field {field})" if field else "")
        super().__init__(f"InnoCigs sent a malformed reply{where}: {message}", partner=PARTNER,
                         code="malformed_reply", field=field)
        self.model = model


# --- shapes -------------------------------------------------------------------------------------------------

WRAPPERS = ("_cdata", "_text", "_value", "#text")


def get(item, key):
    """`item[key]`, tolerating other casings of the key."""
    if not isinstance(item, dict):
        return None
    value = item.get(key)
    if value is None and key not in item:
        folded = key.casefold()
        for k, v in item.items():
            if k.casefold() == folded:
                return v
    return value


def as_list(value):
    """A list wherever one is expected: one object becomes a list of one; "", {}, null become []."""
    if value is None or value == "" or value == {}:
        return []
    if isinstance(value, list):
        return [v for v in value if v is not None and v != "" and v != {}]
    if isinstance(value, str) and not value.strip():
        return []
    return [value]


def as_object(value, *, field, model=""):
    """One object wherever one is expected: a list of one becomes its item; "", null become {}."""
    if type(value) is dict:
        return value
    if isinstance(value, list):
        value = [v for v in value if v not in (None, "", {})]
        if len(value) > 1:
            raise Malformed(f"one {field} expected, {len(value)} found", field=field, model=model)
        value = value[0] if value else {}
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if not isinstance(value, dict):
        raise Malformed(f"an object expected, got {_show(value)}", field=field, model=model)
    return value


def items(container, *path):
    """The items at `path` inside a reply, e.g. items(data, "QUANTITIES", "PRODUCT"), however wrapped."""
    level = [container]
    for key in path:
        found = []
        for node in level:
            for entry in as_list(node):
                if isinstance(entry, dict):
                    found.extend(as_list(get(entry, key)))
        level = found
    return level


def text(value):
    """A string from whatever the feed put there: strings, numbers, CDATA wrappers; whitespace stripped. A
    scalar is read as every client reads text (backoffice.coerce.text); this adds the feed's flags as 1 and 0,
    the wrappers of an XML-to-JSON conversion, and lists joined by lines."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dict):
        for wrapper in WRAPPERS:
            if wrapper in value:
                return text(value[wrapper])
        return ""
    if isinstance(value, list):
        return "\n".join(t for t in (text(v) for v in value) if t)
    return coerce.text(value, strip=True)


_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_GROUPED = {sep: re.compile(rf"[+-]?\d{{1,3}}(\{sep}\d{{3}})*") for sep in ",."}


def _ungrouped(whole, separator):
    """Digits grouped by thousands ("1.234.567"), without the separators; anything else stays as it is and
    is refused as not a number."""
    return whole.replace(separator, "") if _GROUPED[separator].fullmatch(whole) else whole


def decimal(value, *, field, model="", required=False):
    """An exact Decimal from "7,52", "6.998400", "1.234,56", 7.52 or " 16,95 "; None when empty."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest repr is what the JSON said
    raw = text(value).replace(" ", "").replace("\u00a0", "")
    if not raw:
        if required:
            raise Malformed("a number is missing", field=field, model=model)
        return None
    s = raw
    if "," in s and "." in s:
        point, thousands = (",", ".") if s.rfind(",") > s.rfind(".") else (".", ",")
        whole, _, fraction = s.rpartition(point)
        s = _ungrouped(whole, thousands) + "." + fraction
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    elif s.count(",") > 1:
        s = _ungrouped(s, ",")
    elif s.count(".") > 1:
        s = _ungrouped(s, ".")
    if not _NUMBER.fullmatch(s):
        raise Malformed(f"{raw!r} is not a number", field=field, model=model)
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the pattern above already refuses it
        raise Malformed(f"{raw!r} is not a number", field=field, model=model) from None


INTEGER_LIMIT = 2**31 - 1  # what an integer column holds on every supported database
MODEL_LENGTH = 64  # Product.model
STATUS_LENGTH = 120  # Product.shipping_status


def integer(value, *, field, model="", required=True):
    """A whole number from 155, "155", " 155 " or "155.0"; refuses "1,5", "abc" and counts no column holds."""
    if type(value) is int:
        number = value
    elif type(value) is str and value.isascii() and value.strip().isdigit():  # the common case, made fast
        number = int(value)
    else:
        number = decimal(value, field=field, model=model, required=required)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise Malformed(f"{text(value)!r} is not a whole number", field=field, model=model)
        number = int(number)
    if abs(number) > INTEGER_LIMIT:
        raise Malformed(f"{number} is beyond any real count", field=field, model=model)
    return number


def _show(value):
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def model_of(item, key="PRODUCTS_MODEL"):
    model = text(get(item, key))
    if not model:
        raise Malformed(f"an item without {key}: {_show(item)}", field=key)
    if len(model) > MODEL_LENGTH:
        raise Malformed(f"a model number of {len(model)} characters (at most {MODEL_LENGTH}): {_show(model)}",
                        field=key)
    return model


# --- the XML API, converted to the REST shape ---------------------------------------------------------------


def element_to_dict(element):
    """An XML element as the REST API would send it: children become keys, a repeated child a list, a leaf its
    text, XML attributes `_attributes`."""
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        value = element.text or ""
        if element.attrib:
            return {"_attributes": dict(element.attrib), "_text": value}
        return value
    out = {}
    for child in children:
        value = element_to_dict(child)
        tag = child.tag
        if tag in out:
            existing = out[tag]
            if isinstance(existing, list):
                existing.append(value)
            else:
                out[tag] = [existing, value]
        else:
            out[tag] = value
    if element.attrib:
        out["_attributes"] = dict(element.attrib)
    return out


def error_issues(data) -> tuple[PartnerIssue, ...]:
    """The ERRORS block of a reply or of one item of it (a DROPSHIP), in the REST shape: the one reader of
    InnoCigs' errors for both APIs and every call (an XML block goes through element_to_dict first). ERROR
    wrapped or not, one or a list."""
    block = data.get("ERRORS") if isinstance(data, dict) else None
    found = []
    for entry in as_list(block):
        if isinstance(entry, dict):
            found.extend((e for e in as_list(entry["ERROR"]) if isinstance(e, dict)) if "ERROR" in entry else [entry])
    return tuple(PartnerIssue(text(e.get("CODE")), text(e.get("MESSAGE"))) for e in found)


def element_issues(elements) -> tuple[PartnerIssue, ...]:
    """The issues of an XML reply's ERRORS elements, read by error_issues as the REST shape is."""
    return error_issues({"ERRORS": [element_to_dict(e) for e in elements]})
