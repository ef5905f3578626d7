"""Images: Wagtail images with responsive WebP renditions, alt text and captions."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from cms.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (11, 92, 173)).save(buffer, "PNG")
    return Image.objects.create(title="Лагерь", file=ImageFile(buffer, name="camp.png"))


def test_image_block_renders_webp_renditions_with_alt_and_caption(client, site, image):
    home = HomePage.objects.get(locale__language_code="ky")
    page = StandardPage(
        title="Сүрөттөр",
        slug="photos",
        locale=home.locale,
        body=[("image", {"image": image, "alt_text": "Лагердин катышуучулары", "caption": "Ысык-Көл, 2026"})],
    )
    home.add_child(instance=page)
    page.save_revision().publish()

    html = client.get("/ky/photos/").content.decode()
    assert 'alt="Лагердин катышуучулары"' in html
    assert "<figcaption>Ысык-Көл, 2026</figcaption>" in html
    srcset = html.split('srcset="', 1)[1].split('"', 1)[0]
    candidates = [c.strip() for c in srcset.split(",")]
    assert len(candidates) == 3
    assert all(c.split()[0].endswith(".webp") for c in candidates)
    assert [c.split()[1] for c in candidates] == ["360w", "720w", "1080w"]
    assert 'loading="lazy"' in html
    # The rendition files exist and are WebP.
    rendition = image.renditions.filter(filter_spec__contains="webp").first()
    assert rendition is not None
    with rendition.file.open("rb") as f:
        assert PILImage.open(f).format == "WEBP"


def test_decorative_image_has_empty_alt(client, site, image):
    home = HomePage.objects.get(locale__language_code="ky")
    page = StandardPage(
        title="Декор",
        slug="decor",
        locale=home.locale,
        body=[("image", {"image": image, "alt_text": "", "caption": ""})],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/ky/decor/").content.decode()
    assert 'alt=""' in html
    assert "<figcaption>" not in html


def test_home_hero_image_is_webp(client, site, image):
    home = HomePage.objects.get(locale__language_code="ru")
    home.hero_image = image
    home.save_revision().publish()
    html = client.get("/ru/").content.decode()
    assert 'class="hero-image"' in html
    assert ".webp 480w" in html
