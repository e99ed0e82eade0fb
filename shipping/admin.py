from shipping.meineinkauf import admin as meineinkauf_admin  # noqa: F401  (registers the MeinEinkauf admins)
