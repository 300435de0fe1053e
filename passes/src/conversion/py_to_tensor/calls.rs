//! The dispatch of `py.call_builtin` to the lowering of the callable it names (each family
//! module of [`crate::library`] holds its callables' lowerings), what a NumPy lowering starts
//! from ([`NumpyCall`]), and the entry point of the lowerings still written as converter
//! methods (CUDA intrinsics, in `gpu.rs`).

use blackbird_dialects::ir::{Location, OpId, Type, Value};
use blackbird_dialects::py;

use super::{not_yet, CResult, Converter, L};
use crate::library::{self, Args};

/// A `py.call_builtin`: the lowering of the callable it names.
pub(super) fn lower(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let name = py::call_builtin::NAME.of(c.e.ctx, op);
    match library::lookup(&name) {
        // Other callables read a list as a 1-D array of its items.
        Some(callable) if !name.starts_with("list.") && !TAKE_LISTS.contains(&name.as_str()) => {
            let operands = c.e.ctx.operands(op).to_vec();
            let loc = c.e.ctx.loc(op).clone();
            let mut saved = vec![];
            if READ_ITEMS.contains(&name.as_str()) {
                for v in &operands {
                    let items = c.get(*v);
                    let iterated = match &items {
                        L::Iter(_) => true,
                        L::V(d) => super::dicts::is_container(c, *d),
                        _ => false,
                    };
                    if iterated {
                        let elem = c.item_type_of(*v);
                        let l = c.list_of_items(op, items.clone(), elem, &loc)?;
                        c.map.insert(*v, L::V(l));
                        saved.push((*v, items));
                    }
                }
            }
            let r = c.with_list_buffers(&operands, &loc, |c| (callable.lowering)(c, op));
            for (v, items) in saved {
                c.map.insert(v, items);
            }
            r
        }
        Some(callable) => (callable.lowering)(c, op),
        // A CUDA special register (`cuda.threadIdx.x`), read as a call.
        None if name.starts_with("cuda.") => cuda(c, op),
        None => Err(not_yet(c.e.ctx, op, &format!("`{name}`"))),
    }
}

/// Callables that read the items of a dict, set or iterator as a new list of them.
pub(crate) const READ_ITEMS: &[&str] = &["sum", "min", "max"];

/// Callables that take a list as a list: they walk it as an iterator (reading its items at each
/// step) or print it.
pub(crate) const TAKE_LISTS: &[&str] = &["enumerate", "zip", "reversed", "any", "all", "print"];

/// A NumPy function or array method being lowered: its arguments bound to its callable's
/// parameters, converted, and its result type.
pub(crate) struct NumpyCall {
    pub(crate) op: OpId,
    pub(crate) loc: Location,
    /// `np.zeros`, `ndarray.sum`, `np.linalg.norm`.
    pub(crate) name: String,
    /// The part after the module: `zeros`, `sum`, `linalg.norm`.
    pub(crate) f: String,
    /// The lowered result type, and its element type (itself for a scalar).
    pub(crate) rt: Type,
    pub(crate) elem: Type,
    pub(crate) bound: Args,
    /// The positional operands (a method's array first) and what they became.
    pub(crate) operands: Vec<Value>,
    pub(crate) args: Vec<L>,
}

impl NumpyCall {
    /// Binds and converts the arguments of `op`.
    pub(crate) fn new(c: &Converter<'_>, op: OpId) -> CResult<NumpyCall> {
        let loc = c.e.ctx.loc(op).clone();
        let rt = c.result_type(op);
        let name = py::call_builtin::NAME.of(c.e.ctx, op);
        let bound = Args::bind(c.e.ctx, op)?;
        let operands = bound.positional.clone();
        let f = name.split_once('.').map_or(name.as_str(), |(_, f)| f);
        let args: Vec<L> = operands.iter().map(|v| c.get(*v)).collect();
        let elem = c.e.ctx.type_kind(rt).element_type().unwrap_or(rt);
        Ok(NumpyCall {
            op,
            loc,
            f: f.to_string(),
            name,
            rt,
            elem,
            bound,
            operands,
            args,
        })
    }

    /// The converted argument of parameter `name`, by position or keyword.
    pub(crate) fn argument(&self, c: &Converter<'_>, name: &str) -> Option<L> {
        self.bound.get(name).map(|v| c.get(v))
    }

    /// Positional argument `i`, an array (else a not-yet error).
    pub(crate) fn array(&self, c: &Converter<'_>, i: usize) -> CResult<Value> {
        match self.args.get(i) {
            Some(L::V(v)) if c.e.ctx.type_kind(c.e.ctx.value_type(*v)).is_shaped() => Ok(*v),
            _ => Err(not_yet(
                c.e.ctx,
                self.op,
                &format!("`{}` on this value", self.name),
            )),
        }
    }
}

/// CUDA intrinsics.
pub(crate) fn cuda(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let name = py::call_builtin::NAME.of(c.e.ctx, op);
    c.cuda_call(op, &name)
}
