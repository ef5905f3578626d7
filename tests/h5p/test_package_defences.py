"""One test per defence of the package reader (courses/h5p/package.py): each hostile package trips exactly one
rule, the rest of it being the valid demo package, and the refusal names that rule (its code) and the file or
field at fault (its message, asserted word for word in English)."""

import io
import json
import os
import warnings
import zipfile

import pytest
from django.utils import translation

from courses.h5p.package import PackageError, _check_name, missing_dependencies, read_package

from .helpers import demo_bytes, h5p_meta, rebuild

LIB = "H5P.CivicStatements-1.0"
LIB_JSON = f"{LIB}/library.json"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(data: bytes) -> PackageError:
    with pytest.raises(PackageError) as info:
        read_package(data)
    return info.value


def library_meta(source: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        return json.loads(archive.read(LIB_JSON))


def with_h5p(**changes) -> bytes:
    source = demo_bytes()
    meta = h5p_meta(source)
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    return rebuild(source, replace={"h5p.json": meta})


def with_library(**changes) -> bytes:
    source = demo_bytes()
    meta = library_meta(source)
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    return rebuild(source, replace={LIB_JSON: meta})


def archive_of(entries: list[tuple[zipfile.ZipInfo | str, bytes]], *, base: bytes | None = None) -> bytes:
    """The demo package plus raw entries (duplicates allowed), each compressed with DEFLATE."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base or demo_bytes())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicates we add on purpose
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        for name, data in entries:
            dst.writestr(name, data)
    return out.getvalue()


# -- Entry names -------------------------------------------------------------------------------------------


def test_the_valid_demo_package_passes_every_rule():
    package = read_package(demo_bytes())
    assert package.title == "Your rights: agree or disagree?"
    assert package.file_count() == 1 + 1 + 4  # h5p.json, content.json, the library's four files


def test_a_nul_in_an_entry_name_is_refused():
    # zipfile itself cuts a name at its first NUL when it reads an archive; the guard is for an entry whose name
    # still carries one, so it is checked on the entry the reader is handed.
    info = zipfile.ZipInfo("content/a.txt")
    info.filename = "content/evil.php\x00.txt"
    with pytest.raises(PackageError) as error:
        _check_name(info)
    assert error.value.code == "bad_path"
    assert str(error.value) == "The file name “content/evil.php\x00.txt” is not allowed in a package."


def test_a_nul_hidden_in_an_archive_does_not_smuggle_a_file_type():
    # "evil.php<NUL>.txt" inside the archive: what is read is "evil.php", whose type is refused.
    source = rebuild(demo_bytes(), add={"content/evil.phpX.txt": b"<?php ?>"})
    patched = source.replace(b"content/evil.phpX.txt", b"content/evil.php\x00.txt")
    error = refused(patched)
    assert error.code == "bad_extension" and "content/evil.php”" in str(error)


def test_a_backslash_in_an_entry_name_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content\\images\\a.txt": b"x"}))
    assert error.code == "bad_path"
    assert str(error) == "The file name “content\\images\\a.txt” is not allowed in a package."


def test_a_backslash_inside_a_folder_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/images\\a.txt": b"x"}))
    assert error.code == "bad_path" and "content/images\\a.txt" in str(error)


@pytest.mark.parametrize("name", ["content//a.txt", "content/./a.txt"])
def test_an_empty_or_dot_path_part_is_refused(name):
    error = refused(rebuild(demo_bytes(), add={name: b"x"}))
    assert error.code == "bad_path"
    assert str(error) == f"The file name “{name}” is not allowed in a package."


def test_an_absolute_path_is_refused():
    error = refused(rebuild(demo_bytes(), add={"/content/a.txt": b"x"}))
    assert error.code == "absolute_path"
    assert str(error) == "The file “/content/a.txt” has an absolute path."


def test_a_drive_letter_is_refused():
    error = refused(rebuild(demo_bytes(), add={"c:content/a.txt": b"x"}))
    assert error.code == "absolute_path" and "c:content/a.txt" in str(error)


def test_a_parent_folder_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/../../a.txt": b"x"}))
    assert error.code == "parent_path"
    assert str(error) == "The file “content/../../a.txt” points outside the package (“..”)."


def test_a_parent_folder_in_a_directory_entry_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/../": b""}))
    assert error.code == "parent_path"


def test_a_symbolic_link_is_refused():
    error = refused(rebuild(demo_bytes(), symlinks=[("content/link.txt", "/etc/passwd")]))
    assert error.code == "symlink"
    assert str(error) == "The file “content/link.txt” is a symbolic link."


def test_directory_entries_are_not_files():
    package = read_package(rebuild(demo_bytes(), add={"content/images/": b""}))
    assert set(package.content_files) == {"content/content.json"}


@pytest.mark.parametrize("name", ["content/.hidden.exe", "__MACOSX/content/x.exe", f"{LIB}/.git/config"])
def test_operating_system_litter_is_skipped_not_checked(name):
    package = read_package(rebuild(demo_bytes(), add={name: b"\0junk"}))
    assert set(package.content_files) == {"content/content.json"}
    assert set(package.libraries[LIB].files) == {
        "civic-statements.css",
        "civic-statements.js",
        "library.json",
        "semantics.json",
    }


def test_the_same_entry_twice_is_refused():
    error = refused(archive_of([("content/a.txt", b"first"), ("content/a.txt", b"second")]))
    assert error.code == "duplicate"
    assert str(error) == "The file “content/a.txt” appears twice in the package."


def test_entries_that_differ_only_in_case_are_refused():
    error = refused(archive_of([("content/Photo.txt", b"first"), ("content/photo.txt", b"second")]))
    assert error.code == "duplicate"
    assert str(error) == "The file “content/photo.txt” appears twice in the package."


def test_a_file_may_share_a_name_with_another_folders_file():
    package = read_package(archive_of([("content/a.txt", b"1"), ("content/images/a.txt", b"2")]))
    assert package.content_files["content/a.txt"] == b"1"
    assert package.content_files["content/images/a.txt"] == b"2"


# -- Sizes and compression ---------------------------------------------------------------------------------


def test_one_file_compressed_suspiciously_well_is_refused_though_the_archive_is_not():
    """A 1 MB block of zeros among random data: the archive as a whole compresses by about 2, the block by
    about 1000."""
    zeros = b"\0" * (1024 * 1024)
    noise = os.urandom(1536 * 1024)
    source = rebuild(demo_bytes(), add={"content/noise.bin.txt": noise, "content/zeros.txt": zeros})
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        infos = archive.infolist()
    total, packed = sum(i.file_size for i in infos), sum(i.compress_size for i in infos)
    assert total < 200 * packed  # the archive's own ratio is harmless
    error = refused(source)
    assert error.code == "compression_ratio"
    assert str(error) == "The file “content/zeros.txt” is compressed suspiciously well (a zip bomb?)."


def test_a_small_file_may_compress_well():
    """Below 64 KB a file's ratio is not judged (a blank JSON or SVG compresses extremely well)."""
    package = read_package(rebuild(demo_bytes(), add={"content/blank.txt": b" " * (63 * 1024)}))
    assert len(package.content_files["content/blank.txt"]) == 63 * 1024


def test_a_file_compressed_at_the_limit_is_accepted(settings):
    settings.H5P_MAX_COMPRESSION_RATIO = 1_000_000
    package = read_package(rebuild(demo_bytes(), add={"content/zeros.txt": b"\0" * (1024 * 1024)}))
    assert "content/zeros.txt" in package.content_files


def test_an_archive_compressed_suspiciously_well_is_refused_though_no_file_is():
    """Twenty files of 60 KB of zeros: each is too small to be judged alone, together they make a bomb."""
    files = {f"content/zeros{i}.txt": b"\0" * (60 * 1024) for i in range(20)}
    error = refused(rebuild(demo_bytes(), add=files))
    assert error.code == "compression_ratio"
    assert str(error) == "The package is compressed suspiciously well (a zip bomb?): it is refused."


def test_a_small_archive_may_compress_well():
    """Under 1 MB unpacked, the archive's ratio is not judged."""
    files = {f"content/zeros{i}.txt": b"\0" * (60 * 1024) for i in range(10)}
    package = read_package(rebuild(demo_bytes(), add=files))
    assert len(package.content_files) == 11


def test_too_many_files_are_refused(settings):
    settings.H5P_MAX_FILE_COUNT = 7
    error = refused(rebuild(demo_bytes(), add={"content/a.txt": b"a", "content/b.txt": b"b"}))
    assert error.code == "too_many_files"
    assert str(error) == "The package has 8 files; at most 7 are allowed."


def test_the_file_count_limit_itself_is_allowed(settings):
    settings.H5P_MAX_FILE_COUNT = 8
    package = read_package(rebuild(demo_bytes(), add={"content/a.txt": b"a", "content/b.txt": b"b"}))
    assert package.file_count() == 8


def test_a_package_that_unpacks_too_large_is_refused(settings):
    source = rebuild(demo_bytes(), add={"content/big.txt": os.urandom(300_000)})
    settings.H5P_MAX_TOTAL_SIZE = 300_000
    error = refused(source)
    assert error.code == "too_large"
    assert str(error) == "The package unpacks to 0.3 MB; at most 0.3 MB are allowed."


def test_the_size_limit_itself_is_allowed(settings):
    source = rebuild(demo_bytes(), add={"content/big.txt": os.urandom(300_000)})
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        settings.H5P_MAX_TOTAL_SIZE = sum(i.file_size for i in archive.infolist())
    assert read_package(source).raw_size == settings.H5P_MAX_TOTAL_SIZE


def test_a_json_file_over_its_own_limit_is_refused(settings):
    settings.H5P_MAX_JSON_SIZE = 1000  # h5p.json (305 bytes) fits, content.json (1484) does not
    error = refused(demo_bytes())
    assert error.code == "json_too_large"
    assert str(error) == "The file “content/content.json” is too large."


def test_a_damaged_entry_is_refused():
    source = bytearray(
        rebuild(demo_bytes(), add={"content/a.txt": b"x" * 5000}, compression=zipfile.ZIP_STORED)
    )
    start = bytes(source).find(b"x" * 5000)
    source[start + 100] = ord("y")  # the stored bytes no longer match their CRC
    error = refused(bytes(source))
    assert error.code == "corrupt"
    assert str(error) == "The file “content/a.txt” in the package is damaged."


def test_not_a_zip_archive_is_refused():
    error = refused(b"PK\x03\x04 but not really a zip")
    assert error.code == "not_zip"
    assert str(error) == "The file is not an H5P package: it is not a zip archive."


# -- File types and contents -------------------------------------------------------------------------------


def test_a_file_type_outside_the_whitelist_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/page.html": b"<p>"}))
    assert error.code == "bad_extension"
    assert str(error) == "The file type of “content/page.html” is not allowed in H5P packages."


def test_scripts_are_allowed_in_libraries_only():
    package = read_package(rebuild(demo_bytes(), add={f"{LIB}/extra.js": b"1;"}))
    assert package.libraries[LIB].files["extra.js"] == b"1;"
    assert refused(rebuild(demo_bytes(), add={"content/extra.js": b"1;"})).code == "bad_extension"


def test_the_extension_is_read_case_blind():
    package = read_package(rebuild(demo_bytes(), add={"content/NOTES.TXT": b"x"}))
    assert "content/NOTES.TXT" in package.content_files


def test_a_file_that_is_not_the_image_it_claims_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/a.gif": b"GIF89a-but-not-really"}))
    assert error.code == "bad_image"
    assert str(error) == "The file “content/a.gif” is not a valid GIF image."


def test_an_image_of_another_format_is_refused():
    from .helpers import png_bytes

    error = refused(rebuild(demo_bytes(), add={"content/a.bmp": png_bytes()}))
    assert error.code == "bad_image"
    assert str(error) == "The file “content/a.bmp” is not a valid BMP image."


def test_a_broken_svg_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/a.svg": b"<svg"}))
    assert error.code == "bad_svg"
    assert str(error) == "The file “content/a.svg” is not a valid SVG image."


def test_json_with_a_byte_order_mark_is_read():
    source = demo_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        content = archive.read("content/content.json")
    package = read_package(rebuild(source, replace={"content/content.json": b"\xef\xbb\xbf" + content}))
    assert package.content == json.loads(content)


def test_json_nested_too_deeply_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/deep.json": b"[" * 30_000 + b"]" * 30_000}))
    assert error.code == "bad_json"
    assert str(error) == "The file “content/deep.json” is not valid JSON."


def test_json_that_is_not_utf8_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/latin.json": '{"a": "é"}'.encode("latin-1")}))
    assert error.code == "bad_json" and "content/latin.json" in str(error)


# -- h5p.json ------------------------------------------------------------------------------------------------


def test_h5p_json_must_be_there():
    error = refused(rebuild(demo_bytes(), drop={"h5p.json"}))
    assert error.code == "missing_file"
    assert str(error) == "The package has no “h5p.json”."


def test_h5p_json_must_be_an_object():
    error = refused(rebuild(demo_bytes(), replace={"h5p.json": []}))
    assert error.code == "bad_json"
    assert str(error) == "The file “h5p.json” is not valid JSON."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", 5),
        ("title", "   "),
        ("mainLibrary", ["H5P.CivicStatements"]),
        ("language", ""),
        ("language", True),
    ],
)
def test_h5p_json_text_fields_must_be_text(field, value):
    error = refused(with_h5p(**{field: value}))
    assert error.code == "missing_field"
    assert str(error) == f"The field “{field}” in “h5p.json” is missing or not valid."


