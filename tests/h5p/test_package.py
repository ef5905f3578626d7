"""The package reader/validator/sanitiser refuses hostile input with a message naming the file or field."""

import io
import json
import zipfile

import pytest

from courses.h5p.package import PackageError, missing_dependencies, read_package
from courses.h5p.sanitize import sanitize_html, sanitize_svg

from .helpers import demo_bytes, h5p_meta, png_bytes, rebuild

LIB = "H5P.CivicStatements-1.0"


def refused(data: bytes) -> PackageError:
    with pytest.raises(PackageError) as info:
        read_package(data)
    return info.value


def test_demo_package_is_valid():
    package = read_package(demo_bytes("ky"))
    assert package.main_library == "H5P.CivicStatements"
    assert package.language == "ky"
    assert list(package.libraries) == [LIB]
    assert package.content["statements"][0]["correct"] == "agree"
    assert missing_dependencies(package, set()) == []


def test_not_a_zip():
    error = refused(b"this is not a zip")
    assert error.code == "not_zip"


@pytest.mark.parametrize("field", ["title", "mainLibrary", "language", "preloadedDependencies", "embedTypes"])
def test_h5p_json_required_fields(field):
    source = demo_bytes()
    meta = h5p_meta(source)
    del meta[field]
    error = refused(rebuild(source, replace={"h5p.json": meta}))
    assert field in str(error) and "h5p.json" in str(error)


def test_main_library_must_be_a_preloaded_dependency():
    source = demo_bytes()
    meta = h5p_meta(source)
    meta["mainLibrary"] = "H5P.Other"
    error = refused(rebuild(source, replace={"h5p.json": meta}))
    assert error.code == "main_not_listed" and "H5P.Other" in str(error)


def test_missing_h5p_json_and_content_json():
    source = demo_bytes()
    assert "h5p.json" in str(refused(rebuild(source, drop={"h5p.json"})))
    assert "content/content.json" in str(refused(rebuild(source, drop={"content/content.json"})))


@pytest.mark.parametrize(
    "name", ["h5p.json", "content/content.json", f"{LIB}/library.json", f"{LIB}/semantics.json"]
)
def test_broken_json_is_refused_naming_the_file(name):
    error = refused(rebuild(demo_bytes(), replace={name: b"{not json"}))
    assert error.code == "bad_json" and name in str(error)


def test_other_json_files_must_be_valid_too():
    error = refused(rebuild(demo_bytes(), add={"content/extra.json": b"[1, 2"}))
    assert "content/extra.json" in str(error)


def test_library_folder_must_match_library_json():
    source = demo_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        lib_json = json.loads(archive.read(f"{LIB}/library.json"))
    lib_json["minorVersion"] = 3
    error = refused(rebuild(source, replace={f"{LIB}/library.json": lib_json}))
    assert error.code == "library_mismatch" and LIB in str(error)


def test_bad_library_folder_name():
    error = refused(rebuild(demo_bytes(), add={"NotALibrary/library.json": b"{}"}))
    assert error.code == "bad_library_folder" and "NotALibrary" in str(error)


@pytest.mark.parametrize(
    "field", ["title", "machineName", "majorVersion", "minorVersion", "patchVersion", "runnable"]
)
def test_library_json_required_fields(field):
    source = demo_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        lib_json = json.loads(archive.read(f"{LIB}/library.json"))
    del lib_json[field]
    error = refused(rebuild(source, replace={f"{LIB}/library.json": lib_json}))
    assert field in str(error) and f"{LIB}/library.json" in str(error)


def test_preloaded_js_must_exist():
    error = refused(rebuild(demo_bytes(), drop={f"{LIB}/civic-statements.js"}))
    assert error.code == "missing_preloaded" and "civic-statements.js" in str(error)


def test_preloaded_css_must_exist():
    error = refused(rebuild(demo_bytes(), drop={f"{LIB}/civic-statements.css"}))
    assert error.code == "missing_preloaded" and "civic-statements.css" in str(error)


@pytest.mark.parametrize(
    "name", ["content/run.exe", "content/page.html", "content/x.php", "content/noext", f"{LIB}/x.sh"]
)
def test_extension_whitelist(name):
    error = refused(rebuild(demo_bytes(), add={name: b"x"}))
    assert error.code == "bad_extension" and name in str(error)


def test_js_is_not_allowed_in_content():
    error = refused(rebuild(demo_bytes(), add={"content/evil.js": b"alert(1)"}))
    assert error.code == "bad_extension"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("/etc/passwd.txt", "absolute_path"),
        ("content/../../evil.txt", "parent_path"),
        ("C:/x.txt", "absolute_path"),
    ],
)
def test_traversal_and_absolute_paths(name, code):
    error = refused(rebuild(demo_bytes(), add={name: b"x"}))
    assert error.code == code and name in str(error)


def test_symlink_entries_are_refused():
    error = refused(rebuild(demo_bytes(), symlinks=[("content/link.txt", "/etc/passwd")]))
    assert error.code == "symlink" and "content/link.txt" in str(error)


@pytest.mark.parametrize("name", ["README.txt", "placeholder.txt", ".keep", "notes.md", "build.js"])
def test_stray_top_level_file_is_ignored(name):
    package = read_package(rebuild(demo_bytes(), add={name: b"stray"}))
    assert package.main_library == "H5P.CivicStatements"
    assert all(name not in path for path in package.content_files)
    assert all(name not in lib.files for lib in package.libraries.values())


