"""Prepare the S3 bucket(s) of the uploads: create them if missing and give the media bucket its one policy
(anyone may read Wagtail's images, nothing else: core/s3.py). Safe to run on every deploy; with uploads on the
local disk it does nothing."""

from botocore.exceptions import ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand

from core.s3 import PUBLIC_FOLDERS, MediaS3Storage


def _bucket_ensure(storage: MediaS3Storage) -> bool:
    """Create the storage's bucket unless it exists; True if it was created."""
    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
        return False
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
            raise
    options = {}
    region = client.meta.region_name
    if region and region != "us-east-1":
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    client.create_bucket(Bucket=storage.bucket_name, **options)
    return True


class Command(BaseCommand):
    help = "Create the uploads' S3 bucket(s) if missing and let anyone read Wagtail's images, nothing else."

    def handle(self, *args, **options):
        media = storages["default"]
        if not isinstance(media, MediaS3Storage):
            self.stdout.write(
                "Uploads are on the local disk (AWS_STORAGE_BUCKET_NAME is not set): nothing to do."
            )
            return
        private = storages["private"]
        for storage in {media.bucket_name: media, private.bucket_name: private}.values():
            created = _bucket_ensure(storage)
            self.stdout.write(f"bucket {storage.bucket_name}: {'created' if created else 'exists'}")
        media.connection.meta.client.put_bucket_policy(Bucket=media.bucket_name, Policy=media.bucket_policy())
        folders = ", ".join(f"{media.location}/{folder}" for folder in PUBLIC_FOLDERS)
        self.stdout.write(f"bucket {media.bucket_name}: anyone may read {folders}; nothing else")
