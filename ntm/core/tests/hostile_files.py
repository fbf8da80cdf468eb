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
