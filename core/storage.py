"""Where uploaded files live: the local disk (the default), or an S3-compatible object store (AWS S3, MinIO...)
when AWS_STORAGE_BUCKET_NAME is set, so that several app servers share them (core/s3.py).

Nothing in the bucket is public. Files are written without an ACL (the bucket's own, private, policy holds) and
the site reaches them in two ways only:

- through our views, which check who asks and stream the file: H5P package files, consent scans, Wagtail
  documents (WAGTAILDOCS_SERVE_METHOD = "serve_view");
- by a signed URL that expires (AWS_QUERYSTRING_EXPIRE) for what pages show to everyone: Wagtail images and
  their renditions. Those URLs are signed for AWS_S3_PUBLIC_ENDPOINT_URL, the object store's address as browsers
  reach it (behind nginx in docker/compose.yaml), which may differ from the one the app uses.

Consent scans and other private files are in their own storage, ``storages["private"]``: a folder outside the
media root on disk, another prefix (or bucket) on S3, never handed out by URL.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used (a model field keeps its storage for the life of the
    process) and again after the STORAGES setting changes."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
