from django.apps import apps
from django.core.management.base import BaseCommand

from taxonomy.seed import seed_taxonomy


class Command(BaseCommand):
    help = "Create or refresh the seeded taxonomies (regions, TOL 2008, TRL...)."

    def handle(self, *args: object, **options: object) -> None:
        seed_taxonomy(apps)
        self.stdout.write(self.style.SUCCESS("Taxonomies are up to date."))
