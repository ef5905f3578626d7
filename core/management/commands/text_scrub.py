"""manage.py text_scrub: make text stored before the input checks safe to show and export.

The API and the pages now refuse NUL, lone surrogates and control characters (core.text), but rows written
earlier may hold them: a lone surrogate inside a JSON field (answers, H5P state, xAPI statements) makes every
page that shows it fail. This replaces each such character in every text and JSON column of every model with
U+FFFD, the mark of a character that could not be kept. Run it once after upgrading; it is safe to run again.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from core.text import is_unsafe, printable


def _scrub(value):
    """`value` with unsafe text replaced in every string, key and value; the same object when nothing changes."""
    if isinstance(value, str):
        return printable(value) if is_unsafe(value) else value
    if isinstance(value, list):
        items = [_scrub(v) for v in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        pairs = [(_scrub(k), _scrub(v)) for k, v in value.items()]
        changed = any(
            k2 is not k or v2 is not v for (k2, v2), (k, v) in zip(pairs, value.items(), strict=True)
        )
        return dict(pairs) if changed else value
    return value


class Command(BaseCommand):
    help = "Replace NUL, lone surrogates and control characters in stored text and JSON with U+FFFD."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the rows, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        total = 0
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            fields = [
                f.attname
                for f in meta.local_concrete_fields  # a parent table is scrubbed as its own model
                if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.primary_key
            ]
            if not fields:
                continue
            rows = model._base_manager.values_list(meta.pk.attname, *fields)
            updates = []  # applied after the read, never while its cursor is open
            for pk, *values in rows.iterator(chunk_size=500):
                changed = {}
                for name, value in zip(fields, values, strict=True):
                    clean = _scrub(value)
                    if clean is not value:
                        changed[name] = clean
                if changed:
                    updates.append((pk, changed))
            count = len(updates)
            if updates and not dry_run:
                with transaction.atomic():
                    for pk, changed in updates:
                        model._base_manager.filter(pk=pk).update(**changed)
            if count:
                self.stdout.write(f"{meta.label}: {count} row(s)")
            total += count
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"text_scrub {verb} {total} row(s).")
