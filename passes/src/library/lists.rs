//! Python lists: the `list` builtin and the methods of lists (`l.append(x)` is `list.append`),
//! with CPython's semantics and exceptions (the representation is in
//! `conversion/py_to_tensor/lists.rs`).

use blackbird_dialects::ir::{Location, OpId, OperationState, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, py};

use super::{optional, required, Callable, Param};
use crate::conversion::emit::{fold_carried, loop_nest};
use crate::conversion::py_to_tensor::{CResult, Converter, Iter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::{is_int, is_number};
use crate::transforms::infer_types::{error, Inference, TResult};

use super::runs as list_fn;

const SELF: &[Param] = &[required("self")];
const SELF_X: &[Param] = &[required("self"), required("x")];

pub const CALLABLES: &[Callable] = &[
    list_fn(
        "any",
        type_truth,
        lower_truth,
        &[required("iterable")],
        "whether some item of a list, vector or range is true",
        "any([0.0, x]) + any(range(0)) * 2 + any(np.zeros(n)) * 4",
    ),
    list_fn(
        "all",
        type_truth,
        lower_truth,
        &[required("iterable")],
        "whether every item of a list, vector or range is true",
        "all([1.0, x]) + all(range(0)) * 2 + all(np.zeros(n)) * 4",
    ),
    list_fn(
        "reversed",
        type_reversed,
        lower_reversed,
        &[required("seq")],
        "the items of a list, vector or range, last first",
        "l = [x, 2.0, 3.0]\ns = 0.0\nfor i, v in enumerate(reversed(l)):\n    s += i * v\ns",
    ),
    list_fn(
        "list",
        type_list,
        lower_list,
        &[required("iterable")],
        "a new list of an iterable's items (`list()` is an empty list)",
        "sum(list(range(n))) + len(list(np.arange(x, n)))",
    ),
    list_fn(
        "list.append",
        type_append,
        lower_append,
        SELF_X,
        "adds an item at the end",
        "l = [x]\nl.append(2.0)\nsum(l) + len(l)",
    ),
    list_fn(
        "list.extend",
        type_extend,
        lower_extend,
        &[required("self"), required("iterable")],
        "adds an iterable's items at the end",
        "l = [x]\nl.extend([1.0, 2.0])\nl.extend(range(n))\nsum(l) + len(l)",
    ),
    list_fn(
        "list.insert",
        type_insert,
        lower_insert,
        &[required("self"), required("i"), required("x")],
        "inserts an item before position `i`",
        "l = [x, 2.0]\nl.insert(1, 5.0)\nl.insert(-9, 7.0)\nl[0] * 100 + l[2] * 10 + len(l)",
    ),
    list_fn(
        "list.pop",
        type_pop,
        lower_pop,
        &[required("self"), optional("i", "-1")],
        "removes and returns the item at `i` (IndexError when empty or out of range)",
        "l = [x, 2.0, 3.0]\nl.pop() + l.pop(0) * 10 + len(l)",
    ),
    list_fn(
        "list.remove",
        type_found,
        lower_remove,
        SELF_X,
        "removes the first item equal to `x` (ValueError when none is)",
        "l = [x, 2.0, x]\nl.remove(x)\nl[0] * 10 + l[1] + len(l)",
    ),
    list_fn(
        "list.index",
        type_found,
        lower_index,
        SELF_X,
        "the position of the first item equal to `x` (ValueError when none is)",
        "[1.0, x, 2.0].index(x)",
    ),
    list_fn(
        "list.count",
        type_found,
        lower_count,
        SELF_X,
        "the number of items equal to `x`",
        "[x, 1.0, x].count(x)",
    ),
    list_fn(
        "list.reverse",
        type_none,
        lower_reverse,
        SELF,
        "reverses the list in place",
        "l = [x, 2.0, 3.0]\nl.reverse()\nl[0] * 100 + l[1] * 10 + l[2]",
    ),
    list_fn(
        "list.copy",
        type_same,
        lower_copy,
        SELF,
        "a shallow copy",
        "l = [x, 1.0]\nm = l.copy()\nm.append(5.0)\nsum(m) + len(l)",
    ),
    list_fn(
        "list.clear",
        type_none,
        lower_clear,
        SELF,
        "removes every item",
        "l = [x, 1.0]\nl.clear()\nl.append(3.0)\nsum(l) + len(l)",
    ),
];

/// The list a method is called on.
fn receiver(c: &Converter<'_>, op: OpId) -> Value {
    match c.get(c.e.ctx.operand(op, 0)) {
        L::V(l) => l,
        _ => unreachable!("a list method's receiver is a list"),
    }
}

fn is_list_type(inf: &Inference<'_>, t: Type) -> bool {
    matches!(inf.ctx.type_kind(t), TypeKind::PyList(_))
}

// Typing.

fn type_list(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    let item = inf.item_type(c.op, c.types[0])?;
    if !is_number(inf.ctx, item) {
        return Err(c.bad(inf).with_note("lists hold numbers and booleans"));
    }
    Ok(inf.ctx.intern_type(TypeKind::PyList(item)))
}

fn type_truth(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    let item = inf.item_type(c.op, c.types[0])?;
    if !is_number(inf.ctx, item) {
        return Err(c.bad(inf));
    }
    Ok(inf.ctx.i1())
}

fn type_reversed(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    let item = inf.item_type(c.op, c.types[0])?;
    Ok(inf.ctx.intern_type(TypeKind::PyIter(item)))
}

fn type_append(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    inf.list_store(c.op, c.args[0], c.types[1])?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_extend(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let item = inf.item_type(c.op, c.types[1])?;
    inf.list_store(c.op, c.args[0], item)?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_insert(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    if !is_int(inf.ctx, c.types[1]) {
        return Err(c.bad(inf).with_note("the position is an integer"));
    }
    inf.list_store(c.op, c.args[0], c.types[2])?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn list_elem(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    match inf.ctx.type_kind(c.types[0]).clone() {
        TypeKind::PyList(e) if !inf.ctx.type_kind(e).is_shaped() && is_number(inf.ctx, e) => Ok(e),
        _ => Err(error(
            inf.ctx,
            c.op,
            "cannot infer the type of this empty list before it is used: append an item to it first",
        )),
    }
}

fn type_pop(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let e = list_elem(inf, c)?;
    if c.types.len() > 1 && !is_int(inf.ctx, c.types[1]) {
        return Err(c.bad(inf).with_note("the position is an integer"));
    }
    Ok(e)
}

/// `index`, `count`, `remove`: of a number.
fn type_found(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    list_elem(inf, c)?;
    if !is_number(inf.ctx, c.types[1]) {
        return Err(c.bad(inf));
    }
    Ok(match c.fname.as_str() {
        "remove" => inf.ctx.intern_type(TypeKind::None),
        _ => inf.ctx.i64(),
    })
}

fn type_none(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    list_elem(inf, c)?;
    Ok(inf.ctx.intern_type(TypeKind::None))
}

fn type_same(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    list_elem(inf, c)?;
    debug_assert!(is_list_type(inf, c.types[0]));
    Ok(c.types[0])
}

// Lowering.

/// `list(iterable)`: a new list of its items.
fn lower_list(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let elem =
        c.e.ctx
            .type_kind(c.result_type(op))
            .element_type()
            .expect("a list");
    let it = c.iter_of(op, c.get(c.e.ctx.operand(op, 0)))?;
    let n = c.trip_count(&it, &loc);
    let l = c.new_list(elem, n, &loc);
    loop_nest(c, &[n], &loc, &mut |c, ivs| {
        let x = c.item(&it, ivs[0], &loc);
        let x = c.scalar_of(op, x)?;
        c.list_store(l, ivs[0], x, &loc);
        Ok(())
    })?;
    Ok(L::V(l))
}

/// `any(it)`, `all(it)`: the items' truths folded (every item is read; reading has no effect).
fn lower_truth(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let all = py::call_builtin::NAME.of(c.e.ctx, op) == "all";
    let it = c.iter_of(op, c.get(c.e.ctx.operand(op, 0)))?;
    let n = c.trip_count(&it, &loc);
    let i1 = c.e.ctx.i1();
    let init = c.e.const_int(i64::from(all), i1, &loc);
    let mut failed = None;
    let mut s = &mut *c;
    let r = fold_carried(&mut s, &[n], init, &loc, &mut |c, acc, ivs| {
        let x = c.item(&it, ivs[0], &loc);
        let x = match c.scalar_of(op, x) {
            Ok(x) => x,
            Err(d) => {
                failed = Some(d);
                return acc;
            }
        };
        let t = c.e.truth(x, &loc);
        let kind = if all { &arith::ANDI } else { &arith::ORI };
        c.e.binary(kind, acc, t, &loc)
    });
    match failed {
        Some(d) => Err(d),
        None => Ok(L::V(r)),
    }
}

fn lower_reversed(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let it = c.iter_of(op, c.get(c.e.ctx.operand(op, 0)))?;
    Ok(L::Iter(Iter::Reversed(Box::new(it))))
}

fn lower_append(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let x = c.scalar(op, c.e.ctx.operand(op, 1))?;
    c.list_append(l, x, &loc);
    Ok(L::None)
}

/// `l.extend(it)`: the items are counted first, so `l.extend(l)` doubles `l`.
fn lower_extend(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let it = c.iter_of(op, c.get(c.e.ctx.operand(op, 1)))?;
    let m = c.trip_count(&it, &loc);
    let n = c.list_len(l, &loc);
    let total = c.e.binary(&arith::ADDI, n, m, &loc);
    c.list_resize(l, total, &loc);
    loop_nest(c, &[m], &loc, &mut |c, ivs| {
        let x = c.item(&it, ivs[0], &loc);
        let x = c.scalar_of(op, x)?;
        let at = c.e.binary(&arith::ADDI, n, ivs[0], &loc);
        c.list_store(l, at, x, &loc);
        Ok(())
    })?;
    Ok(L::None)
}

/// Move the items `from + 1 ..` of a list of `n` items one place down (over item `from`).
fn close_gap(
    c: &mut Converter<'_>,
    l: Value,
    from: Value,
    n: Value,
    loc: &Location,
) -> CResult<()> {
    let i64t = c.e.ctx.i64();
    let one = c.e.const_int(1, i64t, loc);
    let zero = c.e.const_int(0, i64t, loc);
    let after = c.e.binary(&arith::ADDI, from, one, loc);
    let count = c.e.binary(&arith::SUBI, n, after, loc);
    let count = c.e.binary(&arith::MAXSI, count, zero, loc);
    loop_nest(c, &[count], loc, &mut |c, ivs| {
        let src = c.e.binary(&arith::ADDI, after, ivs[0], loc);
        let dst = c.e.binary(&arith::ADDI, from, ivs[0], loc);
        let x = c.list_load(l, src, loc);
        c.list_store(l, dst, x, loc);
        Ok(())
    })
}

/// `l.insert(i, x)`: `i` clamped into `0..=len` after wrapping, as CPython does.
fn lower_insert(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let i64t = c.e.ctx.i64();
    let i = c.scalar(op, c.e.ctx.operand(op, 1))?;
    let i = c.e.coerce(i, i64t, &loc);
    let x = c.scalar(op, c.e.ctx.operand(op, 2))?;
    let n = c.list_len(l, &loc);
    let zero = c.e.const_int(0, i64t, &loc);
    let one = c.e.const_int(1, i64t, &loc);
    let negative = c.e.cmp(&arith::CMPI, "slt", i, zero, &loc);
    let wrapped = c.e.binary(&arith::ADDI, i, n, &loc);
    let i = c.e.select(negative, wrapped, i, &loc);
    let i = c.e.binary(&arith::MAXSI, i, zero, &loc);
    let i = c.e.binary(&arith::MINSI, i, n, &loc);
    let n1 = c.e.binary(&arith::ADDI, n, one, &loc);
    c.list_resize(l, n1, &loc);
    let count = c.e.binary(&arith::SUBI, n, i, &loc);
    loop_nest(c, &[count], &loc, &mut |c, ivs| {
        // From the end: item k moves to k + 1.
        let back = c.e.binary(&arith::SUBI, n, ivs[0], &loc);
        let k = c.e.binary(&arith::SUBI, back, one, &loc);
        let x = c.list_load(l, k, &loc);
        c.list_store(l, back, x, &loc);
        Ok(())
    })?;
    c.list_store(l, i, x, &loc);
    Ok(L::None)
}

fn lower_pop(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let i64t = c.e.ctx.i64();
    let n = c.list_len(l, &loc);
    let zero = c.e.const_int(0, i64t, &loc);
    let one = c.e.const_int(1, i64t, &loc);
    let empty = c.e.cmp(&arith::CMPI, "eq", n, zero, &loc);
    c.e.raise_if(empty, "IndexError", "pop from empty list", &loc);
    let i = match c.e.ctx.operands(op).get(1) {
        Some(v) => c.scalar(op, *v)?,
        None => c.e.const_int(-1, i64t, &loc),
    };
    let k = c.list_position(l, i, "pop index out of range", &loc);
    let x = c.list_load(l, k, &loc);
    close_gap(c, l, k, n, &loc)?;
    let n1 = c.e.binary(&arith::SUBI, n, one, &loc);
    let n1 = c.e.binary(&arith::MAXSI, n1, zero, &loc);
    c.list_resize(l, n1, &loc);
    Ok(L::V(x))
}

/// The position of the first item of `l` equal to `x` (the length when none is), and the length.
fn find(c: &mut Converter<'_>, op: OpId, l: Value) -> CResult<(Value, Value)> {
    let loc = c.e.ctx.loc(op).clone();
    let x = c.scalar(op, c.e.ctx.operand(op, 1))?;
    let n = c.list_len(l, &loc);
    let mut s = &mut *c;
    let found = fold_carried(&mut s, &[n], n, &loc, &mut |c, acc, ivs| {
        let item = c.list_load(l, ivs[0], &loc);
        let equal = c.compare("eq", item, x, &loc);
        let first = c.e.cmp(&arith::CMPI, "eq", acc, n, &loc);
        let hit = c.e.binary(&arith::ANDI, equal, first, &loc);
        c.e.select(hit, ivs[0], acc, &loc)
    });
    Ok((found, n))
}

fn lower_index(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let (found, n) = find(c, op, l)?;
    let missing = c.e.cmp(&arith::CMPI, "eq", found, n, &loc);
    c.e.raise_if(missing, "ValueError", "list.index(x): x not in list", &loc);
    Ok(L::V(found))
}

fn lower_remove(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let (found, n) = find(c, op, l)?;
    let missing = c.e.cmp(&arith::CMPI, "eq", found, n, &loc);
    c.e.raise_if(missing, "ValueError", "list.remove(x): x not in list", &loc);
    close_gap(c, l, found, n, &loc)?;
    let i64t = c.e.ctx.i64();
    let one = c.e.const_int(1, i64t, &loc);
    let shorter = c.e.binary(&arith::SUBI, n, one, &loc);
    let n1 = c.e.select(missing, n, shorter, &loc);
    c.list_resize(l, n1, &loc);
    Ok(L::None)
}

fn lower_count(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let x = c.scalar(op, c.e.ctx.operand(op, 1))?;
    let n = c.list_len(l, &loc);
    let i64t = c.e.ctx.i64();
    let zero = c.e.const_int(0, i64t, &loc);
    let mut s = &mut *c;
    let count =
        crate::conversion::emit::fold_carried(&mut s, &[n], zero, &loc, &mut |c, acc, ivs| {
            let item = c.list_load(l, ivs[0], &loc);
            let equal = c.compare("eq", item, x, &loc);
            let i64t = c.e.ctx.i64();
            let one = c.e.value(&arith::EXTUI, &[equal], i64t, &loc);
            c.e.binary(&arith::ADDI, acc, one, &loc)
        });
    Ok(L::V(count))
}

fn lower_reverse(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let n = c.list_len(l, &loc);
    let i64t = c.e.ctx.i64();
    let (one, two) = (c.e.const_int(1, i64t, &loc), c.e.const_int(2, i64t, &loc));
    let half = c.e.binary(&arith::DIVSI, n, two, &loc);
    let last = c.e.binary(&arith::SUBI, n, one, &loc);
    loop_nest(c, &[half], &loc, &mut |c, ivs| {
        let j = c.e.binary(&arith::SUBI, last, ivs[0], &loc);
        let a = c.list_load(l, ivs[0], &loc);
        let b = c.list_load(l, j, &loc);
        c.list_store(l, ivs[0], b, &loc);
        c.list_store(l, j, a, &loc);
        Ok(())
    })?;
    Ok(L::None)
}

fn lower_copy(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    Ok(L::V(c.list_copy(l, &loc)?))
}

fn lower_clear(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let l = receiver(c, op);
    let i64t = c.e.ctx.i64();
    let zero = c.e.const_int(0, i64t, &loc);
    c.list_resize(l, zero, &loc);
    Ok(L::None)
}

/// Whether the `py` value `v` is a list, dict or set (printed item by item).
pub(crate) fn is_list_value(c: &Converter<'_>, v: Value) -> bool {
    c.e.ctx.type_kind(c.e.ctx.value_type(v)).is_container()
}

/// `print(...)` with lists, dicts or sets among its values: the format's text and other values
/// printed in runs, each list as CPython writes it (`[1.5, 2.0]`, `[]`; a dict `{1: 0.5}`, a
/// set `{3}` or `set()`), its items as `print` writes them.
pub(crate) fn lower_print(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let format = c.e.ctx.attr_str(op, "format").to_string();
    let operands = c.e.ctx.operands(op).to_vec();
    let print = |c: &mut Converter<'_>, text: &str, values: &[Value]| {
        if text.is_empty() {
            return;
        }
        let attr = c.e.ctx.str_attr(text);
        c.e.emit(
            &loops::PRINT,
            values,
            &[],
            &[("format", attr)],
            vec![],
            &loc,
        );
    };
    let (mut text, mut values, mut next) = (String::new(), vec![], 0);
    let mut chars = format.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, chars.peek()) {
            ('{', Some('{')) | ('}', Some('}')) => {
                text.push(ch);
                text.push(chars.next().expect("peeked"));
            }
            ('{', Some('}')) => {
                chars.next();
                let v = operands[next];
                next += 1;
                if !is_list_value(c, v) {
                    text.push_str("{}");
                    values.push(c.scalar(op, v)?);
                    continue;
                }
                print(c, &text, &values);
                (text, values) = (String::new(), vec![]);
                let L::V(l) = c.get(v) else {
                    unreachable!("a list")
                };
                if crate::conversion::py_to_tensor::dicts::is_container(c, l) {
                    super::dicts::print_container(c, l, &loc)?;
                    continue;
                }
                print(c, "[", &[]);
                let n = c.list_len(l, &loc);
                let i64t = c.e.ctx.i64();
                let zero = c.e.const_int(0, i64t, &loc);
                loop_nest(c, &[n], &loc, &mut |c, ivs| {
                    let later = c.e.cmp(&arith::CMPI, "sgt", ivs[0], zero, &loc);
                    let comma = c.e.ctx.str_attr(", ");
                    let state =
                        OperationState::new(&loops::PRINT, loc.clone()).attr("format", comma);
                    c.e.only_if(later, state, &loc);
                    let x = c.list_load(l, ivs[0], &loc);
                    print(c, "{}", &[x]);
                    Ok(())
                })?;
                print(c, "]", &[]);
            }
            _ => text.push(ch),
        }
    }
    print(c, &text, &values);
    Ok(L::None)
}
