"""Who is acting: a person, a command or a schedule. Every partner exchange and state change records it.

One way to say it: every service takes `actor=` and entry points pass it. The context variable below only
carries that same actor down to the partner-HTTP audit, which has no argument for it: a service that calls a
partner sets it around its calls (`with acting_as(actor):`); nothing else reads it to decide anything.
"""

import contextvars
from contextlib import contextmanager

_actor = contextvars.ContextVar("actor", default="system")


def current_actor():
    return _actor.get()


@contextmanager
def acting_as(actor):
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def user_actor(user):
    return f"user:{user.get_username()}"


def actor_words(actor: str) -> str:
    """Who acted, as staff read it: "user:anna" is "anna", "schedule:sync_stock" the schedule's title,
    "command:sync_returns" the command `manage.py sync_returns`."""
    from django.utils.translation import gettext as _

    kind, _colon, name = (actor or "").partition(":")
    if kind == "user" and name:
        return name
    if kind == "schedule" and name:
        from backoffice.schedules import all_schedules

        title = next((str(spec.title) for spec in all_schedules() if spec.name == name), name)
        return _("the schedule “%(title)s”") % {"title": title}
    if kind == "command" and name:
        return _("the command “manage.py %(name)s”") % {"name": name}
    return actor or _("unknown")
