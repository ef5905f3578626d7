"""The admin history already written for scoped records (camp applications, cohorts, certificates) moves from
Wagtail's ModelLogEntry, which every holder of the model permission reads, to core's ScopedLogEntry."""

from django.db import migrations

FIELDS = (
    "content_type_id", "label", "action", "data", "timestamp", "uuid", "user_id", "revision_id",
    "content_changed", "deleted", "object_id",
)


def _scoped_content_type_ids(apps):
    # Which models are scoped is declared in the apps' wagtail_hooks (their permission policies).
    from wagtail import hooks

    from core.models import scoped_models

    hooks.search_for_hooks()
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = [(m._meta.app_label, m._meta.model_name) for m in scoped_models()]
    return [ct.pk for ct in ContentType.objects.all() if (ct.app_label, ct.model) in labels]


def move(apps, schema_editor, source="wagtailcore.ModelLogEntry", target="core.ScopedLogEntry"):
    Source, Target = apps.get_model(source), apps.get_model(target)
    entries = Source.objects.filter(content_type_id__in=_scoped_content_type_ids(apps))
    Target.objects.bulk_create(
        [Target(**{name: getattr(entry, name) for name in FIELDS}) for entry in entries.iterator()],
        batch_size=500,
    )
    entries.delete()


def move_back(apps, schema_editor):
    move(apps, schema_editor, source="core.ScopedLogEntry", target="wagtailcore.ModelLogEntry")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_scoped_log_entries")]

    operations = [migrations.RunPython(move, move_back)]
