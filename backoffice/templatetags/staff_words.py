"""Template filters for what staff read: `{{ job.created_by|actor }}`."""

from django import template

from backoffice.actors import actor_words

register = template.Library()


@register.filter
def actor(value):
    return actor_words(value)
