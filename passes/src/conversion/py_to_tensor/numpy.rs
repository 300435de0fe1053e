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

    /// `np.arange(stop)`, `(start, stop)` or `(start, stop, step)` as NumPy computes it: with
    /// integer arguments `start + i * step`; with floats `ceil((stop - start) / step)`
    /// elements `start`, `start + step`, then `start + i * delta` for `delta` the difference
    /// of those two (NumPy's fill), in the element type.
    pub(crate) fn arange(
        &mut self,
        op: OpId,
        vals: &[Value],
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let float_args = vals
            .iter()
            .any(|v| self.e.is_float(self.e.ctx.value_type(*v)));
        if float_args && !self.e.is_float(elem) {
            return Err(not_yet(
                self.e.ctx,
                op,
                "np.arange of floats into an integer dtype",
            ));
        }
        let work = if float_args {
            self.e.ctx.f64()
        } else {
            self.e.ctx.i64()
        };
        let vals: Vec<Value> = vals.iter().map(|v| self.e.coerce(*v, work, loc)).collect();
        let (zero, one) = (
            self.e.zero_of(work, 0.0, loc),
            self.e.zero_of(work, 1.0, loc),
        );
        let (start, stop, step) = match vals.len() {
            1 => (zero, vals[0], one),
            2 => (vals[0], vals[1], one),
            _ => (vals[0], vals[1], vals[2]),
        };
        let i64t = self.e.ctx.i64();
        if !float_args {
            let step_is_zero = self.e.cmp(&arith::CMPI, "eq", step, zero, loc);
            self.e
                .raise_if(step_is_zero, "ZeroDivisionError", "division by zero", loc);
            let step = self.e.select(step_is_zero, one, step, loc);
            let n = self.range_length(start, stop, step, loc);
            return self.ramp(n, start, step, &[], elem, loc);
        }
        let step_is_zero = self.e.cmp(&arith::CMPF, "oeq", step, zero, loc);
        self.e.raise_if(
            step_is_zero,
            "ZeroDivisionError",
            "float division by zero",
            loc,
        );
        let span = self.e.binary(&arith::SUBF, stop, start, loc);
        let quotient = self.e.binary(&arith::DIVF, span, step, loc);
        let count = self.e.value(&math::CEIL, &[quotient], work, loc);
        let unordered = self.e.cmp(&arith::CMPF, "uno", count, count, loc);
        self.e.raise_if(
            unordered,
            "ValueError",
            "arange: cannot compute length",
            loc,
        );
        let limit = self.e.const_float(2f64.powi(62), work, loc);
        let too_big = self.e.cmp(&arith::CMPF, "ogt", count, limit, loc);
        self.e
            .raise_if(too_big, "ValueError", "Maximum allowed size exceeded", loc);
        let positive = self.e.cmp(&arith::CMPF, "ogt", count, zero, loc);
        let count = self.e.select(positive, count, zero, loc);
        let n = self.e.coerce(count, i64t, loc);
        let first = self.e.coerce(start, elem, loc);
        let second = self.e.binary(&arith::ADDF, start, step, loc);
        let second = self.e.coerce(second, elem, loc);
        let delta = self.e.binary(&arith::SUBF, second, first, loc);
        let (zero, one) = (
            self.e.const_int(0, i64t, loc),
            self.e.const_int(1, i64t, loc),
        );
        self.ramp(n, first, delta, &[(zero, first), (one, second)], elem, loc)
    }

    /// A new 1-D array of `n` (i64) elements `start + i * step`, computed in `start`'s type,
    /// except that element `k` is `value` for each `(k, value)` of `pins` (the first pin of an
    /// index wins), converted to `elem` (floats to integers by their floor, as NumPy 2 fills).
    pub(crate) fn ramp(
        &mut self,
        n: Value,
        start: Value,
        step: Value,
        pins: &[(Value, Value)],
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let work = self.e.ctx.value_type(start);
        let float = self.e.is_float(work);
        let i = self.iota(&[n], 0, loc);
        let t = self.elementwise(&[L::V(i)], elem, loc, &mut |s, xs| {
            let index = s.e.coerce(xs[0], work, loc);
            let (mul, add) = match float {
                true => (&arith::MULF, &arith::ADDF),
                false => (&arith::MULI, &arith::ADDI),
            };
            let off = s.e.binary(mul, index, step, loc);
            let mut x = s.e.binary(add, start, off, loc);
            for (k, value) in pins.iter().rev() {
                let pinned = s.e.cmp(&arith::CMPI, "eq", xs[0], *k, loc);
                x = s.e.select(pinned, *value, x, loc);
            }
            if float && !s.e.is_float(elem) {
                x = s.e.value(&math::FLOOR, &[x], work, loc);
            }
            Ok(s.e.coerce(x, elem, loc))
        })?;
        Ok(self.materialize(t, loc))
    }

    /// `np.linspace(a, b, num)`: `a + i * (b - a) / (num - 1)` in float64, the first element
    /// exactly `a` and the last exactly `b`; an integer dtype takes the floor (NumPy 2).
    pub(crate) fn linspace(
        &mut self,
        a: Value,
        b: Value,
        num: Value,
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let f64t = self.e.ctx.f64();
        let i64t = self.e.ctx.i64();
        let (a, b) = (self.e.coerce(a, f64t, loc), self.e.coerce(b, f64t, loc));
        let n = self.count(num, "Number of samples must be non-negative", loc);
        let zero = self.e.const_int(0, i64t, loc);
        let one = self.e.const_int(1, i64t, loc);
        let n1 = self.e.binary(&arith::SUBI, n, one, loc);
        let last = n1;
        let n1 = self.e.binary(&arith::MAXSI, n1, one, loc);
        let span = self.e.binary(&arith::SUBF, b, a, loc);
        let n1f = self.e.coerce(n1, f64t, loc);
        let step = self.e.binary(&arith::DIVF, span, n1f, loc);
        self.ramp(n, a, step, &[(zero, a), (last, b)], elem, loc)
    }

    /// `np.eye(n, m, k)`: ones where `column - row == k` (`m` defaults to `n`, `k` to 0).
    pub(crate) fn eye(
        &mut self,
        n: Value,
        m: Option<Value>,
        k: Option<Value>,
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let i64t = self.e.ctx.i64();
        let n = self.array_size(n, loc);
        let m = m.map_or(n, |m| self.array_size(m, loc));
        let k = match k {
            Some(k) => self.e.coerce(k, i64t, loc),
            None => self.e.const_int(0, i64t, loc),
        };
        let rows = self.iota(&[n, m], 0, loc);
        let columns = self.iota(&[n, m], 1, loc);
        let t = self.elementwise(&[L::V(rows), L::V(columns)], elem, loc, &mut |s, xs| {
            let offset = s.e.binary(&arith::SUBI, xs[1], xs[0], loc);
            let diagonal = s.e.cmp(&arith::CMPI, "eq", offset, k, loc);
            let (zero, one) = (s.e.zero_of(elem, 0.0, loc), s.e.zero_of(elem, 1.0, loc));
            Ok(s.e.select(diagonal, one, zero, loc))
        })?;
        Ok(self.materialize(t, loc))
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

    /// `np.concatenate(arrays)` along the first axis into a new array of `elem`: each array
    /// copied in turn below the previous ones. ValueError when the other sizes differ.
    pub(crate) fn concatenated(
        &mut self,
        arrays: &[Value],
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let i64t = self.e.ctx.i64();
        let shapes: Vec<Vec<Value>> = arrays.iter().map(|a| self.e.sizes(*a, loc)).collect();
        let mut rows = self.e.const_int(0, i64t, loc);
        for shape in &shapes {
            rows = self.e.binary(&arith::ADDI, rows, shape[0], loc);
            for (d, (n, first)) in shape.iter().zip(&shapes[0]).enumerate().skip(1) {
                let differ = self.e.cmp(&arith::CMPI, "ne", *n, *first, loc);
                let message = format!(
                    "all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d} they differ"
                );
                self.e.raise_if(differ, "ValueError", &message, loc);
            }
        }
        let mut sizes = shapes[0].clone();
        sizes[0] = rows;
        let out = self.created(None, elem, &sizes, loc);
        let mut start = self.e.const_int(0, i64t, loc);
        for (array, shape) in arrays.iter().zip(&shapes) {
            // Compiled code runs on after a raise: copy only the rows the output has.
            let mut shape = shape.clone();
            let room = self.e.binary(&arith::SUBI, rows, start, loc);
            shape[0] = self.e.binary(&arith::MINSI, shape[0], room, loc);
            for (d, size) in shape.iter_mut().enumerate().skip(1) {
                *size = self.e.binary(&arith::MINSI, *size, sizes[d], loc);
            }
            let offset = start;
            self.loop_nest(&shape, loc, &mut |s, ivs| {
                let x = s.e.load_at(*array, ivs, loc);
                let x = s.e.coerce(x, elem, loc);
                let mut at = ivs.to_vec();
                at[0] = s.e.binary(&arith::ADDI, ivs[0], offset, loc);
                s.e.store_at(x, out, &at, loc);
                Ok(())
            })?;
            start = self.e.binary(&arith::ADDI, start, shape[0], loc);
        }
        Ok(out)
    }

    /// `a.T`: the same memory with sizes and strides reversed.
    pub(crate) fn transposed(&mut self, a: Value, loc: &Location) -> Value {
        let (offset, mut sizes, mut strides) = self.e.metadata(a, loc);
        sizes.reverse();
        strides.reverse();
        self.make_view(a, offset, &sizes, &strides, loc)
    }

    /// The sizes `a.reshape(sizes)` asks of an array of `n` elements: one `-1` stands for the
    /// rest. ValueError when they hold another number of elements (then the view is empty).
    pub(crate) fn reshaped_sizes(
        &mut self,
        sizes: &[Value],
        n: Value,
        loc: &Location,
    ) -> Vec<Value> {
        let i64t = self.e.ctx.i64();
        let (zero, one) = (
            self.e.const_int(0, i64t, loc),
            self.e.const_int(1, i64t, loc),
        );
        let minus_one = self.e.const_int(-1, i64t, loc);
        let sizes: Vec<Value> = sizes.iter().map(|v| self.e.coerce(*v, i64t, loc)).collect();
        // The product of the given sizes, a -1 counted as 1.
        let mut known = one;
        for size in &sizes {
            let wildcard = self.e.cmp(&arith::CMPI, "eq", *size, minus_one, loc);
            let factor = self.e.select(wildcard, one, *size, loc);
            known = self.e.binary(&arith::MULI, known, factor, loc);
        }
        let nonzero = self.e.cmp(&arith::CMPI, "ne", known, zero, loc);
        let divisor = self.e.select(nonzero, known, one, loc);
        let rest = self.e.binary(&arith::DIVSI, n, divisor, loc);
        let sizes: Vec<Value> = sizes
            .iter()
            .map(|size| {
                let wildcard = self.e.cmp(&arith::CMPI, "eq", *size, minus_one, loc);
                self.e.select(wildcard, rest, *size, loc)
            })
            .collect();
        let mut total = one;
        let i1 = self.e.ctx.i1();
        let mut negative = self.e.const_int(0, i1, loc);
        for size in &sizes {
            total = self.e.binary(&arith::MULI, total, *size, loc);
            let below = self.e.cmp(&arith::CMPI, "slt", *size, zero, loc);
            negative = self.e.binary(&arith::ORI, negative, below, loc);
        }
        let differs = self.e.cmp(&arith::CMPI, "ne", total, n, loc);
        let bad = self.e.binary(&arith::ORI, differs, negative, loc);
        let message = "cannot reshape the array into the requested shape (another number of elements, or more than one -1)";
        self.e.raise_if(bad, "ValueError", message, loc);
        // Compiled code runs on after a raise: an empty view then.
        sizes
            .iter()
            .map(|size| self.e.select(bad, zero, *size, loc))
            .collect()
    }

    /// A view of the C-contiguous array `src` (its elements from its offset on) with `sizes`
    /// (i64) and C strides.
    pub(crate) fn c_order_view(&mut self, src: Value, sizes: &[Value], loc: &Location) -> Value {
        let index = self.e.ctx.index();
        let (offset, _, _) = self.e.metadata(src, loc);
        let sizes: Vec<Value> = sizes
            .iter()
            .map(|v| self.e.value(&arith::INDEX_CAST, &[*v], index, loc))
            .collect();
        let mut strides = vec![self.e.const_int(1, index, loc); sizes.len()];
        for d in (0..sizes.len().saturating_sub(1)).rev() {
            strides[d] = self
                .e
                .binary(&arith::MULI, strides[d + 1], sizes[d + 1], loc);
        }
        self.make_view(src, offset, &sizes, &strides, loc)
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

    /// `np.sign`: -1, 0 or 1 in `x`'s type; NaN for NaN.
    pub(crate) fn sign(&mut self, x: Value, loc: &Location) -> Value {
        let t = self.e.ctx.value_type(x);
        let zero = self.e.zero_of(t, 0.0, loc);
        let one = self.e.zero_of(t, 1.0, loc);
        let minus_one = self.e.zero_of(t, -1.0, loc);
        let (gt, lt) = match self.e.is_float(t) {
            true => (
                self.e.cmp(&arith::CMPF, "ogt", x, zero, loc),
                self.e.cmp(&arith::CMPF, "olt", x, zero, loc),
            ),
            false => (
                self.e.cmp(&arith::CMPI, "sgt", x, zero, loc),
                self.e.cmp(&arith::CMPI, "slt", x, zero, loc),
            ),
        };
        // Zeros give 0 (NumPy's sign(-0.0) is 0.0), NaN stays NaN.
        let neither = match self.e.is_float(t) {
            true => {
                let nan = self.e.cmp(&arith::CMPF, "uno", x, x, loc);
                self.e.select(nan, x, zero, loc)
            }
            false => zero,
        };
        let negative = self.e.select(lt, minus_one, neither, loc);
        self.e.select(gt, one, negative, loc)
    }

    /// `np.cumsum`/`np.cumprod` of `src`: its elements in C order, each the sum (product) of
    /// those up to it, added in order (as NumPy's `add.accumulate`), into a new vector.
    pub(crate) fn accumulated(
        &mut self,
        src: Value,
        f: &str,
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let shape = self.e.sizes(src, loc);
        let n = self.element_count(src, loc);
        let out = self.created(None, elem, &[n], loc);
        // A sum starts from -0.0, the float identity of addition (-0.0 + x is x for every x,
        // -0.0 included), so that the first element is copied as NumPy's accumulate does.
        let start = self
            .e
            .zero_of(elem, if f == "cumsum" { -0.0 } else { 1.0 }, loc);
        let i64t = self.e.ctx.i64();
        emit::fold_nest(self, &shape, start, loc, &mut |s, acc, ivs| {
            let x = s.e.load_at(src, ivs, loc);
            let x = s.e.coerce(x, elem, loc);
            let next = match f {
                "cumsum" => s.e.arithmetic("add", acc, x, loc),
                _ => s.e.arithmetic("mul", acc, x, loc),
            };
            // The position in C order.
            let mut k = s.e.const_int(0, i64t, loc);
            for (iv, size) in ivs.iter().zip(&shape) {
                let scaled = s.e.binary(&arith::MULI, k, *size, loc);
                k = s.e.binary(&arith::ADDI, scaled, *iv, loc);
            }
            s.e.store_at(next, out, &[k], loc);
            next
        })?;
        Ok(out)
    }
}
