"""The InnoCigs emulation served under /sandbox/ (see backoffice/sandbox for what the emulations share)."""
