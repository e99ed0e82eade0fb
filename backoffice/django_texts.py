"""Texts of Django 6.1's admin that its German catalogue does not translate yet, marked here so that our own
catalogue (LOCALE_PATHS comes first) carries them until Django's does. Nothing imports this module: it exists
for `makemessages`. Remove an entry once Django's catalogue has it."""

from django.utils.translation import gettext_noop as N_

DJANGO_TEXTS = (
    N_("- Select an option -"),  # db/models/fields/__init__.py: a choice field's empty choice
    N_("Run"),  # admin/actions.html: the actions bar's button
    N_("Search %(name)s"),  # admin/search_form.html
    N_("Pagination %(name)s"),  # admin/pagination.html
    N_("Pagination %(name)s entries"),  # admin/object_history.html
    N_("Filter by %(field_name)s"),  # admin/date_hierarchy.html
    N_("No %s matches the given query."),  # shortcuts.get_object_or_404
    N_("Logout"),  # registration/logged_out.html
    N_("Reset password"),  # auth forms, on the user page
    N_("Set password"),
    N_("Password-based authentication"),
    N_("Enabled"),
    N_("Disabled"),
    N_("Raw passwords are not stored, so there is no way to see the user’s password."),
    N_("After you’ve created a user, you’ll be able to edit more user options."),
    N_("Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the following related "
       "items will be deleted:"),
)
