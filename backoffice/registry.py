"""The partners, each declared once by its own package (issue 13).

Every partner package registers one PartnerSpec when its app is ready (its AppConfig is a PartnerAppConfig naming
the spec); the core reads them here and never names a partner module itself. Adding a partner is one package whose
ready() registers its spec, and one line in INSTALLED_APPS. The specs are read in INSTALLED_APPS order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class RouteSpec:
    """A way an order travels: its name (stored on the order), staff words, and the partners it is handed to,
    in order (a Swiss order: InnoCigs to the hub, then MeinEinkauf)."""

    name: str
    label: str
    legs: tuple[str, ...]
    countries: frozenset[str] = frozenset()  # the shipping countries it serves; empty: any
    # False for a route whose orders only the partner's own entry point makes (an InnoCigs restock to the shop):
    # an imported shop order never takes it.
    imported: bool = True


@dataclass(frozen=True)
class PartnerSpec:
    name: str  # the key of the partner in settings, routes and the audit, e.g. "innocigs"
    label: str  # staff words, e.g. "InnoCigs"
    config: Callable  # () -> backoffice.partner_http.PartnerConfig, read from settings when asked
    check: str  # dotted path of the harmless call that checks the connection (no arguments, returns words)
    adapter: str = ""  # dotted path of its PartnerAdapter to the submission lifecycle; "" when it takes none
    tracker: str = ""  # dotted path of its tracking sync (days=..., day=..., actor=...); "" when it has none
    blockers: tuple[str, ...] = ()  # dotted paths of order -> [Problem]: what stops any submission of an order
    panels: tuple[tuple[str, str], ...] = ()  # (template, dotted path of its context function) on the order page
    sandbox: tuple[str, str] | None = None  # (url prefix under /sandbox/, dotted path of the emulation's urls)
    # (name, staff words) of its order-list actions; the name is also the codename of the permission each needs
    actions: tuple[tuple[str, str], ...] = ()
    # (codename, words) of the permissions its actions and pages check, on the Order model ("orders.<codename>"):
    # created after every migrate (orders.apps), so a new partner needs no migration in orders
    permissions: tuple[tuple[str, str], ...] = ()
    routes: tuple[RouteSpec, ...] = ()  # the routes whose last leg it is
    catalogue: str = ""  # dotted path of its catalogue client class (from_settings()), for the supplier of the feed
    hub: str = ""  # for a later leg: dotted path of (orders, partner) -> those with a parcel on its way to its hub
    demo: str = ""  # dotted path of () -> words: loads its demo data (idempotent), for `make run`
    # dotted path of () -> [words]: puts demo orders into the states staff meet with this partner (idempotent);
    # run after the demo orders are imported
    demo_states: str = ""
    explain: str = ""  # dotted path of code -> an explanation (.english, .next_step) or None, for staff messages
    figures: str = ""  # dotted path of () -> [backoffice.dashboard.Figure]: its counts on the dashboard
    inbox: str = ""  # dotted path of () -> [InboxRow | More]: what of it needs a person, for the dashboard's inbox
    # its backoffice.schedules.ScheduleSpec: created by setup_schedules beside the core's, run now from the dashboard
    schedules: tuple = ()
    # dotted path of its orders.services.import_format.PartnerKeys: the order keys of the import it keeps in its
    # own tables (saved in the import's transaction, compared on a repeated import)
    import_keys: str = ""
    # dotted paths of admin inlines on the order page, for what it keeps of an order in its own tables
    order_inlines: tuple[str, ...] = ()
    # dotted path of (shipment, user) -> [(words, url)]: links of its parcel on the order page (its label)
    shipment_links: str = ""


_specs: dict[str, PartnerSpec] = {}


def partner_register(spec: PartnerSpec):
    """Called by a partner package's AppConfig.ready(); registering the same spec again changes nothing."""
    if _specs.get(spec.name, spec) != spec:
        raise ImproperlyConfigured(f"Two packages declare the partner {spec.name!r}.")
    _specs[spec.name] = spec


class PartnerAppConfig(AppConfig):
    """The AppConfig of a partner package: when the app is ready it registers the PartnerSpec `spec` names."""

    spec = ""  # dotted path of the package's PartnerSpec, e.g. "suppliers.innocigs.partner.SPEC"
    # The base is no app: Django must not take it for the config of an apps module that imports it, while
    # each partner's subclass is its package's one config.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def ready(self):
        spec = import_string(self.spec)
        partner_register(spec)
        self.partner = spec.name  # what the core asks the registry for about this app (its schedules)


def spec_paths(spec: PartnerSpec):
    """(field, dotted path) of every object the spec names, imported by the core when it needs it (its sandbox's
    urls, a module, aside)."""
    for name in ("check", "adapter", "tracker", "catalogue", "hub", "demo", "demo_states", "explain", "figures",
                 "inbox", "import_keys", "shipment_links"):
        if getattr(spec, name):
            yield name, getattr(spec, name)
    yield from (("blockers", path) for path in spec.blockers)
    yield from (("panels", path) for _template, path in spec.panels)
    yield from (("order_inlines", path) for path in spec.order_inlines)


def partner_specs() -> list[PartnerSpec]:
    return list(_specs.values())


def partner_spec(name) -> PartnerSpec:
    try:
        return _specs[name]
    except KeyError:
        raise KeyError(f"Unknown partner {name!r}") from None


def partner_explain(partner, code):
    """What the partner's error code means and what staff should do, or None when it declares no words for it."""
    spec = _specs.get(partner)
    return import_string(spec.explain)(code) if spec and spec.explain else None


def catalogue_client():
    """The client of the supplier whose feed fills the catalogue (the one spec that declares a catalogue)."""
    suppliers = [spec for spec in _specs.values() if spec.catalogue]
    if len(suppliers) != 1:
        raise ImproperlyConfigured(f"The catalogue needs exactly one supplier; {len(suppliers)} declare one.")
    return import_string(suppliers[0].catalogue).from_settings()


def partner_label(name) -> str:
    """The partner's name in staff words; the key itself for a partner no package declares (an old row)."""
    spec = _specs.get(name)
    return spec.label if spec else name


def route_specs() -> list[RouteSpec]:
    return [route for spec in _specs.values() for route in spec.routes]


def route_choices() -> list[tuple[str, str]]:
    """(name, words) of every route, for Order.route: a callable, so a new route needs no migration."""
    return [(route.name, route.label) for route in route_specs()]


def imported_route_names() -> list[str]:
    """The routes an imported order may name."""
    return [route.name for route in route_specs() if route.imported]


def route_legs(name) -> tuple[str, ...]:
    """The partners an order of this route is handed to; a route no spec declares goes to the partner of its
    name (an old row, or a partner with one leg that declares no route)."""
    return next((route.legs for route in route_specs() if route.name == name), (name,))


def route_countries(name) -> frozenset[str]:
    """The shipping countries a route serves; empty for any (or an unknown route)."""
    return next((route.countries for route in route_specs() if route.name == name), frozenset())


def partner_permissions() -> list[tuple[str, str]]:
    return [permission for spec in _specs.values() for permission in spec.permissions]


def partner_choices() -> list[tuple[str, str]]:
    """(name, label) of every partner, for model fields: a callable, so a new partner needs no migration."""
    return [(spec.name, spec.label) for spec in _specs.values()]
