"""lxml sanitisers for what H5P content puts in front of learners: HTML strings in content.json and SVG files.

They remove what can run script (script elements, event-handler attributes, javascript: URLs, frames and
styles able to carry code) and keep the rest, so ordinary formatted text and icon fonts survive.
"""

import re

from lxml import etree, html

# Elements removed with everything inside them.
_HTML_DROP = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "link",
    "meta",
    "noscript",
    "template",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "svg",
    "math",
}
_URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "lowsrc",
    "data",
    "srcset",
}
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|livescript|mocha)\s*:", re.IGNORECASE)
_SAFE_DATA_IMAGE = re.compile(r"^\s*data:image/(png|gif|jpe?g|webp);base64,", re.IGNORECASE)
_BAD_STYLE = re.compile(
    r"expression\s*\(|url\s*\(|javascript:|vbscript:|behaviou?r\s*:|-moz-binding|@import", re.I
)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _url_is_bad(value: str) -> bool:
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    squeezed = _CONTROL.sub("", value)
    if _SAFE_DATA_IMAGE.match(squeezed):
        return False
    return bool(_BAD_SCHEME.match(squeezed))


def _clean_attributes(element, *, svg: bool = False) -> None:
    for name in list(element.attrib):
        local = etree.QName(name).localname.lower() if name.startswith("{") else name.lower()
        value = element.attrib[name]
        if (
            local.startswith("on")
            or local == "style"
            and _BAD_STYLE.search(_CONTROL.sub("", value))
            or (local in _URL_ATTRS or local == "href")
            and _url_is_bad(value)
            or svg
            and local in {"attributename"}
            and value.strip().lower().startswith(("on", "href", "xlink:href"))
        ):
            del element.attrib[name]


def sanitize_html(text: str) -> str:
    """Return `text` (an HTML fragment) without anything that can run script."""
    if "<" not in text:
        return text
    try:
        root = html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return _escape(text)
    for element in list(root.iter()):
        if element is root:
            continue
        if not isinstance(element.tag, str):  # comments, processing instructions
            _drop(element)
            continue
        if element.tag.lower() in _HTML_DROP:
            _drop(element)
            continue
        _clean_attributes(element)
    out = root.text or ""
    out = _escape(out)
    for child in root:
        out += html.tostring(child, encoding="unicode", method="html")
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _drop(element) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def sanitize_json_html(value):
    """Walk a decoded content.json and sanitise every string in it; returns the cleaned copy."""
    if isinstance(value, str):
        return sanitize_html(value)
    if isinstance(value, list):
        return [sanitize_json_html(item) for item in value]
    if isinstance(value, dict):
        return {key: sanitize_json_html(item) for key, item in value.items()}
    return value


_SVG_DROP = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "style"}
_SVG_ANIMATE = {"set", "animate", "animatetransform", "animatemotion"}


class SVGError(ValueError):
    """The bytes are not a well-formed SVG document."""


def sanitize_svg(data: bytes) -> bytes:
    """Return the SVG without script, event handlers, foreign content or external entities."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SVGError(str(exc)) from exc
    if root is None or etree.QName(root).localname.lower() != "svg":
        raise SVGError("not an svg document")
    for element in list(root.iter()):
        if element is root:
            _clean_attributes(element, svg=True)
            continue
        if not isinstance(element.tag, str):  # comments, entities, processing instructions
            _drop(element)
            continue
        local = etree.QName(element).localname.lower()
        if local in _SVG_DROP:
            _drop(element)
            continue
        if local in _SVG_ANIMATE:
            target = (element.get("attributeName") or "").strip().lower()
            if target.startswith("on") or target.endswith("href"):
                _drop(element)
                continue
        _clean_attributes(element, svg=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
