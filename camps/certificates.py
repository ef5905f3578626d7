"""The certificate PDF, drawn with reportlab in the graduate's language: who, what, when, the issuing
organisation, the issue date and a QR code of the public verification link (segno, drawn as vector squares).
The DejaVu Sans font ships in camps/fonts (Bitstream Vera licence, see LICENSE-DejaVu.txt) so Kyrgyz letters
(ң, ө, ү) render and nothing is downloaded at run time."""

import io
from pathlib import Path

import segno
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.models import SiteSettings
from core.links import absolute_reverse

from .models import Certificate

FONT_DIR = Path(__file__).resolve().parent / "fonts"
_fonts_ready = False


def _fonts() -> None:
    global _fonts_ready
    if _fonts_ready:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    _fonts_ready = True


def certificate_verify_url(certificate: Certificate) -> str:
    return absolute_reverse("camps_public:verify", kwargs={"code": certificate.code})


def organisation_name() -> str:
    """The issuing organisation, as the site's settings name it."""
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).organisation_name if site else SiteSettings().organisation_name


def verification_qr(certificate: Certificate) -> segno.QRCode:
    return segno.make(certificate_verify_url(certificate), error="m")


def _draw_qr(pdf, qr: segno.QRCode, *, x: float, y: float, size: float) -> None:
    """The QR code's dark modules as filled squares (crisp at any zoom, no image library needed)."""
    matrix = qr.matrix
    module = size / len(matrix)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                pdf.rect(x + col * module, y + size - (row + 1) * module, module, module, stroke=0, fill=1)


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """One A4 landscape page: name, programme, cohort, dates, the organisation, the issue date, the
    verification code and its QR code."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    _fonts()
    application = certificate.application
    cohort = application.cohort
    buffer = io.BytesIO()
    width, height = landscape(A4)
    with translation.override(certificate.language):
        programme = cohort.programme_in(certificate.language).title
        start = formats.date_format(cohort.starts_on, "DATE_FORMAT")
        end = formats.date_format(cohort.ends_on, "DATE_FORMAT")
        dates = f"{start} — {end}"
        pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
        pdf.setTitle(_("Certificate") + f" {certificate.code}")
        pdf.setAuthor("Civic")
        pdf.setStrokeColor(HexColor("#0b5cad"))
        pdf.setLineWidth(6)
        pdf.rect(24, 24, width - 48, height - 48)
        pdf.setFillColor(HexColor("#0b5cad"))
        pdf.setFont("DejaVuSans-Bold", 40)
        pdf.drawCentredString(width / 2, height - 130, _("Certificate"))
        pdf.setFillColor(HexColor("#1b1f24"))
        pdf.setFont("DejaVuSans", 16)
        pdf.drawCentredString(width / 2, height - 180, _("This certifies that"))
        pdf.setFont("DejaVuSans-Bold", 30)
        pdf.drawCentredString(width / 2, height - 230, certificate.holder_name)
        pdf.setFont("DejaVuSans", 16)
        pdf.drawCentredString(width / 2, height - 275, _("has completed the programme"))
        pdf.setFont("DejaVuSans-Bold", 22)
        pdf.drawCentredString(width / 2, height - 315, programme)
        pdf.setFont("DejaVuSans", 16)
        pdf.drawCentredString(
            width / 2, height - 350, f"{cohort.name_in(certificate.language)} · {cohort.get_region_display()}"
        )
        pdf.drawCentredString(width / 2, height - 380, dates)
        issued = formats.date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT")
        pdf.setFont("DejaVuSans-Bold", 14)
        pdf.drawString(60, 130, organisation_name())
        pdf.setFont("DejaVuSans", 12)
        pdf.drawString(60, 110, _("Issued on %(date)s") % {"date": issued})
        pdf.drawString(60, 90, _("Verification code: %(code)s") % {"code": certificate.code})
        pdf.drawString(60, 70, _("Check it at %(url)s") % {"url": certificate_verify_url(certificate)})
        qr_size = 110
        pdf.setFillColor(HexColor("#000000"))
        _draw_qr(pdf, verification_qr(certificate), x=width - 60 - qr_size, y=50, size=qr_size)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