@pytest.mark.parametrize("value", [[], {"machineName": "H5P.CivicStatements"}, "H5P.CivicStatements"])
def test_h5p_json_needs_a_list_of_dependencies(value):
    error = refused(with_h5p(preloadedDependencies=value))
    assert error.code == "missing_field"
    assert str(error) == "The field “preloadedDependencies” in “h5p.json” is missing or not valid."


@pytest.mark.parametrize(
    "dependency",
    [
        "H5P.CivicStatements-1.0",
        {"majorVersion": 1, "minorVersion": 0},
        {"machineName": 7, "majorVersion": 1, "minorVersion": 0},
        {"machineName": "H5P Civic/..", "majorVersion": 1, "minorVersion": 0},
        {"machineName": "", "majorVersion": 1, "minorVersion": 0},
        {"machineName": "H5P.CivicStatements", "majorVersion": True, "minorVersion": 0},
        {"machineName": "H5P.CivicStatements", "majorVersion": -1, "minorVersion": 0},
        {"machineName": "H5P.CivicStatements", "majorVersion": "1.0", "minorVersion": 0},
        {"machineName": "H5P.CivicStatements", "majorVersion": 1.0, "minorVersion": 0},
        {"machineName": "H5P.CivicStatements", "majorVersion": 1},
        {"machineName": "H5P.CivicStatements", "majorVersion": 1, "minorVersion": "x"},
    ],
)
def test_each_dependency_must_be_well_formed(dependency):
    source = demo_bytes()
    meta = h5p_meta(source)
    meta["preloadedDependencies"].append(dependency)
    error = refused(rebuild(source, replace={"h5p.json": meta}))
    assert error.code == "bad_dependency"
    assert str(error) == "A dependency listed in “preloadedDependencies” of “h5p.json” is not valid."


