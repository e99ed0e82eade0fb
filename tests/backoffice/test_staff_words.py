"""No staff-facing text names a field by its path (`shipping_address.postcode`, `lines[0].quantity`) or by a
snake_case identifier (`fixed_location_id`): staff read words (backoffice.words).

Scanned: every string of ours marked for translation (gettext and its kin in Python, translate/blocktranslate
in templates), the visible text of our templates, the admin's descriptions, the fixed parts of every message
passed to message_user/messages.*, and the problems, explanations and import messages produced for a set of
bad orders and a bad import file.
"""

import ast
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib import admin

from backoffice.errors import PartnerIssue
from orders.adapters import adapter_for
from orders.models import Address, Order, OrderLine
from orders.services.importing import orders_import

ROOT = Path(__file__).resolve().parents[2]
OURS = ["backoffice", "orders", "shipping", "suppliers"]
SKIP_DIRS = {"migrations", "sandbox", "__pycache__"}  # the sandbox speaks as the partners do, not to staff

FIELD_PATH = re.compile(r"\b[a-z][a-z_]*(?:\[[^\]\s]*\])?\.[a-z][a-z_]*\b|\b[a-z][a-z_]*\[[^\]\s]*\]")
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
# What may look like one, and why.
ALLOWED = {
    "e.g": "an abbreviation",
    "i.e": "an abbreviation",
    "setup_schedules": "a management command's name, typed as written",
    "import_orders": "a management command's name, typed as written",
    "manage.py": "the file a management command is run with, typed as written",
}
PLACEHOLDERS = re.compile(r"%\([^)]*\)[sdif]|\{[^{}]*\}|%[sd]")
FILE_NAME = re.compile(r"\b[\w-]+\.(?:csv|json|pdf|env|txt|md|sqlite3)\b|\.env\b")
URL = re.compile(r"(?:https?://|/)[\w/.#?=&%-]+|`[^`]*`")


def offences(text):
    """The field paths and snake_case names in `text`, after placeholders, URLs and file names."""
    text = URL.sub(" ", FILE_NAME.sub(" ", PLACEHOLDERS.sub(" ", str(text))))
    found = FIELD_PATH.findall(text) + SNAKE_CASE.findall(text)
    return [word for word in found if word not in ALLOWED]


def python_files():
    for app in OURS:
        for path in (ROOT / app).rglob("*.py"):
            if not SKIP_DIRS & set(path.relative_to(ROOT).parts) and "management" not in path.parts:
                yield path


GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
MESSAGES = {"message_user", "success", "error", "warning", "info", "add_message"}


def literal_parts(node):
    """The fixed text of a string literal, an f-string or a concatenation of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp):
        return literal_parts(node.left) + literal_parts(node.right)
    return []


def name_of(func):
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def python_strings():
    """(where, text) of every translatable string and every admin message in our Python code."""
    for path in python_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name, where = name_of(node.func), f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in GETTEXT:
                args = node.args[1:] if name.startswith("pgettext") else node.args
                for arg in args:
                    yield from ((where, part) for part in literal_parts(arg))
            elif name in MESSAGES and len(node.args) >= 2:
                message = node.args[2] if name == "add_message" and len(node.args) > 2 else node.args[1]
                yield from ((where, part) for part in literal_parts(message))
            elif name == "display" or name == "action":
                for keyword in node.keywords:
                    if keyword.arg == "description":
                        yield from ((where, part) for part in literal_parts(keyword.value))


TEMPLATE_CODE = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}|<script.*?</script>|"
                           r"<style.*?</style>", re.S)
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
HTML_TAG = re.compile(r"<[^>]*>", re.S)
TRANSLATED = re.compile(r"\{%\s*(?:translate|trans)\s+\"([^\"]*)\"|\{%\s*blocktranslate[^%]*%\}(.*?)"
                        r"\{%\s*endblocktranslate\s*%\}", re.S)


def template_strings():
    """(where, text) of the visible text and the translated strings of our templates."""
    for path in (ROOT / "templates").rglob("*.html"):
        source = path.read_text()
        where = str(path.relative_to(ROOT))
        for simple, block in TRANSLATED.findall(source):
            yield where, TEMPLATE_TAG.sub(" ", simple or block)
        visible = HTML_TAG.sub(" ", TEMPLATE_TAG.sub(" ", TEMPLATE_CODE.sub(" ", source)))
        yield where, visible
        for title in re.findall(r'(?:title|aria-label|placeholder)="([^"{]*)"', source):
            yield where, title
        for button in re.findall(r'type="(?:submit|button)"[^>]*value="([^"{]*)"', source):
            yield where, button


def admin_strings():
    """(where, text) of the admin's descriptions: actions, list columns and model names."""
    for model, model_admin in admin.site._registry.items():
        where = f"admin of {model._meta.label}"
        yield where, str(model._meta.verbose_name)
        yield where, str(model._meta.verbose_name_plural)
        for action in model_admin.actions or ():
            func = getattr(model_admin, action, None) if isinstance(action, str) else action
            yield where, str(getattr(func, "short_description", ""))
        # A column without a description is headed by its name in words (Django's pretty_name).
        for column in model_admin.list_display:
            func = getattr(model_admin, column, None) if isinstance(column, str) else column
            if callable(func):
                yield where, str(getattr(func, "short_description", ""))


