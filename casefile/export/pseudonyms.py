"""Pseudonymisation as a guarantee: real names → aliases, with every form of each name.

A pair is written ``Kim Eun-chol | Ким Ын Чхоль | Eunchol = the Applicant``: the first
name, then any variants the user adds (transliterations, spellings), then the alias.
From each name Casefile derives the forms a text uses: the parts (given name, family
name), the reversed order, the hyphenless and spaceless spellings, and — by the
pattern — the possessive ("Eun-chol's") and a title before a part ("Mr Kim").

Every form is replaced, longest first. In a quotation the replacement is shown in
square brackets (``[the Applicant]``), as lawyers mark an altered quotation. URLs that
contain a name are not altered into broken links: the caller withholds them. Words
that look like a name but are not one of its forms ("Kimm", "Eunchul") are returned
as near-misses for a warning. The same forms are what the verifier forbids in a
written package.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

_NO_SPACES = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mister|Господин|Госпожа)\.?\s+"
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
MIN_PART = 3  # shorter parts ("Li", "O") would rewrite ordinary words


@dataclass(frozen=True)
class NamePair:
    names: tuple[str, ...]  # the real name first, then the variants the user added
    alias: str

    @staticmethod
    def parse(line: str) -> NamePair:
        """``NAME [| VARIANT ...] = ALIAS``; raises ValueError on a malformed line."""
        left, sep, alias = line.partition("=")
        names = tuple(n.strip() for n in left.split("|") if n.strip())
        if not sep or not names or not alias.strip():
            raise ValueError(f"pseudonym {line!r}: write it as NAME[|VARIANT...]=REPLACEMENT")
        return NamePair(names, alias.strip())


def _forms(name: str) -> set[str]:
    """The spellings of one name a document may use."""
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    forms = {name.strip(), " ".join(reversed(parts))}
    if len(parts) > 1:
        forms.add("".join(parts))
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", ""))
            forms.add(form.replace("-", " "))
    for part in parts:
        if len(part.replace("-", "")) >= MIN_PART or _NO_SPACES.search(part):
            forms.add(part)
            if "-" in part:
                forms.add(part.replace("-", ""))
                forms.add(part.replace("-", " "))
                forms.update(p for p in part.split("-") if len(p) >= MIN_PART + 1)
    return {f for f in forms if f.strip()}


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


def _pattern(form: str) -> str:
    escaped = re.escape(form).replace(r"\ ", r"\s+")
    if _NO_SPACES.search(form):  # Korean particles (철수는) run on: no word boundary
        return escaped
    return rf"(?<!\w)(?:{TITLES})?{escaped}(?!\w)"


@dataclass
class Pseudonymiser:
    """Replaces every form of every name; remembers nothing between calls."""

    pairs: tuple[NamePair, ...] = ()
    _table: list[tuple[re.Pattern[str], str]] = field(default_factory=list, init=False)
    forms: dict[str, str] = field(default_factory=dict, init=False)  # form -> alias

    def __post_init__(self) -> None:
        for pair in self.pairs:
            for name in pair.names:
                for form in _forms(name):
                    self.forms.setdefault(form, pair.alias)
        for form in sorted(self.forms, key=lambda f: (-len(f), f)):
            flags = re.IGNORECASE | re.UNICODE
            self._table.append((re.compile(_pattern(form), flags), self.forms[form]))

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Pseudonymiser:
        pairs = [
            NamePair.parse(line)
            for line in lines
            if line.strip() and not line.lstrip().startswith("#")
        ]
        return cls(tuple(pairs))

    def __bool__(self) -> bool:
        return bool(self._table)

    def __call__(self, text: str, bracket: bool = False) -> str:
        """``text`` with every name replaced; ``bracket`` marks each replacement ``[alias]``."""
        if not text or not self._table:
            return text
        for pattern, alias in self._table:
            new = f"[{alias}]" if bracket else alias
            text = pattern.sub(lambda _m, new=new: new, text)  # type: ignore[misc]
        return text

    def quote(self, text: str) -> tuple[str, bool]:
        """A quotation with substitutions in square brackets; and whether it was altered."""
        new = self(text, bracket=True)
        return new, new != text

    def found_in(self, text: str) -> str | None:
        """The first name form in ``text`` (for the verifier), or None."""
        for pattern, _alias in self._table:
            match = pattern.search(text)
            if match:
                return match.group(0)
        return None

    def in_url(self, url: str) -> bool:
        """Whether a URL names someone: in its slug, query or host, in any spelling."""
        if not url or not self._table:
            return False
        slug = "-" + re.sub(r"[^0-9a-z\u0080-\uffff]+", "-", _fold(url)) + "-"
        joined = slug.replace("-", "")
        for form in self.forms:
            folded = re.sub(r"[^0-9a-z\u0080-\uffff]+", "-", _fold(form)).strip("-")
            if not folded:
                continue
            if f"-{folded}-" in slug:
                return True
            if "-" in folded and folded.replace("-", "") in joined:
                return True
        return False

    def near_misses(self, text: str) -> set[str]:
        """Words one letter away from a name part that are not forms of it ("Kimm", "Eunchul")."""
        if not self._table:
            return set()
        parts = {_fold(f) for f in self.forms if " " not in f and len(f) >= MIN_PART + 1}
        found = set()
        for match in _WORD.finditer(text):
            word = match.group(0).rstrip("'’")
            folded = _fold(word)
            if folded in parts or len(folded) < MIN_PART + 1:
                continue
            if any(_one_edit(folded, p) for p in parts):
                found.add(word)
        return found


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1 or a[:1] != b[:1]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
