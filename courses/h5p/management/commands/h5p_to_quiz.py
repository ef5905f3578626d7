"""python manage.py h5p_to_quiz PACKAGE_ID: make a native quiz from an uploaded H5P package; prints its id."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.h5p import selectors
from courses.h5p.convert import ConversionError
from courses.h5p.services import quiz_create_from_package


class Command(BaseCommand):
    help = "Convert an H5P package (MultiChoice, TrueFalse, Blanks, QuestionSet) into a native quiz."

    def add_arguments(self, parser):
        parser.add_argument("package_id", type=int)

    def handle(self, *args, package_id, **options):
        package = selectors.package_get(pk=package_id)
        if package is None:
            raise CommandError(_("There is no such H5P package."))
        try:
            quiz = quiz_create_from_package(package=package)
        except ConversionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(quiz.pk))
