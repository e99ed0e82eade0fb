"""What the partner emulations share, served under /sandbox/ when SANDBOX=true (never in production): their state,
credentials, held replies and the url mounting. Each emulation lives in its partner's package (`<package>/sandbox/`)."""
