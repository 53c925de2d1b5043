"""syncdsl.records against the real dataclasses: each class is defined twice, once per decorator.

``_define(decorator, field)`` builds the same set of classes with either
``dataclasses.dataclass``/``dataclasses.field`` or ``record``/``records.field``.
The classes are defined in the same function, so their ``__qualname__`` (and
so their repr) is the same for both; each test asserts that the record and the
dataclass behave alike, and the exact value both give.
"""

from __future__ import annotations

import copy
import dataclasses
import multiprocessing.reduction
import pickle
import sys
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest

import syncdsl.config
import syncdsl.diagnostics
import syncdsl.document
import syncdsl.model
from syncdsl import records
from syncdsl.records import FrozenInstanceError, record


def _define(deco: Any, fld: Any) -> SimpleNamespace:
    @deco
    class Point:
        x: int
        y: int = 0

    @deco
    class Other:
        x: int
        y: int = 0

    @deco
    class Bag:
        items: list[int] = fld(default_factory=list)
        label: str = fld(default="bag")
        secret: str = fld(default="s", repr=False)
        note: str = fld(default="", compare=False)
        plain: int = 5
        limit: ClassVar[int] = 10

    @deco
    class Base:
        a: int
        b: str = "b"

    @deco
    class Child(Base):
        c: float = 1.5

    @deco
    class Redefine(Base):
        c: int = 3
        a: int = 7  # the parent's first field: keeps its place, takes this default

    @deco(frozen=True)
    class Frozen:
        x: int
        tags: tuple[str, ...] = ()
        note: str = fld(default="", compare=False)

    @deco(eq=False)
    class Identity:
        x: int

    @deco(frozen=True, eq=False)
    class FrozenIdentity:
        x: int

    @deco
    class Custom:
        x: int

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 42

        def __repr__(self) -> str:
            return "custom"

    @deco
    class CustomInit:
        x: int

        def __init__(self, v: int) -> None:
            self.x = v * 2

    @deco(frozen=True)
    class FrozenOwnHash:
        x: int
        y: int

        def __hash__(self) -> int:
            return 7

    class Outer:
        @deco
        class Inner:
            v: int = 1

    @deco
    class Nested:
        inner: Point
        points: list[Point] = fld(default_factory=list)
        outer: Outer.Inner | None = None

    return SimpleNamespace(**{k: v for k, v in locals().items() if isinstance(v, type)})


def _compiled(ns: SimpleNamespace) -> SimpleNamespace:
    """The same records with the compiled ``__init__`` a class gets after COMPILE_AFTER instances."""
    for cls in vars(ns).values():
        if cls.__dict__.get("__init__") is records._init:
            cls.__init__ = records._compiled_init(cls)
    return ns


D = _define(dataclasses.dataclass, dataclasses.field)
R = _define(record, records.field)
C = _compiled(_define(record, records.field))
BOTH = pytest.mark.parametrize("ns", [D, R, C], ids=["dataclass", "record", "record-compiled"])


def test_a_busy_record_class_gets_a_compiled_init() -> None:
    ns = _define(record, records.field)
    assert ns.Point.__dict__["__init__"] is records._init
    points = [ns.Point(i, y=-i) for i in range(records.COMPILE_AFTER + 1)]
    assert ns.Point.__dict__["__init__"] is not records._init
    assert ns.Point.__init__.__qualname__ == f"{ns.Point.__qualname__}.__init__"
    assert points[-1] == ns.Point(records.COMPILE_AFTER, -records.COMPILE_AFTER) == ns.Point(y=-256, x=256)
    assert [(p.x, p.y) for p in points[:3]] == [(0, 0), (1, -1), (2, -2)]


def _field_names(cls_or_obj: Any) -> tuple[str, ...]:
    return tuple(f.name for f in records.fields(cls_or_obj))


# --- __init__ ---------------------------------------------------------------------------


@BOTH
def test_init_positional_and_keyword(ns: SimpleNamespace) -> None:
    by_position = ns.Point(1, 2)
    by_keyword = ns.Point(y=2, x=1)
    mixed = ns.Point(1, y=2)
    for p in (by_position, by_keyword, mixed):
        assert (p.x, p.y) == (1, 2)
        assert vars(p) == {"x": 1, "y": 2}
    assert vars(ns.Point(4)) == {"x": 4, "y": 0}


