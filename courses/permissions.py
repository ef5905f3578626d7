"""Who may do what in courses: reading is open to all, taking quizzes and progress need an account."""

from rest_framework.permissions import BasePermission


class IsLearner(BasePermission):
    """A logged-in person: progress and quiz attempts belong to an account."""

    login_only = True  # refuses only the anonymous (401), as the API schema documents

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)
