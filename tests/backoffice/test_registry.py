"""The partner registry: each partner package declares itself once, and the core reads the declarations."""

import dataclasses

import pytest
from django.core.exceptions import ImproperlyConfigured

from backoffice import registry
from backoffice.partners import partner_config
from orders.zonos.partner import SPEC as ZONOS


def test_every_partner_package_registers_its_spec_in_installed_apps_order():
    assert [spec.name for spec in registry.partner_specs()] == ["innocigs", "innoship", "meineinkauf", "zonos"]
    assert partner_config("meineinkauf").partner == "meineinkauf"


def test_registering_the_same_spec_again_changes_nothing_but_a_second_one_is_refused():
    registry.partner_register(ZONOS)
    assert registry.partner_spec("zonos") is ZONOS
    with pytest.raises(ImproperlyConfigured, match="Two packages declare the partner 'zonos'"):
        registry.partner_register(dataclasses.replace(ZONOS, label="Another Zonos"))
    assert registry.partner_spec("zonos") is ZONOS


def test_an_unknown_partner_is_named_in_the_error():
    with pytest.raises(KeyError, match="Unknown partner 'nobody'"):
        partner_config("nobody")

