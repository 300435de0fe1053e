//! Python dicts and sets: `set(iterable)` and the methods of dicts (`d.get(k)` is
//! `dict.get`) and sets, with CPython's semantics and exceptions (the representation is in
//! `conversion/py_to_tensor/dicts.rs`). Set iteration follows insertion order (CPython's
//! order is an implementation detail).

use blackbird_dialects::ir::{Location, OpId, OperationState, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops};

use super::{optional, required, Callable, Param};
use crate::conversion::emit::loop_nest;
use crate::conversion::py_to_tensor::dicts::{parts, Part};
use crate::conversion::py_to_tensor::{CResult, Converter, Iter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::{error, Inference, TResult};

use super::runs as dict_fn;

const SELF: &[Param] = &[required("self")];
const SELF_KEY: &[Param] = &[required("self"), required("key")];
const SELF_OTHER: &[Param] = &[required("self"), required("other")];

/// A set method of two sets that makes a new set.
macro_rules! set_algebra {
    ($name:literal, $summary:literal, $sample:literal) => {
        dict_fn(
            $name,
            type_same_set,
            lower_set_algebra,
            SELF_OTHER,
            $summary,
            $sample,
        )
    };
}

/// A set method of two sets that answers a question.
macro_rules! set_test {
    ($name:literal, $summary:literal, $sample:literal) => {
        dict_fn(
            $name,
            type_set_test,
            lower_set_test,
            SELF_OTHER,
            $summary,
            $sample,
        )
    };
}

pub const CALLABLES: &[Callable] = &[
    dict_fn(
        "dict",
        type_dict,
        lower_unreachable,
        &[],
        "an empty dict, typed from the first item stored (as `{}`)",
        "d = dict()\nd[n] = x\nlen(d) + d[n]",
    ),
    dict_fn(
        "set",
        type_set,
        lower_set,
        &[required("iterable")],
        "a new set of an iterable's items (`set()` is an empty set)",
        "len(set([1, 2, 2, n])) + len(set(np.arange(n)))",
    ),
    dict_fn(
        "dict.__delitem__",
        type_delitem,
        lower_delitem,
        SELF_KEY,
        "`del d[k]` (KeyError when absent)",
        "d = {1: x, 2: 2.0}\ndel d[1]\nlen(d) + d[2]",
    ),
    dict_fn(
        "dict.get",
        type_get,
        lower_get,
        &[
            required("self"),
            required("key"),
            optional("default", "None"),
        ],
        "the value of `key`, else `default` (without one, only where the key is present)",
        "d = {1: x}\nd.get(1, 0.0) + d.get(n, -1.0)",
    ),
    dict_fn(
        "dict.setdefault",
        type_setdefault,
        lower_setdefault,
        &[required("self"), required("key"), required("default")],
        "the value of `key`, stored as `default` first when absent",
        "d = {1: x}\nd.setdefault(1, 5.0) + d.setdefault(n, 7.0) + len(d)",
    ),
    dict_fn(
        "dict.pop",
        type_pop,
        lower_pop,
        &[
            required("self"),
            required("key"),
            optional("default", "None"),
        ],
        "removes `key` and returns its value, else `default` (KeyError without one)",
        "d = {1: x, 2: 2.0}\nd.pop(1) + d.pop(n, 9.0) + len(d)",
    ),
    dict_fn(
        "dict.popitem",
        type_popitem,
        lower_popitem,
        SELF,
        "removes and returns the last item (KeyError when empty)",
        "d = {1: x, 2: 2.0}\nk, v = d.popitem()\nk + v + len(d)",
    ),
    dict_fn(
        "dict.keys",
        type_view,
        lower_view,
        SELF,
        "the keys, in insertion order",
        "s = 0\nfor k in {1: x, n: 2.0}.keys():\n    s += k\ns",
    ),
    dict_fn(
        "dict.values",
        type_view,
        lower_view,
        SELF,
        "the values, in insertion order",
        "s = 0.0\nfor v in {1: x, 2: 2.0}.values():\n    s += v\ns",
    ),
    dict_fn(
        "dict.items",
        type_view,
        lower_view,
        SELF,
        "the (key, value) pairs, in insertion order",
        "s = 0.0\nfor k, v in {1: x, 2: 2.0}.items():\n    s += k * v\ns",
    ),
    dict_fn(
        "dict.update",
        type_update,
        lower_update,
        SELF_OTHER,
        "stores the items of another dict of the same type",
        "d = {1: x}\nd.update({2: 2.0, 1: 3.0})\nd[1] + d[2] + len(d)",
    ),
    dict_fn(
        "dict.clear",
        type_none,
        lower_clear,
        SELF,
        "removes every item",
        "d = {1: x}\nd.clear()\nlen(d)",
    ),
    dict_fn(
        "dict.copy",
        type_copy,
        lower_copy,
        SELF,
        "a shallow copy",
        "d = {1: x}\ne = d.copy()\ne[2] = 1.0\nlen(d) + len(e)",
    ),
    dict_fn(
        "set.add",
        type_add,
        lower_add,
        &[required("self"), required("item")],
        "adds an item",
        "s = {1}\ns.add(n)\nlen(s)",
    ),
    dict_fn(
        "set.discard",
        type_discard,
        lower_discard,
        &[required("self"), required("item")],
        "removes an item if present",
        "s = {1, 2}\ns.discard(n)\nlen(s)",
    ),
    dict_fn(
        "set.remove",
        type_discard,
        lower_discard,
        &[required("self"), required("item")],
        "removes an item (KeyError when absent)",
        "s = {1, 2, n}\ns.remove(n)\nlen(s)",
    ),
    dict_fn(
        "set.pop",
        type_set_pop,
        lower_set_pop,
        SELF,
        "removes and returns an item (KeyError when empty)",
        "s = {n}\ns.pop() + len(s)",
    ),
    dict_fn(
        "set.clear",
        type_none,
        lower_clear,
        SELF,
        "removes every item",
        "s = {1, n}\ns.clear()\nlen(s)",
    ),
    dict_fn(
        "set.copy",
        type_copy,
        lower_copy,
        SELF,
        "a shallow copy",
        "s = {1}\nt = s.copy()\nt.add(n + 5)\nlen(s) + len(t)",
    ),
    dict_fn(
        "set.update",
        type_set_update,
        lower_set_update,
        &[required("self"), required("iterable")],
        "adds the items of a set, list, vector or range",
        "s = {1}\ns.update({2, 3})\ns.update(range(n))\nlen(s)",
    ),
    set_algebra!(
        "set.union",
        "the items of either set",
        "len({1, 2}.union({2, n}))"
    ),
    set_algebra!(
        "set.intersection",
        "the items of both sets",
        "len({1, 2}.intersection({2, n}))"
    ),
    set_algebra!(
        "set.difference",
        "the items not in the other set",
        "len({1, 2}.difference({2, n}))"
    ),
    set_algebra!(
        "set.symmetric_difference",
        "the items of one set only",
        "len({1, 2}.symmetric_difference({2, n}))"
    ),
    set_algebra!(
        "set.intersection_update",
        "keeps the items of both sets",
        "s = {1, 2}\ns.intersection_update({2, n})\nlen(s)"
    ),
    set_algebra!(
        "set.difference_update",
        "removes the other set's items",
        "s = {1, 2}\ns.difference_update({2, n})\nlen(s)"
    ),
    set_algebra!(
        "set.symmetric_difference_update",
        "keeps the items of one set only",
        "s = {1, 2}\ns.symmetric_difference_update({2, n})\nlen(s)"
    ),
    set_test!(
        "set.issubset",
        "whether every item is in the other set",
        "{1}.issubset({1, n})"
    ),
    set_test!(
        "set.issuperset",
        "whether every item of the other set is in this one",
        "{1, n}.issuperset({1})"
    ),
    set_test!(
        "set.isdisjoint",
        "whether no item is in both sets",
        "{1}.isdisjoint({2, n})"
    ),
];

/// The dict or set a method is called on.
fn receiver(c: &Converter<'_>, op: OpId) -> Value {
    match c.get(c.e.ctx.operand(op, 0)) {
        L::V(d) => d,
        _ => unreachable!("a dict or set method's receiver is one"),
    }
}

fn kv(inf: &Inference<'_>, c: &Call) -> TResult<(Type, Option<Type>)> {
    match inf.ctx.type_kind(c.types[0]) {
        TypeKind::PyDict(k, v) if !matches!(inf.ctx.type_kind(*k), TypeKind::PyObject) => Ok((*k, Some(*v))),
        TypeKind::PySet(k) if !matches!(inf.ctx.type_kind(*k), TypeKind::PyObject) => Ok((*k, None)),
        _ => Err(error(
            inf.ctx,
            c.op,
            "cannot infer the type of this empty dict or set before it is used: store an item into it first",
        )),
    }
}

// Typing.

fn type_dict(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    Err(c
        .bad(inf)
        .with_note("`dict()` without arguments, `{}`, literals and comprehensions make dicts"))
}

fn type_set(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    let item = inf.item_type(c.op, c.types[0])?;
    if !crate::transforms::infer_types::rules::is_number(inf.ctx, item) {
        return Err(c
            .bad(inf)
            .with_note("sets hold numbers, booleans and tuples of them"));
    }
    Ok(inf.ctx.intern_type(TypeKind::PySet(item)))
}

fn type_delitem(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    if !matches!(inf.ctx.type_kind(c.types[0]), TypeKind::PyDict(..)) {
        return Err(error(
            inf.ctx,
            c.op,
            format!(
                "del is supported for dict items only, not items of {}",
                inf.show(c.types[0])
            ),
        ));
    }
    inf.check_key(c.op, c.types[0], c.types[1])?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_get(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    // Of an empty dict not typed yet (`d[k] = d.get(k, 0) + 1`): the default's type, until
    // a store teaches the dict's and the function is typed again.
    if let (TypeKind::PyDict(k, _), Some(d)) = (inf.ctx.type_kind(c.types[0]), c.types.get(2)) {
        if matches!(inf.ctx.type_kind(*k), TypeKind::PyObject) {
            return Ok(*d);
        }
    }
    let (_, v) = kv(inf, c)?;
    let v = v.expect("a dict");
    inf.check_key(c.op, c.types[0], c.types[1])?;
    match c.types.get(2) {
        Some(d) if inf.fits(v, *d) => Ok(v),
        Some(d) => Err(error(
            inf.ctx,
            c.op,
            format!(
                "the default of get() must be a {} here, not {}",
                inf.show(v),
                inf.show(*d)
            ),
        )
        .with_note("a value of None or of another type than the dict's values is not supported")),
        None => Ok(v),
    }
}

fn type_setdefault(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    inf.container_store(c.op, c.args[0], c.types[1], Some(c.types[2]))?;
    let t = inf.ty(c.args[0]);
    match inf.ctx.type_kind(t) {
        TypeKind::PyDict(_, v) => Ok(*v),
        _ => unreachable!("a dict"),
    }
}

fn type_pop(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    type_get(inf, c)
}

fn type_popitem(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let (k, v) = kv(inf, c)?;
    Ok(inf
        .ctx
        .intern_type(TypeKind::Tuple(vec![k, v.expect("a dict")])))
}

fn type_view(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let (k, v) = kv(inf, c)?;
    let v = v.expect("a dict");
    let item = match c.fname.as_str() {
        "keys" => k,
        "values" => v,
        _ => inf.ctx.intern_type(TypeKind::Tuple(vec![k, v])),
    };
    Ok(inf.ctx.intern_type(TypeKind::PyIter(item)))
}

fn type_update(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let TypeKind::PyDict(k, v) = inf.ctx.type_kind(c.types[1]).clone() else {
        return Err(c.bad(inf).with_note("update() takes a dict"));
    };
    inf.container_store(c.op, c.args[0], k, Some(v))?;
    if inf.ty(c.args[0]) != c.types[1] {
        return Err(c
            .bad(inf)
            .with_note("update() takes a dict of the same type"));
    }
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_none(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    kv(inf, c)?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_copy(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    kv(inf, c)?;
    Ok(c.types[0])
}

fn type_add(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    inf.container_store(c.op, c.args[0], c.types[1], None)?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_discard(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    inf.check_key(c.op, c.types[0], c.types[1])?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_set_pop(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    Ok(kv(inf, c)?.0)
}

fn type_set_update(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let item = inf.item_type(c.op, c.types[1])?;
    inf.container_store(c.op, c.args[0], item, None)?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_same_set(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    kv(inf, c)?;
    if c.types[1] != c.types[0] {
        return Err(c
            .bad(inf)
            .with_note("the other operand must be a set of the same type"));
    }
    Ok(if c.fname.ends_with("_update") {
        inf.ctx.intern_type(TypeKind::None)
    } else {
        c.types[0]
    })
}

fn type_set_test(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    type_same_set(inf, c)?;
    Ok(inf.ctx.i1())
}

// Lowering.

fn lower_unreachable(_: &mut Converter<'_>, _: OpId) -> CResult<L> {
    unreachable!("dict() with arguments is a typing error; without, a py.dict")
}

/// `set(iterable)`: a new set of its items.
fn lower_set(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let t = c.result_type(op);
    let s = c.dict_make("new", &[], t, &loc);
    add_all(c, op, s, c.e.ctx.operand(op, 0))?;
    Ok(L::V(s))
}

/// Add the items of iterable `from` (a set: at once) to set `s`.
fn add_all(c: &mut Converter<'_>, op: OpId, s: Value, from: Value) -> CResult<()> {
    let loc = c.e.ctx.loc(op).clone();
    let source = c.get(from);
    if let L::V(other) = source.clone() {
        if crate::conversion::py_to_tensor::dicts::is_container(c, other) {
            c.dict_call("update", s, None, &[other], &[], &loc);
            return Ok(());
        }
    }
    let it = c.iter_of(op, source)?;
    let n = c.trip_count(&it, &loc);
    let (k, _) = parts(c, s);
    loop_nest(c, &[n], &loc, &mut |c, ivs| {
        let x = c.item(&it, ivs[0], &loc);
        let key = c.words(op, x, k, &loc)?;
        c.dict_store(s, &key, &[], &loc);
        Ok(())
    })
}

fn lower_delitem(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let d = receiver(c, op);
    let key = c.key_words(op, d, c.e.ctx.operand(op, 1), &loc)?;
    let (found, _) = c.dict_remove(d, &key, &loc);
    c.e.raise_unless(found, "KeyError", "key not found", &loc);
    Ok(L::None)
}

/// `d.get(k)` (KeyError when absent: None is not a value of the dict's type), `d.get(k, x)`.
fn lower_get(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let d = receiver(c, op);
    let key = c.key_words(op, d, c.e.ctx.operand(op, 1), &loc)?;
    let (found, value) = c.dict_lookup(d, &key, &loc);
    with_default(
        c,
        op,
        found,
        value,
        "get() of a missing key without a default (None) is not supported",
    )
}

/// `value` where `found`, else the call's default (operand 2) converted, else a KeyError.
fn with_default(
    c: &mut Converter<'_>,
    op: OpId,
    found: Value,
    value: L,
    missing: &str,
) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    match c.e.ctx.operands(op).get(2).copied() {
        Some(default) => {
            let (_, v) = parts(c, receiver(c, op));
            let x = c.get(default);
            let words = c.words(op, x, v.expect("a dict"), &loc)?;
            let default = c.assemble(v.expect("a dict"), &mut words.into_iter());
            Ok(c.select_l(found, value, default, &loc))
        }
        None => {
            c.e.raise_unless(found, "KeyError", missing, &loc);
            Ok(value)
        }
    }
}

fn lower_setdefault(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let d = receiver(c, op);
    let key = c.key_words(op, d, c.e.ctx.operand(op, 1), &loc)?;
    let (found, value) = c.dict_lookup(d, &key, &loc);
    let (_, v) = parts(c, d);
    let v = v.expect("a dict");
    let x = c.get(c.e.ctx.operand(op, 2));
    let words = c.words(op, x, v, &loc)?;
    // Stored only when absent: the stored words are the old value where found.
    let old = {
        let mut flat = vec![];
        flatten(&value, &mut flat);
        flat
    };
    let chosen: Vec<Value> = old
        .iter()
        .zip(&words)
        .map(|(o, w)| c.e.select(found, *o, *w, &loc))
        .collect();
    c.dict_store(d, &key, &chosen, &loc);
    Ok(c.assemble(v, &mut chosen.into_iter()))
}

fn flatten(l: &L, out: &mut Vec<Value>) {
    match l {
        L::V(v) => out.push(*v),
        L::Tuple(items) => items.iter().for_each(|i| flatten(i, out)),
        _ => {}
    }
}

fn lower_pop(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let d = receiver(c, op);
    let key = c.key_words(op, d, c.e.ctx.operand(op, 1), &loc)?;
    let (found, value) = c.dict_remove(d, &key, &loc);
    with_default(c, op, found, value, "key not found")
}

fn lower_popitem(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let d = receiver(c, op);
    let (ok, item) = c.dict_pop_last(d, &loc);
    c.e.raise_unless(ok, "KeyError", "popitem(): dictionary is empty", &loc);
    Ok(item)
}

fn lower_view(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let d = receiver(c, op);
    let part = match py_name(c, op).as_str() {
        "dict.keys" => Part::Keys,
        "dict.values" => Part::Values,
        _ => Part::Items,
    };
    Ok(L::Iter(Iter::Dict(d, part)))
}

fn py_name(c: &Converter<'_>, op: OpId) -> String {
    blackbird_dialects::py::call_builtin::NAME.of(c.e.ctx, op)
}

fn lower_update(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let d = receiver(c, op);
    let L::V(other) = c.get(c.e.ctx.operand(op, 1)) else {
        unreachable!("a dict")
    };
    c.dict_call("update", d, None, &[other], &[], &loc);
    Ok(L::None)
}

fn lower_clear(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let d = receiver(c, op);
    c.dict_call("clear", d, None, &[], &[], &loc);
    Ok(L::None)
}

fn lower_copy(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let d = receiver(c, op);
    let t = c.e.ctx.value_type(d);
    Ok(L::V(c.dict_make("copy", &[d], t, &loc)))
}

fn lower_add(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let s = receiver(c, op);
    let key = c.key_words(op, s, c.e.ctx.operand(op, 1), &loc)?;
    c.dict_store(s, &key, &[], &loc);
    Ok(L::None)
}

fn lower_discard(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let s = receiver(c, op);
    let key = c.key_words(op, s, c.e.ctx.operand(op, 1), &loc)?;
    let (found, _) = c.dict_remove(s, &key, &loc);
    if py_name(c, op) == "set.remove" {
        c.e.raise_unless(found, "KeyError", "key not found", &loc);
    }
    Ok(L::None)
}

fn lower_set_pop(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let s = receiver(c, op);
    let (ok, item) = c.dict_pop_last(s, &loc);
    c.e.raise_unless(ok, "KeyError", "pop from an empty set", &loc);
    Ok(item)
}

fn lower_set_update(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let s = receiver(c, op);
    add_all(c, op, s, c.e.ctx.operand(op, 1))?;
    Ok(L::None)
}

fn lower_set_algebra(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let s = receiver(c, op);
    let L::V(other) = c.get(c.e.ctx.operand(op, 1)) else {
        unreachable!("a set")
    };
    let name = py_name(c, op);
    let method = name.strip_prefix("set.").expect("a set method");
    if method.ends_with("_update") {
        c.dict_call(method, s, None, &[other], &[], &loc);
        return Ok(L::None);
    }
    let t = c.e.ctx.value_type(s);
    Ok(L::V(c.dict_make(method, &[s, other], t, &loc)))
}

fn lower_set_test(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let s = receiver(c, op);
    let L::V(other) = c.get(c.e.ctx.operand(op, 1)) else {
        unreachable!("a set")
    };
    let (method, a, b) = match py_name(c, op).as_str() {
        "set.issubset" => ("issubset", s, other),
        "set.issuperset" => ("issubset", other, s),
        _ => ("isdisjoint", s, other),
    };
    let (answer, _) = c.dict_call(method, a, None, &[b], &[], &loc);
    let i64t = c.e.ctx.i64();
    let zero = c.e.const_int(0, i64t, &loc);
    Ok(L::V(c.e.cmp(&arith::CMPI, "ne", answer, zero, &loc)))
}

/// Print dict or set `d` as CPython writes it (`{1: 0.5, 2: 1.0}`, `{}`, `{3, 4}`, `set()`),
/// its keys and values as `print` writes numbers, in iteration order.
pub(crate) fn print_container(c: &mut Converter<'_>, d: Value, loc: &Location) -> CResult<()> {
    let is_dict = parts(c, d).1.is_some();
    let text = |c: &mut Converter<'_>, s: &str, values: &[Value], when: Option<Value>| {
        let attr = c.e.ctx.str_attr(s);
        let state = OperationState::new(&loops::PRINT, loc.clone())
            .operands(values)
            .attr("format", attr);
        match when {
            Some(cond) => {
                c.e.only_if(cond, state, loc);
            }
            None => {
                c.e.emit(&loops::PRINT, values, &[], &[("format", attr)], vec![], loc);
            }
        }
    };
    let n = c.dict_iter_start(d, loc);
    let i64t = c.e.ctx.i64();
    let zero = c.e.const_int(0, i64t, loc);
    let (open, empty) = if is_dict {
        (None, None)
    } else {
        let nonempty = c.e.cmp(&arith::CMPI, "sgt", n, zero, loc);
        let empty = c.e.cmp(&arith::CMPI, "eq", n, zero, loc);
        (Some(nonempty), Some(empty))
    };
    text(c, "{{", &[], open);
    loop_nest(c, &[n], loc, &mut |c, ivs| {
        let later = c.e.cmp(&arith::CMPI, "sgt", ivs[0], zero, loc);
        text(c, ", ", &[], Some(later));
        let item = c.dict_entry(d, Part::Items, ivs[0], loc);
        match item {
            L::Tuple(kv) => {
                let (L::V(k), L::V(v)) = (&kv[0], &kv[1]) else {
                    unreachable!("scalar keys and values")
                };
                text(c, "{}: {}", &[*k, *v], None);
            }
            L::V(k) => text(c, "{}", &[k], None),
            _ => unreachable!("scalar keys"),
        }
        Ok(())
    })?;
    text(c, "}}", &[], open);
    if let Some(empty) = empty {
        text(c, "set()", &[], Some(empty));
    }
    Ok(())
}
