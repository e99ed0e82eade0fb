"""The toy courier's dashboard figure and inbox row, declared by its PartnerSpec."""

from backoffice.dashboard import Figure
from backoffice.inbox import InboxRow


def dashboard_figures():
    return [Figure("Toy courier", "toy parcels waiting", 3, "/admin/orders/order/?route=toy", tone="warn")]


def inbox_rows():
    return [InboxRow(kind="Toy courier needs you", subject="T9", url="/admin/orders/order/?route=toy",
                     reason="The toy courier lost a parcel.", next_step="Ask the toy courier.")]
