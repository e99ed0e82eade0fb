"""The toy courier as the core sees it: one PartnerSpec."""

from backoffice.partner_http import PartnerConfig
from backoffice.registry import PartnerSpec, RouteSpec
from backoffice.schedules import ScheduleSpec

BASE_URL = "https://toy-courier.example/api/"


def config() -> PartnerConfig:
    return PartnerConfig("toy", BASE_URL, (2.0, 5.0))


SPEC = PartnerSpec(
    name="toy",
    label="Toy courier",
    config=config,
    check="tests.toy_partner.client.check_connection",
    adapter="tests.toy_partner.adapter.ToyAdapter",
    actions=(("book_toy", "Book the toy courier"),),
    permissions=(("book_toy", "Can book the toy courier"),),
    routes=(RouteSpec("toy", "Toy courier", ("toy",)),),
    figures="tests.toy_partner.dashboard.dashboard_figures",
    inbox="tests.toy_partner.dashboard.inbox_rows",
    schedules=(ScheduleSpec("toy_check", "tests.toy_partner.client.check_connection", minutes=45,
                            title="Check the toy courier", permission="orders.book_toy",
                            help="Asks the toy courier whether it answers."),),
)
