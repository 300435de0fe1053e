//! `py-propagate-raises`: a call to a function that may raise is followed by a check that
//! leaves the caller when it did (typed `py` → typed `py`).
//!
//! Compiled code raises by recording the exception (`loop.raise` calls the runtime, which keeps
//! the first one of the current call) and going on; a function's own `raise` statements leave
//! it at once (they are escapes, see `py-structure-escapes`). Without this pass the *caller* of
//! a function that raised went on too: it wrote to arrays CPython would have left alone, and
//! could index the placeholder a raising helper returned (an empty array) out of bounds. As
//! Python's exceptions propagate, each call that may raise becomes
//!
//! ```text
//! %r = py.call @h(%x)                 %r = py.call @h(%x)
//! ...                          →      %f = py.raised : i1
//!                                     py.if %f { py.raise {kind = "", message = "", pending = true} } { py.yield }
//!                                     ...
//! ```
//!
//! and `py-structure-escapes` (run after it) moves the code that follows into the `else`
//! branch; a call in a loop makes it a loop with an exit. A pending `py.raise` leaves the
//! function as `raise` does, without recording a second exception.
//!
//! An op of the function's own that may raise implicitly (a division by zero, an index out of
//! range, a library call's ValueError) records its exception and goes on too: the same check
//! follows it before the next op whose effect the caller could see (a store, an in-place
//! operation, a call, a print, a loop or `if`) and at the end of a loop body or branch, so
//! that nothing CPython would not have done happens after it (see [`implicit_checks`]).
//!
//! A function *may raise* when it holds a `py.raise`, a call to a function that may raise, or
//! an op that can raise implicitly: a library call, a division, `%` or `**` (unless
//! `error_model='numpy'`), indexing with anything but integer scalars (or any indexing under
//! `boundscheck`), a cast, an unpacking or any other op on arrays (broadcasting errors).
//! Arithmetic and comparisons of scalars, constants, tuples, attribute reads and control flow
//! never raise. Calls inside the outermost `prange` loops under `parallel=True` (whose
//! iterations run on other threads; the exception is reported when the loop ends) and in a
//! `while` condition keep the old behaviour. Input and output: typed `py` modules.

use std::collections::HashSet;

use blackbird_dialects::ir::{BlockId, Context, OpId, OperationState, TypeKind, Value};
use blackbird_dialects::py::{self, BinOpKind};

use crate::library;
use crate::pipeline::{Change, Pass, PassError};
use crate::transforms::parallelize_prange::is_prange;

/// What the decorator's options change in which ops may raise.
#[derive(Clone, Copy, Debug, Default)]
pub struct RaiseOptions {
    /// `boundscheck=True`: every index may raise IndexError.
    pub boundscheck: bool,
    /// `error_model='numpy'`: division by zero does not raise.
    pub numpy_errors: bool,
    /// `parallel=True`: the outermost `prange` loops run on other threads.
    pub parallel: bool,
}

/// `py-propagate-raises` (no options: the defaults of [`RaiseOptions`]).
pub struct PropagateRaises;

impl Pass for PropagateRaises {
    fn name(&self) -> &'static str {
        "py-propagate-raises"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        Ok(Change::from_bool(propagate_raises(
            ctx,
            module,
            RaiseOptions::default(),
        )))
    }
}

/// Check after every call that may raise in the functions of `module`, in place; returns
/// whether any check was added.
pub fn propagate_raises(ctx: &mut Context, module: OpId, options: RaiseOptions) -> bool {
    let functions: Vec<OpId> = ctx
        .body_ops(module)
        .into_iter()
        .filter(|f| ctx.is_op(*f, &py::FUNC))
        .collect();
    let raising = raising_functions(ctx, &functions, options);
    let calls_of = CalledFunctions {
        raising,
        writing: writing_functions(ctx, &functions),
    };
    let mut calls = vec![];
    for &f in &functions {
        checked_calls(
            ctx,
            ctx.entry_block(ctx.region(f, 0)),
            &calls_of,
            options,
            &mut calls,
        );
    }
    let mut checked: HashSet<OpId> = calls.iter().copied().collect();
    for &f in &functions {
        let entry = ctx.entry_block(ctx.region(f, 0));
        implicit_checks(ctx, entry, &calls_of, options, &mut checked, &mut calls);
    }
    for &op in &calls {
        check_after(ctx, op);
    }
    let mut try_bodies = vec![];
    for &f in &functions {
        outermost_try_bodies(ctx, ctx.entry_block(ctx.region(f, 0)), &mut try_bodies);
    }
    for &body in &try_bodies {
        try_checks(ctx, body, &calls_of, options);
    }
    !calls.is_empty() || !try_bodies.is_empty()
}

