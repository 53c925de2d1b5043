"""A flavour-neutral syntax check for the regular expressions of white lists, and their literal prefix.

With ``is_path_regex`` / ``is_exclude_regex`` set, the SDK sends a white-list
pattern to the AgentBay service untouched, and the service does not say which
regular-expression engine reads it. This module therefore judges a pattern by
the union of the common flavours -- Python ``re``, PCRE, Java, JavaScript (with
and without the ``u`` flag), Go RE2 and POSIX ERE -- and reports only what none
of them would compile. It never compiles the pattern: it is its own small
tokenizer, pure Python, one left-to-right pass (linear in the pattern's length),
so a pattern can neither hang the linter nor make an engine print a warning.
When a construct is read differently by different engines, the most permissive
reading wins: when in doubt, the pattern is accepted.

What the tokenizer knows
------------------------
- Escapes: ``\\`` and the next character are one atom, whatever the character
  (each flavour has its own set of escapes, and JavaScript without ``u`` takes
  any ``\\c`` as the literal ``c``). ``\\p{..}``, ``\\P{..}``, ``\\x{..}``,
  ``\\N{..}``, ``\\k{..}``, ``\\g{..}``, ``\\o{..}`` and ``\\u{..}`` take their braces
  with them. ``\\Q...\\E`` (PCRE, Java) is literal text up to ``\\E`` or the end.
- Character classes: a ``]`` right after ``[`` or ``[^`` is a literal; ``\\``
  escapes inside a class as outside; ``[:alpha:]``, ``[.x.]`` and ``[=x=]``
  inside a class are POSIX brackets (PCRE, Go, POSIX), but a class that only
  Python's reading closes (``[[:alpha:]`` is ``[[:alpha:]`` plus a literal
  ``]``) is accepted too; any other ``[`` inside a class is a literal (Java's
  nested classes and ``&&`` read differently but compile as well).
- Groups: every ``(?`` syntax of the flavours is accepted -- ``(?:``, ``(?=``,
  ``(?!``, ``(?<=``, ``(?<!``, ``(?>``, ``(?|``, ``(?<name>``, ``(?P<name>``,
  ``(?'name'``, ``(?P=name)``, ``(?&name)``, ``(?R)``, ``(?1)``, conditionals,
  inline flags ``(?i)`` and scoped ones ``(?i-s:``; ``(?#...)`` is a comment;
  PCRE's verbs (``(*UTF)``, ``(*SKIP)``, ``(*:mark)``: ``(*`` and an upper-case
  letter or a colon) and alpha assertions (``(*pla:``: a word and a colon) are
  accepted; any other ``(*`` is a ``*`` with nothing to repeat. After
  ``(?x)`` white space and ``#`` comments are skipped (for the rest of the
  pattern, not just the group: the tolerant reading).
- Quantifiers: ``*``, ``+``, ``?`` and ``{n}``, ``{n,}``, ``{n,m}`` (digits only),
  each optionally followed by one ``?`` (lazy) or ``+`` (possessive). A ``{``
  that does not start such a quantifier is a literal, as in Python, PCRE, Go
  and JavaScript without ``u`` (``{,3}`` is one: only Python and recent PCRE
  read it as a quantifier). Anchors (``^``, ``$``, ``\\b``) count as something
  to repeat, because Go and Java accept ``^*``.

What is reported, and who rejects it
------------------------------------
- A trailing ``\\`` escapes nothing: every flavour rejects it (Python "bad
  escape (end of pattern)", PCRE and JavaScript "\\ at end of pattern", Go
  "trailing backslash", Java "unexpected internal error", POSIX REG_EESCAPE).
  Inside ``\\Q...`` a backslash is literal, so ``\\Qa\\`` is fine.
- A ``[`` whose class never closes: every flavour rejects it. Two readings
  stand apart and are still reported: JavaScript takes ``[]`` as an empty
  class (and ``[^]`` as any character), and POSIX takes a backslash inside
  brackets literally (``[a\\]``). Every other flavour rejects both, an empty
  class matches nothing, and a literal backslash in a path pattern is almost
  never what was meant.
- A ``(`` that is never closed, or a ``)`` that closes no group: rejected by
  Python, PCRE, Java, JavaScript and Go. The POSIX standard lets an unmatched
  ``)`` stand for itself (Henry Spencer's BSD library calls that a mistake of
  the standard and rejects it); a stray ``)`` in a path pattern is almost
  always a lost ``(``, so it is reported.
- A quantifier with nothing to repeat -- at the start of the pattern, right
  after ``(`` (or a ``(?`` opener) or right after ``|``: Python "nothing to
  repeat", PCRE "quantifier does not follow a repeatable item", Java
  "dangling meta character", JavaScript "nothing to repeat", Go "missing
  argument to repetition operator"; POSIX leaves it undefined. ``*.tmp`` --
  a glob, not a regex -- is the usual case.
- A quantifier right after a quantifier and its one lazy/possessive suffix
  (``a**``, ``a*??``; the glob ``**`` again): Python "multiple repeat", PCRE,
  Java and JavaScript reject it, Go "invalid nested repetition operator";
  POSIX leaves it undefined. A brace quantifier after a quantifier is not
  judged (the flavours disagree on what it is).
- ``{n,m}`` with n greater than m: Python "min repeat greater than max
  repeat", PCRE and JavaScript "numbers out of order", Java "illegal
  repetition range", Go "invalid repeat count", POSIX REG_BADBR.
- A class range whose ends are both ASCII digits, both lower-case or both
  upper-case letters and out of order (``[9-0]``, ``[z-a]``): every flavour
  rejects it (POSIX REG_ERANGE in any locale; other ranges depend on the
  locale's collation in POSIX and are not judged).

Everything else is accepted, including references to groups that do not
exist, unknown escapes, oversized counts and anything else a single flavour
might take.
"""

