import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Each step loads one part of the demo data and returns a line saying what it did; all are idempotent.
DEMO_STEPS = [
    # The catalogue first, so the demo orders' lines link to its products.
    "suppliers.demo.load_demo_catalogue",
    "orders.demo.load_demo_orders",
    "orders.demo.load_demo_hold",
    # TODO(registry): each partner package's demo step belongs in its PartnerSpec.
    "suppliers.innocigs.demo.load_demo_states",
    "shipping.innoship.demo.load_demo_states",
    "shipping.meineinkauf.demo.load_demo_states",
    "orders.zonos.demo.load_demo_states",
]


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
        for step in DEMO_STEPS:
            said = import_string(step)()
            for line in [said] if isinstance(said, str) else [f"Demo state: {line}" for line in said]:
                self.stdout.write(line)