/// `py.raise`, `py.throw` and `py.rethrow` record their exception and are followed by their
/// own exit (a `py.raise` is one): no check after them.
fn leaves_itself(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &py::RAISE) || ctx.is_op(op, &py::THROW) || ctx.is_op(op, &py::RETHROW)
}

/// The one-trip loop of a `try` body (see the frontend's `try_stmt.rs`).
fn is_try_body(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &py::FOR) && py::for_::TRY_BODY.get(ctx, op).unwrap_or(false)
}

/// The check templates the frontend put in `try` bodies.
fn is_try_check(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &py::IF) && py::if_::TRY_CHECK.get(ctx, op).unwrap_or(false)
}

fn outermost_try_bodies(ctx: &Context, block: BlockId, out: &mut Vec<OpId>) {
    for &op in ctx.block_ops(block) {
        if is_try_body(ctx, op) {
            out.push(op);
            continue;
        }
        for r in ctx.regions(op) {
            outermost_try_bodies(ctx, ctx.entry_block(*r), out);
        }
    }
}

/// The checks of a `try` body `body` (a one-trip `py.for`) and the loops inside it: an op
/// that may raise is followed at once by a copy of the check template before it (which
/// breaks out with the variables' values of its statement's start: the statement did not
/// complete); a loop whose body may raise keeps the template that follows it (the values
/// its exit carried). The other templates are erased; the kept ones and the copies are
/// ordinary checks.
fn try_checks(ctx: &mut Context, body: OpId, calls: &CalledFunctions, options: RaiseOptions) {
    let mut templates = TryTemplates::default();
    let block = ctx.entry_block(ctx.region(body, 0));
    templates.block(ctx, block, None, calls, options);
    for (template, raised) in templates.insert_after {
        copy_template(ctx, template, raised);
    }
    for t in templates.all {
        if templates.kept.contains(&t) {
            ctx.remove_attr(t, py::if_::TRY_CHECK.name);
        } else {
            let flag = ctx.defining_op(ctx.operand(t, 0));
            ctx.erase_op(t);
            if let Some(flag) = flag {
                ctx.erase_op(flag);
            }
        }
    }
}

/// What [`try_checks`] found in a `try` body.
#[derive(Default)]
struct TryTemplates {
    all: Vec<OpId>,
    kept: HashSet<OpId>,
    /// (template, op): a copy of the template goes after the op.
    insert_after: Vec<(OpId, OpId)>,
}

impl TryTemplates {
    /// Walk `block`; `last` is the template in force where it starts (an `if` branch inherits
    /// its parent's; a loop body starts without).
    fn block(
        &mut self,
        ctx: &Context,
        block: BlockId,
        mut last: Option<OpId>,
        calls: &CalledFunctions,
        options: RaiseOptions,
    ) {
        let mut keep_next = false;
        for &op in ctx.block_ops(block) {
            if is_try_check(ctx, op) {
                self.all.push(op);
                if keep_next {
                    self.kept.insert(op);
                    keep_next = false;
                }
                last = Some(op);
                continue;
            }
            if is_try_body(ctx, op) {
                // A nested `try` catches what its body raises; its own checks follow.
                let inner = ctx.entry_block(ctx.region(op, 0));
                self.block(ctx, inner, None, calls, options);
                continue;
            }
            let is_loop = ctx.is_op(op, &py::FOR) || ctx.is_op(op, &py::WHILE);
            if !(options.parallel && is_prange(ctx, op)) {
                for (r, region) in ctx.regions(op).iter().enumerate() {
                    if ctx.is_op(op, &py::WHILE) && r == 0 {
                        continue;
                    }
                    let inherited = if is_loop { None } else { last };
                    self.block(ctx, ctx.entry_block(*region), inherited, calls, options);
                }
            }
            let raises_inside = is_loop
                && ctx
                    .regions(op)
                    .iter()
                    .any(|r| block_may_raise(ctx, ctx.entry_block(*r), &calls.raising, options));
            if raises_inside {
                keep_next = true;
            } else if !leaves_itself(ctx, op) && op_may_raise(ctx, op, &calls.raising, options) {
                match last {
                    Some(t) => self.insert_after.push((t, op)),
                    None => keep_next = true,
                }
            }
        }
    }
}

