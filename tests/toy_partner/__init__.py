"""A partner that exists only in tests: one package, one line in INSTALLED_APPS (docs/architecture.md, "Adding a
partner"). tests/test_toy_partner.py installs it and submits an order through it."""
