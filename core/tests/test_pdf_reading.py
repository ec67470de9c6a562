"""The test helper that reads our PDFs: it must decode every stream, and fail on one it
cannot decode rather than skip it."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from core.testing.pdf import A4_POINTS, read_pdf


def pdf_with_content(content: bytes) -> tuple[bytes, bytes]:
    """Return a one-page A4 PDF whose page content is `content`, Flate-compressed, and the
    compressed bytes."""
    writer = PdfWriter()
    page = writer.add_blank_page(595.28, 841.89)
    stream = DecodedStreamObject()
    stream.set_data(content)
    compressed = stream.flate_encode()
    page[NameObject("/Contents")] = writer._add_object(compressed)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), compressed._data


def content_whose_compressed_form_ends_with_a_carriage_return() -> bytes:
    for number in range(100_000):
        content = f"0 0 0 rg % {'x' * (number % 512)} {number}".encode()
        stream = DecodedStreamObject()
        stream.set_data(content)
        if stream.flate_encode()._data.endswith(b"\r"):
            return content
    raise AssertionError("no such content found")


def test_it_reads_pages_and_their_size():
    pdf = read_pdf(pdf_with_content(b"0 0 0 rg")[0])
    assert pdf.page_count == 1
    assert pdf.page_sizes == (A4_POINTS,)


def test_it_decodes_a_stream_whose_compressed_data_ends_with_a_carriage_return():
    # A regex that cut streams at `\r?\nendstream` ate this final byte and hid the damage.
    data, compressed = pdf_with_content(content_whose_compressed_form_ends_with_a_carriage_return())
    assert compressed.endswith(b"\r")
    assert read_pdf(data).page_count == 1


def test_it_fails_on_a_stream_it_cannot_decode():
    data, compressed = pdf_with_content(b"BT /F1 12 Tf (hello) Tj ET " * 20)
    damaged = compressed[:4] + bytes(b ^ 0xFF for b in compressed[4:12]) + compressed[12:]
    assert len(damaged) == len(compressed)
    with pytest.raises(AssertionError, match="cannot be"):
        read_pdf(data.replace(compressed, damaged))


def test_it_refuses_what_is_not_a_pdf():
    with pytest.raises(AssertionError, match="not a PDF"):
        read_pdf(b"<html></html>")