/// Insert after `op` a copy of the check template `template`: `py.raised` and the `py.if`
/// that breaks out with the template's values.
fn copy_template(ctx: &mut Context, template: OpId, op: OpId) {
    let loc = ctx.loc(op).clone();
    let i1 = ctx.i1();
    let raised = ctx.create_op(OperationState::new(&py::RAISED, loc.clone()).results(&[i1]));
    ctx.insert_op_after(op, raised);
    let mut map = std::collections::HashMap::new();
    let flag = ctx.result(raised, 0);
    map.insert(ctx.operand(template, 0), flag);
    let check = ctx.clone_op(template, &mut map);
    ctx.remove_attr(check, py::if_::TRY_CHECK.name);
    ctx.insert_op_after(raised, check);
}

/// The ops of `block` and the regions nested in it (as [`checked_calls`] walks them) after
/// which an op that may raise implicitly (a division, an index, a library call: see
/// [`op_may_raise`]) needs a check: the check waits for the next op with an effect the
/// caller could see (a store, an in-place operation, a call, a print, a loop or `if`) or the
/// end of a loop body (so that a loop whose values an exception made placeholders does not
/// run on), and covers every such op before it; an `if` branch that ends with one unchecked
/// leaves it to the op after the `if`. Returning needs none: the caller checks after its call.
/// An array store after failed elementwise operations on arrays needs none either (see
/// [`Pending::Empty`]). Ops after which a check is already inserted are in `checked`.
/// Returns what the block leaves unchecked.
fn implicit_checks(
    ctx: &Context,
    block: BlockId,
    calls: &CalledFunctions,
    options: RaiseOptions,
    checked: &mut HashSet<OpId>,
    out: &mut Vec<OpId>,
) -> Pending {
    let ops = ctx.block_ops(block).to_vec();
    let in_loop = ctx
        .block_parent_op(block)
        .is_some_and(|o| !ctx.is_op(o, &py::IF) && !ctx.is_op(o, &py::FUNC));
    let mut pending = Pending::None;
    for (k, &op) in ops.iter().enumerate() {
        let last = k + 1 == ops.len();
        let ends_loop_body = last && in_loop && !ctx.is_op(op, &py::RETURN);
        let needs_check = match pending {
            Pending::None => false,
            // A failed elementwise op's placeholder is empty: an array store of it fails its
            // own shape check and writes nothing (so `a[1:] = a[1:] - b` stays one nest).
            Pending::Empty => {
                ends_loop_body || (has_visible_effect(ctx, op) && !stores_array(ctx, op))
            }
            Pending::Any => ends_loop_body || has_visible_effect(ctx, op),
        };
        if needs_check {
            if checked.insert(ops[k - 1]) {
                out.push(ops[k - 1]);
            }
            pending = Pending::None;
        }
        let walks_inside = !(options.parallel && is_prange(ctx, op) || is_try_body(ctx, op));
        if walks_inside {
            for (r, region) in ctx.regions(op).iter().enumerate() {
                // A `while`'s first region computes its condition.
                if !(ctx.is_op(op, &py::WHILE) && r == 0) {
                    let body = ctx.entry_block(*region);
                    let inner = implicit_checks(ctx, body, calls, options, checked, out);
                    pending = pending.max(inner);
                }
            }
        }
        if !ctx.is_op(op, &py::CALL)
            && !leaves_itself(ctx, op)
            && op_may_raise(ctx, op, &calls.raising, options)
        {
            pending = pending.max(match elementwise_of_arrays(ctx, op) {
                true => Pending::Empty,
                false => Pending::Any,
            });
        }
        if checked.contains(&op) {
            pending = Pending::None;
        }
    }
    pending
}

/// What an op that may have raised since the last check leaves behind.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    None,
    /// Only elementwise operations on arrays, whose placeholders are empty arrays.
    Empty,
    /// Anything else.
    Any,
}

