"""The credentials the sandbox accepts. Obviously fake; `.env.example` uses them."""

INNOCIGS_CID = "12345"
INNOCIGS_PASSWORD = "sandbox-innocigs-password"
INNOSHIP_API_KEY = "sandbox-innoship-key"
MEINEINKAUF_API_KEY = "sandbox-meineinkauf-key"
MEINEINKAUF_TEST_API_KEY = "MEINEINKAUF_TEST_API_KEY"  # the doc's test key: validates, stores nothing
ZONOS_STORE_ID = "999"
ZONOS_SECRET = "sandbox-zonos-secret"