@BOTH
def test_init_inherited_fields_come_first(ns: SimpleNamespace) -> None:
    assert _field_names(ns.Child) == ("a", "b", "c")
    child = ns.Child(1, "two", 3.0)
    assert vars(child) == {"a": 1, "b": "two", "c": 3.0}
    assert vars(ns.Child(9)) == {"a": 9, "b": "b", "c": 1.5}


@BOTH
def test_redefined_field_keeps_position_and_takes_new_default(ns: SimpleNamespace) -> None:
    assert _field_names(ns.Redefine) == ("a", "b", "c")
    assert vars(ns.Redefine()) == {"a": 7, "b": "b", "c": 3}
    assert vars(ns.Redefine(1, "x", 2)) == {"a": 1, "b": "x", "c": 2}
    with pytest.raises(TypeError):
        ns.Base()  # the parent's field stays required in the parent


@BOTH
def test_plain_and_field_defaults(ns: SimpleNamespace) -> None:
    bag = ns.Bag()
    assert vars(bag) == {"items": [], "label": "bag", "secret": "s", "note": "", "plain": 5}
    bag = ns.Bag([1], "l", "t", "n", 6)
    assert vars(bag) == {"items": [1], "label": "l", "secret": "t", "note": "n", "plain": 6}


@BOTH
def test_default_factory_called_per_instance(ns: SimpleNamespace) -> None:
    first, second = ns.Bag(), ns.Bag()
    assert first.items == [] and second.items == []
    assert first.items is not second.items
    first.items.append(1)
    assert second.items == []
    assert ns.Bag().items == []


def test_default_factory_call_count() -> None:
    for deco, fld in ((dataclasses.dataclass, dataclasses.field), (record, records.field)):
        calls: list[int] = []

        def make(calls: list[int] = calls) -> int:
            calls.append(1)
            return len(calls)

        @deco
        class Counted:
            n: int = fld(default_factory=make)

        assert [Counted().n, Counted().n, Counted(n=0).n, Counted().n] == [1, 2, 0, 3]
        assert len(calls) == 3


@pytest.mark.parametrize(
    ("args", "kwargs", "named"),
    [
        ((), {}, "'x'"),  # missing required argument
        ((1, 2, 3), {}, None),  # too many positional arguments
        ((1,), {"z": 3}, "'z'"),  # unknown keyword
        ((1,), {"x": 2}, "'x'"),  # a value given twice
        ((), {"y": 1}, "'x'"),  # keyword for the default only
    ],
    ids=["missing", "too-many", "unknown-keyword", "twice", "missing-with-keyword"],
)
@BOTH
def test_init_errors(ns: SimpleNamespace, args: tuple[Any, ...], kwargs: dict[str, Any], named: str | None) -> None:
    with pytest.raises(TypeError) as raised:
        ns.Point(*args, **kwargs)
    if named is not None:
        assert named in str(raised.value)


# --- class attributes -------------------------------------------------------------------


@BOTH
def test_class_attributes_after_decoration(ns: SimpleNamespace) -> None:
    assert ns.Bag.plain == 5  # a plain default stays a class attribute
    assert ns.Bag.__dict__["label"] == "bag"  # field(default=x) becomes x
    assert ns.Bag.__dict__["secret"] == "s"
    assert ns.Bag.__dict__["note"] == ""
    assert "items" not in ns.Bag.__dict__  # default_factory: no class attribute
    assert not hasattr(ns.Bag, "items")
    assert ns.Point.y == 0
    assert "x" not in ns.Point.__dict__
    assert ns.Redefine.a == 7 and ns.Redefine.c == 3 and ns.Redefine.b == "b"


@BOTH
def test_classvar_is_not_a_field(ns: SimpleNamespace) -> None:
    assert _field_names(ns.Bag) == ("items", "label", "secret", "note", "plain")
    assert ns.Bag.limit == 10
    assert ns.Bag().limit == 10
    with pytest.raises(TypeError):
        ns.Bag(limit=3)
    assert "limit" not in repr(ns.Bag())


def test_same_fields_as_dataclasses() -> None:
    for name in vars(D):
        dc = getattr(D, name)
        rec = getattr(R, name)
        if not dataclasses.is_dataclass(dc):
            continue
        assert [(f.name, f.default, f.repr, f.compare) for f in dataclasses.fields(dc)] == [
            (f.name, f.default if f.default is not records.MISSING else dataclasses.MISSING, f.repr, f.compare)
            for f in records.fields(rec)
        ], name
        assert rec.__match_args__ == dc.__match_args__, name


# --- __repr__ ---------------------------------------------------------------------------


