"""Every partner call goes through backoffice/partner_http.py (timeouts, retries, audit, redaction).

An AST scan of the apps fails when any other module calls requests directly or makes its own session.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ["backoffice", "suppliers", "orders", "shipping"]
THE_BASE = ROOT / "backoffice" / "partner_http.py"
FORBIDDEN = {"get", "post", "put", "patch", "delete", "head", "options", "request", "Session", "session"}


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def raw_requests_uses(source, filename="<source>"):
    """Lines that call requests' request functions or make/extend a requests session."""
    tree = ast.parse(source, filename)
    modules, imported = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "requests" or alias.name.startswith("requests."):
                    modules.add(alias.asname or "requests")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "requests":
            for alias in node.names:
                if alias.name in FORBIDDEN:
                    imported[alias.asname or alias.name] = alias.name

    def forbidden(expr):
        dotted = _dotted(expr)
        if not dotted:
            return False
        head, *rest = dotted.split(".")
        return (head in modules and bool(rest) and rest[-1] in FORBIDDEN) or (not rest and head in imported)

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and forbidden(node.func):
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node.func)}(...)")
        elif isinstance(node, ast.ClassDef):
            found += [f"{filename}:{node.lineno}: class {node.name}({ast.unparse(b)})" for b in node.bases
                      if forbidden(b)]
    return found


def app_modules():
    return sorted(p for folder in SCANNED for p in (ROOT / folder).rglob("*.py"))


def test_no_module_but_the_partner_http_base_calls_requests_directly():
    modules = app_modules()
    assert len(modules) > 20 and THE_BASE in modules
    found = [use for path in modules if path != THE_BASE
             for use in raw_requests_uses(path.read_text(), str(path.relative_to(ROOT)))]
    assert found == [], "Send partner requests through backoffice.partner_http.PartnerHTTP:\n" + "\n".join(found)


def test_the_scan_sees_the_session_of_the_base_itself():
    assert any("class TimeoutSession(requests.Session)" in use for use in raw_requests_uses(THE_BASE.read_text()))


@pytest.mark.parametrize(
    "source",
    [
        "import requests\nrequests.get('https://x', timeout=(1, 2))",
        "import requests\nrequests.request('POST', 'https://x')",
        "import requests as r\nr.post('https://x')",
        "import requests\ns = requests.Session()",
        "import requests\ns = requests.session()",
        "import requests.sessions\ns = requests.sessions.Session()",
        "from requests import Session\ns = Session()",
        "from requests import post as send\nsend('https://x')",
        "from requests.sessions import Session\nclass Mine(Session): pass",
        "import requests\nclass Mine(requests.Session): pass",
        "def f():\n    import requests\n    return requests.delete('https://x')",
    ],
)
def test_the_scan_finds_each_way_of_calling_requests(source):
    assert len(raw_requests_uses(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        "from backoffice.partner_http import PartnerHTTP\nPartnerHTTP(config).send('GET', 'x', operation='o')",
        "import requests\ntry:\n    pass\nexcept requests.RequestException:\n    pass",
        "data = {}\ndata.get('x')\nsession.get('y')",
    ],
)
def test_the_scan_leaves_other_code_alone(source):
    assert raw_requests_uses(source) == []
