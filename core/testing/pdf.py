"""Read the PDFs we print, for tests: pages, page sizes, fonts and text, through pypdf.

Every stream of the file is decoded, so a damaged stream fails the test instead of being
skipped (a hand-made regex over `stream … endstream` once ate a final byte of compressed
data and hid the damage).
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

A4_POINTS = (595, 842)  # 210 × 297 mm (595.28 × 841.89 pt), rounded


@dataclass(frozen=True)
class PdfFont:
    """A font a page uses: its PostScript name without the subset tag."""

    name: str
    subset: bool  # the name carries a six-letter subset tag (ABCDEF+Name)
    embedded: bool  # the font program (FontFile, FontFile2 or FontFile3) is inside the file


@dataclass(frozen=True)
class Pdf:
    page_sizes: tuple[tuple[int, int], ...]  # width × height in whole points, per page
    fonts: frozenset[PdfFont]
    text: str

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    def font_named(self, name: str) -> PdfFont | None:
        return next((font for font in self.fonts if font.name == name), None)


def read_pdf(data: bytes) -> Pdf:
    """Return what `data` holds; raise if it is not a PDF or if any stream cannot be decoded."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    reader = PdfReader(io.BytesIO(data), strict=True)
    _decode_every_stream(reader)
    sizes = []
    fonts: set[PdfFont] = set()
    texts = []
    for page in reader.pages:
        box = page.mediabox
        sizes.append((round(float(box.width)), round(float(box.height))))
        fonts.update(_fonts(page.get("/Resources")))
        texts.append(page.extract_text() or "")
    return Pdf(page_sizes=tuple(sizes), fonts=frozenset(fonts), text="\n".join(texts))


def _decode_every_stream(reader: PdfReader) -> None:
    trailer_size = int(reader.trailer["/Size"])
    for number in range(1, trailer_size):
        try:
            obj = reader.get_object(number)
        except Exception as exc:  # noqa: BLE001 - name the object that failed
            raise AssertionError(f"PDF object {number} cannot be read: {exc}") from exc
        if isinstance(obj, StreamObject):
            try:
                # pypdf recovers what it can of a damaged Flate stream and only logs the loss;
                # inflate it strictly here so that damage fails.
                if obj.get("/Filter") == "/FlateDecode" and "/DecodeParms" not in obj:
                    zlib.decompress(obj._data)
                obj.get_data()
            except Exception as exc:  # noqa: BLE001
                raise AssertionError(f"PDF stream {number} cannot be decoded: {exc}") from exc


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(resources, seen=None) -> set[PdfFont]:
    """The fonts of a resource dictionary and of the form XObjects it draws."""
    seen = set() if seen is None else seen
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return set()
    seen.add(id(resources))
    found = set()
    for font in (_resolve(resources.get("/Font")) or {}).values():
        found.add(_describe(_resolve(font)))
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form":
            found |= _fonts(xobject.get("/Resources"), seen)
    return found


def _describe(font: DictionaryObject) -> PdfFont:
    base = str(font.get("/BaseFont", "")).lstrip("/")
    descriptor = _resolve(font.get("/FontDescriptor"))
    if descriptor is None and "/DescendantFonts" in font:  # a composite (Type0) font
        descendant = _resolve(_resolve(font["/DescendantFonts"])[0])
        descriptor = _resolve(descendant.get("/FontDescriptor"))
    embedded = descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )
    tag, plus, name = base.partition("+")
    subset = bool(plus) and len(tag) == 6 and tag.isascii() and tag.isupper()
    return PdfFont(name=name if subset else base, subset=subset, embedded=embedded)
