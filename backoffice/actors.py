"""Who is acting: a person, a command or a schedule. Every partner exchange and state change records it."""

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
