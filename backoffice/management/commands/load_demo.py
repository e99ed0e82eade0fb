import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from backoffice.registry import partner_specs

# Each step loads one part of the demo data and returns a line saying what it did; all are idempotent. The
# partners' own steps (the supplier's catalogue) come first, so the demo orders' lines link to its products.
# Then each partner's demo states, on the imported demo orders.
CORE_DEMO_STEPS = ["orders.demo.load_demo_orders", "orders.demo.load_demo_hold"]


def demo_steps():
    specs = partner_specs()
    return ([spec.demo for spec in specs if spec.demo] + CORE_DEMO_STEPS
            + [spec.demo_states for spec in specs if spec.demo_states])


class Command(BaseCommand):
    help = "Creates the demo staff account (printing its login once) and loads demo data. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if not User.objects.filter(username=username).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email="", password=password)
            self.stdout.write(self.style.SUCCESS(
                f"Demo staff account created. Log in as '{username}' with password: {password}\n"
                f"(shown only this once; change it with: manage.py changepassword {username})"
            ))
        else:
            self.stdout.write(f"Demo staff account '{username}' exists; its password is unchanged.")
        for step in demo_steps():
            said = import_string(step)()
            for line in [said] if isinstance(said, str) else [f"Demo state: {line}" for line in said]:
                self.stdout.write(line)
