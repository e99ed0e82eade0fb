"""Product attributes as staff read them, whichever supplier named them."""


def attribute_name(key):
    """One spelling per attribute: PACKUNG, Packung and packung are all "Packung"."""
    return " ".join(key.replace("_", " ").split()).capitalize()
