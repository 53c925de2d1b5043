"""Record classes: the part of ``dataclasses`` syncdsl uses, without its start-up cost.

``syncdsl lint`` creates some fifty small value classes before it reads a file.
As dataclasses each one compiled fresh ``__init__``/``__repr__``/``__eq__``
(and, frozen, ``__setattr__``/``__delattr__``/``__hash__``) source with
``exec``: 0.3-0.7 ms a class on CPython 3.11, and ``import dataclasses`` alone
imports ``inspect`` (~5 ms). Together that was about a fifth of a cold lint.

``@record`` gives the same behaviour for what syncdsl writes:

- ``__init__`` taking the fields positionally or by keyword, in definition
  order with inherited fields first, with plain defaults and
  ``field(default_factory=...)``;
- ``__repr__`` as ``Name(a=1, b='x')`` over the fields with ``repr=True``;
- ``__eq__`` over the fields with ``compare=True`` (``eq=False`` keeps
  identity); a frozen record hashes those fields, a mutable one with ``__eq__``
  is unhashable, as with dataclasses;
- ``frozen=True`` refuses attribute assignment and deletion
  (``FrozenInstanceError``, an ``AttributeError``);
- ``fields()`` and ``replace()``.

The methods are ordinary functions of this module, compiled once into its
``.pyc``; creating a record class only reads its annotations. Annotations
are not evaluated (every syncdsl module uses ``from __future__ import
annotations``); one spelled ``ClassVar[...]`` is not a field. Type checkers
see ``record`` as a dataclass transform (PEP 681).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: object) -> Any:
        return lambda decorated: decorated


__all__ = ["FrozenInstanceError", "Field", "field", "fields", "record", "replace"]

T = TypeVar("T")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    """One field of a record: its name, default (or factory) and whether repr/eq use it."""

    __slots__ = ("name", "default", "default_factory", "repr", "compare")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True, compare: bool = True):
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare

    def _named(self, name: str) -> Field:
        copy = Field(self.default, self.default_factory, self.repr, self.compare)
        copy.name = name
        return copy

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, default_factory={self.default_factory!r})"


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with a default factory, or one left out of ``repr`` or ``==``."""
    return Field(default, default_factory, repr, compare)


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in ``__init__`` order (or a real dataclass's, such as the SDK's)."""
    try:
        return obj.__record_fields__  # type: ignore[no-any-return]
    except AttributeError:
        import dataclasses

        return dataclasses.fields(obj)  # type: ignore[return-value]


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with some fields changed."""
    for f in fields(obj):
        if f.name not in changes:
            changes[f.name] = obj.__dict__[f.name]
    return type(obj)(**changes)


