"""Uploaded files on an S3-compatible object store (AWS S3, MinIO...): the storage classes that
config/settings/base.py selects when AWS_STORAGE_BUCKET_NAME is set (core/storage.py says what goes where), and
the one bucket policy they need (`manage.py s3_bucket_setup` applies it)."""

import json
from functools import cached_property
from urllib.parse import quote

from storages.backends.s3 import S3Storage
from storages.utils import clean_name, setting

# Wagtail's images and their renditions: what pages show to everyone (on disk, nginx served them to all too).
# Anyone may read these two folders by a plain, stable URL, which browsers and the offline copy of a module
# cache; nothing else in the bucket is readable without the app's key.
PUBLIC_FOLDERS = ("original_images/", "images/")


def public_read_policy(*, bucket: str, location: str) -> dict:
    """The bucket policy: anonymous GetObject on the public folders under `location`, nothing more."""
    prefix = f"{location.strip('/')}/" if location.strip("/") else ""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CivicPublicImages",
                "Effect": "Allow",
                "Principal": {"AWS": ["*"]},
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/{prefix}{folder}*" for folder in PUBLIC_FOLDERS],
            }
        ],
    }


def is_public(name: str) -> bool:
    return clean_name(name).lstrip("/").startswith(PUBLIC_FOLDERS)


class MediaS3Storage(S3Storage):
    """S3Storage that never overwrites (a name already taken gets another, as on disk: the H5P importer relies on
    it), writes no ACL, and hands out URLs for the address browsers reach (AWS_S3_PUBLIC_ENDPOINT_URL): plain
    and stable for the public folders, signed and expiring for anything else."""

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "public_endpoint_url": setting("AWS_S3_PUBLIC_ENDPOINT_URL"),
        }

    @property
    def _public_client(self):
        if not self.public_endpoint_url or self.public_endpoint_url == self.endpoint_url:
            return self.connection.meta.client
        return self._public_endpoint_client

    @cached_property
    def _public_endpoint_client(self):
        session = self._create_session()
        return session.client(
            "s3",
            region_name=self.region_name,
            endpoint_url=self.public_endpoint_url,
            config=self.client_config,
            verify=self.verify,
        )

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.custom_domain:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        key = self._normalize_name(clean_name(name))
        client = self._public_client
        if is_public(name) and not parameters:
            # Path style (/bucket/key), as settings ask for: the same URL on every page, cacheable for good.
            return f"{client.meta.endpoint_url.rstrip('/')}/{self.bucket_name}/{quote(key)}"
        return client.generate_presigned_url(
            "get_object",
            Params={**(parameters or {}), "Bucket": self.bucket_name, "Key": key},
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method,
        )

    def bucket_policy(self) -> str:
        return json.dumps(public_read_policy(bucket=self.bucket_name, location=self.location))


class PrivateS3Storage(MediaS3Storage):
    """Private files (scans of signed consents): streamed by the views that check who asks, never by URL."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NotImplementedError("private files are served by views that check who asks, never by URL")
