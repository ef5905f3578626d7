"""One test per defence of the H5P import (courses/h5p/services.py): the storage-name guard, a storage that
renames a file, a main library that cannot run, libraries the uploader may not install; each refusal leaves no
rows and no files behind."""

import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from accounts import roles
from courses.h5p import services
from courses.h5p.models import H5PLibrary, H5PPackage, H5PPackageLibrary
from courses.h5p.package import Library, PackageError, read_package
from courses.h5p.services import _safe_name, package_import
from tests.factories import UserFactory

from .helpers import demo_bytes, h5p_meta, rebuild

LIB = "H5P.CivicStatements-1.0"
pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_user(db):
    return UserFactory(roles=(roles.TEACHER,))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def stored_files(root: Path) -> list[str]:
    return (
        sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


def nothing_stored(media_root, keep=()):
    assert not H5PPackage.objects.exists()
    assert not H5PLibrary.objects.exists()
    assert not H5PPackageLibrary.objects.exists()
    assert stored_files(media_root) == sorted(keep)
    return True


# -- The storage-name guard ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    [
        "../escape.txt",
        "content/../../escape.txt",
        "../7f0c-sibling/content/a.txt",  # a sibling folder whose name starts like this one
        "..",
        ".",
    ],
)
def test_a_storage_name_outside_the_package_folder_is_refused(relative):
    with pytest.raises(PackageError) as error:
        _safe_name("h5p/packages/7f0c", relative)
    assert error.value.code == "parent_path"
    assert str(error.value) == f"The file “{relative}” points outside the package (“..”)."


@pytest.mark.parametrize(
    ("relative", "name"),
    [
        ("content/content.json", "h5p/packages/7f0c/content/content.json"),
        ("content/./a.txt", "h5p/packages/7f0c/content/a.txt"),
        ("content/x/../a.txt", "h5p/packages/7f0c/content/a.txt"),
        ("/h5p.json", "h5p/packages/7f0c/h5p.json"),
    ],
)
def test_a_storage_name_inside_the_package_folder_is_normalised(relative, name):
    assert _safe_name("h5p/packages/7f0c", relative) == name


def test_an_import_never_writes_outside_its_folder(installer, media_root, monkeypatch):
    """Should a path ever slip past the reader, the import still refuses it and stores nothing."""
    package = read_package(demo_bytes())
    package.content_files["content/../../escape.txt"] = b"x"
    monkeypatch.setattr(services, "read_package", lambda source: package)
    with pytest.raises(PackageError) as error:
        package_import(source=b"", user=installer)
    assert error.value.code == "parent_path" and "content/../../escape.txt" in str(error.value)
    assert nothing_stored(media_root)


def test_a_library_folder_never_lies_outside_the_package(installer, media_root):
    library = read_package(demo_bytes()).libraries[LIB]
    hostile = Library(folder="../" + LIB, meta=library.meta, files=library.files)
    pending: dict[str, bytes] = {}
    with pytest.raises(PackageError) as error:
        services._library_install(
            library=hostile, folder="h5p/packages/7f0c", user=installer, pending=pending
        )
    assert error.value.code == "parent_path"
    assert pending == {}
    assert nothing_stored(media_root)


def test_a_storage_that_renames_a_file_refuses_the_import(installer, media_root, monkeypatch):
    """A file already there (the folder was not fresh): the storage would save ours under another name."""
    fixed = uuid.UUID("00000000-0000-4000-8000-000000000001")
    monkeypatch.setattr(services.uuid, "uuid4", lambda: fixed)
    squatter = f"h5p/packages/{fixed}/h5p.json"
    default_storage.save(squatter, ContentFile(b"{}"))
    with pytest.raises(PackageError) as error:
        package_import(source=demo_bytes(), user=installer)
    assert error.value.code == "storage"
    assert str(error.value) == "The package could not be stored. Please try again."
    assert nothing_stored(media_root, keep=[squatter])
    assert (media_root / squatter).read_bytes() == b"{}"


# -- Libraries ------------------------------------------------------------------------------------------------


def test_a_main_library_that_cannot_run_is_refused(installer, media_root):
    source = demo_bytes()
    from .test_package_defences import library_meta

    meta = library_meta(source)
    meta["runnable"] = 0
    with pytest.raises(PackageError) as error:
        package_import(source=rebuild(source, replace={f"{LIB}/library.json": meta}), user=installer)
    assert error.value.code == "main_not_runnable"
    assert str(error.value) == (
        f"The main library “{LIB}” cannot be run on its own (runnable is 0 in its library.json)."
    )
    assert nothing_stored(media_root)


def test_an_installed_main_library_that_cannot_run_is_refused(demo_package, teacher_user, media_root):
    H5PLibrary.objects.update(runnable=False)
    files_before = stored_files(media_root)
    with pytest.raises(PackageError) as error:
        package_import(source=rebuild(demo_bytes("ky"), drop=_library_files()), user=teacher_user)
    assert error.value.code == "main_not_runnable"
    assert H5PPackage.objects.count() == 1 and stored_files(media_root) == files_before


def _library_files():
    return {
        f"{LIB}/{name}"
        for name in ("library.json", "semantics.json", "civic-statements.js", "civic-statements.css")
    }


