"""A flavour-neutral syntax check for the regular expressions of white lists, and their literal prefix.

With ``is_path_regex`` / ``is_exclude_regex`` set, the SDK sends a white-list
pattern to the AgentBay service untouched, and the service does not say which
regular-expression engine reads it. This module therefore judges a pattern by
the union of the common flavours -- Python ``re``, PCRE, Java, JavaScript (with
and without the ``u`` flag), Go RE2 and POSIX ERE -- and reports only what none
of them accepts (with the three exceptions named below). It never compiles the
pattern: it is its own small tokenizer in pure Python, one left-to-right pass
(one or two more for a pattern with POSIX brackets or ``\\Q``), so its time is
linear in the pattern's length and no engine can print a warning. When the engines read a
construct differently the most permissive reading wins: when in doubt, the
pattern is accepted.

The verdicts below were checked against Python 3.11 ``re``, Java 17
``java.util.regex``, V8's ``RegExp`` (with and without ``u``), PCRE2 (``grep
-P``) and glibc's ERE (``grep -E``); Go's are its ``regexp/syntax`` error codes.

What the tokenizer knows
------------------------
- Escapes: ``\\`` and the next character are one atom, whatever the character
  (each flavour has its own set of escapes, and JavaScript without ``u`` takes
  any ``\\c`` as the literal ``c``). ``\\p{..}``, ``\\P{..}``, ``\\x{..}``,
  ``\\N{..}``, ``\\k{..}``, ``\\g{..}``, ``\\o{..}`` and ``\\u{..}`` take their braces
  with them. ``\\Q...\\E`` (PCRE, Java, Go) is literal text up to ``\\E`` or the
  end; since JavaScript without ``u`` reads ``\\Q`` as the letter ``Q``, a
  pattern that quotes is read that way too, and accepted when either reading
  is (``[\\Q]`` is the class ``[Q]`` there).
- Character classes: a ``]`` right after ``[`` or ``[^`` is a literal; ``\\``
  escapes inside a class as outside; ``[:alpha:]``, ``[.x.]`` and ``[=x=]``
  inside a class are POSIX brackets (PCRE, Go, POSIX) and any other ``[`` is a
  literal (Java's nested classes and ``&&`` read differently but compile as
  well). Python, Java and JavaScript know no POSIX brackets, so a pattern that
  holds one is read a second time with every ``[`` inside a class a literal,
  and accepted when either reading is: to Python ``[[:alpha:]`` is the class
  ``[[:alpha:]`` and nothing is left open.
- Groups: every ``(?`` syntax of the flavours is accepted -- ``(?:``, ``(?=``,
  ``(?!``, ``(?<=``, ``(?<!``, ``(?>``, ``(?|``, ``(?<name>``, ``(?P<name>``,
  ``(?'name'``, ``(?P=name)``, ``(?&name)``, ``(?R)``, ``(?1)``, conditionals,
  inline flags ``(?i)`` and scoped ones ``(?i-s:``; ``(?#...)`` is a comment.
  PCRE's verbs (``(*UTF)``, ``(*SKIP)``, ``(*:mark)``: ``(*`` and an upper-case
  letter or a colon) and alpha assertions (``(*pla:``: a word and a colon) are
  accepted; any other ``(*`` is a ``*`` with nothing to repeat. After
  ``(?x)`` white space and ``#`` comments are skipped to the end of the
  enclosing group (inside the group for ``(?x:...)``), as PCRE scopes flags.
- Quantifiers: ``*``, ``+``, ``?`` and ``{n}``, ``{n,}``, ``{n,m}`` (digits only),
  each optionally followed by one ``?`` (lazy) or ``+`` (possessive). A ``{``
  that does not start such a quantifier is a literal, as in Python, PCRE, Go
  and JavaScript without ``u`` (``{,3}`` is one: only Python and recent PCRE
  read it as a quantifier). Anchors (``^``, ``$``, ``\\b``) count as something
  to repeat, because Go and Java accept ``^*``; and a brace quantifier needs
  nothing before it, because Java accepts ``{2}a`` (it repeats the empty
  string).

What is reported, and who rejects it
------------------------------------
- A trailing ``\\`` escapes nothing. Python "bad escape (end of pattern)",
  PCRE and JavaScript "\\ at end of pattern", Java "unexpected internal
  error", Go "trailing backslash", POSIX REG_EESCAPE. Inside ``\\Q...`` a
  backslash is literal, so ``\\Qa\\`` is fine.
- A ``[`` whose class never closes. Python "unterminated character set",
  PCRE "missing terminating ]", Java "unclosed character class", JavaScript
  "unterminated character class", Go "missing closing ]", POSIX REG_EBRACK.
- A ``(`` that is never closed (Python "missing )", PCRE "missing closing
  parenthesis", Java "unclosed group", JavaScript "unterminated group", Go
  "missing closing )", POSIX REG_EPAREN), or a ``)`` that closes no group
  (Python "unbalanced parenthesis", PCRE "unmatched closing parenthesis",
  Java and JavaScript "unmatched ')'", Go "unexpected )").
- ``*``, ``+`` or ``?`` with nothing to repeat: at the start of the pattern,
  right after ``(`` (or a ``(?`` opener) or right after ``|``. Python "nothing
  to repeat", PCRE "quantifier does not follow a repeatable item", Java
  "dangling meta character", JavaScript "nothing to repeat", Go "missing
  argument to repetition operator"; POSIX leaves it undefined. ``*.tmp`` --
  a glob, not a regex -- is the usual case.
- ``*``, ``+`` or ``?`` right after a quantifier and its one lazy or
  possessive suffix (``a**``, ``a*??``; the glob ``**`` again). Python
  "multiple repeat", PCRE "quantifier does not follow a repeatable item",
  Java "dangling meta character", JavaScript "nothing to repeat", Go
  "invalid nested repetition operator"; POSIX leaves it undefined. A brace
  quantifier after a quantifier is not judged (Java accepts ``a*{2}``).
- ``{n,m}`` with n greater than m. Python "min repeat greater than max
  repeat", PCRE and JavaScript "numbers out of order", Java "illegal
  repetition range", Go "invalid repeat count", POSIX REG_BADBR.
- A class range whose ends are both ASCII digits, both lower-case or both
  upper-case letters, out of order (``[9-0]``, ``[z-a]``). Python "bad
  character range", PCRE and JavaScript "range out of order", Java "illegal
  character range", Go "invalid character class range", POSIX REG_ERANGE in
  every locale. Other ranges depend on the locale's collation in POSIX and
  are not judged.

Three readings of a single flavour are reported all the same, because every
other flavour rejects them and none is what a path pattern means:
JavaScript's empty class ``[]`` (and ``[^]``, any character), which matches
nothing; POSIX's literal backslash inside brackets (``[a\\]``); and POSIX's
unmatched ``)``, which the standard lets stand for itself (Henry Spencer's
regex library calls that a mistake of the standard) -- it is almost always a
lost ``(``. glibc goes further than the standard and also reads a quantifier
with nothing to repeat, or a repeated one, literally; its ``grep -E``
accepts ``*.tmp`` and ``a**``. Those are left to the standard, which does not
define them.

Everything else is accepted, including references to groups that do not
exist, unknown escapes, oversized counts and anything a single flavour
might take.
"""

