from backoffice.registry import PartnerAppConfig


class ToyConfig(PartnerAppConfig):
    name = "tests.toy_partner"
    label = "toy"
    verbose_name = "Toy courier"
    spec = "tests.toy_partner.partner.SPEC"
