"""The electronic document of ND30: PDF/A, signature places, PAdES signatures (pyHanko).

- :func:`electronic_pdf` lays the document out (DOCX → PDF/A-2b through LibreOffice) and adds
  two empty signature fields where ND30 puts them: the signer's digital signature between the
  title line and the name, and the organisation's signature (seal image with the signing
  information) over its left third. A signing tool (the official's own, with the government
  "chữ ký số chuyên dùng" token) finds the fields ready.
- :func:`sign` signs one of those fields with a PAdES baseline signature from a PKCS#12 file
  (tests, demo) or a PKCS#11 token (the server's), through pyHanko.
- :func:`validate` checks every signature: intact, trusted, and covering the whole file (a
  byte changed or an update appended after signing is detected).

pyHanko's synchronous API calls ``asyncio.run()``, which fails when the calling thread already
runs an event loop (Playwright's sync API leaves one in a test worker; an ASGI server runs one).
Every pyHanko call therefore runs in a worker thread of its own (:func:`_off_loop`).

What ND30 says about the electronic form (Phụ lục I, Phần II) is summed up in
``docs/documents-electronic.md``; the points not verified against the decree's text are marked
there.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from ntm.documents import nd30
from ntm.documents.pdf import docx_to_pdf

T = TypeVar("T")

SIGNER_FIELD = "ChuKyNguoiKy"  # the signer's digital signature
ORGANISATION_FIELD = "ChuKyCoQuan"  # the organisation's signature (seal image)
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
INFO_BLUE = (0, 0, 255)
INFO_PT = 10  # signing information: Times New Roman, upright, 10 pt, blue
MM = 72 / 25.4


class SigningError(RuntimeError):
    """Signing or validation could not be done; the message is for the person."""


def _off_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``function`` in a fresh worker thread (no event loop there), wait for its result."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ntm-pyhanko") as pool:
        return pool.submit(function, *args, **kwargs).result()


# --- places for the signatures -------------------------------------------------------------------


@dataclass
class Box:
    page: int  # 0-based
    x1: float
    y1: float
    x2: float
    y2: float

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (int(self.x1), int(self.y1), int(self.x2), int(self.y2))


def _words(pdf: bytes) -> list[tuple[int, float, float, float, float, str, float]]:
    """(page, xMin, yMin, xMax, yMax, word, page height) from ``pdftotext -bbox``."""
    import html
    import re

    result = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    text = result.stdout.decode("utf-8", "replace")
    out = []
    # Our own PDF's word boxes, read with a pattern (the output is pdftotext's fixed format).
    pages = re.split(r"<page ", text)[1:]
    for index, page in enumerate(pages):
        height_match = re.search(r'height="([\d.]+)"', page)
        height = float(height_match.group(1)) if height_match else 842.0
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        ):
            x1, y1, x2, y2 = (float(match.group(i)) for i in range(1, 5))
            out.append((index, x1, y1, x2, y2, html.unescape(match.group(5)), height))
    return out


def signature_boxes(pdf: bytes, signer_name: str) -> tuple[Box, Box]:
    """Where the signer's signature and the organisation's go: in the blank space above the
    signer's name on the last page that prints it (PDF coordinates, origin bottom left)."""
    words = _words(pdf)
    first = signer_name.split()[0] if signer_name.split() else ""
    hits = [w for w in words if first and w[5] == first]
    if hits:
        page, x1, y1, _x2, _y2, _text, height = hits[-1]
        line = [w for w in words if w[0] == page and abs(w[2] - y1) < 2]
        right = max(w[3] for w in line)
        top_of_name = height - y1
    else:  # no name printed: the lower right quarter of the last page
        page = max((w[0] for w in words), default=0)
        height = words[-1][6] if words else 842.0
        x1, right, top_of_name = 330.0, 500.0, 250.0
    centre = (x1 + right) / 2
    gap = nd30.SIGNATURE_GAP_MM * MM
    signer = Box(page, centre - 35 * MM, top_of_name + 2, centre + 35 * MM, top_of_name + gap - 4)
    # The seal covers about a third of the signer's signature, on its left side.
    seal_width = 36 * MM
    organisation = Box(
        page,
        signer.x1 - seal_width * 2 / 3,
        signer.y1,
        signer.x1 + seal_width / 3,
        signer.y1 + seal_width,
    )
    return signer, organisation


def add_signature_fields(pdf: bytes, signer_name: str) -> bytes:
    """The PDF with the two empty signature fields in place (an incremental update)."""
    return _off_loop(_add_fields, pdf, signer_name)


