"""The template side of backoffice.words: `{{ error.field|field_words }}` shows a field path in words."""

from django import template

from backoffice.words import field_words as _field_words

register = template.Library()


@register.filter
def field_words(path):
    return _field_words(str(path or ""))
