"""Emulations of the four partner APIs, served under /sandbox/ when SANDBOX=true (never in production)."""
