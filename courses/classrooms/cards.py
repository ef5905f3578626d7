"""Login cards: a PDF (reportlab) with one card per pupil to cut out — the site's address, the class, the pupil's
name, username and one-time password, and a QR code of the log-in page. DejaVu Sans ships in ./fonts (Bitstream
Vera licence, see LICENSE-DejaVu.txt) so Kyrgyz letters (ң, ө, ү) print and nothing is downloaded."""

import io
from pathlib import Path

import segno
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Classroom, ClassroomProfile, Membership, MembershipStatus

FONT_DIR = Path(__file__).resolve().parent / "fonts"
COLUMNS, ROWS = 2, 4
_fonts_ready = False


def _fonts() -> None:
    global _fonts_ready
    if _fonts_ready:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("CivicSans", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("CivicSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    _fonts_ready = True


def _qr(pdf, text: str, x: float, y: float, size: float) -> None:
    """Draw a QR code of `text` as filled squares, lower-left corner at (x, y)."""
    code = segno.make(text, error="m")
    matrix = list(code.matrix_iter(border=0))
    module = size / len(matrix)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + c * module, y + size - (r + 1) * module, module, module, stroke=0, fill=1)


def login_cards_pdf(
    *, classroom: Classroom, site_url: str, student_ids: list[int] | None = None
) -> bytes | None:
    """Cards for the class's pupils who still have a one-time password (all, or those chosen); None if none."""
    memberships = Membership.objects.filter(
        classroom=classroom, status=MembershipStatus.ACTIVE
    ).select_related("student")
    if student_ids:
        memberships = memberships.filter(student_id__in=student_ids)
    passwords = dict(
        ClassroomProfile.objects.filter(
            user_id__in=[m.student_id for m in memberships], must_change_password=True
        )
        .exclude(one_time_password="")
        .values_list("user_id", "one_time_password")
    )
    pupils = sorted(
        (m.student for m in memberships if m.student_id in passwords),
        key=lambda u: (u.last_name, u.first_name, u.pk),
    )
    if not pupils:
        return None
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _fonts()
    width, height = A4
    margin = 28
    card_w, card_h = (width - 2 * margin) / COLUMNS, (height - 2 * margin) / ROWS
    buffer = io.BytesIO()
    with translation.override(classroom.language):
        login_url = site_url + reverse("accounts:login")
        pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
        pdf.setTitle(_("Login cards") + f": {classroom.name}")
        pdf.setAuthor("Civic")
        for n, pupil in enumerate(pupils):
            slot = n % (COLUMNS * ROWS)
            if n and slot == 0:
                pdf.showPage()
            col, row = slot % COLUMNS, slot // COLUMNS
            x = margin + col * card_w
            y = height - margin - (row + 1) * card_h
            pdf.setDash(3, 3)
            pdf.setStrokeGray(0.6)
            pdf.rect(x, y, card_w, card_h)
            pdf.setDash()
            pad = 12
            pdf.setFont("CivicSans-Bold", 13)
            pdf.drawString(x + pad, y + card_h - 24, _("Login card"))
            pdf.setFont("CivicSans", 9)
            pdf.drawString(x + pad, y + card_h - 38, f"{classroom.name}")
            pdf.setFont("CivicSans-Bold", 12)
            pdf.drawString(x + pad, y + card_h - 60, pupil.display_name[:40])
            lines = [
                (_("Site"), site_url.replace("https://", "").replace("http://", "")),
                (_("Username"), pupil.username),
                (_("One-time password"), passwords[pupil.pk]),
            ]
            ty = y + card_h - 82
            for label, value in lines:
                pdf.setFont("CivicSans", 8)
                pdf.drawString(x + pad, ty, label)
                pdf.setFont("CivicSans-Bold", 11)
                pdf.drawString(x + pad, ty - 13, value)
                ty -= 30
            pdf.setFont("CivicSans", 7)
            pdf.drawString(x + pad, y + 10, _("At the first log-in you choose your own password."))
            qr_size = 70
            _qr(pdf, login_url, x + card_w - qr_size - pad, y + card_h - qr_size - 28, qr_size)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
