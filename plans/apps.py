from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_triggers(sender, using, **kwargs):
    from django.db import connections

    from plans.db_triggers import install_all

    install_all(connections[using])


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans and organisation")

    def ready(self):
        from plans import vocabulary

        post_migrate.connect(_install_triggers, sender=self)
        vocabulary.register_models()
