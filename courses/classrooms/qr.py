"""QR codes of join links, drawn on the server as SVG with segno (nothing is fetched, no JavaScript)."""

import io

import segno


def qr_svg(text: str, *, scale: int = 8) -> bytes:
    """An SVG that scales to any size (no fixed width), dark on white, with the quiet zone QR readers need."""
    out = io.BytesIO()
    segno.make(text, error="m").save(
        out,
        kind="svg",
        scale=scale,
        border=4,
        xmldecl=False,
        svgns=True,
        omitsize=True,
        light="#ffffff",
        title=text,
    )
    return out.getvalue()
