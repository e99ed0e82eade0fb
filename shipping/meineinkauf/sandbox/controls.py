"""Control calls: tests and demos drive the emulated partner through these."""

import json

from backoffice.sandbox import state
from backoffice.sandbox.common import endpoint, json_reply

from .store import PARTNER, RETURN_PATH, STEP_SECONDS, _file, _find, _iso, _next_id, _now, _set_state, _step, _store


def _body(request):
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@endpoint(PARTNER, "control")
def control_advance(request):
    data = _body(request)
    with state.lock:
        store = _store()
        targets = [o for o in store["orders"].values()
                   if not data.get("orderNumber") or o["orderNumber"] == data["orderNumber"]]
        if data.get("orderNumber") and not targets:
            return json_reply({"error": "no such order"}, status=404)
        for target in targets:
            if data.get("to"):
                _set_state(store, target, data["to"])
            else:
                for _ in range(int(data.get("steps", 1))):
                    _step(store, target)
        return json_reply({"orders": {o["orderNumber"]: o["processingState"] for o in targets}})


@endpoint(PARTNER, "control")
def control_returns(request):
    data = _body(request)
    with state.lock:
        store = _store()
        order = _find(store["orders"], data.get("orderNumber"), "orderNumber", False)
        if order is None or not any(s["state"] in ("exported", "exported_partially")
                                    for s in order["processingStateHistory"]):
            return json_reply({"error": "returns are created for exported orders only"}, status=422)
        articles = [a for c in order["consignments"] for a in c.get("articles", [])]
        wanted = data.get("items") or [{"articleNumber": articles[0]["articleNumber"]}]
        created = _now(store)
        items = []
        for n, spec in enumerate(wanted, start=1):
            article = next((a for a in articles if a["articleNumber"] == spec.get("articleNumber")), articles[0])
            items.append({
                "id": _next_id(store), "reference": f"88{order['id']:06d}{len(store['returns']):02d}{n}",
                "article": {"id": _next_id(store), "articleNumber": article["articleNumber"],
                            "externalId": article.get("externalId", ""), "payload": "", "name": article["name"]},
                "reason": spec.get("reason", "not_as_described"), "state": spec.get("state", "used"),
            })
        return_id = _next_id(store)
        entry = {
            "id": return_id, "created": _iso(created), "reference": f"60{return_id:08d}",
            "processingState": "open", "processingStateHistory": [{"state": "open", "changed": _iso(created)}],
            "processingStateChanged": _iso(created),
            "order": {"id": order["id"], "externalId": order["externalId"], "orderNumber": order["orderNumber"]},
            "items": items,
            "tracking": {"carrier": "swisspost", "trackingNumber": f"99.00.{return_id:06d}.00000001",
                         "labelFile": _file(f"return-{return_id}")},
        }
        store["returns"][return_id] = entry
        return json_reply({"reference": entry["reference"], "id": return_id}, status=201)


@endpoint(PARTNER, "control")
def control_advance_return(request):
    data = _body(request)
    with state.lock:
        store = _store()
        found = _find(store["returns"], data.get("reference"), "reference", False)
        if found is None:
            return json_reply({"error": "no such return"}, status=404)
        current = found["processingState"]
        to = data.get("to") or (RETURN_PATH[RETURN_PATH.index(current) + 1]
                                if current in RETURN_PATH[:-1] else current)
        moment = _now(store)
        found["processingState"] = to
        found["processingStateChanged"] = _iso(moment)
        found["processingStateHistory"].append({"state": to, "changed": _iso(moment)})
        if to == "transferred":
            found["tour"] = {"id": found["id"] + 500, "mrnDe": f"26DE{found['id']:014d}",
                             "mrnCh": f"26CH{found['id']:014d}", "transferDate": moment.date().isoformat()}
        return json_reply({"reference": found["reference"], "processingState": to})


@endpoint(PARTNER, "control")
def control_unavailable(request):
    data = _body(request)
    with state.lock:
        _store()["unavailable"] = [int(data.get("count", 1)), int(data.get("status", 503))]
    return json_reply({"unavailable": int(data.get("count", 1))})


@endpoint(PARTNER, "control")
def control_clock(request):
    data = _body(request)
    with state.lock:
        _store()["step_seconds"] = int(data.get("stepSeconds", STEP_SECONDS))
    return json_reply({"stepSeconds": _store()["step_seconds"]})
