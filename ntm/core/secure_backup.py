"""Encrypted backups: the archive leaves the server readable only with a key kept elsewhere.

A backup (:func:`ntm.core.backup.create_backup`) is encrypted with age (X25519, through the
maintained ``pyrage`` binding of the reference Rust implementation) to one or more public keys
(``age1…``, setting ``NTM_BACKUP_AGE_RECIPIENTS``). The server holds only these public keys:
the secret key (``AGE-SECRET-KEY-1…``) is kept offline by the commune's information-security
officer (a USB key in the safe, a second copy at the province) and is only handed to
``restore --identity`` on the day of a restore.

age authenticates every 64 KiB chunk (ChaCha20-Poly1305), so a truncated or altered archive
is refused before anything is restored; the plaintext archive still carries its own manifest
of SHA-256 checksums, and after a restore the audit chains are verified
(:func:`ntm.core.audit.verify`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ntm.core.backup import BackupError

SUFFIX = ".age"


def _recipients(keys: list[str]) -> list[object]:
    from pyrage import RecipientError, x25519

    recipients = []
    for key in keys:
        try:
            recipients.append(x25519.Recipient.from_str(key.strip()))
        except RecipientError as exc:
            raise BackupError(
                f"Khóa công khai không hợp lệ (phải bắt đầu bằng age1…): {key}"
            ) from exc
    if not recipients:
        raise BackupError("Chưa khai báo khóa công khai nào để mã hoá bản sao lưu.")
    return recipients


def encrypt_archive(archive: Path, recipients: list[str], *, keep_plain: bool = False) -> Path:
    """Encrypt ``archive`` to ``archive.age`` and (by default) delete the plaintext."""
    import pyrage

    target = archive.with_name(archive.name + SUFFIX)
    partial = target.with_name(target.name + ".partial")
    try:
        pyrage.encrypt_file(str(archive), str(partial), _recipients(recipients))
    except pyrage.EncryptError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Mã hoá bản sao lưu thất bại: {exc}") from exc
    partial.rename(target)
    if not keep_plain:
        archive.unlink()
    return target


def read_identity(path: Path) -> object:
    from pyrage import IdentityError, x25519

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BackupError(f"Không đọc được tệp khóa bí mật {path}.") from exc
    for line in lines:
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                return x25519.Identity.from_str(line)
            except IdentityError as exc:
                raise BackupError("Khóa bí mật không hợp lệ.") from exc
    raise BackupError(f"Tệp {path} không chứa khóa bí mật age (AGE-SECRET-KEY-1…).")


@contextmanager
def decrypted(archive: Path, identity_file: Path | None) -> Iterator[Path]:
    """The plaintext archive (a temporary file for an encrypted one), refused when the key is
    wrong or the file was altered."""
    if not archive.name.endswith(SUFFIX):
        yield archive
        return
    if identity_file is None:
        raise BackupError(
            "Bản sao lưu đã được mã hoá: cần tệp khóa bí mật (--identity) để khôi phục."
        )
    import pyrage

    identity = read_identity(identity_file)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / archive.name.removesuffix(SUFFIX)
        try:
            pyrage.decrypt_file(str(archive), str(plain), [identity])
        except (pyrage.DecryptError, OSError) as exc:  # a tampered file fails as OSError
            raise BackupError(
                "Không giải mã được bản sao lưu: sai khóa bí mật, hoặc tệp đã bị sửa/hỏng. "
                "Không có dữ liệu nào bị thay đổi."
            ) from exc
        yield plain
