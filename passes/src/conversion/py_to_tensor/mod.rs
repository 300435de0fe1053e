//! `convert-py-to-tensor`: typed `py` functions → `func` + `arith`/`math` + `loop`, with
//! elementwise array code as `tensor.map`s (materialized into temporaries or stored into
//! assignment destinations; `tensor-fuse` then merges them).
//!
//! Input: a module of typed `py.func`s (from `py-infer-types`), structured by
//! `py-structure-escapes` (run here first: nothing follows an `if` that may leave its region
//! early). Output: a new module of `func.func`s. Scalars keep their types; arrays become
//! strided `memref`s (arguments are views of the caller's arrays; writes are visible to the
//! caller); tuples, ranges and iterators are compile-time structures whose parts are SSA
//! values. Temporaries are `tensor.materialize`s and `loop.alloc`s, never freed here:
//! `ownership-based-buffer-deallocation` (run next) frees them and adds the ownership flags.
//!
//! One [`Converter`] per function walks its ops; the lowerings live by topic:
//! - [`regions`]: blocks, early exits (`return`, `continue`: an escaping `if` becomes a
//!   `loop.if` yielding the exit's values) and `if`s;
//! - [`ops`]: the op dispatch, builtins and the library-call dispatch;
//! - [`scalars`]: Python's scalar semantics (`//` and `%` round toward negative infinity and
//!   take the divisor's sign; division by zero raises ZeroDivisionError, the divisor being
//!   replaced by a safe value so that execution never traps);
//! - [`indexing`]: negative indices wrap; with `boundscheck`, out-of-range ones raise
//!   IndexError;
//! - [`serial`]: `for` and `while`; loops with `break` or `return` (at any depth) become
//!   `loop.while`s carrying an exit code (see `Converter::loop_with_exits`);
//! - [`parallel`] (with [`prange`]'s classification): `prange` loops under `parallel=True`;
//! - NumPy and other library calls: `numpy`, `axis`, `products`, `arrays`, `complex`, `gpu`,
//!   `vectorize`.
//!
//! Not yet converted (each a located error): complex arrays and `**` on complex numbers,
//! `prange` reductions of arrays other than `+=`, `-=` and `*=`.

use std::collections::HashMap;

use blackbird_dialects::ir::{
    BlockId, Context, Diagnostic, MemLayout, OpId, OperationState, Type, TypeKind, Value,
};
use blackbird_dialects::{builtin, func};

use super::emit::{self, Emitter};
use crate::transforms::parallelize_prange::parallelize_prange;
use crate::transforms::propagate_raises::{propagate_raises, RaiseOptions};
use crate::transforms::structure_escapes::structure_escapes;

mod advanced;
mod arrays;
mod axis;
pub(crate) mod calls;
mod complex;
pub(crate) mod dicts;
mod fancy;
mod gpu;
mod indexing;
pub(crate) mod lists;
mod numpy;
mod ops;
mod parallel;
mod prange;
mod products;
mod regions;
mod scalars;
mod serial;
mod vectorize;

use regions::{Escape, Exit};
use serial::LoopExitFrame;

pub use vectorize::{add_vectorized_entry, add_vectorized_kernel, VECTORIZED};

pub(crate) type CResult<T> = Result<T, Diagnostic>;

/// What the decorator's options change in the conversion.
#[derive(Copy, Clone, Debug, Default)]
pub struct ConvertOptions {
    /// `boundscheck=True`: out-of-range indices raise IndexError.
    pub boundscheck: bool,
    /// `parallel=True`: outermost `prange` loops become `loop.parallel`.
    pub parallel: bool,
    /// Compiling a GPU kernel (`@cuda.jit`): `cuda.*` calls are available.
    pub gpu: bool,
    /// Numba's `error_model='numpy'`: scalar division by zero gives inf/NaN (floats) or 0
    /// (integers) instead of raising ZeroDivisionError.
    pub numpy_errors: bool,
}