def test_a_new_library_needs_the_permission_to_install(teacher_user, media_root):
    with pytest.raises(PackageError) as error:
        package_import(source=demo_bytes(), user=teacher_user)
    assert error.value.code == "library_not_allowed"
    assert str(error.value) == (
        f"The package brings the library “{LIB}”, which is not installed; only users allowed to install "
        "libraries may upload it."
    )
    assert nothing_stored(media_root)


def test_a_changed_library_needs_the_permission_to_install(demo_package, teacher_user):
    changed = rebuild(demo_bytes(), add={f"{LIB}/extra.css": b"a{}"})
    with pytest.raises(PackageError) as error:
        package_import(source=changed, user=teacher_user)
    assert error.value.code == "library_not_allowed"
    assert str(error.value) == (
        f"The package brings a changed version of the library “{LIB}”; only users allowed to install "
        "libraries may upload it."
    )
    assert H5PPackage.objects.count() == H5PLibrary.objects.count() == 1


def test_the_operator_s_command_may_install_without_a_user(media_root):
    package = package_import(source=demo_bytes(), can_install_libraries=True)
    assert package.uploaded_by is None and package.main_library.installed_by is None


def test_an_anonymous_user_may_not_install(media_root):
    from django.contrib.auth.models import AnonymousUser

    assert services.user_can_install_libraries(AnonymousUser()) is False
    assert services.user_can_install_libraries(None) is False
    with pytest.raises(PackageError) as error:
        package_import(source=demo_bytes(), user=AnonymousUser())
    assert error.value.code == "library_not_allowed"


def test_a_library_the_package_brings_but_never_loads_is_not_installed(installer):
    source = demo_bytes()
    from .test_package_defences import library_meta

    extra = library_meta(source) | {"machineName": "H5P.Unused", "preloadedJs": [], "preloadedCss": []}
    package = package_import(
        source=rebuild(source, add={"H5P.Unused-1.0/library.json": extra}), user=installer
    )
    assert list(H5PLibrary.objects.values_list("machine_name", flat=True)) == ["H5P.CivicStatements"]
    assert list(package.library_links.values_list("folder", flat=True)) == [LIB]


def test_a_dependency_of_a_dependency_is_resolved_and_linked(installer):
    source = demo_bytes()
    from .test_package_defences import library_meta

    helper = library_meta(source) | {
        "machineName": "H5P.Helper",
        "runnable": 0,
        "preloadedJs": [],
        "preloadedCss": [],
    }
    main = library_meta(source) | {
        "preloadedDependencies": [{"machineName": "H5P.Helper", "majorVersion": 1, "minorVersion": 0}]
    }
    package = package_import(
        source=rebuild(
            source, replace={f"{LIB}/library.json": main}, add={"H5P.Helper-1.0/library.json": helper}
        ),
        user=installer,
    )
    assert sorted(package.library_links.values_list("folder", flat=True)) == [LIB, "H5P.Helper-1.0"]
    assert package.main_library.machine_name == "H5P.CivicStatements"


def test_the_newest_installed_patch_is_used(demo_package, installer, teacher_user):
    source = demo_bytes()
    from .test_package_defences import library_meta

    newer = library_meta(source) | {"patchVersion": 3}
    package_import(source=rebuild(source, replace={f"{LIB}/library.json": newer}), user=installer)
    package = package_import(source=rebuild(demo_bytes("ru"), drop=_library_files()), user=teacher_user)
    assert package.main_library.patch_version == 3
    assert h5p_meta(demo_bytes("ru"))["mainLibrary"] == "H5P.CivicStatements"


def test_a_failed_clean_up_is_logged_and_the_real_error_still_raised(
    installer, media_root, monkeypatch, caplog
):
    calls = {"n": 0}
    original = services._write

    def failing(name, data, written):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        original(name, data, written)

    def undeletable(name):
        raise PermissionError("read-only")

    monkeypatch.setattr(services, "_write", failing)
    monkeypatch.setattr(default_storage, "delete", undeletable)
    with caplog.at_level("ERROR", logger="courses.h5p.services"), pytest.raises(OSError, match="disk full"):
        package_import(source=demo_bytes(), user=installer)
    (record,) = [r for r in caplog.records if r.name == "courses.h5p.services"]
    assert record.getMessage().startswith("Could not delete h5p/packages/") and "read-only" in record.exc_text
    assert not H5PPackage.objects.exists() and not H5PLibrary.objects.exists()


def test_a_library_installed_a_moment_ago_by_someone_else_is_used(installer, monkeypatch):
    """The same library twice at once: the unique constraint decides, and the second import links the first's."""
    first = package_import(source=demo_bytes(), user=installer)
    original = services.H5PLibrary.objects.filter

    class Race:
        """The existence check misses the row the other import has just committed."""

        calls = 0

        def __call__(self, *args, **kwargs):
            Race.calls += 1
            return original(pk=-1) if Race.calls == 1 else original(*args, **kwargs)

    monkeypatch.setattr(services.H5PLibrary.objects, "filter", Race())
    second = package_import(source=demo_bytes("ru"), user=installer)
    assert H5PLibrary.objects.count() == 1
    assert second.main_library == first.main_library
