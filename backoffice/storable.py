"""Text from outside (a partner's reply) as every database and page can hold it."""

import re

# NUL (PostgreSQL refuses it in text and JSON) and lone surrogates (valid in JSON as "\ud800", storable nowhere).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text) -> str:
    """`text` with NUL and lone surrogates replaced by U+FFFD."""
    if text.isascii():  # most of every feed: no surrogate possible, and a NUL is rare (a C-speed check)
        return text.replace("\x00", "\ufffd") if "\x00" in text else text
    return _UNSTORABLE.sub("\ufffd", text)
