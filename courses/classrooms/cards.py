"""Login cards: a PDF (reportlab) with one card per pupil to cut out — the site's address, the class, the pupil's
name, username and one-time password, and a QR code of the log-in page. DejaVu Sans ships in ./fonts (Bitstream
Vera licence, see LICENSE-DejaVu.txt) so Kyrgyz letters (ң, ө, ү) print and nothing is downloaded.

The passwords come from the service that has just set them (accounts created, a password reset, new cards): a
card is printed in the answer to that action and never again, since no password is stored in clear."""

import io
from pathlib import Path

import segno
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.links import absolute_reverse, absolute_url

from .models import Classroom

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


def login_cards_pdf(*, classroom: Classroom, cards: list[tuple[User, str]]) -> bytes:
    """One card per (pupil, one-time password) pair, in the order given, eight to an A4 page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _fonts()
    width, height = A4
    margin = 28
    card_w, card_h = (width - 2 * margin) / COLUMNS, (height - 2 * margin) / ROWS
    buffer = io.BytesIO()
    site = absolute_url("/").rstrip("/")
    with translation.override(classroom.language):
        login_url = absolute_reverse("accounts:login")
        pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
        pdf.setTitle(_("Login cards") + f": {classroom.name}")
        pdf.setAuthor("Civic")
        for n, (pupil, password) in enumerate(cards):
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
                (_("Site"), site.replace("https://", "").replace("http://", "")),
                (_("Username"), pupil.username),
                (_("One-time password"), password),
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
