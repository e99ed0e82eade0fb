"""Case-insensitive access to JSON objects whose key casing varies (Innoship sends PascalCase and camelCase)."""


def ci_get(mapping, *keys, default=None):
    """The value of the first of `keys` present in `mapping`, whatever the casing of either."""
    if not isinstance(mapping, dict):
        return default
    folded = {str(k).casefold(): v for k, v in mapping.items()}
    for key in keys:
        if key.casefold() in folded:
            return folded[key.casefold()]
    return default