def test_versions_may_be_numbers_or_digit_strings():
    source = demo_bytes()
    meta = h5p_meta(source)
    meta["preloadedDependencies"] = [
        {"machineName": "H5P.CivicStatements", "majorVersion": 1, "minorVersion": "0"}
    ]
    package = read_package(rebuild(source, replace={"h5p.json": meta}))
    assert package.main_dependency.folder == LIB


def test_the_main_library_must_be_a_dependency():
    error = refused(with_h5p(mainLibrary="H5P.Elsewhere"))
    assert error.code == "main_not_listed"
    assert (
        str(error) == "The main library “H5P.Elsewhere” is not among the preloadedDependencies in h5p.json."
    )


@pytest.mark.parametrize("value", [[], ["script"], ["iframe", "object"], "iframe"])
def test_embed_types_must_be_div_or_iframe(value):
    error = refused(with_h5p(embedTypes=value))
    assert error.code == "missing_field"
    assert str(error) == "The field “embedTypes” in “h5p.json” is missing or not valid."


def test_both_embed_types_are_accepted():
    assert read_package(with_h5p(embedTypes=["div", "iframe"])).h5p["embedTypes"] == ["div", "iframe"]


# -- content/content.json ------------------------------------------------------------------------------------


def test_content_json_must_be_there():
    error = refused(rebuild(demo_bytes(), drop={"content/content.json"}))
    assert error.code == "missing_file"
    assert str(error) == "The package has no “content/content.json”."


