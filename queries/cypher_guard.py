"""Refuse Cypher that could write or administer, before it is sent to the server.

The console's quick first filter, with messages that name the word and its place; the decision is
the server's (:mod:`queries.plan_guard` reads the plan Neo4j would run). The check works on
tokens, not on raw text, so that a keyword hidden in a string literal, a comment or a
backtick-quoted name neither triggers a refusal nor escapes one. Tokens are read as Neo4j reads
them: a ``\\uXXXX`` escape is decoded *before* the text is split (Neo4j does the same, so
``\\u0022`` ends a string and ``\\u000a`` ends a ``//`` comment). A keyword used as a name (a
label, relationship type, property or map key, an alias) is a name. Where the text is ambiguous
(an unterminated string or comment, a broken escape, an unusual line break inside a ``//``
comment) it is refused rather than guessed at.

>>> check_read_only("MATCH (n:Create) WHERE n.set = 'CREATE' RETURN n AS delete // SET")
>>> check_read_only("match (n) detach delete n")
Traceback (most recent call last):
...
queries.errors.WriteRefused: the console only reads: 'DETACH' is not allowed (line 1, column 11)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import WriteRefused

# Clauses and commands that write data or schema, read files, switch database or administer.
FORBIDDEN_WORDS = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "INSERT", "LOAD", "FOREACH",
        "DROP", "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "USE", "SHOW", "TERMINATE",
        "START", "STOP", "ENABLE", "DEALLOCATE", "REALLOCATE", "PERIODIC", "TRANSACTIONS",
    }
)

# Of those, the words that start or continue a data clause anywhere in a statement; the others
# (administration) are names once a statement declares them as variables (``WITH 0 AS start``).
CLAUSE_WORDS = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "INSERT", "LOAD", "FOREACH"})

# Procedures that only read; every other ``CALL`` of a procedure is refused.
READ_PROCEDURES = frozenset(
    {
        "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
        "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
        "db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships", "dbms.components",
    }
)

# Namespaces of built-in functions; any other namespaced function (e.g. a plugin's) is refused.
BUILTIN_FUNCTION_NAMESPACES = frozenset(
    {"point", "date", "datetime", "localdatetime", "localtime", "time", "duration", "vector.similarity"}
)

_LINE_BREAKS = "\n\r"
_INVISIBLE = ("Cf", "Mn", "Mc", "Cc")
# Characters some readers treat as line ends: a ``//`` comment containing one is ambiguous.
_UNUSUAL_BREAKS = "\u2028\u2029\u0085\x0b\x0c"


@dataclass(frozen=True)
class Token:
    """One lexical unit: ``kind`` is 'word', 'name' (backtick-quoted), 'string', 'number' or 'symbol'.

    ``text`` is read as Neo4j reads it (escapes decoded); ``offset`` is where it starts in the
    text as typed.
    """

    kind: str
    text: str
    offset: int


def decode_unicode_escapes(text: str) -> tuple[str, list[int]]:
    """The text Neo4j's lexer sees, and for each of its characters the offset it was typed at.

    Neo4j decodes ``\\uXXXX`` everywhere, before strings and comments are recognised, when the
    backslash is the last of an odd run of backslashes (as Java does); anything but four hex
    digits after such a ``\\u`` is a syntax error there, and refused here.
    """
    decoded: list[str] = []
    origins: list[int] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] != "\\":
            decoded.append(text[i])
            origins.append(i)
            i += 1
            continue
        run_end = i
        while run_end < n and text[run_end] == "\\":
            run_end += 1
        escaped = (run_end - i) % 2 == 1 and run_end < n and text[run_end] == "u"
        literal_end = run_end - 1 if escaped else run_end
        decoded.extend("\\" * (literal_end - i))
        origins.extend(range(i, literal_end))
        i = literal_end
        if escaped:
            digits = text[run_end + 1 : run_end + 5]
            if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                _refuse(text, i, "a \\u escape needs four hexadecimal digits")
            decoded.append(chr(int(digits, 16)))
            origins.append(i)
            i = run_end + 5
    return "".join(decoded), origins


def tokenize(text: str) -> list[Token]:
    """Split Cypher into tokens, dropping whitespace and comments; refuse what cannot be read."""
    decoded, origins = decode_unicode_escapes(text)
    origins.append(len(text))
    try:
        return [Token(t.kind, t.text, origins[t.offset]) for t in _tokens(decoded)]
    except _Unreadable as unreadable:
        _refuse(text, origins[unreadable.offset], unreadable.reason)


class _Unreadable(Exception):
    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset, self.reason = offset, reason


def _tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _is_space(ch):
            i += 1
        elif text.startswith("//", i):
            end = _line_end(text, i)
            if any(c in _UNUSUAL_BREAKS for c in text[i:end]):
                raise _Unreadable(i, "a // comment contains an unusual line break")
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise _Unreadable(i, "a /* comment is not closed")
            i = end + 2
        elif ch in "'\"":
            end = _quoted_end(text, i)
            tokens.append(Token("string", text[i:end], i))
            i = end
        elif ch == "`":
            end = _backtick_end(text, i)
            tokens.append(Token("name", text[i + 1 : end - 1].replace("``", "`"), i))
            i = end
        elif _is_word_char(ch):
            end = i
            while end < n and _is_word_char(text[end]):
                end += 1
            kind = "number" if ch.isdigit() else "word"
            tokens.append(Token(kind, text[i:end], i))
            i = end
        else:
            tokens.append(Token("symbol", ch, i))
            i += 1
    return tokens


def check_read_only(cypher: str) -> None:
    """Raise :class:`WriteRefused` unless ``cypher`` is one statement that only reads."""
    tokens = tokenize(cypher)
    if not tokens:
        raise WriteRefused("the query is empty")
    if tokens[0].kind == "symbol" and tokens[0].text == ":":
        _refuse(cypher, tokens[0].offset, "':' commands belong to Neo4j Browser, not to Cypher")
    variables = _declared_variables(tokens)
    for index, token in enumerate(tokens):
        if token.kind == "symbol" and token.text == ";" and index != len(tokens) - 1:
            _refuse(cypher, token.offset, "only one statement at a time (found ';' before the end)")
        if token.kind in ("word", "number") and not _is_name(tokens, index):
            for word in _words_in(token):
                if _forbidden(word) and not (_normal(word) in variables and _normal(word) not in CLAUSE_WORDS):
                    _refuse(cypher, token.offset, "'" + _normal(word) + "' is not allowed")
        if _follows_call(tokens, index):
            _check_procedure(cypher, tokens, index)
        elif token.kind in ("word", "name") and _starts_invocation(tokens, index):
            _check_function(cypher, tokens, index)


def split_statements(script: str) -> list[str]:
    """Statements of a script, split at top-level ';' (never inside strings or comments)."""
    statements, start = [], 0
    for token in tokenize(script):
        if token.kind == "symbol" and token.text == ";":
            statements.append(script[start : token.offset].strip())
            start = token.offset + 1
    statements.append(script[start:].strip())
    return [s for s in statements if tokenize(s)]


def _check_procedure(cypher: str, tokens: list[Token], start: int) -> None:
    if tokens[start].kind not in ("word", "name"):
        return  # CALL { … } or CALL (…) { … }: a subquery, checked token by token like the rest
    name, _ = _qualified_name(tokens, start)
    if name.lower() not in READ_PROCEDURES:
        _refuse(cypher, tokens[start].offset, "procedure '" + name + "' is not on the console's read-only list")


def _check_function(cypher: str, tokens: list[Token], index: int) -> None:
    name, _ = _qualified_name(tokens, index)
    namespace = name.rpartition(".")[0].lower()
    if namespace and namespace not in BUILTIN_FUNCTION_NAMESPACES:
        _refuse(cypher, tokens[index].offset, "function '" + name + "' is not a built-in function")


def _follows_call(tokens: list[Token], index: int) -> bool:
    before = index - 1
    return before >= 0 and _is_word(tokens[before], "CALL") and not _is_name(tokens, before)


def _starts_invocation(tokens: list[Token], index: int) -> bool:
    """A (possibly dotted) name followed by '(' that is not itself the tail of a dotted name."""
    if _after_single_dot(tokens, index):
        return False
    _, after = _qualified_name(tokens, index)
    return after < len(tokens) and tokens[after].kind == "symbol" and tokens[after].text == "("


def _qualified_name(tokens: list[Token], index: int) -> tuple[str, int]:
    parts, i = [tokens[index].text], index + 1
    while (
        i + 1 < len(tokens)
        and tokens[i].kind == "symbol"
        and tokens[i].text == "."
        and tokens[i + 1].kind in ("word", "name")
    ):
        parts.append(tokens[i + 1].text)
        i += 2
    return ".".join(parts), i


def _is_name(tokens: list[Token], index: int) -> bool:
    """A word in the place of a name: never a clause keyword, whatever it spells.

    Property keys and namespaces (``n.set``), labels and relationship types (``:Create``,
    ``:A|Start``), map keys and variables before ``:`` (``{create: 1}``, ``(start:Firm)``),
    aliases (``AS delete``) and parameters (``$set``).
    """
    if _is_parameter(tokens, index) or _after_single_dot(tokens, index) or _in_label_expression(tokens, index):
        return True
    if index + 1 < len(tokens) and _is_symbol(tokens[index + 1], ":"):
        return True
    return index > 0 and _is_word(tokens[index - 1], "AS")


def _declared_variables(tokens: list[Token]) -> set[str]:
    """Words the statement declares with ``AS`` (upper-cased)."""
    return {_normal(tokens[i + 1].text) for i in range(len(tokens) - 1)
            if _is_word(tokens[i], "AS") and tokens[i + 1].kind == "word"}


def _after_single_dot(tokens: list[Token], index: int) -> bool:
    """``a.b``, not ``[1..b]``: after ``..`` a new expression starts (a function call, say)."""
    if index == 0 or not _is_symbol(tokens[index - 1], "."):
        return False
    return not (index > 1 and _is_symbol(tokens[index - 2], ".") and tokens[index - 2].offset + 1 == tokens[index - 1].offset)


def _in_label_expression(tokens: list[Token], index: int) -> bool:
    """After ``:`` and in ``:A|B``, ``:A&!B`` chains of labels or types."""
    j = index - 1
    while j >= 0 and not _is_symbol(tokens[j], ":"):
        if not _is_label_operator(tokens[j]):
            return False
        while j >= 0 and _is_label_operator(tokens[j]):
            j -= 1
        if j >= 0 and _is_symbol(tokens[j], ":"):
            return True
        if j < 0 or tokens[j].kind not in ("word", "name"):
            return False
        j -= 1
    return j >= 0


def _is_label_operator(token: Token) -> bool:
    return token.kind == "symbol" and token.text in "|&!"


def _is_symbol(token: Token, text: str) -> bool:
    return token.kind == "symbol" and token.text == text


def _is_word(token: Token, word: str) -> bool:
    return token.kind == "word" and _normal(token.text) == word


def _is_parameter(tokens: list[Token], index: int) -> bool:
    """``$name``: a parameter's name may be any word, e.g. ``$set``."""
    before = tokens[index - 1] if index else None
    return before is not None and before.text == "$" and before.offset + 1 == tokens[index].offset


