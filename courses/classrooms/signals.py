"""Log-in: a pupil whose account still has a one-time password is sent to set their own (middleware.py)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SESSION_FLAG
from .models import ClassroomProfile


@receiver(user_logged_in, dispatch_uid="classrooms_password_flag")
def remember_password_change(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if ClassroomProfile.objects.filter(user=user, must_change_password=True).exists():
        request.session[SESSION_FLAG] = True
    else:
        request.session.pop(SESSION_FLAG, None)