def _repr_cases(ns: SimpleNamespace) -> list[Any]:
    return [
        ns.Point(1, 2),
        ns.Point("a'b", None),
        ns.Bag([1, 2], "l\n", "hidden", "n", 0),
        ns.Child(1),
        ns.Redefine(),
        ns.Frozen(1, ("t",), "n"),
        ns.Identity(3),
        ns.FrozenIdentity(4),
        ns.Custom(1),
        ns.CustomInit(2),
        ns.Outer.Inner(),
        ns.Nested(ns.Point(1), [ns.Point(2, 3)], ns.Outer.Inner(5)),
    ]


def test_repr_equals_dataclass_repr() -> None:
    for dc, rec in zip(_repr_cases(D), _repr_cases(R), strict=True):
        assert repr(rec) == repr(dc)
    prefix = "_define.<locals>."
    assert repr(R.Point(1, 2)) == f"{prefix}Point(x=1, y=2)"
    assert repr(R.Bag([1, 2], "l\n", "hidden", "n", 0)) == f"{prefix}Bag(items=[1, 2], label='l\\n', note='n', plain=0)"
    assert repr(R.Custom(1)) == "custom"
    assert repr(R.Nested(R.Point(1), [R.Point(2, 3)], R.Outer.Inner(5))) == (
        f"{prefix}Nested(inner={prefix}Point(x=1, y=0), points=[{prefix}Point(x=2, y=3)], "
        f"outer={prefix}Outer.Inner(v=5))"
    )


@BOTH
def test_repr_uses_qualname_of_nested_class(ns: SimpleNamespace) -> None:
    assert ns.Outer.Inner.__qualname__ == "_define.<locals>.Outer.Inner"
    assert repr(ns.Outer.Inner(2)) == "_define.<locals>.Outer.Inner(v=2)"


@record
class ModuleLevel:
    name: str
    hidden: int = records.field(default=0, repr=False)


@dataclasses.dataclass
class ModuleLevelDC:
    name: str
    hidden: int = dataclasses.field(default=0, repr=False)


def test_repr_module_level() -> None:
    assert repr(ModuleLevel("n", 3)) == "ModuleLevel(name='n')"
    assert repr(ModuleLevelDC("n", 3)) == "ModuleLevelDC(name='n')"


# --- __eq__ / __hash__ ------------------------------------------------------------------


@BOTH
def test_eq_same_class(ns: SimpleNamespace) -> None:
    assert ns.Point(1, 2) == ns.Point(1, 2)
    assert not (ns.Point(1, 2) != ns.Point(1, 2))
    assert ns.Point(1, 2) != ns.Point(1, 3)
    assert not (ns.Point(1, 2) == ns.Point(2, 2))
    assert ns.Nested(ns.Point(1), [ns.Point(2)]) == ns.Nested(ns.Point(1), [ns.Point(2)])
    assert ns.Nested(ns.Point(1), [ns.Point(2)]) != ns.Nested(ns.Point(1), [ns.Point(3)])


@BOTH
def test_eq_other_class_is_not_implemented(ns: SimpleNamespace) -> None:
    assert ns.Point(1, 2).__eq__(ns.Other(1, 2)) is NotImplemented
    assert ns.Point(1, 2).__eq__((1, 2)) is NotImplemented
    assert (ns.Point(1, 2) == ns.Other(1, 2)) is False
    assert (ns.Point(1, 2) != ns.Other(1, 2)) is True
    assert (ns.Point(1, 2) == (1, 2)) is False
    # a subclass instance is another class, even with the same field values
    assert ns.Base(1).__eq__(ns.Child(1)) is NotImplemented
    assert (ns.Base(1, "b") == ns.Redefine(1, "b", 3)) is False
    assert ns.Point(1, 2).__eq__(ns.Point(1, 2)) is True


@BOTH
def test_eq_ignores_compare_false(ns: SimpleNamespace) -> None:
    assert ns.Bag(note="one") == ns.Bag(note="two")
    assert ns.Bag(secret="one") != ns.Bag(secret="two")  # repr=False still compares
    assert ns.Frozen(1, (), "a") == ns.Frozen(1, (), "b")
    assert hash(ns.Frozen(1, (), "a")) == hash(ns.Frozen(1, (), "b"))


@BOTH
def test_eq_false_keeps_identity(ns: SimpleNamespace) -> None:
    for cls in (ns.Identity, ns.FrozenIdentity):
        a, b = cls(1), cls(1)
        assert a == a
        assert a != b
        assert cls.__eq__ is object.__eq__
        assert cls.__hash__ is object.__hash__
        assert hash(a) == object.__hash__(a)
        assert len({a, b}) == 2


