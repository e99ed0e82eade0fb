"""Django's makemessages, also reading `N_(...)`: our short name for gettext_noop, which marks a text that is
stored in English where it is written and said in the reader's language where it is shown
(`backoffice.stored_texts`)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