def test_content_json_must_be_an_object():
    error = refused(rebuild(demo_bytes(), replace={"content/content.json": ["a list"]}))
    assert error.code == "bad_json"
    assert str(error) == "The file “content/content.json” is not valid JSON."


def test_the_stored_content_json_is_the_sanitised_one():
    source = demo_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        content = json.loads(archive.read("content/content.json"))
    content["intro"] = "<p>Ата Мекен<script>x()</script></p>"
    package = read_package(rebuild(source, replace={"content/content.json": content}))
    stored = json.loads(package.content_files["content/content.json"].decode())
    assert stored["intro"] == package.content["intro"] == "<p>Ата Мекен</p>"
    assert "Ата Мекен".encode() in package.content_files["content/content.json"]  # kept as UTF-8, not \\u


# -- Library folders -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["H5P.Civic", "H5P.Civic-1", "H5P.Civic-1.x", "H5P Civic-1.0"])
def test_a_library_folder_needs_a_versioned_name(folder):
    error = refused(rebuild(demo_bytes(), add={f"{folder}/library.json": b"{}"}))
    assert error.code == "bad_library_folder"
    assert str(error) == f"The folder “{folder}” is not a library folder (Machine.Name-major.minor)."


def test_a_library_folder_needs_its_library_json():
    error = refused(rebuild(demo_bytes(), add={"H5P.Extra-1.0/extra.js": b"1;"}))
    assert error.code == "missing_file"
    assert str(error) == "The package has no “H5P.Extra-1.0/library.json”."


