"""How strong a new password must be: the length rule and zxcvbn's estimate of how easily it is guessed.

One rule for every way a password is set (station set-up, a new account, an admin's reset, a user's change,
the command line). Only new passwords are judged: an account whose password was set before keeps logging in.

zxcvbn scores a password 0–4 by the guesses an attacker would need, knowing common passwords, words, names,
keyboard runs, dates and repeats, plus the words we give it (the user's login and name, the station's name and
code). Its advice is English, so it is mapped to three messages of our own, which the UI translates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.models.core.validators import check_password

MIN_SCORE = 3  # "safely unguessable" (about 10^8 guesses and more): zxcvbn's own advice for a user's password
# zxcvbn's time grows quickly with the length (measured: 9 ms for 16 characters, 25 ms for 32, 90 ms for 64,
# 150 ms for 72, and it refuses more): it judges the first 32, plenty to tell a strong password from a weak one
# (the whole password is what is kept).
JUDGED_CHARS = 32

TOO_COMMON = ("Too easy to guess: a common password, a run of keys or digits, or a repeated character. "
              "Use three or four unrelated words with a number, for example “willow lamp 27 river”.")
TOO_PERSONAL = ("Too easy to guess: it is made of your user name, your name or the station's name or code. "
                "Use unrelated words instead.")
NOT_YET = "Not strong enough yet: add another uncommon word or a few more characters."


def _pieces(value: str) -> set[str]:
    """``value`` and its parts (``LZ-YF01`` gives ``lz-yf01``, ``lz``, ``yf01``, ``lzyf01``)."""
    value = value.strip().lower()
    if not value:
        return set()
    parts = [p for p in re.split(r"[\s._\-/]+", value) if p]
    return {value, "".join(parts), *(p for p in parts if len(p) >= 2)}


def check_new_password(password: str, personal: Iterable[str] = ()) -> str | None:
    """``None`` if ``password`` may be set, else what is wrong with it and what would be better.

    ``personal``: words an attacker would try first (login, full name, station name and code).
    """
    problem = check_password(password)
    if problem is not None:
        return problem
    from zxcvbn import zxcvbn  # its word lists take a while to load: only when a password is set

    words = sorted({piece for value in personal for piece in _pieces(value)})
    result = zxcvbn(password[:JUDGED_CHARS], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    if any(m.get("dictionary_name") == "user_inputs" for m in result["sequence"]):
        return TOO_PERSONAL
    return TOO_COMMON if result["score"] <= 1 else NOT_YET