from __future__ import annotations

_NONE = 0  # nothing to repeat yet: the start, after `(` or `|`
_ATOM = 1  # after something a quantifier can repeat
_QUANT = 2  # after a quantifier (and its lazy/possessive suffix, if any)

_BRACED_ESCAPES = frozenset("pPxNkgou")
_GROUP_OPENERS = frozenset(":=!>|*~")
_FLAG_CHARS = frozenset("^+-_")
_METACHARS = frozenset(".[(|$+*?{)^\\")
_WINDOW = 64  # how far a POSIX bracket name or an escape's braces may reach
_WHITE_SPACE = frozenset(" \t\n\r\f\v")


class _Problem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _at(i: int) -> str:
    return f"at character {i + 1}"


def _greater(a: str, b: str) -> bool:
    """``int(a) > int(b)`` for digit strings of any length (no int conversion limits)."""
    a, b = a.lstrip("0") or "0", b.lstrip("0") or "0"
    return (len(a), a) > (len(b), b)


def _same_kind(a: str, b: str) -> bool:
    return any(lo <= a <= hi and lo <= b <= hi for lo, hi in (("0", "9"), ("a", "z"), ("A", "Z")))


def _braced_quantifier(p: str, i: int) -> tuple[int, str, str | None] | None:
    """At ``p[i] == "{"``: (end, min, max or None) of ``{n}``, ``{n,}`` or ``{n,m}``, or None."""
    n = len(p)
    j = i + 1
    while j < n and "0" <= p[j] <= "9":
        j += 1
    low = p[i + 1 : j]
    if not low:
        return None
    high: str | None = low
    if j < n and p[j] == ",":
        k = j + 1
        while k < n and "0" <= p[k] <= "9":
            k += 1
        high = p[j + 1 : k] or None
        j = k
    if j < n and p[j] == "}":
        return j + 1, low, high
    return None