def test_library_json_must_be_an_object():
    error = refused(rebuild(demo_bytes(), replace={LIB_JSON: [1]}))
    assert error.code == "bad_json"
    assert str(error) == f"The file “{LIB_JSON}” is not valid JSON."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("machineName", 3),
        ("majorVersion", "one"),
        ("minorVersion", None),
        ("patchVersion", -2),
        ("patchVersion", False),
        ("runnable", 2),
        ("runnable", "yes"),
        ("runnable", None),
    ],
)
def test_library_json_fields_must_be_valid(field, value):
    error = refused(with_library(**{field: value}))
    assert error.code == "missing_field"
    assert str(error) == f"The field “{field}” in “{LIB_JSON}” is missing or not valid."


@pytest.mark.parametrize(("runnable", "expected"), [(True, True), (0, False), (False, False), (1, True)])
def test_runnable_may_be_a_number_or_a_boolean(runnable, expected):
    package = read_package(with_library(runnable=runnable))
    assert bool(package.libraries[LIB].meta["runnable"]) is expected


@pytest.mark.parametrize(
    ("field", "value", "library"),
    [
        ("machineName", "H5P.Other", "H5P.Other-1.0"),
        ("majorVersion", 2, "H5P.CivicStatements-2.0"),
        ("minorVersion", "4", "H5P.CivicStatements-1.4"),
    ],
)
def test_the_folder_must_match_its_library_json(field, value, library):
    error = refused(with_library(**{field: value}))
    assert error.code == "library_mismatch"
    assert str(error) == f"The folder “{LIB}” does not match its library.json ({library})."


@pytest.mark.parametrize("key", ["preloadedDependencies", "dynamicDependencies", "editorDependencies"])
def test_a_library_s_dependencies_must_be_well_formed(key):
    error = refused(with_library(**{key: [{"machineName": "H5P.X", "majorVersion": "a", "minorVersion": 0}]}))
    assert error.code == "bad_dependency"
    assert str(error) == f"A dependency listed in “{key}” of “{LIB_JSON}” is not valid."


@pytest.mark.parametrize("key", ["preloadedDependencies", "dynamicDependencies", "editorDependencies"])
def test_a_library_s_dependencies_must_be_a_list(key):
    error = refused(with_library(**{key: {"machineName": "H5P.X"}}))
    assert error.code == "missing_field"
    assert str(error) == f"The field “{key}” in “{LIB_JSON}” is missing or not valid."


@pytest.mark.parametrize("key", ["preloadedJs", "preloadedCss"])
def test_preloaded_files_must_be_a_list(key):
    error = refused(with_library(**{key: {"path": "civic-statements.js"}}))
    assert error.code == "missing_field"
    assert str(error) == f"The field “{key}” in “{LIB_JSON}” is missing or not valid."


@pytest.mark.parametrize("item", ["civic-statements.js", {"file": "civic-statements.js"}, {"path": 3}])
def test_each_preloaded_file_needs_a_path(item):
    error = refused(with_library(preloadedJs=[item]))
    assert error.code == "missing_preloaded"
    assert "listed in preloadedJs" in str(error)


def test_a_preloaded_file_must_be_in_the_folder():
    error = refused(with_library(preloadedCss=[{"path": "missing.css"}]))
    assert error.code == "missing_preloaded"
    assert str(error) == f"The file “{LIB}/missing.css” listed in preloadedCss of “{LIB_JSON}” is missing."