def _add_fields(pdf: bytes, signer_name: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    signer, organisation = signature_boxes(pdf, signer_name)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, box, label in (
        (SIGNER_FIELD, signer, "Chữ ký số của người có thẩm quyền"),
        (ORGANISATION_FIELD, organisation, "Chữ ký số của cơ quan, tổ chức"),
    ):
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                sig_field_name=name,
                on_page=box.page,
                box=box.as_tuple(),
                readable_field_name=label,
            ),
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def electronic_pdf(docx: bytes, signer_name: str, *, timeout: float = 120) -> bytes:
    """The document as an unsigned PDF/A-2b with its signature fields ready."""
    return add_signature_fields(docx_to_pdf(docx, timeout=timeout, pdfa=True), signer_name)


# --- signing --------------------------------------------------------------------------------------


@dataclass
class SigningInfo:
    organisation: str  # "ỦY BAN NHÂN DÂN XÃ TÂN LỢI"
    signed_at: dt.datetime

    @property
    def iso_time(self) -> str:
        """ISO 8601 with the time zone: 2024-04-08T09:15:00+07:00."""
        return self.signed_at.astimezone(VIETNAM).replace(microsecond=0).isoformat()

    def lines(self) -> list[str]:
        return [self.organisation, f"Thời gian ký: {self.iso_time}"]


def info_image(lines: list[str], *, seal: bytes | None = None) -> Any:
    """The organisation's signature appearance: the seal image (if any) under the signing
    information in Times New Roman (Liberation Serif) 10 pt, blue, upright."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 4  # pixels per point: sharp when printed
    font = ImageFont.truetype(nd30.MEASURE_FONTS[(False, False)], INFO_PT * scale)
    width = int(36 * MM * scale * 2)
    height = int((len(lines) + 1) * INFO_PT * 1.3 * scale) + (width // 2 if seal else 0)
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    if seal:
        stamp = Image.open(io.BytesIO(seal)).convert("RGBA")
        stamp.thumbnail((width // 2, width // 2))
        image.alpha_composite(stamp, (0, 0))
    draw = ImageDraw.Draw(image)
    y = (width // 2 if seal else 0) + INFO_PT * scale // 2
    for line in lines:
        draw.text((4, y), line, font=font, fill=(*INFO_BLUE, 255))
        y += int(INFO_PT * 1.3 * scale)
    return image


def signer_from_pkcs12(data: bytes, passphrase: bytes | None) -> Any:
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase)
    except ValueError:
        signer = None
    if signer is None:
        raise SigningError("Không đọc được tệp chứng thư số (PKCS#12) hoặc sai mật khẩu.")
    return signer


def configured_signer() -> Any:
    """The server's signer: a PKCS#11 token (chữ ký số chuyên dùng) when NTM_PKCS11_LIB is set,
    else a PKCS#12 file (NTM_SIGNING_PKCS12 + NTM_SIGNING_PASSPHRASE); None when neither."""
    library = os.environ.get("NTM_PKCS11_LIB", "")
    if library:
        try:
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign import pkcs11
        except ImportError as exc:  # python-pkcs11 is an optional extra of pyHanko
            raise SigningError(
                "Máy chủ khai báo thiết bị ký số (PKCS#11) nhưng chưa cài python-pkcs11."
            ) from exc
        session = pkcs11.open_pkcs11_session(
            library,
            token_criteria=TokenCriteria(label=os.environ.get("NTM_PKCS11_TOKEN") or None),
            user_pin=os.environ.get("NTM_PKCS11_PIN") or None,
        )
        return pkcs11.PKCS11Signer(
            session,
            cert_label=os.environ.get("NTM_PKCS11_CERT") or None,
            key_label=os.environ.get("NTM_PKCS11_KEY") or None,
        )
    path = os.environ.get("NTM_SIGNING_PKCS12", "")
    if path:
        passphrase = os.environ.get("NTM_SIGNING_PASSPHRASE", "").encode() or None
        return signer_from_pkcs12(Path(path).read_bytes(), passphrase)
    return None


def sign(
    pdf: bytes,
    *,
    signer: Any,
    field: str,
    info: SigningInfo,
    reason: str = "",
    location: str = "",
    seal: bytes | None = None,
) -> bytes:
    """A PAdES signature (ETSI EN 319 142 baseline B) in ``field``, its appearance the signing
    information (and the seal image on the organisation's field)."""
    return _off_loop(_sign, pdf, signer, field, info, reason, location, seal)


def _sign(
    pdf: bytes,
    signer: Any,
    field: str,
    info: SigningInfo,
    reason: str,
    location: str,
    seal: bytes | None,
) -> bytes:
    from pyhanko import stamp
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=info.organisation if field == ORGANISATION_FIELD else None,
    )
    image = info_image(info.lines(), seal=seal if field == ORGANISATION_FIELD else None)
    style = stamp.TextStampStyle(
        stamp_text="",
        border_width=0,
        background=PdfImage(image),
        background_opacity=1.0,
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer, output=out)
    return out.getvalue()


