"""Encryption at rest and keyed hashing of personal data (PIPL; MLPS §8 数据保密性).

Ciphertexts are Fernet tokens (AES-128-CBC + HMAC-SHA256). ``HOUQIN_PII_KEYS`` holds one or more
Fernet keys, newest first, so keys can be rotated. The keyed hash (HMAC-SHA256 under
``HOUQIN_PII_HASH_KEY``) lets the gate match an ID number against the blacklist, and search for
one, without decrypting anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _derived(label: bytes) -> bytes:
    """A development-only key derived from SECRET_KEY (refused by `check --deploy`)."""
    return hashlib.sha256(label + settings.SECRET_KEY.encode()).digest()


@cache
def _fernet() -> MultiFernet:
    keys = settings.PII_KEYS or [base64.urlsafe_b64encode(_derived(b"houqin-pii-enc:")).decode()]
    return MultiFernet([Fernet(k) for k in keys])


@cache
def _hash_key() -> bytes:
    return settings.PII_HASH_KEY.encode() if settings.PII_HASH_KEY else _derived(b"houqin-pii-mac:")


def encrypt(value: str) -> str:
    """Encrypt a personal field; the empty string stays empty."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt a personal field; an empty or unreadable value reads as empty."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised value, hex; the empty string stays empty."""
    if not value:
        return ""
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest()