from __future__ import annotations

from collections.abc import Iterator

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

    def __init__(self, pattern: str, *, posix_brackets: bool = True, quoting: bool = True) -> None:
        self.p = pattern
        self.n = len(pattern)
        self.posix_brackets = posix_brackets  # read `[:alpha:]` inside a class as one item
        self.quoting = quoting  # read `\Q...\E` as quoted text
        self.saw_posix_bracket = False
        self.saw_quote = False
        self.error: str | None = None
        self.extended = False  # after (?x)
        self.opened: list[list[int]] = []  # each open group: [where, extended mode to restore at its `)`]
        self.top_level_bar = False

    # --- the pattern ------------------------------------------------------------------------

    def scan(self) -> None:
        p, n = self.p, self.n
        opened = self.opened
        prev = _NONE
        i = 0
        while i < n:
            c = p[i]
            if self.extended and c in _WHITE_SPACE:
                i += 1
            elif self.extended and c == "#":
                i = self._comment(i + 1)
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
                        opened.append([i, self.extended])
                        break
                    i = end + 1  # a comment: what came before it is still what a quantifier repeats
                    continue
                opened.append([i, self.extended])
                i = self._group_opening(i + 1)
                prev = _NONE
            elif c == ")":
                if not opened:
                    raise _Problem(f"`)` {_at(i)} closes no group")
                self.extended = bool(opened.pop()[1])
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
                    raise _Problem(f"`{p[i:end]}` {_at(i)} has a minimum larger than its maximum")
                # Java repeats the empty string where there is nothing before a brace quantifier.
                i = self._quantifier(i, end, p[i:end], _ATOM)
                prev = _QUANT
            else:
                i += 1
                prev = _ATOM
        if opened:
            raise _Problem(f"`(` {_at(opened[-1][0])} opens a group that is never closed")

    def _comment(self, i: int) -> int:
        """Past a ``#`` comment of extended mode: to the line's end (Python lets ``\\`` carry it past one)."""
        p, n = self.p, self.n
        while i < n and p[i] != "\n":
            i += 2 if p[i] == "\\" else 1
        return i + 1

    def _escape(self, i: int) -> int:
        p, n = self.p, self.n
        if i + 1 >= n:
            raise _Problem("a trailing `\\` escapes nothing")
        d = p[i + 1]
        if d == "Q" and self.quoting:
            self.saw_quote = True
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
            if "x" in on or "x" in off:
                self.extended = "x" in on
                if j < n and p[j] == ")":
                    self.opened[-1][1] = self.extended  # `(?x)` holds on after its own `)`
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
        first = True  # a `]` here is a literal
        bad_range: str | None = None
        while j < n and (first or p[j] != "]"):
            first = False
            j, low = self._class_item(j)
            if j + 1 < n and p[j] == "-" and p[j + 1] != "]":
                j, high = self._class_item(j + 1)
                if low and high and bad_range is None and _same_kind(low, high) and low > high:
                    bad_range = f"the range `{low}-{high}` {_at(j - 3)} is out of order"
        if j >= n:
            raise _Problem(f"`[` {_at(start)} opens a character class that is never closed")
        if bad_range is not None:
            raise _Problem(bad_range)
        return j + 1

    def _class_item(self, j: int) -> tuple[int, str]:
        """Past one item of a class at ``j``, and the item when it is a plain character (else ``""``)."""
        p, n = self.p, self.n
        c = p[j]
        if c == "\\":
            if j + 1 < n and p[j + 1] == "Q" and self.quoting:
                self.saw_quote = True
                end = p.find("\\E", j + 2)
                return (n if end < 0 else end + 2), ""
            return j + 2, ""
        if c == "[" and self.posix_brackets and j + 1 < n and p[j + 1] in ":.=":
            end = p.find(p[j + 1] + "]", j + 2, j + 2 + _WINDOW)
            body = p[j + 2 : end] if end >= 0 else ""
            if body and "]" not in body and "\\" not in body:
                self.saw_posix_bracket = True
                return end + 2, ""
        return j + 1, c