/// Convert every function of a typed module (structured and, with `parallel`, its `prange`
/// loops marked first, in place); returns the new module, without frees or ownership flags
/// (see `ownership-based-buffer-deallocation`).
pub fn convert_py_to_tensor(
    ctx: &mut Context,
    typed: OpId,
    entry: &str,
    options: ConvertOptions,
) -> CResult<OpId> {
    for f in ctx.body_ops(typed) {
        // The frontend's functions are untyped: their values are all `!py.object`.
        let untyped = func::function_signature(ctx, f).is_some_and(|(inputs, results)| {
            inputs
                .iter()
                .chain(&results)
                .any(|t| *ctx.type_kind(*t) == TypeKind::PyObject)
        });
        if untyped {
            return Err(error(
                ctx,
                f,
                "convert-py-to-tensor needs typed functions: run py-infer-types{function=NAME \
                 signature=...} before it",
            ));
        }
    }
    // A call that may raise is followed by a check that leaves when it did (CPU code: GPU
    // kernels do not raise).
    if !options.gpu {
        let raises = RaiseOptions {
            boundscheck: options.boundscheck,
            numpy_errors: options.numpy_errors,
            parallel: options.parallel,
        };
        propagate_raises(ctx, typed, raises);
    }
    // The ops after each escaping `if` move into its branches that go on (in place).
    structure_escapes(ctx, typed);
    // The outermost `prange` loops are marked parallel, their carried variables classified.
    if options.parallel {
        parallelize_prange(ctx, typed)?;
    }
    let (region, body) = ctx.create_region_with_block(&[]);
    let module =
        ctx.create_op(OperationState::new(&builtin::MODULE, ctx.loc(typed).clone()).region(region));
    for f in ctx.body_ops(typed) {
        let is_entry = func::function_name(ctx, f) == Some(entry);
        let converted = Converter::new(ctx, body, is_entry, options).function(f)?;
        ctx.append_op(body, converted);
    }
    Ok(module)
}

/// What a `py` value became.
#[derive(Clone, Debug)]
pub(crate) enum L {
    /// A scalar or a memref.
    V(Value),
    Tuple(Vec<L>),
    None,
    DType,
    Iter(Iter),
    /// `start:stop:step`; absent parts are `None`.
    Slice(Option<Value>, Option<Value>, Option<Value>),
}

#[derive(Clone, Debug)]
pub(crate) enum Iter {
    Range {
        start: Value,
        stop: Value,
        step: Value,
    },
    /// The elements of a 1-D memref.
    Array(Value),
    /// The elements of a list (read afresh at each step: the body may move them).
    List(Value),
    Enumerate(Box<Iter>),
    Zip(Vec<Iter>),
    /// `reversed(it)`: the items last first.
    Reversed(Box<Iter>),
    /// The keys, values or items of a dict, or a set's items, in its order.
    Dict(Value, dicts::Part),
}

impl Iter {
    /// Whether the number of items may change while the loop runs: a list iterated forwards
    /// (directly, or through `enumerate`/`zip`), whose length CPython reads before each item.
    /// (`reversed(l)` counts from the length it had when the loop started.)
    pub(crate) fn grows(&self) -> bool {
        match self {
            Iter::List(_) => true,
            Iter::Enumerate(inner) => inner.grows(),
            Iter::Zip(items) => items.iter().any(Iter::grows),
            Iter::Range { .. } | Iter::Array(_) | Iter::Reversed(_) | Iter::Dict(..) => false,
        }
    }
}

pub(crate) struct Converter<'c> {
    /// The context, the block being appended to and the boundscheck option.
    pub(crate) e: Emitter<'c>,
    map: HashMap<Value, L>,
    /// Lowered result types of the function being converted, as it returns them (ABI: booleans
    /// as i8).
    results: Vec<Type>,
    /// The same as carried inside the function (booleans as i1).
    return_types: Vec<Type>,
    /// Lowered carried types of the enclosing loops, innermost last (what `continue` yields).
    carried_types: Vec<Vec<Type>>,
    /// The escape of each enclosing loop body, innermost last.
    loop_escapes: Vec<Escape>,
    /// For each enclosing loop with `break` or `return`: what its exits yield besides values.
    exit_prefix: Vec<LoopExitFrame>,
    /// Converting the entry function (a GPU kernel itself, not a device function).
    is_entry: bool,
    /// The function has `parallel=True`: its outermost `prange` loops run in parallel.
    parallel: bool,
    /// Converting GPU code: `cuda.*` calls are available.
    pub(crate) gpu: bool,
    /// Scalar division by zero follows NumPy instead of raising ([`ConvertOptions`]).
    numpy_errors: bool,
}

