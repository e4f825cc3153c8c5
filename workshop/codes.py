"""Join codes: six symbols of Crockford's base32, shown as ``K7M-2NP``.

Crockford's alphabet leaves out I, L, O and U, so what a participant reads off a
projector cannot be mistyped as another code: typed input is normalised (case,
O→0, I/L→1, spaces and hyphens dropped) before it is looked up. Six symbols give
32⁶ ≈ 1.07·10⁹ codes; codes expire and join attempts are limited (services).
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 6
GROUP = 3  # shown in two groups of three: K7M-2NP
MAX_TYPED = 4 * CODE_LENGTH  # longer input is not a code, however it is spaced
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DROPPED = str.maketrans("", "", " -\t\u00a0\u2010\u2011\u2012\u2013\u2014")


def new_code() -> str:
    """A fresh random code (stored form, no hyphen)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def is_valid_code(code: str) -> bool:
    """A code in its stored form: exactly CODE_LENGTH symbols of the alphabet."""
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)


def normalise_code(text: str) -> str | None:
    """What a participant typed → the stored code, or None when it cannot be one.
    Case, the look-alikes O/I/L, spaces and hyphens are forgiven; U is not (it is
    in no code, so it is a typing error)."""
    if not isinstance(text, str) or len(text) > MAX_TYPED:
        return None
    code = text.strip().upper().translate(_DROPPED).translate(_READ_AS)
    return code if is_valid_code(code) else None


def format_code(code: str) -> str:
    """The stored code as shown: ``K7M2NP`` → ``K7M-2NP``."""
    return f"{code[:GROUP]}-{code[GROUP:]}"