class _Scanner:
    """One pass over a pattern: the first problem (raised as :class:`_Problem`) and whether it has a top-level ``|``."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.n = len(pattern)
        self.extended = False  # after (?x)
        self.posix_brackets = True  # until a class closes only in Python's reading
        self.top_level_bar = False

    # --- the pattern ------------------------------------------------------------------------

    def scan(self) -> None:
        p, n = self.p, self.n
        opened: list[int] = []
        prev = _NONE
        i = 0
        while i < n:
            c = p[i]
            if self.extended and c in _WHITE_SPACE:
                i += 1
            elif self.extended and c == "#":
                end = p.find("\n", i)
                i = n if end < 0 else end + 1
            elif c == "\\":
                i = self._escape(i)
                prev = _ATOM
            elif c == "[":
                i = self._class(i)
                prev = _ATOM
            elif c == "(":
                if p.startswith("(?#", i):
                    end = p.find(")", i + 3)
                    if end < 0:
                        opened.append(i)
                        break
                    i = end + 1  # a comment: what came before it is still what a quantifier repeats
                    continue
                opened.append(i)
                i = self._group_opening(i + 1)
                prev = _NONE
            elif c == ")":
                if not opened:
                    raise _Problem(f"`)` {_at(i)} closes no group")
                opened.pop()
                i += 1
                prev = _ATOM
            elif c == "|":
                if not opened:
                    self.top_level_bar = True
                i += 1
                prev = _NONE
            elif c in "*+?":
                i = self._quantifier(i, i + 1, c, prev)
                prev = _QUANT
            elif c == "{" and prev != _QUANT and (braced := _braced_quantifier(p, i)) is not None:
                end, low, high = braced
                if high is not None and _greater(low, high):
                    if prev == _NONE:
                        raise _Problem(f"`{p[i:end]}` {_at(i)} has nothing to repeat")
                    raise _Problem(f"`{p[i:end]}` {_at(i)} has a minimum larger than its maximum")
                i = self._quantifier(i, end, p[i:end], prev)
                prev = _QUANT
            else:
                i += 1
                prev = _ATOM
        if opened:
            raise _Problem(f"`(` {_at(opened[-1])} opens a group that is never closed")

    def _escape(self, i: int) -> int:
        p, n = self.p, self.n
        if i + 1 >= n:
            raise _Problem("a trailing `\\` escapes nothing")
        d = p[i + 1]
        if d == "Q":
            end = p.find("\\E", i + 2)
            return n if end < 0 else end + 2
        j = i + 2
        if d in _BRACED_ESCAPES and j < n and p[j] == "{":
            end = p.find("}", j, j + _WINDOW)
            if end >= 0:
                return end + 1
        return j

    def _quantifier(self, start: int, end: int, text: str, prev: int) -> int:
        if prev == _NONE:
            raise _Problem(f"`{text}` {_at(start)} has nothing to repeat")
        if prev == _QUANT:
            raise _Problem(f"`{text}` {_at(start)} follows another quantifier")
        if end < self.n and self.p[end] in "?+":
            end += 1  # lazy or possessive
        return end

    def _group_opening(self, i: int) -> int:
        """Past the group syntax after a ``(`` at ``i - 1``: ``?:``, ``?<name>``, ``?i-s:``, ``*VERB:``..."""
        p, n = self.p, self.n
        if i >= n:
            return i
        if p[i] == "*":
            # PCRE: a verb (`(*UTF)`, `(*SKIP)`, `(*:mark)`) or an alpha assertion (`(*pla:`);
            # anything else after `(*` leaves the `*` with nothing to repeat.
            end = self._word(i + 1)
            name = p[i + 1 : end]
            if name and (name[0] == ":" or ("A" <= name[0] <= "Z") or name.endswith(":")):
                return end
            return i
        if p[i] != "?":
            return i
        i += 1
        if i >= n:
            return i
        d = p[i]
        if d in _GROUP_OPENERS:
            return i + 1
        if d == "<":
            if i + 1 < n and p[i + 1] in "=!*":
                return i + 2
            return self._name(i + 1, ">")
        if d == "P" and i + 1 < n and p[i + 1] == "<":
            return self._name(i + 2, ">")
        if d == "P" and i + 1 < n and p[i + 1] in "=>":
            return self._word(i + 2)
        if d == "'":
            return self._name(i + 1, "'")
        if d == "&":
            return self._word(i + 1)
        if d == "(":
            return i  # a conditional: the `(` opens the condition as a group of its own
        j = i
        while j < n and (p[j].isalnum() or p[j] in _FLAG_CHARS):
            j += 1
        flags = p[i:j]
        if flags and not any(ch.isdigit() for ch in flags):
            on, _, off = flags.partition("-")
            if "x" in on:
                self.extended = True
            elif "x" in off:
                self.extended = False
        if j < n and p[j] == ":":
            j += 1
        return j

    def _word(self, i: int) -> int:
        p, n = self.p, self.n
        while i < n and (p[i].isalnum() or p[i] == "_"):
            i += 1
        if i < n and p[i] == ":":
            i += 1
        return i

    def _name(self, i: int, close: str) -> int:
        p, n = self.p, self.n
        while i < n and (p[i].isalnum() or p[i] in "_-"):
            i += 1
        return i + 1 if i < n and p[i] == close else i

    # --- character classes ------------------------------------------------------------------

    def _class(self, start: int) -> int:
        """Past the class opened at ``start``; raises when it never closes (or holds a reversed range)."""
        p, n = self.p, self.n
        j = start + 1
        if j < n and p[j] == "^":
            j += 1
        if j < n and p[j] == "]":
            j += 1
        python_close = -1  # where Python's reading would close, when a POSIX bracket swallowed that `]`
        bad_range: tuple[int, str] | None = None
        while j < n:
            c = p[j]
            if c == "]":
                break
            if c == "\\":
                if j + 1 < n and p[j + 1] == "Q":
                    end = p.find("\\E", j + 2)
                    j = n if end < 0 else end + 2
                else:
                    j += 2
                continue
            if c == "[" and self.posix_brackets and j + 1 < n and p[j + 1] in ":.=":
                end = p.find(p[j + 1] + "]", j + 2, j + 2 + _WINDOW)
                body = p[j + 2 : end] if end >= 0 else ""
                if body and "]" not in body and "\\" not in body:
                    if python_close < 0:
                        python_close = end + 1
                    j = end + 2
                    continue
            if j + 2 < n and p[j + 1] == "-" and p[j + 2] not in "]\\[":
                if bad_range is None and _same_kind(c, p[j + 2]) and c > p[j + 2]:
                    bad_range = (j, f"the range `{p[j : j + 3]}` {_at(j)} is out of order")
                j += 3
                continue
            j += 1
        if j >= n:
            if python_close < 0:
                raise _Problem(f"`[` {_at(start)} opens a character class that is never closed")
            j = python_close  # only Python's reading closes it; read the rest as Python does
            self.posix_brackets = False
        if bad_range is not None and bad_range[0] < j:
            raise _Problem(bad_range[1])
        return j + 1


def regex_problem(pattern: str) -> str | None:
    """Why no common regex flavour would accept ``pattern``, in a few words, or None when one would.

    Never raises, never compiles the pattern, and takes time linear in its length.
    """
    try:
        _Scanner(pattern).scan()
    except _Problem as problem:
        return problem.message
    return None


def literal_prefix(pattern: str) -> str:
    """The text every match of ``pattern`` begins with, read off its literal start; ``""`` when there is none.

    A leading ``^`` (or ``\\A``) is dropped; ``\\.`` and other escaped punctuation are the
    character itself, and ``\\Q...\\E`` is its text. The prefix ends at the first
    metacharacter (``.``, ``[``, ``(``, ``|``, ``$``, ``+``, ``*``, ``?``, ``{``, ``^``, ``)``)
    or escape of a letter or digit (``\\d``, ``\\b``, ``\\n``...), and a character that a
    quantifier lets match zero times (``?``, ``*``, ``{0,...}``, ``{,...}``) is not part
    of it: ``^/home/wuying/project-.*`` gives ``/home/wuying/project-``,
    ``/home/wuyingx?/a`` gives ``/home/wuying``. A pattern with a ``|`` outside any
    group has no common prefix and gives ``""``.
    """
    scanner = _Scanner(pattern)
    try:
        scanner.scan()
    except _Problem:
        pass  # the prefix is read the same way; a malformed pattern still starts with its literals
    if scanner.top_level_bar:
        return ""
    p, n = pattern, len(pattern)
    i = 0
    if p.startswith("^"):
        i = 1
    elif p.startswith("\\A"):
        i = 2
    chars: list[str] = []
    while i < n:
        c = p[i]
        if c == "\\":
            if i + 1 >= n:
                break
            d = p[i + 1]
            if d == "Q":
                end = p.find("\\E", i + 2)
                stop = n if end < 0 else end
                chars.extend(p[i + 2 : stop])
                i = n if end < 0 else end + 2
                continue
            if d.isalnum():
                break
            chars.append(d)
            i += 2
            continue
        if c in _METACHARS:
            break
        chars.append(c)
        i += 1
    # What follows the literal run decides whether its last character always matches.
    if chars and i < n:
        c = p[i]
        if c in "*?":
            chars.pop()
        elif c == "{":
            j = i + 1
            while j < n and "0" <= p[j] <= "9":
                j += 1
            low = p[i + 1 : j]
            if j < n and p[j] in ",}" and (low.strip("0") == "" if low else p[j] == ","):
                k = j + 1 if p[j] == "," else j
                while k < n and "0" <= p[k] <= "9":
                    k += 1
                if k < n and p[k] == "}":
                    chars.pop()
    return "".join(chars)