/// An elementwise operation with an array operand (it raises only when the shapes do not
/// broadcast, and its result is then empty), not in place.
fn elementwise_of_arrays(ctx: &Context, op: OpId) -> bool {
    let elementwise = ctx.is_op(op, &py::UNARYOP)
        || ctx.is_op(op, &py::COMPARE)
        || (ctx.is_op(op, &py::BINOP) && py::binop::INPLACE.get(ctx, op).is_none());
    elementwise && ctx.operands(op).iter().any(|v| is_array(ctx, *v))
}

/// A store of an array into an array (`a[i:] = x`, `a += x`): it checks that `x` broadcasts
/// to the destination before writing.
fn stores_array(ctx: &Context, op: OpId) -> bool {
    let value = match () {
        _ if ctx.is_op(op, &py::SETITEM) => ctx.operand(op, 0),
        _ if ctx.is_op(op, &py::BINOP) && py::binop::INPLACE.get(ctx, op).is_some() => {
            ctx.operand(op, 1)
        }
        _ => return false,
    };
    is_array(ctx, value)
}

/// Whether `op` may change what its function's caller sees (memory, printed output) or run
/// without end: a store, an in-place operation, a call of a compiled function, a library
/// call with effects, or an op with regions.
fn has_visible_effect(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &py::SETITEM)
        || ctx.is_op(op, &py::CALL)
        || (ctx.is_op(op, &py::BINOP) && py::binop::INPLACE.get(ctx, op).is_some())
        || (ctx.is_op(op, &py::CALL_BUILTIN)
            && library::has_effects(&py::call_builtin::NAME.of(ctx, op)))
        || !ctx.regions(op).is_empty()
}

/// The names of the functions that may raise: those whose own ops may, then their callers,
/// to a fixed point.
fn raising_functions(ctx: &Context, functions: &[OpId], options: RaiseOptions) -> HashSet<String> {
    fixed_point(ctx, functions, |block, raising| {
        block_may_raise(ctx, block, raising, options)
    })
}

