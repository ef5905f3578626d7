"""Log-in: a pupil whose account still has a one-time password is sent to set their own (middleware.py).
Writes to classes, pupils in them and assignments move the classrooms cache generation on (cache.py); a pupil's
settings, their own learning version."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from courses.cache import learner_version_bump

from . import cache
from .middleware import SESSION_FLAG
from .models import Assignment, AssignmentRecipient, Classroom, ClassroomProfile, CoTeacher, Membership


@receiver(user_logged_in, dispatch_uid="classrooms_password_flag")
def remember_password_change(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if ClassroomProfile.objects.filter(user=user, must_change_password=True).exists():
        request.session[SESSION_FLAG] = True
    else:
        request.session.pop(SESSION_FLAG, None)


def _changed(sender, **kwargs):
    cache.changed()


@receiver(post_save, sender=ClassroomProfile, dispatch_uid="classrooms_profile_saved")
def _profile_saved(sender, instance, **kwargs):
    learner_version_bump(instance.user_id)  # the pupil's own page shows their settings


for _model in (Classroom, CoTeacher, Membership, Assignment, AssignmentRecipient):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"classrooms_cache_save_{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"classrooms_cache_delete_{_model.__name__}")