@BOTH
def test_frozen_hash_by_compare_fields(ns: SimpleNamespace) -> None:
    a, b = ns.Frozen(1, ("t",)), ns.Frozen(1, ("t",))
    assert a is not b and a == b
    assert hash(a) == hash(b)
    assert {a: "x"}[b] == "x"
    assert len({a, b, ns.Frozen(2)}) == 2
    assert hash(ns.Frozen(1, ("t",), "n")) == hash((1, ("t",)))


def test_frozen_hash_equals_dataclass_hash() -> None:
    assert hash(R.Frozen(1, ("a", "b"), "z")) == hash(D.Frozen(1, ("a", "b"), "q"))


@BOTH
def test_mutable_with_eq_is_unhashable(ns: SimpleNamespace) -> None:
    for obj in (ns.Point(1), ns.Bag(), ns.Child(1), ns.Nested(ns.Point(1))):
        assert type(obj).__hash__ is None
        with pytest.raises(TypeError, match="unhashable type"):
            hash(obj)


@BOTH
def test_own_methods_are_kept(ns: SimpleNamespace) -> None:
    custom = ns.Custom(1)
    assert (custom == ns.Custom(2)) is True
    assert (custom == "anything") is True
    assert hash(custom) == 42
    assert repr(custom) == "custom"
    made = ns.CustomInit(5)
    assert vars(made) == {"x": 10}
    with pytest.raises(TypeError):
        ns.CustomInit(x=5)
    assert made == ns.CustomInit(5)  # the generated __eq__ is still there
    assert hash(ns.FrozenOwnHash(1, 2)) == 7
    assert ns.FrozenOwnHash(1, 2) == ns.FrozenOwnHash(1, 2)


# --- frozen -----------------------------------------------------------------------------


@BOTH
def test_frozen_refuses_assignment_and_deletion(ns: SimpleNamespace) -> None:
    obj = ns.Frozen(1)
    expected = dataclasses.FrozenInstanceError if ns is D else FrozenInstanceError
    with pytest.raises(expected) as assigned:
        obj.x = 2
    assert str(assigned.value) == "cannot assign to field 'x'"
    with pytest.raises(AttributeError):
        obj.new = 2
    with pytest.raises(expected) as deleted:
        del obj.x
    assert str(deleted.value) == "cannot delete field 'x'"
    assert vars(obj) == {"x": 1, "tags": (), "note": ""}
    object.__setattr__(obj, "x", 3)  # the escape hatch both allow
    assert obj.x == 3


def test_frozen_instance_error_is_attribute_error() -> None:
    assert issubclass(FrozenInstanceError, AttributeError)
    with pytest.raises(AttributeError):
        R.FrozenIdentity(1).x = 2
    point = R.Point(1)
    point.x = 5  # mutable records stay mutable
    del point.y
    assert vars(point) == {"x": 5}


# --- fields() / replace() ---------------------------------------------------------------


@BOTH
def test_fields_on_class_and_instance(ns: SimpleNamespace) -> None:
    assert _field_names(ns.Point) == ("x", "y")
    assert _field_names(ns.Point(1)) == ("x", "y")
    assert _field_names(ns.Bag()) == ("items", "label", "secret", "note", "plain")
    assert _field_names(ns.Nested) == ("inner", "points", "outer")
    assert _field_names(ns.Custom(1)) == ("x",)


def test_fields_of_real_dataclass_falls_back() -> None:
    assert records.fields(D.Child) == dataclasses.fields(D.Child)
    assert [f.name for f in records.fields(D.Child(1))] == ["a", "b", "c"]
    with pytest.raises(TypeError):
        records.fields(object())


def test_record_field_attributes() -> None:
    by_name = {f.name: f for f in records.fields(R.Bag)}
    assert by_name["label"].default == "bag"
    assert by_name["items"].default_factory is list
    assert by_name["items"].default is records.MISSING
    assert (by_name["secret"].repr, by_name["secret"].compare) == (False, True)
    assert (by_name["note"].repr, by_name["note"].compare) == (True, False)
    with pytest.raises(ValueError):
        records.field(default=1, default_factory=int)


