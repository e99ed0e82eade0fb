"""The template side of backoffice.words: `{{ error.field|field_words }}` shows a field path in words,
`{{ job.created_by|actor }}` who acted."""

from django import template

from backoffice.actors import actor_words
from backoffice.words import field_words as _field_words

register = template.Library()


@register.filter
def field_words(path):
    return _field_words(str(path or ""))


@register.filter
def actor(value):
    """`{{ job.created_by|actor }}`: who acted, in words (backoffice.actors.actor_words)."""
    return actor_words(value)
