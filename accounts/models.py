"""People on Civic: one user model for students, teachers, organisers, alumni and admins."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import roles


class User(AbstractUser):
    """A person with an account; roles are groups, the language is how we write to them."""

    email = models.EmailField(_("email address"), blank=True, db_index=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def role_slugs(self) -> list[str]:
        names = getattr(self, "group_names_read", None)  # read with the user (accounts.backends): no query
        if names is None:
            names = {g.name for g in self.groups.all()}
        slugs = [roles.GROUP_TO_ROLE[n] for n in names if n in roles.GROUP_TO_ROLE]
        if self.is_superuser and roles.SITE_ADMIN not in slugs:
            slugs.append(roles.SITE_ADMIN)
        return sorted(slugs, key=list(roles.ROLES).index)

    def has_role(self, role: str) -> bool:
        return role in self.role_slugs

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