def _words_in(token: Token) -> list[str]:
    """A word is itself; a number is checked for letters glued to it, as in ``LIMIT 1CREATE``."""
    if token.kind == "word":
        return [token.text]
    return re.findall(r"[^\W\d_]+", token.text)


def _forbidden(word: str) -> bool:
    return _normal(word) in FORBIDDEN_WORDS or word.lower().upper() in FORBIDDEN_WORDS


def _normal(word: str) -> str:
    """Upper-case after compatibility folding and without invisible format characters."""
    folded = unicodedata.normalize("NFKC", word)
    return "".join(c for c in folded if unicodedata.category(c) not in _INVISIBLE).upper()


def _is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _is_word_char(ch: str) -> bool:
    # Invisible characters (zero-width space, combining marks, controls) stay inside a word, so
    # that they cannot split a keyword into harmless-looking halves; _normal drops them.
    return ch.isalnum() or ch == "_" or (unicodedata.category(ch) in _INVISIBLE and not _is_space(ch))


def _line_end(text: str, start: int) -> int:
    ends = [p for p in (text.find(c, start) for c in _LINE_BREAKS) if p >= 0]
    return min(ends) if ends else len(text)


def _quoted_end(text: str, start: int) -> int:
    quote, i = text[start], start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == quote:
            return i + 1
        else:
            i += 1
    raise _Unreadable(start, "a string is not closed")


def _backtick_end(text: str, start: int) -> int:
    i = start + 1
    while i < len(text):
        if text.startswith("``", i):
            i += 2
        elif text[i] == "`":
            return i + 1
        else:
            i += 1
    raise _Unreadable(start, "a `quoted name` is not closed")


def _refuse(text: str, offset: int, reason: str) -> None:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    raise WriteRefused(f"the console only reads: {reason} (line {line}, column {column})")
