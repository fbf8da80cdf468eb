"""Hostile and broken files for upload tests: image and zip bombs, truncated and lying zips."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

from PIL import Image

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # a password-protected .xlsx


def png_declaring(width: int, height: int) -> bytes:
    """A ~70-byte PNG whose header claims ``width`` × ``height`` pixels (an image bomb)."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    struct.pack_into(">II", data, 16, width, height)  # IHDR payload starts at byte 16
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def noisy_jpeg(size: tuple[int, int] = (400, 300)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def truncated_jpeg() -> bytes:
    """A real JPEG cut in half (an interrupted upload): the header reads, the pixels do not."""
    data = noisy_jpeg()
    return data[: len(data) // 2]


def gps_jpeg(size: tuple[int, int] = (80, 40), orientation: int = 6) -> bytes:
    """A JPEG with camera make, an orientation and a GPS position (Tân Lợi-ish)."""
    exif = Image.Exif()
    exif[0x010F] = "MayAnhThu"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (10.0, 45.0, 12.0), 3: "E", 4: (106.0, 40.0, 7.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def gps_png(size: tuple[int, int] = (80, 40)) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (10.0, 45.0, 12.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(out, "PNG", exif=exif.tobytes())
    return out.getvalue()


def rezip(
    data: bytes,
    *,
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """The same zip with some members rewritten or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info.filename)
            if change and info.filename in change:
                body = change[info.filename](body)
            archive.writestr(info.filename, body)
        for name, body in (add or {}).items():
            archive.writestr(name, body)
    return out.getvalue()


def inflating(data: bytes, member: str, extra_bytes: int = 201_000_000) -> bytes:
    """A zip bomb: ``member`` padded with ``extra_bytes`` of XML whitespace (deflates ~1000:1).

    The member stays well-formed XML: only the declared size gives the bomb away."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    chunk = b" " * 1_000_000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename != member:
                archive.writestr(info.filename, body)
                continue
            cut = body.rindex(b"</")
            with archive.open(member, "w", force_zip64=True) as handle:
                handle.write(body[:cut])
                for _ in range(extra_bytes // len(chunk)):
                    handle.write(chunk)
                handle.write(body[cut:])
    return out.getvalue()


def many_members(data: bytes, count: int = 6000) -> bytes:
    return rezip(data, add={f"customXml/item{i}.xml": b"<a/>" for i in range(count)})


def _patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    patched = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    struct.pack_into("<I", patched, info.header_offset + 22, size)  # local header
    position = patched.find(b"PK\x01\x02")
    while position != -1:  # central directory entry
        length = struct.unpack_from("<H", patched, position + 28)[0]
        if bytes(patched[position + 46 : position + 46 + length]) == member.encode():
            struct.pack_into("<I", patched, position + 24, size)
        position = patched.find(b"PK\x01\x02", position + 4)
    return bytes(patched)


def declaring_huge(data: bytes, member: str) -> bytes:
    """A member that declares ~4 GB unpacked (the central directory is all a reader trusts)."""
    return _patch_declared_size(data, member, 0xFFFFFFF0)


def declaring_small(data: bytes, member: str) -> bytes:
    """A member that lies the other way: declares 100 bytes, holds more (CRC cannot match)."""
    return _patch_declared_size(data, member, 100)


def corrupt_member(data: bytes, member: str) -> bytes:
    """Flip bytes inside a member's deflate stream (a damaged disk or download)."""
    patched = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    local_name, local_extra = struct.unpack_from("<HH", patched, info.header_offset + 26)
    start = info.header_offset + 30 + local_name + local_extra
    for index in range(start + 10, min(start + 60, start + info.compress_size)):
        patched[index] ^= 0x55
    return bytes(patched)


def encrypted_flag(data: bytes) -> bytes:
    """Every member marked as encrypted with a zip password."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = patched.find(signature)
        while position != -1:
            flags = struct.unpack_from("<H", patched, position + offset)[0]
            struct.pack_into("<H", patched, position + offset, flags | 0x1)
            position = patched.find(signature, position + 4)
    return bytes(patched)


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


# --- PDFs ----------------------------------------------------------------------------------


def pdf_document(
    catalog_extra: str = "", objects: tuple[str, ...] = (), page_extra: str = ""
) -> bytes:
    """A real one-page PDF (valid cross-reference table) that PDF readers open.

    ``catalog_extra`` is added to the catalog dictionary, ``page_extra`` to the page's;
    ``objects`` are further objects numbered from 4 (``"4 0 R"`` refers to the first)."""
    bodies = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] {page_extra}>>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def minimal_pdf() -> bytes:
    """A clean one-page PDF: what every test that uploads "a PDF" should upload."""
    return pdf_document()


def javascript_pdf() -> bytes:
    """A PDF that runs JavaScript when opened (catalog /OpenAction /S /JavaScript)."""
    return pdf_document(
        "/OpenAction 4 0 R ", ("<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>",)
    )


def hidden_javascript_pdf() -> bytes:
    """JavaScript in the document's name tree, the name spelled with a #-escape."""
    return pdf_document(
        "/Names << /J#61vaScript << /Names [(x) 4 0 R] >> >> ",
        ("<< /S /JavaScript /JS (app.launchURL('http://x')) >>",),
    )


def launch_pdf() -> bytes:
    """A page whose open action (/AA /O) starts a program."""
    return pdf_document(
        page_extra="/AA << /O 4 0 R >> ",
        objects=("<< /S /Launch /F (cmd.exe) >>",),
    )


def embedded_file_pdf() -> bytes:
    return pdf_document(
        "/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >> ",
        (
            "<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
            "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ),
    )


def xfa_pdf() -> bytes:
    return pdf_document(
        "/AcroForm << /Fields [] /XFA 4 0 R >> ", ("<< /Length 0 >>\nstream\n\nendstream",)
    )


def page_fit_pdf() -> bytes:
    """What Word writes: /OpenAction [page /Fit] only opens at the first page (harmless)."""
    return pdf_document("/OpenAction [3 0 R /Fit] ")


def encrypted_pdf() -> bytes:
    """A password-protected PDF (its content cannot be inspected)."""
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(minimal_pdf())))
    writer.security_handler = StandardSecurityHandler.build_from_pw("mat-khau", "mat-khau")
    writer._encrypt = writer.add_object(writer.security_handler.as_pdf_object())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
