"""Serving user files: the one way a stored upload reaches a browser.

Whatever a user uploaded is served so that a browser can never run it in the site's origin:

- only checked images are shown inline; every other file (PDF, Word, Excel) is downloaded
  (``Content-Disposition: attachment``), so a PDF viewer never runs it inside the site;
- ``Content-Security-Policy: default-src 'none'; sandbox`` puts even an inline image (or a file
  a browser decides to render anyway) in a unique, script-less origin;
- ``X-Content-Type-Options: nosniff`` keeps the browser on the type checked at upload;
- ``Cross-Origin-Resource-Policy: same-origin`` keeps other sites from embedding it;
- the file name comes from :func:`ntm.core.uploads.safe_filename` (RFC 6266 encoding by Django).

Callers load the object through scope (``get_visible_or_404``) before calling
:func:`serve_upload`.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404

from ntm.core.uploads import IMAGE_TYPES, safe_filename

SANDBOX = "default-src 'none'; sandbox"


def serve_upload(
    stored: Any,
    *,
    content_type: str,
    filename: str,
    fallback: str,
    cache: str = "private, max-age=0, no-store",
) -> FileResponse:
    """A stored user file (a FieldFile or an open binary handle) with the safe headers."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    inline = content_type in IMAGE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=safe_filename(filename, fallback),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = cache
    return response