impl<'c> emit::Emits<'c> for Converter<'c> {
    fn emitter(&mut self) -> &mut Emitter<'c> {
        &mut self.e
    }
}

pub(crate) fn error(ctx: &Context, op: OpId, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(ctx.loc(op).clone(), message)
}

pub(crate) fn not_yet(ctx: &Context, op: OpId, what: &str) -> Diagnostic {
    error(
        ctx,
        op,
        format!("{what} is not supported yet by the code generator"),
    )
}

impl<'c> Converter<'c> {
    /// A converter appending to `block`; `is_entry`: converting the entry function.
    fn new(ctx: &'c mut Context, block: BlockId, is_entry: bool, options: ConvertOptions) -> Self {
        Converter {
            e: Emitter::new(ctx, block, options.boundscheck),
            map: HashMap::new(),
            results: vec![],
            return_types: vec![],
            carried_types: vec![],
            loop_escapes: vec![],
            exit_prefix: vec![],
            is_entry,
            parallel: options.parallel,
            gpu: options.gpu,
            numpy_errors: options.numpy_errors,
        }
    }
}

impl Converter<'_> {
    fn lower_type(&mut self, op: OpId, t: Type) -> CResult<Vec<Type>> {
        Ok(match self.e.ctx.type_kind(t).clone() {
            TypeKind::Int { .. } | TypeKind::Float(_) => vec![t],
            TypeKind::PyArray { elem, rank, .. } => {
                vec![self.e.ctx.intern_type(TypeKind::MemRef {
                    shape: vec![None; rank as usize],
                    elem,
                    layout: MemLayout::Strided,
                })]
            }
            TypeKind::Tuple(elems) => {
                let mut out = vec![];
                for e in elems {
                    out.extend(self.lower_type(op, e)?);
                }
                out
            }
            // A string is known from its type (`!py.str<"…">`): nothing to pass.
            TypeKind::None | TypeKind::PyStr(_) | TypeKind::PyUndefined => vec![],
            TypeKind::PyList(_) | TypeKind::PyDict(..) | TypeKind::PySet(_) => vec![t],
            // A `Generator` is the runtime's handle of it.
            TypeKind::PyRandomGenerator => vec![self.e.ctx.i64()],
            // A complex number is its two parts.
            TypeKind::Complex(part) => vec![part, part],
            _ => {
                return Err(not_yet(
                    self.e.ctx,
                    op,
                    &format!(
                        "a value of type {}",
                        crate::transforms::infer_types::rules::display(self.e.ctx, t)
                    ),
                ))
            }
        })
    }

    /// Result types crossing the function boundary: booleans travel as i8.
    fn abi_type(&mut self, t: Type) -> Type {
        if matches!(self.e.ctx.type_kind(t), TypeKind::Int { width: 1, .. }) {
            self.e.ctx.int_type(8)
        } else {
            t
        }
    }

    fn flatten(&self, l: &L, out: &mut Vec<Value>) {
        match l {
            L::V(v) => out.push(*v),
            L::Tuple(items) => items.iter().for_each(|i| self.flatten(i, out)),
            _ => {}
        }
    }

    /// Rebuild a structured value of py type `t` from flattened values.
    fn unflatten(&self, t: Type, values: &mut impl Iterator<Item = Value>) -> L {
        match self.e.ctx.type_kind(t) {
            TypeKind::Tuple(elems) => L::Tuple(
                elems
                    .clone()
                    .into_iter()
                    .map(|e| self.unflatten(e, values))
                    .collect(),
            ),
            TypeKind::None | TypeKind::PyStr(_) => L::None,
            TypeKind::Complex(_) => L::Tuple(vec![
                L::V(values.next().expect("a real part")),
                L::V(values.next().expect("an imaginary part")),
            ]),
            _ => L::V(values.next().expect("one value per scalar")),
        }
    }

    pub(crate) fn get(&self, v: Value) -> L {
        self.map
            .get(&v)
            .cloned()
            .unwrap_or_else(|| panic!("value {v:?} was not converted"))
    }

    pub(crate) fn scalar(&self, op: OpId, v: Value) -> CResult<Value> {
        match self.get(v) {
            L::V(x) => Ok(x),
            other => Err(error(
                self.e.ctx,
                op,
                format!("expected a scalar value here, found {other:?}"),
            )),
        }
    }
}
