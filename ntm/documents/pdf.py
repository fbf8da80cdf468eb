"""DOCX → PDF with LibreOffice headless (the PDF is what gets signed elsewhere).

LibreOffice takes seconds to start, so :func:`convert_to_pdf` converts a whole batch in one
run. Each run has its own user profile directory so that parallel runs (two requests, two test
workers) never share LibreOffice's lock files.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ntm.documents.layout import render_docx
from ntm.documents.spec import DocumentSpec

DEFAULT_TIMEOUT = 180.0
# PDF/A-2b (ISO 19005-2, level B) for archiving: LibreOffice embeds every font and writes the
# pdfaid XMP metadata.
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


class OfficeUnavailable(RuntimeError):
    """LibreOffice (soffice) is not installed on this machine."""

    def __init__(self) -> None:
        super().__init__(
            "Máy chủ chưa cài LibreOffice nên chưa tạo được PDF. Hãy tải bản DOCX, hoặc nhờ "
            "quản trị cài gói libreoffice-writer-nogui."
        )


class ConversionFailed(RuntimeError):
    """LibreOffice ran but did not produce every PDF (or ran out of time)."""


def soffice_binary() -> str | None:
    return os.environ.get("NTM_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(
    paths: Sequence[str | Path],
    *,
    outdir: str | Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    pdfa: bool = False,
) -> list[Path]:
    """Convert DOCX files to PDF in one LibreOffice run; returns the PDF paths in order.

    The PDFs go to ``outdir`` (default: next to each source's directory of the first file).
    File stems must be unique within a batch, because LibreOffice names outputs by stem.
    """
    sources = [Path(p).resolve() for p in paths]
    if not sources:
        return []
    stems = [p.stem for p in sources]
    if len(set(stems)) != len(stems):
        raise ValueError("Các tệp trong một lần chuyển phải có tên khác nhau.")
    binary = soffice_binary()
    if binary is None:
        raise OfficeUnavailable()
    target = Path(outdir).resolve() if outdir else sources[0].parent
    target.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="ntm-lo-profile-"))
    command = [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        PDFA_FILTER if pdfa else "pdf",
        "--outdir",
        str(target),
        *[str(p) for p in sources],
    ]
    try:
        process = subprocess.Popen(  # noqa: S603 — fixed binary, arguments are our own paths
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": str(profile)},
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(
                f"LibreOffice không chuyển xong trong {int(timeout)} giây."
            ) from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    outputs = [target / f"{stem}.pdf" for stem in stems]
    missing = [p.name for p in outputs if not p.exists()]
    if process.returncode != 0 or missing:
        detail = (stderr or stdout or b"").decode("utf-8", "replace")[-500:]
        raise ConversionFailed(
            f"LibreOffice không tạo được PDF ({', '.join(missing) or process.returncode}): {detail}"
        )
    return outputs


def docx_to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT, pdfa: bool = False) -> bytes:
    """One DOCX (bytes) to PDF (bytes); ``pdfa``: PDF/A-2b for archiving."""
    with tempfile.TemporaryDirectory(prefix="ntm-pdf-") as tmp:
        source = Path(tmp) / "van-ban.docx"
        source.write_bytes(docx)
        (pdf,) = convert_to_pdf([source], outdir=tmp, timeout=timeout, pdfa=pdfa)
        return pdf.read_bytes()


def render_pdf(spec: DocumentSpec, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The document laid out per ND30, as PDF bytes (through LibreOffice)."""
    return docx_to_pdf(render_docx(spec), timeout=timeout)