def test_a_preloaded_path_may_start_with_a_slash():
    package = read_package(with_library(preloadedJs=[{"path": "/civic-statements.js"}]))
    assert package.libraries[LIB].meta["preloadedJs"] == [{"path": "/civic-statements.js"}]


# -- What a valid package tells -------------------------------------------------------------------------------


def test_a_library_s_own_dependencies_are_reported_when_missing():
    source = with_library(
        preloadedDependencies=[{"machineName": "H5P.Joubel", "majorVersion": 1, "minorVersion": 3}]
    )
    package = read_package(source)
    assert [d.folder for d in package.libraries[LIB].dependencies] == ["H5P.Joubel-1.3"]
    assert missing_dependencies(package, set()) == ["H5P.Joubel-1.3"]
    assert missing_dependencies(package, {"H5P.Joubel-1.3"}) == []


def test_a_library_s_checksum_follows_its_code():
    original = read_package(demo_bytes()).libraries[LIB]
    changed = read_package(rebuild(demo_bytes(), add={f"{LIB}/extra.css": b"a{}"})).libraries[LIB]
    again = read_package(demo_bytes()).libraries[LIB]
    assert original.checksum == again.checksum != changed.checksum
    assert (original.major, original.minor, original.patch) == (1, 0, 0)


def test_a_package_s_facts():
    package = read_package(demo_bytes("ru"))
    assert (package.title, package.language, package.main_library) == (
        package.h5p["title"],
        "ru",
        "H5P.CivicStatements",
    )
    assert package.raw_size == sum(
        i.file_size for i in zipfile.ZipFile(io.BytesIO(demo_bytes("ru"))).infolist()
    )


def test_a_file_named_like_a_type_but_without_an_extension_is_refused():
    error = refused(rebuild(demo_bytes(), add={"content/txt": b"x"}))
    assert error.code == "bad_extension"
    assert str(error) == "The file type of “content/txt” is not allowed in H5P packages."


def test_a_json_file_at_its_limit_is_accepted(settings):
    with zipfile.ZipFile(io.BytesIO(demo_bytes())) as archive:
        largest = max(i.file_size for i in archive.infolist() if i.filename.endswith(".json"))
    settings.H5P_MAX_JSON_SIZE = largest
    assert read_package(demo_bytes()).title == "Your rights: agree or disagree?"
    settings.H5P_MAX_JSON_SIZE = largest - 1
    assert refused(demo_bytes()).code == "json_too_large"


def test_a_preloaded_file_is_found_by_its_exact_name():
    """Only the slashes around a listed path are ignored: "/Xtra.js/" is the file Xtra.js."""
    source = demo_bytes()
    meta = library_meta(source) | {"preloadedJs": [{"path": "/Xtra.js/"}]}
    package = read_package(rebuild(source, replace={LIB_JSON: meta}, add={f"{LIB}/Xtra.js": b"1;"}))
    assert package.libraries[LIB].files["Xtra.js"] == b"1;"


def test_each_library_knows_its_folder():
    library = read_package(demo_bytes()).libraries[LIB]
    assert (library.folder, library.machine_name) == (LIB, "H5P.CivicStatements")


# -- A library folder on disk (our own content types) -----------------------------------------------------------


def _disk_library(root, name="H5P.Disk-1.2", meta=None):
    folder = root / name
    (folder / "css").mkdir(parents=True)
    (folder / "sub").mkdir()
    meta = meta or {
        "title": "Disk",
        "machineName": "H5P.Disk",
        "majorVersion": 1,
        "minorVersion": 2,
        "patchVersion": 5,
        "runnable": 1,
        "preloadedJs": [{"path": "main.js"}],
        "preloadedCss": [{"path": "css/style.css"}],
    }
    (folder / "library.json").write_bytes(meta if isinstance(meta, bytes) else json.dumps(meta).encode())
    (folder / "main.js").write_bytes(b"H5P.Disk = 1;")
    (folder / "css" / "style.css").write_bytes(b"a{}")
    (folder / ".hidden").write_bytes(b"secret")
    (folder / "sub" / ".DS_Store").write_bytes(b"\0")
    return folder


