"""python manage.py import_h5p PATH: an operator imports a .h5p package (and may install its libraries)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.h5p.package import PackageError
from courses.h5p.services import package_import


class Command(BaseCommand):
    help = "Import an H5P package; prints the new package's id. Installs the libraries it brings."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Path to the .h5p file.")

    def handle(self, *args, path, **options):
        try:
            with open(path, "rb") as source:
                package = package_import(source=source, user=None, can_install_libraries=True)
        except OSError as exc:
            raise CommandError(
                _("Cannot read “%(path)s”: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        except PackageError as exc:
            raise CommandError(_("Package refused: %(reason)s") % {"reason": exc}) from exc
        self.stdout.write(str(package.pk))