# --- validation -----------------------------------------------------------------------------------


@dataclass
class SignatureCheck:
    field: str
    signer: str
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the certificate chains to a trusted root
    whole_file: bool  # nothing was added after this signature (or only allowed updates)
    signed_at: dt.datetime | None

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and self.whole_file

    @property
    def message(self) -> str:
        if not self.intact:
            return f"Chữ ký “{self.field}”: nội dung đã bị thay đổi sau khi ký."
        if not self.whole_file:
            return f"Chữ ký “{self.field}”: tệp có phần được thêm vào sau khi ký."
        if not self.trusted:
            return f"Chữ ký “{self.field}”: chứng thư số không thuộc nơi cấp được tin cậy."
        return f"Chữ ký “{self.field}” của {self.signer}: hợp lệ."


def validate(pdf: bytes, *, trust_roots: list[Any]) -> list[SignatureCheck]:
    """Every signature of ``pdf`` checked against ``trust_roots`` (asn1crypto certificates).
    An unreadable or tampered file gives checks that are not ``ok``, never an exception."""
    return _off_loop(_validate, pdf, trust_roots)


def _validate(pdf: bytes, trust_roots: list[Any]) -> list[SignatureCheck]:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError) as exc:
        return [SignatureCheck(str(exc)[:60], "", False, False, False, None)]
    checks = []
    for embedded in signatures:
        context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(embedded, context)
        except Exception:
            checks.append(SignatureCheck(embedded.field_name, "", False, False, False, None))
            continue
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and status.modification_level is not None
            and status.modification_level.name in ("NONE", "LTA_UPDATES", "FORM_FILLING")
        )
        checks.append(
            SignatureCheck(
                field=embedded.field_name,
                signer=str(status.signing_cert.subject.native.get("common_name", "")),
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
                whole_file=bool(whole),
                signed_at=status.signer_reported_dt,
            )
        )
    return checks


def pdfa_part(pdf: bytes) -> str:
    """'2B' when the XMP metadata declares PDF/A-2b ("" when it declares no PDF/A part)."""
    return _off_loop(_pdfa_part, pdf)


def _pdfa_part(pdf: bytes) -> str:
    import re

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    metadata = reader.root.get("/Metadata")
    if metadata is None:
        return ""
    xml = metadata.get_object().data.decode("utf-8", "replace")
    part = re.search(r"<pdfaid:part>(\d)</pdfaid:part>|pdfaid:part=\"(\d)\"", xml)
    level = re.search(
        r"<pdfaid:conformance>(\w)</pdfaid:conformance>|pdfaid:conformance=\"(\w)\"", xml
    )
    if not part:
        return ""
    return (part.group(1) or part.group(2)) + ((level.group(1) or level.group(2)) if level else "")


# --- a self-signed identity for tests and the demo ------------------------------------------------


def self_signed_identity(common_name: str, passphrase: bytes = b"ntm") -> tuple[bytes, Any]:
    """A PKCS#12 file (bytes) and its certificate (asn1crypto) for tests and the demo only:
    self-signed, so it is trusted only where it is passed as a trust root."""
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DỮ LIỆU MINH HỌA"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        common_name.encode(),
        key,
        certificate,
        None,
        serialization.BestAvailableEncryption(passphrase),
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    return data, asn1_x509.Certificate.load(der)


# --- appendices -----------------------------------------------------------------------------------


def appendix_lines(*, organisation: str, parent_number: str, signed_at: dt.datetime) -> list[str]:
    """What the top left of an appendix's first page carries: the organisation's signing
    information with the parent document's number and symbol (the seal is not repeated)."""
    info = SigningInfo(organisation=organisation, signed_at=signed_at)
    return [organisation, f"Kèm theo văn bản số {parent_number}", f"Thời gian ký: {info.iso_time}"]


def stamp_appendix(
    pdf: bytes, *, organisation: str, parent_number: str, signed_at: dt.datetime
) -> bytes:
    """The appendix PDF with :func:`appendix_lines` at the top left of its first page, in the
    signing information's type (an incremental update, before the file is signed)."""
    from pyhanko import stamp
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import BoxConstraints

    image = info_image(
        appendix_lines(organisation=organisation, parent_number=parent_number, signed_at=signed_at)
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    top = float(page["/MediaBox"][3])
    width = 72 * MM
    height = width * image.height / image.width
    style = stamp.TextStampStyle(
        stamp_text="", border_width=0, background=PdfImage(image), background_opacity=1.0
    )
    box = BoxConstraints(width=width, height=height)
    stamp.TextStamp(writer, style, box=box).apply(
        0, round(nd30.MARGIN_LEFT_MM * MM), round(top - nd30.MARGIN_TOP_MM * MM / 2 - height)
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