@BOTH
def test_replace(ns: SimpleNamespace) -> None:
    replace = dataclasses.replace if ns is D else records.replace
    base = ns.Bag([1], "l", "s", "n", 1)
    changed = replace(base, label="new", plain=2)
    assert vars(changed) == {"items": [1], "label": "new", "secret": "s", "note": "n", "plain": 2}
    assert vars(base) == {"items": [1], "label": "l", "secret": "s", "note": "n", "plain": 1}
    assert changed.items is base.items  # a shallow copy, as dataclasses.replace
    same = replace(base)
    assert same == base and same is not base
    assert vars(replace(ns.Child(1), c=2.0)) == {"a": 1, "b": "b", "c": 2.0}
    with pytest.raises(TypeError):
        replace(base, nope=1)


@BOTH
def test_replace_frozen(ns: SimpleNamespace) -> None:
    replace = dataclasses.replace if ns is D else records.replace
    frozen = ns.Frozen(1, ("a",), "n")
    changed = replace(frozen, x=2)
    assert vars(changed) == {"x": 2, "tags": ("a",), "note": "n"}
    assert vars(frozen) == {"x": 1, "tags": ("a",), "note": "n"}
    assert replace(frozen) == frozen
    with pytest.raises(TypeError):
        replace(frozen, y=1)


def test_replace_of_real_dataclass() -> None:
    assert records.replace(D.Point(1, 2), y=3) == D.Point(1, 3)


# --- pickle and copy --------------------------------------------------------------------


@record
class PickleMutable:
    name: str
    items: list[int] = records.field(default_factory=list)
    note: str = records.field(default="", compare=False)


@record(frozen=True)
class PickleFrozen:
    x: int
    tags: tuple[str, ...] = ()
    inner: PickleMutable | None = None


@record(eq=False)
class PickleIdentity:
    x: int


@dataclasses.dataclass(frozen=True)
class PickleFrozenDC:
    x: int
    tags: tuple[str, ...] = ()
    inner: PickleMutable | None = None


def _pickle_cases() -> list[Any]:
    return [
        PickleMutable("m", [1, 2], "n"),
        PickleFrozen(1, ("a",)),
        PickleFrozen(2, (), PickleMutable("inner", [3])),
        PickleFrozenDC(3, ("b",), PickleMutable("i")),
    ]


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_pickle_round_trip(protocol: int) -> None:
    for obj in _pickle_cases():
        loaded = pickle.loads(pickle.dumps(obj, protocol=protocol))
        assert type(loaded) is type(obj)
        assert loaded == obj and loaded is not obj
        assert vars(loaded) == vars(obj)
        assert repr(loaded) == repr(obj)
    frozen = pickle.loads(pickle.dumps(PickleFrozen(1, ("a",)), protocol=protocol))
    assert hash(frozen) == hash(PickleFrozen(1, ("a",)))
    with pytest.raises(FrozenInstanceError):
        frozen.x = 2
    identity = pickle.loads(pickle.dumps(PickleIdentity(4), protocol=protocol))
    assert vars(identity) == {"x": 4}


def test_forking_pickler_round_trip() -> None:
    for obj in _pickle_cases():
        data = multiprocessing.reduction.ForkingPickler.dumps(obj)
        loaded = pickle.loads(data)
        assert loaded == obj and vars(loaded) == vars(obj)


def test_copy_and_deepcopy() -> None:
    mutable = PickleMutable("m", [1], "n")
    shallow = copy.copy(mutable)
    assert shallow == mutable and shallow is not mutable
    assert shallow.items is mutable.items
    deep = copy.deepcopy(mutable)
    assert deep == mutable and vars(deep) == vars(mutable)
    assert deep.items is not mutable.items

    frozen = PickleFrozen(1, ("a",), PickleMutable("inner", [2]))
    assert copy.copy(frozen) == frozen
    assert copy.copy(frozen).inner is frozen.inner
    deep_frozen = copy.deepcopy(frozen)
    assert deep_frozen == frozen and deep_frozen.inner is not frozen.inner
    assert deep_frozen.inner is not None and deep_frozen.inner.items == [2]
    with pytest.raises(FrozenInstanceError):
        deep_frozen.x = 3


def test_copy_matches_dataclass() -> None:
    for dc, rec in ((D.Frozen(1, ("t",), "n"), R.Frozen(1, ("t",), "n")), (D.Bag([1]), R.Bag([1]))):
        assert vars(copy.copy(rec)) == vars(copy.copy(dc))
        assert vars(copy.deepcopy(rec)) == vars(copy.deepcopy(dc))


# --- match ------------------------------------------------------------------------------