/// The names of the functions whose body `holds`, given the functions found so far, until no
/// more are found (a property that a call of such a function gives its caller).
fn fixed_point(
    ctx: &Context,
    functions: &[OpId],
    holds: impl Fn(BlockId, &HashSet<String>) -> bool,
) -> HashSet<String> {
    let mut found = HashSet::new();
    loop {
        let before = found.len();
        for &f in functions {
            let name = py_function_name(ctx, f);
            if !found.contains(&name) && holds(ctx.entry_block(ctx.region(f, 0)), &found) {
                found.insert(name);
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

fn py_function_name(ctx: &Context, f: OpId) -> String {
    blackbird_dialects::func::function_name(ctx, f)
        .unwrap_or_default()
        .to_string()
}

fn block_may_raise(
    ctx: &Context,
    block: BlockId,
    raising: &HashSet<String>,
    options: RaiseOptions,
) -> bool {
    ctx.block_ops(block).iter().any(|&op| {
        op_may_raise(ctx, op, raising, options)
            || ctx
                .regions(op)
                .iter()
                .any(|r| block_may_raise(ctx, ctx.entry_block(*r), raising, options))
    })
}

fn is_array(ctx: &Context, v: Value) -> bool {
    ctx.type_kind(ctx.value_type(v)).is_shaped()
}

fn is_int_scalar(ctx: &Context, v: Value) -> bool {
    matches!(ctx.type_kind(ctx.value_type(v)), TypeKind::Int { .. })
}

/// Whether `op` itself (not what its regions hold) may raise.
fn op_may_raise(ctx: &Context, op: OpId, raising: &HashSet<String>, options: RaiseOptions) -> bool {
    let any_array = || ctx.operands(op).iter().any(|v| is_array(ctx, *v));
    if leaves_itself(ctx, op) || ctx.is_op(op, &py::CAST) {
        true
    } else if ctx.is_op(op, &py::CALL_BUILTIN) {
        library::may_raise(
            py::call_builtin::NAME.of(ctx, op).as_str(),
            ctx.operands(op).len(),
        )
    } else if ctx.is_op(op, &py::CALL) {
        raising.contains(&py::call::CALLEE.of(ctx, op).0)
    } else if ctx.is_op(op, &py::BINOP) {
        let dividing = matches!(
            py::binop::OP.of(ctx, op),
            BinOpKind::TrueDiv | BinOpKind::FloorDiv | BinOpKind::Mod
        );
        let power = py::binop::OP.of(ctx, op) == BinOpKind::Pow;
        let divisor_nonzero = constant_nonzero(ctx, ctx.operand(op, 1));
        any_array() || power || (dividing && !options.numpy_errors && !divisor_nonzero)
    } else if ctx.is_op(op, &py::UNARYOP)
        || ctx.is_op(op, &py::COMPARE)
        || ctx.is_op(op, &py::UNPACK)
    {
        any_array()
    } else if ctx.is_op(op, &py::GETITEM) {
        // `obj[i, j]`: the object, then the indices.
        indexing_may_raise(ctx, ctx.operand(op, 0), &ctx.operands(op)[1..], options)
    } else if ctx.is_op(op, &py::SETITEM) {
        // `obj[i, j] = value`: the value, the object, then the indices.
        is_array(ctx, ctx.operand(op, 0))
            || indexing_may_raise(ctx, ctx.operand(op, 1), &ctx.operands(op)[2..], options)
    } else {
        false
    }
}

/// Whether `v` is a constant other than zero (`x / 2.0` cannot raise).
fn constant_nonzero(ctx: &Context, v: Value) -> bool {
    use blackbird_dialects::ir::AttrKind;
    let Some(attr) = ctx.constant_value(v) else {
        return false;
    };
    match ctx.attr_kind(attr) {
        AttrKind::Int(i, _) => *i != 0,
        AttrKind::Float(bits, _) => f64::from_bits(*bits) != 0.0,
        _ => false,
    }
}

/// Indexing an array may raise unless its indices are integer scalars (out of range ones read
/// any memory, as in Numba) or slices with a constant step and `boundscheck` is off; other
/// objects' indexing is resolved at compile time.
fn indexing_may_raise(
    ctx: &Context,
    object: Value,
    indices: &[Value],
    options: RaiseOptions,
) -> bool {
    is_array(ctx, object)
        && (options.boundscheck
            || !indices
                .iter()
                .all(|v| is_int_scalar(ctx, *v) || is_stepped_slice(ctx, *v)))
}

/// A slice whose step is absent or a nonzero constant: slicing with it cannot raise (only a
/// zero step does).
fn is_stepped_slice(ctx: &Context, v: Value) -> bool {
    let Some(slice) = ctx.defining_op(v).filter(|op| ctx.is_op(*op, &py::SLICE)) else {
        return false;
    };
    let step = ctx.operand(slice, 2);
    matches!(ctx.type_kind(ctx.value_type(step)), TypeKind::None) || constant_nonzero(ctx, step)
}

/// What the module's functions may do, by name.
struct CalledFunctions {
    /// May raise.
    raising: HashSet<String>,
    /// May write memory their caller sees (arrays, the random state) or print.
    writing: HashSet<String>,
}

impl CalledFunctions {
    fn raises(&self, ctx: &Context, op: OpId) -> bool {
        ctx.is_op(op, &py::CALL) && self.raising.contains(&py::call::CALLEE.of(ctx, op).0)
    }
    fn writes(&self, ctx: &Context, op: OpId) -> bool {
        self.writing.contains(&py::call::CALLEE.of(ctx, op).0)
    }
}

/// The functions that may write memory their caller sees or print, to a fixed point (any
/// `setitem` counts, conservatively).
fn writing_functions(ctx: &Context, functions: &[OpId]) -> HashSet<String> {
    fn writes(ctx: &Context, block: BlockId, writing: &HashSet<String>) -> bool {
        ctx.block_ops(block).iter().any(|&op| {
            ctx.is_op(op, &py::SETITEM)
                || (ctx.is_op(op, &py::CALL) && writing.contains(&py::call::CALLEE.of(ctx, op).0))
                || (ctx.is_op(op, &py::CALL_BUILTIN)
                    && library::has_effects(&py::call_builtin::NAME.of(ctx, op)))
                || ctx
                    .regions(op)
                    .iter()
                    .any(|r| writes(ctx, ctx.entry_block(*r), writing))
        })
    }
    fixed_point(ctx, functions, |block, writing| writes(ctx, block, writing))
}

/// Ops that compute values only (no regions, no effects, no calls, no element reads: a
/// raising call's placeholder array is empty).
fn is_quiet(ctx: &Context, op: OpId) -> bool {
    [
        &py::CONSTANT,
        &py::BINOP,
        &py::UNARYOP,
        &py::COMPARE,
        &py::TUPLE,
        &py::GETATTR,
        &py::SLICE,
        &py::CAST,
    ]
    .iter()
    .any(|d| ctx.is_op(op, d))
}

/// A call of a NumPy function of the prelude (`np.NAME`: no Python name has a dot). Unlike a
/// user's function, which may loop or allocate without end on the input an earlier check
/// rejected, a library function validates its own inputs.
fn is_library_call(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &py::CALL) && py::call::CALLEE.of(ctx, op).0.starts_with("np.")
}

/// Whether the check after the raising library call at `ops[k]` can wait for the next checked
/// call:
/// running the ops between and that call after `ops[k]` raised must change nothing the caller
/// sees (the first exception is the one reported), and one check then covers both. So every op
/// until that call writes nothing and has no regions (library calls only: see
/// [`is_library_call`]), and those that use a value computed
/// from the raising call's results (a placeholder: zeros, empty arrays) are [quiet](is_quiet);
/// the call, a library call too, takes no such value. A run of independent library calls (`np.add(a, b),
/// np.subtract(a, b), …`) so costs one check, not one exit path per call with the
/// placeholders and frees each needs.
fn check_can_wait(ctx: &Context, ops: &[OpId], k: usize, calls: &CalledFunctions) -> bool {
    if !is_library_call(ctx, ops[k]) {
        return false;
    }
    let mut tainted: HashSet<Value> = ctx.results(ops[k]).iter().copied().collect();
    for &op in &ops[k + 1..] {
        let uses_tainted = ctx.operands(op).iter().any(|v| tainted.contains(v));
        if calls.raises(ctx, op) {
            return !uses_tainted && is_library_call(ctx, op) && !calls.writes(ctx, op);
        }
        let effect_free = is_quiet(ctx, op)
            || (is_library_call(ctx, op) && !calls.writes(ctx, op))
            || (ctx.is_op(op, &py::CALL_BUILTIN)
                && !library::has_effects(&py::call_builtin::NAME.of(ctx, op)));
        if !effect_free || (uses_tainted && !is_quiet(ctx, op)) {
            return false;
        }
        if uses_tainted {
            tainted.extend(ctx.results(op).iter().copied());
        }
    }
    false
}

/// The calls to raising functions in `block` and the regions nested in it that need a check
/// after them, leaving out the bodies of parallel `prange` loops and `while` conditions.
fn checked_calls(
    ctx: &Context,
    block: BlockId,
    calls: &CalledFunctions,
    options: RaiseOptions,
    out: &mut Vec<OpId>,
) {
    let ops = ctx.block_ops(block);
    for (k, &op) in ops.iter().enumerate() {
        if calls.raises(ctx, op) && !check_can_wait(ctx, ops, k, calls) {
            out.push(op);
        }
        if (options.parallel && is_prange(ctx, op)) || is_try_body(ctx, op) {
            continue;
        }
        let regions = ctx.regions(op);
        for (k, r) in regions.iter().enumerate() {
            // A `while`'s first region computes its condition.
            if ctx.is_op(op, &py::WHILE) && k == 0 {
                continue;
            }
            checked_calls(ctx, ctx.entry_block(*r), calls, options, out);
        }
    }
}

/// Insert after `call`: leave the function when it raised.
fn check_after(ctx: &mut Context, call: OpId) {
    let loc = ctx.loc(call).clone();
    let i1 = ctx.i1();
    let raised = ctx.create_op(OperationState::new(&py::RAISED, loc.clone()).results(&[i1]));
    ctx.insert_op_after(call, raised);
    let (leave, leave_block) = ctx.create_region_with_block(&[]);
    let reraise = ctx.create_op(OperationState::new(&py::RAISE, loc.clone()));
    py::raise::KIND.set(ctx, reraise, String::new());
    py::raise::MESSAGE.set(ctx, reraise, String::new());
    py::raise::PENDING.set(ctx, reraise, true);
    ctx.append_op(leave_block, reraise);
    let (go_on, go_on_block) = ctx.create_region_with_block(&[]);
    let yield_ = ctx.create_op(OperationState::new(&py::YIELD, loc.clone()));
    ctx.append_op(go_on_block, yield_);
    let flag = ctx.result(raised, 0);
    let check = ctx.create_op(
        OperationState::new(&py::IF, loc)
            .operands(&[flag])
            .region(leave)
            .region(go_on),
    );
    ctx.insert_op_after(raised, check);
}
