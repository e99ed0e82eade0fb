"""The emulated MeinEinkauf.ch's list replies: limit, offset and sort."""

from datetime import datetime

from backoffice.sandbox.common import json_reply

from .store import _error

ORDER_SORTS = {  # doc line 223
    f"{key}:{direction}" for key in ("id", "orderDate", "created", "processingStateChanged")
    for direction in ("asc", "desc")}
RETURN_SORTS = {  # doc line 408
    f"{key}:{direction}" for key in ("id", "created", "processingStateChanged") for direction in ("asc", "desc")}


def _sort_value(value):
    if isinstance(value, str) and "T" in value:
        return datetime.fromisoformat(value).timestamp()  # offsets differ across summer time: compare instants
    return value if isinstance(value, int | float) else 0


def _sorted(items, sort, default):
    key, _, direction = (sort or default).partition(":")
    if key == "orderDate":
        return sorted(items, key=lambda item: (item.get(key) or "", item["id"]), reverse=direction == "desc")
    return sorted(items, key=lambda item: (_sort_value(item.get(key)), item["id"]), reverse=direction == "desc")


def _page(request, items, key, sorts, default_sort):
    """A list reply: doc lines 221-223 (orders) and 406-408 (returns): limit [1 .. 50] default 50, offset >= 0
    default 0, sort from the enum; the reply has the list, success, count, limit, offset and errors (lines 225-230)."""
    errors = []
    try:
        limit = int(request.GET.get("limit", 50))
        offset = int(request.GET.get("offset", 0))
    except ValueError:
        limit, offset = 0, -1
    if not 1 <= limit <= 50:
        errors.append(_error("E1000", "This value should be between 1 and 50.", "limit"))
    if offset < 0:
        errors.append(_error("E1000", "This value should be greater than or equal to 0.", "offset"))
    sort = request.GET.get("sort", default_sort)
    if sort not in sorts:
        errors.append(_error("E1000", "The value you selected is not a valid choice.", "sort"))
    if errors:
        return json_reply({"success": False, "errors": errors}, status=422)
    ordered = _sorted(items, sort, default_sort)
    return json_reply({key: ordered[offset: offset + limit], "success": True, "count": len(ordered),
                       "limit": limit, "offset": offset, "errors": []})
