"""Bench: import a 5 MB H5P package with 500 files and print the time spent beyond unzipping.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/h5p_import.py
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/h5p_import.py --s3

With --s3 the same package is also imported into an S3 bucket (moto's S3 server in a process of its own on
127.0.0.1, started here), one file at a time and REMOTE_WRITERS at a time, and printed beside the disk: what the
storage API over HTTP costs, and what saving files at once wins back.

Builds the package in memory (the demo package plus 100 PNG images and 398 text/JSON files), measures plain
unzipping (reading every entry), then the full `package_import` (validation, image checks, sanitising, rows,
storage writes to a temporary MEDIA_ROOT) on a fresh test database, and prints both and their difference.
"""

import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from PIL import Image  # noqa: E402

from courses.h5p import builder  # noqa: E402
from courses.h5p.package import read_package  # noqa: E402

RUNS = 5


def build_package() -> bytes:
    rng = random.Random(42)
    demo = builder.demo_package("en")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(demo)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            dst.writestr(name, src.read(name))
        count = len(names)
        for i in range(100):
            image = Image.frombytes("RGB", (120, 120), rng.randbytes(120 * 120 * 3))
            buffer = io.BytesIO()
            image.save(buffer, "PNG")
            dst.writestr(f"content/images/photo-{i:03}.png", buffer.getvalue())
            count += 1
        words = ["right", "vote", "court", "media", "source", "citizen", "law", "freedom", "school", "рахмат"]
        i = 0
        while count < 500:
            text = " ".join(rng.choice(words) + str(rng.randint(0, 99999)) for _ in range(700))
            name = f"content/texts/t-{i:03}.txt" if i % 2 else f"content/data/d-{i:03}.json"
            data = text if name.endswith(".txt") else json.dumps({"text": text})
            dst.writestr(name, data)
            count += 1
            i += 1
    return out.getvalue()


def unzip_seconds(data: bytes) -> float:
    start = time.perf_counter()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            archive.read(info)
    return time.perf_counter() - start


def main() -> int:
    data = build_package()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = len(archive.infolist())
        unpacked = sum(i.file_size for i in archive.infolist())
    print(
        f"package: {len(data) / 1048576:.2f} MB zipped, {unpacked / 1048576:.2f} MB unpacked, {files} files"
    )

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from accounts.models import User
    from courses.h5p.services import package_import

    operator = User.objects.create(username="bench-operator")
    unzip, validate, full, writes = [], [], [], []
    on_s3: list[float] = []
    on_s3_serial: list[float] = []
    s3 = contextlib.ExitStack()
    try:
        if "--s3" in sys.argv[1:]:
            endpoint = s3.enter_context(_s3_server())
        for run in range(RUNS):
            unzip.append(unzip_seconds(data))
            start = time.perf_counter()
            read_package(data)
            validate.append(time.perf_counter() - start)
            with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
                start = time.perf_counter()
                package_import(source=data, user=operator, can_install_libraries=True)
                full.append(time.perf_counter() - start)
                # The same files through the storage API alone, for comparison.
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    blobs = [(i.filename, archive.read(i)) for i in archive.infolist()]
                start = time.perf_counter()
                for name, blob in blobs:
                    default_storage.save(f"baseline/{name}", ContentFile(blob))
                writes.append(time.perf_counter() - start)
            if "--s3" in sys.argv[1:]:
                from django.core.management import call_command

                from courses.h5p import services

                writers = services.REMOTE_WRITERS
                for times, services.REMOTE_WRITERS in ((on_s3_serial, 1), (on_s3, writers)):
                    with override_settings(STORAGES=_s3_storages(endpoint, f"bench-{run}-{len(times)}")):
                        call_command("s3_bucket_setup", stdout=io.StringIO())
                        start = time.perf_counter()
                        package_import(source=data, user=operator, can_install_libraries=True)
                        times.append(time.perf_counter() - start)
                services.REMOTE_WRITERS = writers
    finally:
        s3.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)

    def med(values):
        return statistics.median(values) * 1000

    print(f"runs: {RUNS} (medians)")
    print(f"unzip only (read every entry):          {med(unzip):8.1f} ms")
    print(f"read_package (validate + sanitise):      {med(validate):8.1f} ms")
    print(f"package_import (all, incl. DB + storage): {med(full):8.1f} ms")
    print(f"import work beyond unzipping:            {med(full) - med(unzip):8.1f} ms")
    print(f"  compare: the same 500 files through the storage API alone: {med(writes):8.1f} ms")
    if on_s3:
        from courses.h5p.services import REMOTE_WRITERS

        serial, parallel = med(on_s3_serial), med(on_s3)
        print(
            f"package_import into S3 (moto), 1 file at a time: {serial:8.1f} ms = {serial / med(full):.1f}x the disk"
        )
        print(
            f"package_import into S3 (moto), {REMOTE_WRITERS} at a time:   {parallel:8.1f} ms = "
            f"{parallel / med(full):.1f}x the disk, {serial / parallel:.1f}x faster than one at a time"
        )
    print(f"load average now: {os.getloadavg()[0]:.1f} (the machine is shared; figures vary with it)")
    return 0


@contextlib.contextmanager
def _s3_server():
    """moto's S3 server in its own process (in this one it would share the interpreter lock with the client)."""
    import subprocess

    from tests.servers import _wait_for_port, free_port

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _s3_storages(endpoint: str, bucket: str) -> dict:
    from django.conf import settings

    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "addressing_style": "path",
        "access_key": "bench",
        "secret_key": "bench-secret",
        "region_name": "us-east-1",
    }
    return {
        **settings.STORAGES,
        "default": {"BACKEND": "core.s3.MediaS3Storage", "OPTIONS": {"location": "media", **common}},
        "private": {"BACKEND": "core.s3.PrivateS3Storage", "OPTIONS": {"location": "private", **common}},
    }


if __name__ == "__main__":
    sys.exit(main())