def test_stray_top_level_file_keeps_other_checks():
    """Ignoring a stray file does not relax anything else: a bad type inside content/ is still refused."""
    error = refused(rebuild(demo_bytes(), add={"README.txt": b"hi", "content/run.exe": b"MZ"}))
    assert error.code == "bad_extension" and "content/run.exe" in str(error)


def test_zip_bomb_by_ratio_is_refused():
    bomb = b"\0" * (20 * 1024 * 1024)
    error = refused(rebuild(demo_bytes(), add={"content/zeros.txt": bomb}))
    assert error.code == "compression_ratio"


def test_total_size_limit(settings):
    settings.H5P_MAX_TOTAL_SIZE = 10_000
    error = refused(rebuild(demo_bytes(), add={"content/big.txt": b"x" * 20_000}))
    assert error.code == "too_large"


def test_file_count_limit(settings):
    settings.H5P_MAX_FILE_COUNT = 10
    files = {f"content/f{i}.txt": b"x" for i in range(12)}
    error = refused(rebuild(demo_bytes(), add=files))
    assert error.code == "too_many_files"


def test_lying_zip_header_cannot_inflate_past_declared_size():
    source = rebuild(demo_bytes(), add={"content/a.txt": b"y" * 5000}, compression=zipfile.ZIP_STORED)
    # Shrink the declared size in the central directory: zipfile then fails the CRC instead of over-reading.
    index = source.rfind(b"content/a.txt")
    central = source.rfind(b"PK\x01\x02", 0, index)
    patched = bytearray(source)
    patched[central + 24 : central + 28] = (100).to_bytes(4, "little")
    error = refused(bytes(patched))
    assert error.code in {"corrupt", "not_zip"}


def test_fake_image_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/images/photo.png": b"<?php system($_GET['c']); ?>"}))
    assert error.code == "bad_image" and "content/images/photo.png" in str(error)


def test_image_with_the_wrong_extension_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/images/photo.jpg": png_bytes()}))
    assert error.code == "bad_image"


def test_real_image_is_accepted():
    package = read_package(rebuild(demo_bytes(), add={"content/images/photo.png": png_bytes()}))
    assert "content/images/photo.png" in package.content_files


def test_html_in_content_json_is_sanitised():
    source = demo_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        content = json.loads(archive.read("content/content.json"))
    content["intro"] = (
        '<p onclick="steal()">Hello<script>alert(1)</script> <a href="javascript:alert(1)">x</a>'
        '<iframe src="https://evil.example"></iframe><img src="a.png" onerror="alert(2)">'
        '<span style="background:url(javascript:alert(3))">s</span></p>'
    )
    content["statements"][0]["explanation"] = "<b>ok</b><style>body{}</style>"
    package = read_package(rebuild(source, replace={"content/content.json": content}))
    intro = package.content["intro"]
    for bad in ("script", "onclick", "javascript", "iframe", "onerror", "style="):
        assert bad not in intro
    assert "Hello" in intro and "<a>x</a>" in intro
    assert package.content["statements"][0]["explanation"] == "<b>ok</b>"
    stored = json.loads(package.content_files["content/content.json"])
    assert "script" not in stored["intro"]


def test_svg_is_sanitised_not_refused():
    svg = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">'
        b"<script>alert(2)</script><foreignObject><div>x</div></foreignObject>"
        b'<a xlink:href="javascript:alert(3)"><text>&xxe;</text></a>'
        b'<set attributeName="onmouseover" to="alert(4)"/><circle r="5" fill="red"/></svg>'
    )
    package = read_package(rebuild(demo_bytes(), add={f"{LIB}/icons.svg": svg}))
    cleaned = package.libraries[LIB].files["icons.svg"].decode()
    for bad in ("onload", "<script", "foreignObject", "javascript", "onmouseover", "root:", "ENTITY"):
        assert bad not in cleaned
    assert "<circle" in cleaned


def test_broken_svg_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/a.svg": b"<svg><unclosed"}))
    assert error.code == "bad_svg" and "content/a.svg" in str(error)


def test_macos_litter_is_ignored():
    package = read_package(
        rebuild(demo_bytes(), add={"__MACOSX/._h5p.json": b"\0\1", "content/.DS_Store": b"\0"})
    )
    assert "content/.DS_Store" not in package.content_files


def test_missing_dependency_is_reported():
    source = demo_bytes()
    meta = h5p_meta(source)
    meta["preloadedDependencies"].append(
        {"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}
    )
    package = read_package(rebuild(source, replace={"h5p.json": meta}))
    assert missing_dependencies(package, set()) == ["H5P.JoubelUI-1.3"]
    assert missing_dependencies(package, {"H5P.JoubelUI-1.3"}) == []


def test_sanitize_html_leaves_plain_text_alone():
    assert sanitize_html("Rights & duties") == "Rights & duties"
    assert sanitize_html("<p>ok</p>") == "<p>ok</p>"


def test_sanitize_svg_keeps_icon_fonts():
    font = b'<svg xmlns="http://www.w3.org/2000/svg"><defs><font id="f"><glyph unicode="a" d="M0 0"/></font></defs></svg>'
    assert b"<glyph" in sanitize_svg(font)


def test_messages_are_translated():
    from django.utils import translation

    with translation.override("ru"):
        error = refused(rebuild(demo_bytes(), drop={"h5p.json"}))
        assert str(error) == "В пакете нет «h5p.json»."
    with translation.override("ky"):
        error = refused(rebuild(demo_bytes(), replace={"content/content.json": b"{"}))
        assert str(error) == "«content/content.json» файлы туура JSON эмес."
