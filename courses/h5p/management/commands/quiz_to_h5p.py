"""python manage.py quiz_to_h5p QUIZ_ID PATH: export a native quiz as an H5P.QuestionSet package."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.h5p.convert import ConversionError
from courses.h5p.quizzes import quiz_export_h5p


class Command(BaseCommand):
    help = "Export a native quiz to a .h5p file (H5P.QuestionSet of MultiChoice, TrueFalse and Blanks)."

    def add_arguments(self, parser):
        parser.add_argument("quiz_id", type=int)
        parser.add_argument("path")

    def handle(self, *args, quiz_id, path, **options):
        from courses.models import Quiz

        quiz = Quiz.objects.filter(pk=quiz_id).first()
        if quiz is None:
            raise CommandError(_("There is no such quiz."))
        try:
            Path(path).write_bytes(quiz_export_h5p(quiz=quiz))
        except ConversionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(path)