def test_no_translatable_string_message_or_template_names_a_field_path_or_snake_case():
    strings = [*python_strings(), *template_strings()]
    assert len(strings) > 300, "the collectors must find our strings"  # about 400 when written
    found = [f"{where}: {word!r} in {text.strip()[:100]!r}" for where, text in strings for word in offences(text)]
    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_no_admin_description_names_a_field_path_or_snake_case():
    found = [f"{where}: {word!r} in {text!r}" for where, text in admin_strings() for word in offences(text)]
    assert found == [], "\n".join(found)


def bad_order(number, route, **fields):
    address = Address.objects.create(first_name="J", last_name="", street="S", postcode="1", city="C",
                                     country=fields.pop("country", "DE"))
    order = Order.objects.create(number=number, placed_at=date(2026, 11, 20), route=route, shipping_address=address,
                                 phone="", email="not-an-email", cash_on_delivery=Decimal("-1"),
                                 currency=fields.pop("currency", "EUR"), **fields)
    OrderLine.objects.create(order=order, sku="NOPE-1", name="", quantity=0, unit_price="9.90", vat_rate="42",
                             weight_grams=0)
    OrderLine.objects.create(order=order, sku="", name="Coil", quantity=1, unit_price="3.00", vat_rate="19")
    return order


@pytest.mark.django_db
@pytest.mark.parametrize("partner, route, fields", [
    ("innocigs", "innocigs", {}),
    ("innoship", "innoship", {}),
    ("meineinkauf", "meineinkauf", {"country": "CH", "currency": "CHF"}),
])
def test_problems_and_their_explanations_for_bad_orders_are_in_words(partner, route, fields, settings):
    settings.INNOSHIP_LOCATION = ""
    adapter = adapter_for(partner)
    order = bad_order(f"BAD-{partner}", route, **fields)
    problems = adapter.problems(order)
    assert problems, "a bad order must have problems"
    texts = [str(problem) for problem in problems]
    for problem in problems:
        texts += [part for part in adapter.explain(PartnerIssue("local", problem.message, problem.field)) if part]
    found = [f"{word!r} in {text!r}" for text in texts for word in offences(text)]
    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_the_report_of_a_bad_import_is_in_words():
    bad = {"number": "A1", "placed_at": "20.11.2026", "route": "innocigs", "email": "x@@y", "shipping_cost": "-1",
           "shipping_address": {"first_name": "J", "last_name": "", "postcode": 22761, "country": "Germany"},
           "billing_address": "none", "lines": [{"sku": "X", "quantity": 0, "unit_price": "1,50", "vatrate": 19}, 3]}
    report = orders_import(payload={"orders": [bad, {"number": "A1"}, "not an order"]}, actor="test")
    texts = [message for result in report.results for message in result.messages()] + [report.summary()]
    assert len(texts) > 8
    found = [f"{word!r} in {text!r}" for text in texts for word in offences(text)]
    assert found == [], "\n".join(found)


def test_the_scan_finds_what_it_is_for():
    assert offences("shipping_address.postcode: required") == ["shipping_address.postcode", "shipping_address"]
    assert offences("fixed_location_id is required") == ["fixed_location_id"]
    assert offences("lines[0].quantity must be at least 1") == ["lines[0].quantity"]
    assert offences("Postcode (shipping address): required, e.g. 22761; see orders.csv or .env") == []
    assert offences("Order %(order_number)s has {line_count} lines") == []
