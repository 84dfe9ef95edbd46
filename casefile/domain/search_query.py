"""The search query language, parsed once into an FTS5 query and into patterns.

Syntax: words (``asylum``), prefixes (``detain*``), phrases (``"state
protection"``), ``AND`` (also implied between words), ``OR``, ``NOT``
(binary: ``police NOT army``) and parentheses. Operators must be written in
capitals, as in SQLite FTS5; lower-case ``and``/``or``/``not`` are words.

Matching mirrors the index's tokenizer (SQLite ``unicode61`` with
``remove_diacritics 2``): letters and digits make tokens, everything else
separates them; case is ignored; Latin diacritics are ignored (``cafe`` finds
``café``); Russian ``ё`` is indexed as ``е`` (the index gets the text with
``ё`` replaced). Korean writes particles onto the word (``정부는`` = ``정부`` +
``는``), so a query word holding Hangul matches as a prefix: ``정부`` finds
``정부는``, ``정부가``, ``정부의``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casefile.domain.errors import InvalidInput
from casefile.domain.search_fold import char_class, fold, has_hangul

TOKEN = re.compile(r"[^\W_]+")
SEPARATOR = r"[\W_]+"
_LEXER = re.compile(r'\s*(?:(?P<quote>"(?P<phrase>[^"]*)"(?P<pstar>\*)?)|(?P<paren>[()])|'
                    r'(?P<word>[^\s()"]+))')  # fmt: skip
OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase: folded tokens; ``prefix`` applies to the last token."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Node:
    op: str  # "AND", "OR", "NOT"
    children: tuple[Node | Term, ...]


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str
    tree: Node | Term

    @property
    def fts(self) -> str:
        """The FTS5 MATCH expression."""
        return _fts(self.tree)

    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms whose occurrences are hits (not those after NOT)."""
        return tuple(dict.fromkeys(_positive(self.tree)))

    def pattern(self) -> re.Pattern[str]:
        """One regular expression finding every positive term in raw stored text."""
        alternatives = sorted(
            (_term_regex(t) for t in self.terms), key=len, reverse=True
        )  # longest first: a phrase wins over its own first word
        return re.compile("|".join(f"(?:{a})" for a in alternatives))


def parse(text: str) -> SearchQuery:
    """Parse a query; bad syntax raises :class:`InvalidInput` with one clear line."""
    tokens = _lex(text)
    if not tokens:
        raise InvalidInput("the search query is empty")
    parser = _Parser(tokens)
    tree = parser.or_expr()
    if parser.position < len(tokens):
        raise InvalidInput(f"search query: unexpected {tokens[parser.position][1]!r}")
    return SearchQuery(text, tree)


def _lex(text: str) -> list[tuple[str, str]]:
    if text.count('"') % 2:
        raise InvalidInput('search query: a phrase is missing its closing quote (")')
    out: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _LEXER.match(text, position)
        if match is None:  # pragma: no cover - the lexer accepts every character
            raise InvalidInput("search query: cannot read it")
        position = match.end()
        if match.group("quote") is not None:
            out.append(("phrase", match.group("phrase") + ("*" if match.group("pstar") else "")))
        elif match.group("paren"):
            out.append((match.group("paren"), match.group("paren")))
        else:
            word = match.group("word")
            out.append((word if word in OPERATORS else "word", word))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0

    def _peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def or_expr(self) -> Node | Term:
        parts = [self.and_expr()]
        while self._peek() == "OR":
            self.position += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Node("OR", tuple(parts))

    def and_expr(self) -> Node | Term:
        parts = [self.not_expr()]
        while self._peek() in ("AND", "word", "phrase", "("):
            if self._peek() == "AND":
                self.position += 1
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else Node("AND", tuple(parts))

    def not_expr(self) -> Node | Term:
        left = self.unary()
        while self._peek() == "NOT":
            self.position += 1
            left = Node("NOT", (left, self.unary()))
        return left

    def unary(self) -> Node | Term:
        kind = self._peek()
        if kind is None:
            raise InvalidInput("search query: it ends where a word was expected")
        value = self.tokens[self.position][1]
        self.position += 1
        if kind == "(":
            inner = self.or_expr()
            if self._peek() != ")":
                raise InvalidInput("search query: a '(' is missing its ')'")
            self.position += 1
            return inner
        if kind in ("word", "phrase"):
            return _term(value)
        if kind == "NOT":
            raise InvalidInput("search query: NOT needs something before it (police NOT army)")
        raise InvalidInput(f"search query: {value!r} where a word was expected")


def _term(value: str) -> Term:
    prefix = value.endswith("*")
    words = TOKEN.findall(fold(value.rstrip("*")))
    if not words:
        raise InvalidInput(f"search query: {value!r} holds no letters or digits to search for")
    if "*" in value.rstrip("*"):
        raise InvalidInput(f"search query: {value!r}: '*' may only end a word")
    return Term(tuple(words), prefix)


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts(tree: Node | Term) -> str:
    if isinstance(tree, Term):
        last = len(tree.tokens) - 1
        pieces = [
            _quoted(t) + ("*" if (i == last and tree.prefix) or has_hangul(t) else "")
            for i, t in enumerate(tree.tokens)
        ]
        return " + ".join(pieces)
    return "(" + f" {tree.op} ".join(_fts(c) for c in tree.children) + ")"


def _positive(tree: Node | Term) -> list[Term]:
    if isinstance(tree, Term):
        return [tree]
    children = tree.children[:1] if tree.op == "NOT" else tree.children
    return [t for child in children for t in _positive(child)]


def _term_regex(term: Term) -> str:
    """Tokens in order, separated by non-token characters, at token boundaries.

    An explicit prefix (``detain*``) hits the whole word (``detained``); a
    Korean word hits only what was asked (``정부`` in ``정부는``), so that
    coding every hit codes the noun without its particle.
    """
    pieces = []
    last = len(term.tokens) - 1
    for i, token in enumerate(term.tokens):
        atoms = [char_class(c) for c in token]
        if i == 0:  # the boundary check after the first character: 4x faster scanning
            atoms[0] += r"(?<![^\W_].)"
        body = "".join(atoms)
        if i == last and term.prefix:
            body += r"[^\W_]*"
        elif has_hangul(token):
            body += "" if i == last else r"[^\W_]*"  # particles between the words
        else:
            body += r"(?![^\W_])"
        pieces.append(body)
    return SEPARATOR.join(pieces)
