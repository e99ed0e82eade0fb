"""The state history MeinEinkauf reports for an order or a return, kept once per (state, time)."""

from django.utils import timezone


def history_record(record, remote, *, change) -> bool:
    """Adds the states of `remote` (an order or a return as MeinEinkauf sent it) that `record` does not have yet;
    `change(state, changed_at)` builds one unsaved row of `record.history`. True when any was added."""
    entries = [(h.state[:100], h.changed_at) for h in remote.history if h.changed_at is not None]
    if remote.processing_state and remote.state_changed_at:
        entries.append((remote.processing_state[:100], remote.state_changed_at))  # when the history omits it
    known = set(record.history.values_list("state", "changed_at"))
    fresh = []
    for entry in entries:
        if entry not in known:
            known.add(entry)
            fresh.append(change(*entry))
    record.history.model.objects.bulk_create(fresh)
    return bool(fresh)


def mirror_store(record, values, remote, *, change) -> bool:
    """Writes `values` and the time of the sync onto `record` (a new unsaved row, or the stored one, locked) and
    adds the states of `remote` it lacks (see history_record). True when MeinEinkauf said anything new."""
    changed = record._state.adding or any(getattr(record, key) != value for key, value in values.items())
    for key, value in values.items():
        setattr(record, key, value)
    record.synced_at = timezone.now()
    record.save()
    added = history_record(record, remote, change=change)
    return changed or added