def _is_classvar(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _collect(cls: type) -> tuple[Field, ...]:
    by_name: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            by_name[f.name] = f
    namespace = cls.__dict__
    own = namespace.get("__annotations__")
    if own is None and "__annotate__" in namespace:  # Python 3.14+ without `from __future__ import annotations`
        own = cls.__annotations__
    for name, annotation in (own or {}).items():
        if _is_classvar(annotation):
            continue
        value = namespace.get(name, MISSING)
        if isinstance(value, Field):
            f = value._named(name)
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        else:
            f = Field(value)._named(name)
        by_name[name] = f
    return tuple(by_name.values())


# A class whose generic __init__ has run this many times gets one compiled for its fields, as a dataclass's
# is (about 4x faster; compiling costs ~0.1 ms). A one-file lint makes at most ~20 of any record, so it never
# pays for compiling; linting a thousand files or a 50,000-line one makes some records 10,000+ times.
COMPILE_AFTER = 256
_calls: dict[type, int] = {}


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    names, defaults = cls.__record_init__
    count = _calls.get(cls, 0) + 1
    _calls[cls] = count
    if count >= COMPILE_AFTER and cls.__dict__.get("__init__") is _init:
        cls.__init__ = _compiled_init(cls)
    if len(args) > len(names):
        raise TypeError(f"{cls.__qualname__}() takes {len(names)} positional arguments but {len(args)} were given")
    values = self.__dict__
    for name, value in zip(names, args, strict=False):
        values[name] = value
    for name in names[len(args) :]:
        if name in kwargs:
            values[name] = kwargs.pop(name)
            continue
        default = defaults.get(name, MISSING)
        if default is MISSING:
            raise TypeError(f"{cls.__qualname__}() missing required argument: '{name}'")
        values[name] = default() if type(default) is _Factory else default
    if kwargs:
        name = next(iter(kwargs))
        if name in names:
            raise TypeError(f"{cls.__qualname__}() got multiple values for argument '{name}'")
        raise TypeError(f"{cls.__qualname__}() got an unexpected keyword argument '{name}'")


def _compiled_init(cls: type) -> Callable[..., None]:
    """An ``__init__`` for ``cls``'s fields that does what ``_init`` does, compiled once."""
    names, defaults = cls.__record_init__  # type: ignore[attr-defined]
    scope: dict[str, Any] = {"_M": MISSING, "TypeError": TypeError}
    body = ["    d = self.__dict__"]
    for i, name in enumerate(names):
        default = defaults.get(name, MISSING)
        if default is MISSING:
            message = f"{cls.__qualname__}() missing required argument: '{name}'"
            body.append(f"    if {name} is _M: raise TypeError({message!r})")
            body.append(f"    d[{name!r}] = {name}")
        elif type(default) is _Factory:
            scope[f"_f{i}"] = default.make
            body.append(f"    d[{name!r}] = _f{i}() if {name} is _M else {name}")
        else:
            scope[f"_d{i}"] = default
            body.append(f"    d[{name!r}] = _d{i} if {name} is _M else {name}")
    params = "".join(f", {name}=_M" for name in names)
    source = f"def __init__(self{params}):\n" + "\n".join(body) + "\n"
    exec(compile(source, f"<record {cls.__qualname__}.__init__>", "exec"), scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make

    def __call__(self) -> Any:
        return self.make()


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={self.__dict__.get(f.name)!r}" for f in self.__record_fields__ if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _key(self: Any) -> tuple[Any, ...]:
    values = self.__dict__
    return tuple([values.get(name) for name in type(self).__record_compare__])


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: Any) -> int:
    return hash(_key(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(field_specifiers=(field, Field))
def record(cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True) -> Any:
    """Make ``cls`` a record (``@record`` or ``@record(frozen=True, eq=False)``)."""

    def make(cls: type[T]) -> type[T]:
        own = cls.__dict__
        found = _collect(cls)
        defaults: dict[str, Any] = {}
        for f in found:
            if f.default_factory is not MISSING:
                defaults[f.name] = _Factory(f.default_factory)
            elif f.default is not MISSING:
                defaults[f.name] = f.default
        cls.__record_fields__ = found  # type: ignore[attr-defined]
        cls.__record_init__ = (tuple(f.name for f in found), defaults)  # type: ignore[attr-defined]
        cls.__record_compare__ = tuple(f.name for f in found if f.compare)  # type: ignore[attr-defined]
        cls.__match_args__ = tuple(f.name for f in found)  # type: ignore[attr-defined,misc]
        if "__init__" not in own:
            cls.__init__ = _init  # type: ignore[misc,method-assign]
        if "__repr__" not in own:
            cls.__repr__ = _repr  # type: ignore[assignment,method-assign]
        if eq and "__eq__" not in own:
            cls.__eq__ = _eq  # type: ignore[assignment,method-assign]
            if "__hash__" not in own:
                cls.__hash__ = _hash if frozen else None  # type: ignore[assignment,method-assign]
        if frozen:
            cls.__setattr__ = _frozen_setattr  # type: ignore[assignment,method-assign]
            cls.__delattr__ = _frozen_delattr  # type: ignore[assignment,method-assign]
        return cls

    return make if cls is None else make(cls)
