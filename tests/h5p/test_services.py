"""Importing packages: libraries, permissions, storage, and nothing stored on refusal."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from courses.h5p import selectors
from courses.h5p.models import H5PLibrary, H5PPackage, H5PPackageLibrary
from courses.h5p.package import PackageError
from courses.h5p.services import package_import

from .helpers import demo_bytes, h5p_meta, rebuild

LIB = "H5P.CivicStatements-1.0"


def stored_files(root: Path) -> list[str]:
    return (
        sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


@pytest.mark.django_db
def test_import_installs_library_and_stores_files_in_its_own_folder(installer, media_root):
    package = package_import(source=demo_bytes("ru"), user=installer)
    assert package.title.startswith("Ваши права")
    assert package.language == "ru"
    assert package.main_library.machine_name == "H5P.CivicStatements"
    assert package.main_library.installed_by == installer
    folder = f"h5p/packages/{package.uuid}"
    files = stored_files(media_root)
    assert files and all(f.startswith(folder + "/") for f in files)
    assert f"{folder}/h5p.json" in files and f"{folder}/content/content.json" in files
    assert f"{folder}/{LIB}/civic-statements.js" in files
    assert (
        selectors.package_file_name(package_uuid=package.uuid, path=f"{LIB}/library.json")
        == f"{folder}/{LIB}/library.json"
    )


@pytest.mark.django_db
def test_same_library_is_installed_once(installer, media_root):
    first = package_import(source=demo_bytes("en"), user=installer)
    second = package_import(source=demo_bytes("ky"), user=installer)
    assert H5PLibrary.objects.count() == 1
    assert second.main_library == first.main_library
    # The second package stores only its own h5p.json and content; the library files stay in the first folder.
    assert not [f for f in stored_files(media_root) if f.startswith(f"h5p/packages/{second.uuid}/{LIB}")]
    assert selectors.package_file_name(
        package_uuid=second.uuid, path=f"{LIB}/civic-statements.js"
    ).startswith(f"h5p/packages/{first.uuid}/")


@pytest.mark.django_db
def test_teacher_may_use_installed_libraries(demo_package, teacher):
    package = package_import(source=demo_bytes("ky"), user=teacher)
    assert package.main_library == demo_package.main_library


@pytest.mark.django_db
def test_teacher_may_upload_a_package_without_library_folders_when_installed(demo_package, teacher):
    slim = rebuild(demo_bytes("ky"), drop={n for n in _names(demo_bytes("ky")) if n.startswith(LIB)})
    package = package_import(source=slim, user=teacher)
    assert package.main_library == demo_package.main_library


@pytest.mark.django_db
def test_teacher_may_not_install_new_library(teacher, media_root):
    with pytest.raises(PackageError) as info:
        package_import(source=demo_bytes("ky"), user=teacher)
    assert info.value.code == "library_not_allowed" and LIB in str(info.value)
    assert not H5PPackage.objects.exists() and not H5PLibrary.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_teacher_may_not_install_changed_library(demo_package, teacher, media_root):
    before = stored_files(media_root)
    changed = rebuild(demo_bytes("ky"), replace={f"{LIB}/civic-statements.js": b"alert('changed');"})
    with translation.override("en"), pytest.raises(PackageError) as info:
        package_import(source=changed, user=teacher)
    assert "changed version" in str(info.value) and LIB in str(info.value)
    assert H5PPackage.objects.count() == 1 and H5PLibrary.objects.count() == 1
    assert stored_files(media_root) == before


@pytest.mark.django_db
def test_installer_may_install_changed_library_alongside(demo_package, installer):
    changed = rebuild(demo_bytes("ky"), replace={f"{LIB}/civic-statements.js": b"/* v2 */"})
    package = package_import(source=changed, user=installer)
    assert H5PLibrary.objects.count() == 2
    assert package.main_library != demo_package.main_library


@pytest.mark.django_db
def test_missing_library_is_refused(installer, media_root):
    source = demo_bytes()
    meta = h5p_meta(source)
    meta["preloadedDependencies"].append(
        {"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}
    )
    with pytest.raises(PackageError) as info:
        package_import(source=rebuild(source, replace={"h5p.json": meta}), user=installer)
    assert info.value.code == "missing_library" and "H5P.JoubelUI-1.3" in str(info.value)
    assert not H5PLibrary.objects.exists() and stored_files(media_root) == []


@pytest.mark.django_db
def test_storage_failure_leaves_nothing(installer, media_root, monkeypatch):
    from courses.h5p import services

    calls = {"n": 0}
    original = services._write

    def failing(name, data, written):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        original(name, data, written)

    monkeypatch.setattr(services, "_write", failing)
    with pytest.raises(OSError):
        package_import(source=demo_bytes(), user=installer)
    assert not H5PPackage.objects.exists() and not H5PLibrary.objects.exists()
    assert not H5PPackageLibrary.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_import_command_prints_id(tmp_path, capsys):
    path = tmp_path / "demo.h5p"
    path.write_bytes(demo_bytes("ky"))
    call_command("import_h5p", str(path))
    out = capsys.readouterr().out.strip()
    assert H5PPackage.objects.get(pk=int(out)).language == "ky"


@pytest.mark.django_db
def test_import_command_refuses_with_message_and_stores_nothing(tmp_path, media_root):
    path = tmp_path / "bad.h5p"
    path.write_bytes(rebuild(demo_bytes(), drop={"content/content.json"}))
    with pytest.raises(CommandError) as info:
        call_command("import_h5p", str(path))
    assert "content/content.json" in str(info.value)
    assert not H5PPackage.objects.exists() and stored_files(media_root) == []


@pytest.mark.django_db
def test_import_command_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_h5p", str(tmp_path / "nope.h5p"))


def test_import_command_exit_status(tmp_path):
    """Run as a real process: a refused package exits non-zero."""
    import subprocess
    import sys

    path = tmp_path / "bad.h5p"
    path.write_bytes(b"not a zip")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_h5p", str(path)],
        capture_output=True,
        text=True,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "MEDIA_ROOT": str(tmp_path),
        },
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode != 0
    assert "zip" in result.stderr


def _names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()
