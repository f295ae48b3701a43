from django.core.management.base import BaseCommand

from indicators.demo import seed_demo
from indicators.demo_data import PASSWORD, USERS


class Command(BaseCommand):
    help = (
        "Load the illustrative Ministry of Interior 2019–2023 plan and the demo users. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds a plan.",
        )

    def handle(self, *args, if_empty=False, **options):
        result = seed_demo(if_empty=if_empty)
        if result is None:
            self.stdout.write("The database already holds a plan; the demo was not loaded.")
            return
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Demo plan loaded: {result.plan.name_en}."))
        else:
            self.stdout.write("The demo plan is already there; nothing changed.")
        self.stdout.write(f"Demo users (password '{PASSWORD}'): " + ", ".join(sorted(USERS)))
