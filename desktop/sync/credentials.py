"""The device token, kept in the operating system's keychain through keyring.

Windows Credential Manager, the macOS Keychain or the Secret Service on Linux. Never a file, never the database:
when no usable keychain is there, or the one found keeps secrets in a plain file (keyrings.alt), this refuses
with a message that says so instead of falling back to something weaker.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from desktop.models.core.validators import Msg

SERVICE = "QualityStation city platform"
UNSAFE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


class CredentialError(Exception):
    """The keychain cannot be used; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _backend() -> KeyringBackend:
    backend = keyring.get_keyring()
    inner = getattr(backend, "backends", None)  # the chainer: usable if any of its backends is
    candidates = list(inner) if inner else [backend]
    if not candidates or all(type(b).__module__.startswith(UNSAFE_MODULES) for b in candidates):
        raise CredentialError(
            "No system keychain is available to keep this device's credential. Install or unlock the "
            "system's credential store (on Linux: the Secret Service, e.g. GNOME Keyring or KWallet).")
    return backend


class DeviceCredential:
    """The token of one device for one city platform."""

    def __init__(self, hub_url: str, device_uuid: str) -> None:
        self.username = f"{device_uuid}@{urlsplit(hub_url).netloc or hub_url}"

    def get(self) -> str | None:
        try:
            return _backend().get_password(SERVICE, self.username)
        except KeyringError as exc:
            raise CredentialError(Msg("The system keychain could not be read: {error}", error=str(exc))) from exc

    def set(self, token: str) -> None:
        try:
            _backend().set_password(SERVICE, self.username, token)
        except KeyringError as exc:
            message = Msg("The system keychain refused to keep the credential: {error}", error=str(exc))
            raise CredentialError(message) from exc

    def delete(self) -> None:
        with contextlib.suppress(KeyringError):  # nothing stored: nothing to forget
            _backend().delete_password(SERVICE, self.username)
