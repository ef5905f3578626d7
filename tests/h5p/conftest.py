"""H5P fixtures: a private media folder, an operator allowed to install libraries, the demo package."""

import pytest
from django.contrib.auth.models import Permission

from courses.h5p.services import package_import
from tests.factories import UserFactory

from .helpers import demo_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def media_root(_media):
    return _media


@pytest.fixture
def installer(db):
    user = UserFactory(username="installer")
    user.user_permissions.add(
        Permission.objects.get(codename="install_library", content_type__app_label="h5p")
    )
    return user


@pytest.fixture
def demo_package(installer):
    return package_import(source=demo_bytes("en"), user=installer)
