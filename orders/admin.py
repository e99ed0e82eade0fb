import orders.zonos.admin  # noqa: F401 - the Zonos reconciliation page