def test_a_library_is_read_from_its_folder_on_disk(tmp_path):
    from courses.h5p.package import library_from_dir

    library = library_from_dir(_disk_library(tmp_path))
    assert library.folder == "H5P.Disk-1.2"
    assert library.files == {
        "library.json": (tmp_path / "H5P.Disk-1.2" / "library.json").read_bytes(),
        "main.js": b"H5P.Disk = 1;",
        "css/style.css": b"a{}",
    }
    assert (library.machine_name, library.major, library.minor, library.patch) == ("H5P.Disk", 1, 2, 5)


def test_a_library_on_disk_is_checked_like_one_in_a_package(tmp_path):
    from courses.h5p.package import library_from_dir

    with pytest.raises(PackageError) as error:
        library_from_dir(_disk_library(tmp_path, meta=b"{broken"))
    assert error.value.code == "bad_json"
    assert str(error.value) == "The file “H5P.Disk-1.2/library.json” is not valid JSON."


@pytest.mark.parametrize("name", ["content/notes.txt ", "content/notes.txtX", "content/notes.txt\t"])
def test_a_name_is_read_exactly_as_written(name):
    """Nothing is trimmed from a name: "notes.txt " is not a .txt file."""
    error = refused(rebuild(demo_bytes(), add={name: b"x"}))
    assert error.code == "bad_extension"
    assert str(error) == f"The file type of “{name}” is not allowed in H5P packages."


# -- The refusal itself ----------------------------------------------------------------------------------------


def test_a_refusal_carries_its_code_file_and_parameters():
    error = refused(rebuild(demo_bytes(), add={"content/run.exe": b"MZ"}))
    assert (error.code, error.path, error.params) == (
        "bad_extension",
        "content/run.exe",
        {"file": "content/run.exe"},
    )
    assert error.args == ("The file type of “content/run.exe” is not allowed in H5P packages.",)


def test_a_refusal_without_a_file_has_an_empty_path():
    error = refused(b"not a zip")
    assert (error.code, error.path, error.params) == ("not_zip", "", {})
    assert error.args == ("The file is not an H5P package: it is not a zip archive.",)


def test_a_refusal_without_parameters_is_read_in_the_reader_s_language():
    error = refused(b"not a zip")  # raised while English is active
    with translation.override("ru"):
        assert str(error) == str(error.message) == "Файл не является H5P-пакетом: это не zip-архив."


# -- Writing packages ------------------------------------------------------------------------------------------


def test_a_written_package_is_readable_compressed_and_keeps_its_letters():
    from courses.h5p.package import Dependency, h5p_json, write_package

    library = read_package(demo_bytes()).libraries[LIB]
    main = Dependency("H5P.CivicStatements", 1, 0)
    helper = Dependency("H5P.Helper", 2, 3)
    meta = h5p_json(title="Укуктар", language="ky", main=main, dependencies=[helper, main])
    assert meta == {
        "title": "Укуктар",
        "language": "ky",
        "mainLibrary": "H5P.CivicStatements",
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [
            {"machineName": "H5P.CivicStatements", "majorVersion": "1", "minorVersion": "0"},
            {"machineName": "H5P.Helper", "majorVersion": "2", "minorVersion": "3"},
        ],
    }
    meta["preloadedDependencies"].pop()  # the demo library needs no helper
    data = write_package(
        h5p=meta,
        content={"intro": "Ата Мекен", "statements": []},
        libraries=[library],
        content_files={"content/images/a.txt": "Ала-Тоо".encode(), "content/content.json": b"{ignored}"},
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [i.filename for i in archive.infolist()]
        assert names.count("content/content.json") == 1 and "content/images/a.txt" in names
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert archive.read("h5p.json").decode().startswith('{\n  "title": "Укуктар",\n  "language": "ky",')
        assert archive.read("content/content.json").decode() == '{"intro": "Ата Мекен", "statements": []}'
    package = read_package(data)
    assert package.content_files["content/images/a.txt"] == "Ала-Тоо".encode()
    assert package.libraries[LIB].files == library.files


def test_the_extension_is_what_follows_the_last_dot():
    package = read_package(
        rebuild(demo_bytes(), add={f"{LIB}/vendor.min.js": b"1;", "content/v1.2/notes.old.txt": b"x"})
    )
    assert package.libraries[LIB].files["vendor.min.js"] == b"1;"
    assert package.content_files["content/v1.2/notes.old.txt"] == b"x"
    error = refused(rebuild(demo_bytes(), add={"content/photo.png.exe": b"MZ"}))
    assert error.code == "bad_extension" and "content/photo.png.exe" in str(error)