def _readings(pattern: str) -> Iterator[_Scanner]:
    """The pattern scanned as PCRE and Go read it, then, where it matters, as Java and as Python or JavaScript do.

    PCRE, Go and POSIX know POSIX brackets; Python, Java and JavaScript do not. PCRE, Go and
    Java quote with ``\\Q...\\E``; to Python it is an error and to JavaScript without ``u`` the
    letters ``Q`` and ``E``. Each scanner is yielded after its scan; ``error`` holds its problem.
    """
    first = _Scanner(pattern)
    yield _scanned(first)
    if first.saw_posix_bracket and first.saw_quote:
        yield _scanned(_Scanner(pattern, posix_brackets=False))
    if first.saw_posix_bracket or first.saw_quote:
        yield _scanned(_Scanner(pattern, posix_brackets=False, quoting=False))


def _scanned(scanner: _Scanner) -> _Scanner:
    try:
        scanner.scan()
    except _Problem as problem:
        scanner.error = problem.message
    return scanner


def regex_problem(pattern: str) -> str | None:
    """Why no common regex flavour would accept ``pattern``, in a few words, or None when one would.

    Never raises, never compiles the pattern, and takes time linear in its length. When every
    reading fails, the message is the first reading's (PCRE's and Go's).
    """
    message = None
    for scanner in _readings(pattern):
        if scanner.error is None:
            return None
        message = message or scanner.error
    return message


def _top_level_bar(pattern: str) -> bool:
    """True when a ``|`` outside every group splits the pattern in any reading of it."""
    # What was read up to a problem still counts: a malformed pattern keeps its first literals.
    return any(scanner.top_level_bar for scanner in _readings(pattern))


def literal_prefix(pattern: str) -> str:
    """The text every match of ``pattern`` begins with, read off its literal start; ``""`` when there is none.

    A leading ``^`` (or ``\\A``) is dropped; ``\\.`` and other escaped punctuation are the
    character itself, and ``\\Q...\\E`` is its text (as PCRE, Java and Go quote). The prefix ends at the first
    metacharacter (``.``, ``[``, ``(``, ``|``, ``$``, ``+``, ``*``, ``?``, ``{``, ``^``, ``)``)
    or escape of a letter or digit (``\\d``, ``\\b``, ``\\n``...), and a character that a
    quantifier lets match zero times (``?``, ``*``, ``{0,...}``, ``{,...}``) is not part
    of it: ``^/home/wuying/project-.*`` gives ``/home/wuying/project-``,
    ``/home/wuyingx?/a`` gives ``/home/wuying``. A pattern with a ``|`` outside any
    group (in any reading of it, see the module notes) has no common prefix and gives
    ``""``. A malformed pattern still has the literal start it was written with. The
    flags of ``(?i)`` and the like are not followed: the prefix stops at their ``(``.
    """
    if _top_level_bar(pattern):
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
