"""InnoCigs emulation: the REST API (restapi/<command>, JSON) and the XML API (xmlapi/apiv2.php).

Authentication and dispatch live here; the commands register themselves from `innocigs_catalogue`
(stock, prices, products, pending) and `innocigs_orders` (dropship, order, tracking, delivery).
Each command is one function for both APIs: it returns a (root name, content) pair or raises
`InnocigsFault`, and this module renders it as JSON or XML.

Sources: "the reference" is partner-docs/innocigs-dropship-api-2022-04-28.md (sections and line numbers
below); "the public client" is colortastic/innocigs_api, summarised in partner-docs/innocigs-rest-api.txt.
"""

from django.http import HttpResponse, JsonResponse
from django.urls import path
from lxml import etree

from backoffice.sandbox import credentials
from backoffice.sandbox.common import endpoint

# The reference, "Fehlercodes" (lines 1995-2027); 10000 as its example error replies spell it (lines 1965-1989).
ERROR_TEXT = {
    "10000": "Login fehlgeschlagen",  # line 1997, "alle"
    "10001": "Ungültiges XML",  # line 1998, dropship and order
    "10002": "Keine Dropship-Daten gefunden",  # line 1999, dropship
    "10004": "Unbekannter API-Aufruf",  # line 2001
    "10005": "Ungültiger Versender",  # line 2002: 10005,10006, dropship and order
    "10006": "Ungültiger Versender",
    "20000": "XML bereits hochgeladen",  # line 2005, dropship and order
    "30003": "Produkt unbekannt",  # line 2018: dropship, order, quantity, product, price
    "40001": "Es nicht genau eine Bestellung übermittelt",  # line 2019, order
    "50000": "Zu viele API-Zugriffe",  # lines 2024-2027, "alle" (set through the fault control)
    "50001": "Wartung",
    "50003": "IP nicht freigeschaltet",
    "50004": "Zugriff auf API nicht möglich",
}
COMMANDS = {}


class InnocigsFault(Exception):
    """A top-level ERRORS reply."""

    def __init__(self, *codes):
        self.codes = codes


def command(name):
    """Registers a command: fn(request, params, argument, api) -> dict of the reply's content."""

    def register(fn):
        COMMANDS[name] = fn
        return fn

    return register


def _authorised(cid, password):
    return cid == credentials.INNOCIGS_CID and password == credentials.INNOCIGS_PASSWORD


def to_xml(parent, value, tag=None):
    """Renders the JSON-shaped reply as InnoCigs' XML: a list repeats its parent's tag, `_attributes` (as in
    InnoCigs' REST replies) become the parent's attributes."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "_attributes":
                parent.attrib.update({name: str(v) for name, v in child.items()})
            elif isinstance(child, list):
                for item in child:
                    to_xml(etree.SubElement(parent, key), item)
            else:
                to_xml(etree.SubElement(parent, key), child)
    elif value is not None:
        parent.text = str(value)
    return parent


def render(api, content, status=200):
    if api == "rest":
        return JsonResponse(content, status=status, json_dumps_params={"ensure_ascii": False})
    root = to_xml(etree.Element("INNOCIGS_API_RESPONSE"), content)
    return HttpResponse(etree.tostring(root, xml_declaration=True, encoding="utf-8"), status=status,
                        content_type="text/xml; charset=utf-8")


def fault(api, codes):
    # "Fehlermeldungen" (lines 1959-1989): a top-level ERRORS/ERROR block of CODE and MESSAGE; the REST
    # example's CODE is a number, the XML one text.
    errors = [{"CODE": int(c) if api == "rest" else c, "MESSAGE": ERROR_TEXT.get(c, "Fehler")} for c in codes]
    return render(api, {"ERRORS": {"ERROR": errors}})


def _dispatch(request, api, name, params, argument):
    handler = COMMANDS.get(name)
    if handler is None:
        return fault(api, ["10004"])  # "Unbekannter API-Aufruf" (line 2001)
    try:
        return render(api, handler(request, params, argument, api))
    except InnocigsFault as exc:
        return fault(api, exc.codes)


@endpoint("innocigs", "rest")
def rest(request, command_path):
    # "API Aufrufe über die REST-Api" (lines 55-67): the `Auth` header "cid:passwort", the command in the URL,
    # JSON replies; a wrong login is 10000 (line 1997).
    cid, _, password = request.headers.get("Auth", "").partition(":")
    if not _authorised(cid, password):
        return fault("rest", ["10000"])
    name, _, argument = command_path.partition("/")
    params = {"modus": request.headers.get("modus", "")}  # "Test-Modus onTheFly", REST-Api (lines 85-88): a header
    return _dispatch(request, "rest", name, params, argument)


@endpoint("innocigs", "xml")
def xml(request):
    # "API-Authentifizierung", XML-Api: cid and auth (and the command) as GET or POST parameters.
    params = (request.POST if request.method == "POST" else request.GET).dict()
    # "Test-Modus onTheFly" (lines 71-83): the reference puts `modus=test` in the URL query; only that one is
    # honoured, as the doc shows no other place for it.
    params["modus"] = request.GET.get("modus", "")
    if not _authorised(params.get("cid"), params.get("auth")):
        return fault("xml", ["10000"])
    return _dispatch(request, "xml", params.get("command", ""), params, params.get("model", ""))


urlpatterns = [
    path("restapi/<path:command_path>", rest),  # lines 63-67: https://www.innocigs.com/restapi/BEFEHL
    # Lines 41-45: apiv2.php is the recommended address (the old api.php is not served: the app never uses it).
    path("xmlapi/apiv2.php", xml),
]

from . import catalogue, controls, dropship, tracking  # noqa: E402, F401  (they register their commands)
