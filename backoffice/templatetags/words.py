"""The template side of backoffice.words: `{{ error.field|field_words }}` shows a field path in words,
`{{ job.created_by|actor }}` who acted, `{{ error.explanation|stored_words }}` a text of ours stored in English."""

from django import template

from backoffice.actors import actor_words
from backoffice.words import field_words as _field_words
from backoffice.words import stored_words as _stored_words

register = template.Library()


@register.filter
def field_words(path):
    return _field_words(str(path or ""))


@register.filter
def actor(value):
    """`{{ job.created_by|actor }}`: who acted, in words (backoffice.actors.actor_words)."""
    return actor_words(value)


@register.filter
def stored_words(text):
    return _stored_words(text)
