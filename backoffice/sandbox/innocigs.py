"""InnoCigs emulation: the REST API (restapi/<command>, JSON) and the XML API (xmlapi/apiv2.php)."""

from django.http import HttpResponse
from django.urls import path
from lxml import etree

from . import credentials
from .common import endpoint, json_reply

ERROR_TEXT = {"10000": "Login fehlgeschlagen", "10004": "Unbekannter API-Aufruf", "30003": "Produkt unbekannt"}
STOCK = {"12M100L10-BG-0": (220, "Sofort lieferbar"), "IC10000AIO-10": (155, "Sofort lieferbar")}


def _authorised(cid, password):
    return cid == credentials.INNOCIGS_CID and password == credentials.INNOCIGS_PASSWORD


def _xml(root):
    return HttpResponse(etree.tostring(root, xml_declaration=True, encoding="utf-8"),
                        content_type="text/xml; charset=utf-8")


def _xml_errors(*codes):
    root = etree.Element("INNOCIGS_API_RESPONSE")
    errors = etree.SubElement(root, "ERRORS")
    for code in codes:
        error = etree.SubElement(errors, "ERROR")
        etree.SubElement(error, "CODE").text = code
        etree.SubElement(error, "MESSAGE").text = ERROR_TEXT.get(code, "Fehler")
    return _xml(root)


def _rest_errors(*codes, status=200):
    return json_reply({"ERRORS": {"ERROR": [{"CODE": int(c), "MESSAGE": ERROR_TEXT.get(c, "Fehler")} for c in codes]}},
                      status=status)


def _quantities(model):
    if model not in STOCK:
        return None
    quantity, status = STOCK[model]
    return [{"PRODUCTS_MODEL": model, "QUANTITY": quantity, "SHIPPING_STATUS": status}]


@endpoint("innocigs", "rest")
def rest(request, command):
    cid, _, password = request.headers.get("Auth", "").partition(":")
    if not _authorised(cid, password):
        return _rest_errors("10000")
    name, _, argument = command.partition("/")
    if name == "quantity":
        rows = _quantities(argument)
        return json_reply({"QUANTITIES": {"PRODUCT": rows}}) if rows else _rest_errors("30003")
    return _rest_errors("10004")


@endpoint("innocigs", "xml")
def xml(request):
    params = request.POST if request.method == "POST" else request.GET
    if not _authorised(params.get("cid"), params.get("auth")):
        return _xml_errors("10000")
    command = params.get("command", "")
    if command == "quantity":
        rows = _quantities(params.get("model", ""))
        if not rows:
            return _xml_errors("30003")
        root = etree.Element("INNOCIGS_API_RESPONSE")
        quantities = etree.SubElement(root, "QUANTITIES")
        for row in rows:
            product = etree.SubElement(quantities, "PRODUCT")
            for key, value in row.items():
                etree.SubElement(product, key).text = str(value)
        return _xml(root)
    return _xml_errors("10004")


urlpatterns = [
    path("restapi/<path:command>", rest),
    path("xmlapi/apiv2.php", xml),
]
