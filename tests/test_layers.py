"""The import-linter contracts in pyproject.toml cover the whole tree.

A layer cannot contain another, so each core app is listed there by its modules, leaving out its partner
packages (which form the layer above). A module added to a core app and not to that list would escape the
contract; this test names it.
"""

import pkgutil
import tomllib
from pathlib import Path

from backoffice.registry import partner_specs

ROOT = Path(__file__).resolve().parent.parent
CORE = ["shipping", "orders", "suppliers", "backoffice"]


def _contracts():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def _layers():
    (layers,) = [contract["layers"] for contract in _contracts() if contract["type"] == "layers"]
    return [{name.strip() for name in layer.replace("|", ":").split(":")} for layer in layers]


def _partner_packages():
    """The packages of the installed partners (their AppConfigs), e.g. suppliers.innocigs."""
    from django.apps import apps

    names = {spec.name for spec in partner_specs()}
    return {config.name for config in apps.get_app_configs() if config.label in names}


def test_the_top_layer_and_the_independence_contract_name_every_partner_package():
    partners = _partner_packages() - {name for name in _partner_packages() if name.startswith("tests.")}
    assert _layers()[0] == partners
    (independent,) = [contract["modules"] for contract in _contracts() if contract["type"] == "independence"]
    assert set(independent) == partners


def test_every_module_of_a_core_app_is_in_its_layer():
    partners = _partner_packages()
    for app, layer in zip(CORE, _layers()[1:], strict=True):
        modules = {f"{app}.{module.name}" for module in pkgutil.iter_modules([str(ROOT / app)])}
        assert layer == modules - partners, app