def _describe(obj: Any, ns: SimpleNamespace) -> str:
    match obj:
        case ns.Child(a, b, c):
            return f"child {a} {b} {c}"
        case ns.Point(0, y):
            return f"on the y axis at {y}"
        case ns.Point(x, y=0):
            return f"on the x axis at {x}"
        case ns.Point(x, y):
            return f"point {x},{y}"
        case ns.Frozen(x, tags=("a", *rest)):
            return f"frozen {x} {rest}"
        case _:
            return "other"


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match statements")
@BOTH
def test_match_positional_patterns(ns: SimpleNamespace) -> None:
    assert ns.Point.__match_args__ == ("x", "y")
    assert ns.Child.__match_args__ == ("a", "b", "c")
    assert ns.Redefine.__match_args__ == ("a", "b", "c")
    assert _describe(ns.Point(0, 4), ns) == "on the y axis at 4"
    assert _describe(ns.Point(3), ns) == "on the x axis at 3"
    assert _describe(ns.Point(1, 2), ns) == "point 1,2"
    assert _describe(ns.Child(1, "x", 2.5), ns) == "child 1 x 2.5"
    assert _describe(ns.Frozen(1, ("a", "b")), ns) == "frozen 1 ['b']"
    assert _describe(ns.Base(1), ns) == "other"
    with pytest.raises(TypeError):
        _describe(ns.Point(1, 2), SimpleNamespace(Child=ns.Point, Point=ns.Point))  # too many positional sub-patterns


# --- the real syncdsl classes -----------------------------------------------------------


def _syncdsl_records() -> list[type]:
    found: dict[str, type] = {}
    for module in (syncdsl.model, syncdsl.diagnostics, syncdsl.document, syncdsl.config):
        for value in vars(module).values():
            if isinstance(value, type) and "__record_fields__" in value.__dict__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[k] for k in sorted(found)]


def _default(f: records.Field) -> Any:
    return f.default_factory() if f.default_factory is not records.MISSING else f.default


def _has_default(f: records.Field) -> bool:
    return f.default is not records.MISSING or f.default_factory is not records.MISSING


def test_syncdsl_records_found() -> None:
    names = {cls.__qualname__ for cls in _syncdsl_records()}
    assert {"SyncPolicy", "ContextSync", "NamedDecl", "MountDecl", "Origin", "Diagnostic", "Limits", "Config"} <= names
    assert len(names) >= 30


def test_syncdsl_records_with_all_defaults() -> None:
    built = 0
    for cls in _syncdsl_records():
        cls_fields = records.fields(cls)
        if not all(_has_default(f) for f in cls_fields):
            continue
        obj = cls()
        built += 1
        for f in cls_fields:
            assert getattr(obj, f.name) == _default(f), (cls, f.name)
        if cls.__eq__ is not object.__eq__:
            assert obj == cls(), cls
            copied = records.replace(obj)
            assert copied == obj and copied is not obj, cls
            assert repr(copied) == repr(obj), cls
    assert built >= 10


def test_syncdsl_records_positional_sentinels() -> None:
    for cls in _syncdsl_records():
        if cls.__init__ is not records._init:
            continue
        names = _field_names(cls)
        sentinels = [object() for _ in names]
        obj = cls(*sentinels)
        assert [getattr(obj, n) for n in names] == sentinels, cls
        assert cls.__match_args__ == names, cls
        if cls.__eq__ is not object.__eq__:
            assert records.replace(obj) == obj, cls
            other = records.replace(obj, **{names[0]: object()})
            compared = next(f for f in records.fields(cls) if f.name == names[0]).compare
            assert (other == obj) is (not compared), cls


def test_syncdsl_model_defaults_exact() -> None:
    m = syncdsl.model
    policy = m.SyncPolicy()
    assert policy.bw_list == m.BWList([m.WhiteList()])
    assert policy.recycle_policy.paths == [""]
    assert m.SyncPolicy().upload_policy.archive_exclude_paths is not policy.upload_policy.archive_exclude_paths
    assert repr(m.DeletePolicy()) == "DeletePolicy(sync_local_file=True)"
    assert records.replace(policy, mapping_policy=m.MappingPolicy("/p")).mapping_policy == m.MappingPolicy(path="/p")
    sync = m.ContextSync("id", "/p")
    assert vars(sync) == {
        "context_id": "id",
        "path": "/p",
        "policy": None,
        "beta_wait_for_completion": None,
        "context_name": None,
        "create": False,
    }
    assert sync.unresolved is False
    assert m.ContextSync("", "/p", context_name="n").unresolved is True
