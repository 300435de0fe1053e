//! Building blocks of the NumPy lowerings (the lowerings themselves are in
//! [`crate::library`]): new arrays and ramps, whole-array folds, reshaped views, float classes.

use blackbird_dialects::ir::{Location, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, math, tensor};

use super::{not_yet, CResult, Converter, L};
use crate::conversion::emit;

impl Converter<'_> {
    /// NumPy's ValueError for `min`/`max` (`f`) over `n` (i64) elements when `n` is 0;
    /// returns whether it is.
    pub(crate) fn check_extreme_nonempty(&mut self, f: &str, n: Value, loc: &Location) -> Value {
        let i64t = self.e.ctx.i64();
        let zero = self.e.const_int(0, i64t, loc);
        let empty = self.e.cmp(&arith::CMPI, "eq", n, zero, loc);
        let which = if f.ends_with("min") {
            "minimum"
        } else {
            "maximum"
        };
        let message =
            format!("zero-size array to reduction operation {which} which has no identity");
        self.e.raise_if(empty, "ValueError", &message, loc);
        empty
    }

    /// The first element (in C order) of the array `src`, read only when it is not `empty`
    /// (zero otherwise: the caller has raised).
    pub(crate) fn first_element(&mut self, src: Value, empty: Value, loc: &Location) -> Value {
        let rt = self.e.element_type(src);
        let rank = self.e.rank(src);
        let index = self.e.ctx.index();
        let z = self.e.const_int(0, index, loc);
        let mut at_origin = vec![src];
        at_origin.extend(std::iter::repeat_n(z, rank));
        let result = emit::if_else(self, empty, &[rt], loc, &mut |s, empty| match empty {
            true => vec![s.e.zero_of(rt, 0.0, loc)],
            false => vec![s.e.value(&loops::LOAD, &at_origin, rt, loc)],
        });
        result[0]
    }

    /// Sizes (i64) given as a shape argument: an integer or a tuple of integers.
    pub(crate) fn shape_arg(&mut self, op: OpId, l: &L, loc: &Location) -> CResult<Vec<Value>> {
        let items = match l {
            L::V(_) => std::slice::from_ref(l),
            L::Tuple(items) => items.as_slice(),
            _ => return Err(not_yet(self.e.ctx, op, "this shape")),
        };
        items
            .iter()
            .map(|i| match i {
                L::V(v) => Ok(self.array_size(*v, loc)),
                _ => Err(not_yet(self.e.ctx, op, "this shape")),
            })
            .collect()
    }

    /// A size given for a new array, as i64: NumPy's ValueError when it is negative (and 0
    /// then, so that nothing is allocated from it).
    pub(crate) fn array_size(&mut self, size: Value, loc: &Location) -> Value {
        self.count(size, "negative dimensions are not allowed", loc)
    }

    /// `n` as an i64 count: ValueError `message` when it is negative, and 0 then.
    pub(crate) fn count(&mut self, n: Value, message: &str, loc: &Location) -> Value {
        let i64t = self.e.ctx.i64();
        let n = self.e.coerce(n, i64t, loc);
        let zero = self.e.const_int(0, i64t, loc);
        let negative = self.e.cmp(&arith::CMPI, "slt", n, zero, loc);
        self.e.raise_if(negative, "ValueError", message, loc);
        self.e.binary(&arith::MAXSI, n, zero, loc)
    }

    /// A new array of `sizes` (i64) filled with `value` (`tensor.splat`), or uninitialized
    /// (`tensor.empty`), materialized into a buffer the current region owns. Its sizes are
    /// checked as an allocation's even if fusion never allocates it (NumPy's ValueError for
    /// too many bytes, MemoryError for too much memory: see [`emit::Emitter::probed_sizes`]).
    pub(crate) fn created(
        &mut self,
        value: Option<Value>,
        elem: Type,
        sizes: &[Value],
        loc: &Location,
    ) -> Value {
        let sizes = self.e.probed_sizes(elem, sizes, loc);
        let (dims, t) = self.new_tensor(&sizes, elem, loc);
        let tensor = match value {
            Some(v) => {
                let mut operands = vec![v];
                operands.extend(dims);
                self.e.value(&tensor::SPLAT, &operands, t, loc)
            }
            None => self.e.value(&tensor::EMPTY, &dims, t, loc),
        };
        self.materialize(tensor, loc)
    }

    /// The `index` size operands and the type of a new tensor of `sizes` (i64) and `elem`.
    pub(crate) fn new_tensor(
        &mut self,
        sizes: &[Value],
        elem: Type,
        loc: &Location,
    ) -> (Vec<Value>, Type) {
        let index = self.e.ctx.index();
        let dims = sizes
            .iter()
            .map(|n| self.e.value(&arith::INDEX_CAST, &[*n], index, loc))
            .collect();
        let t = self.e.ctx.intern_type(TypeKind::Tensor {
            shape: vec![None; sizes.len()],
            elem,
        });
        (dims, t)
    }

    /// The tensor of `sizes` (i64) whose elements are their index along `dim`.
    pub(crate) fn iota(&mut self, sizes: &[Value], dim: usize, loc: &Location) -> Value {
        let i64t = self.e.ctx.i64();
        let (dims, t) = self.new_tensor(sizes, i64t, loc);
        let dim = self.e.ctx.int_attr(dim as i64, i64t);
        let op = self
            .e
            .emit(&tensor::IOTA, &dims, &[t], &[("dim", dim)], vec![], loc);
        self.e.ctx.result(op, 0)
    }

    /// A new array of the result type, each element `f(elements of the inputs)`, with
    /// broadcasting over the array inputs: a `tensor.map` materialized into a temporary.
    pub(crate) fn map_arrays(
        &mut self,
        inputs: &[L],
        elem: Type,
        loc: &Location,
        f: &mut dyn FnMut(&mut Self, &[Value]) -> CResult<Value>,
    ) -> CResult<Value> {
        let t = self.elementwise(inputs, elem, loc, f)?;
        Ok(self.materialize(t, loc))
    }

    /// A reduction over every element with an accumulator in a one-element buffer.
    pub(crate) fn reduce_all(
        &mut self,
        m: Value,
        init: Value,
        loc: &Location,
        combine: &mut dyn FnMut(&mut Self, Value, Value) -> Value,
    ) -> CResult<Value> {
        let t = self.e.ctx.value_type(init);
        let shape = self.e.sizes(m, loc);
        emit::fold_nest(self, &shape, init, loc, &mut |s, acc, ivs| {
            let x = s.e.load_at(m, ivs, loc);
            let x = s.e.coerce(x, t, loc);
            combine(s, acc, x)
        })
    }

    pub(crate) fn element_count(&mut self, m: Value, loc: &Location) -> Value {
        let sizes = self.e.sizes(m, loc);
        self.e.element_count_of(&sizes, loc)
    }

    /// `apply` over the elements of `inputs` (NumPy broadcasting) into a new array of `elem`
    /// when the result type `rt` is an array, else to the scalars themselves.
    pub(crate) fn elementwise_call(
        &mut self,
        op: OpId,
        inputs: &[L],
        elem: Type,
        rt: Type,
        loc: &Location,
        apply: &mut dyn FnMut(&mut Self, &[Value]) -> CResult<Value>,
    ) -> CResult<Value> {
        if self.e.ctx.type_kind(rt).is_shaped() {
            return self.map_arrays(inputs, elem, loc, apply);
        }
        let xs = self.scalar_values(op, inputs, "this argument")?;
        apply(self, &xs)
    }

    /// The values of `items`, each a single value (not a tuple, list or iterator; else a
    /// not-yet error about `what`).
    pub(crate) fn scalar_values(&self, op: OpId, items: &[L], what: &str) -> CResult<Vec<Value>> {
        items
            .iter()
            .map(|item| match item {
                L::V(v) => Ok(*v),
                _ => Err(not_yet(self.e.ctx, op, what)),
            })
            .collect()
    }

    /// `a.T`: the same memory with sizes and strides reversed.
    pub(crate) fn transposed(&mut self, a: Value, loc: &Location) -> Value {
        let (offset, mut sizes, mut strides) = self.e.metadata(a, loc);
        sizes.reverse();
        strides.reverse();
        self.make_view(a, offset, &sizes, &strides, loc)
    }

    /// `np.isnan`, `np.isinf` or `np.isfinite` of a number (integers are finite).
    pub(crate) fn float_class(&mut self, f: &str, x: Value, loc: &Location) -> Value {
        let t = self.e.ctx.value_type(x);
        let i1 = self.e.ctx.i1();
        if !self.e.is_float(t) {
            return self.e.const_int((f == "isfinite") as i64, i1, loc);
        }
        if f == "isnan" {
            return self.e.cmp(&arith::CMPF, "uno", x, x, loc);
        }
        let magnitude = self.e.value(&math::ABSF, &[x], t, loc);
        let inf = self.e.const_float(f64::INFINITY, t, loc);
        let predicate = if f == "isinf" { "oeq" } else { "olt" };
        self.e.cmp(&arith::CMPF, predicate, magnitude, inf, loc)
    }
}
