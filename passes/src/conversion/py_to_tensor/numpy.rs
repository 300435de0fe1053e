//! NumPy functions: creation, full reductions, ufunc-like functions.

use blackbird_dialects::ir::{
    ArrayLayout, Location, MemLayout, OpDef, OpId, Type, TypeKind, Value,
};
use blackbird_dialects::{arith, loops, math, py, tensor};

use super::{error, not_yet, CResult, Converter, L};
use crate::conversion::emit;
use crate::library::Args;

impl Converter<'_> {
    /// NumPy's ValueError for `min`/`max` (`f`) over `n` (i64) elements when `n` is 0;
    /// returns whether it is.
    pub(super) fn check_extreme_nonempty(&mut self, f: &str, n: Value, loc: &Location) -> Value {
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
    pub(super) fn first_element(&mut self, src: Value, empty: Value, loc: &Location) -> Value {
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
    pub(super) fn shape_arg(&mut self, op: OpId, l: &L, loc: &Location) -> CResult<Vec<Value>> {
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
    fn array_size(&mut self, size: Value, loc: &Location) -> Value {
        self.count(size, "negative dimensions are not allowed", loc)
    }

    /// `n` as an i64 count: ValueError `message` when it is negative, and 0 then.
    fn count(&mut self, n: Value, message: &str, loc: &Location) -> Value {
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
    pub(super) fn created(
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
    fn new_tensor(&mut self, sizes: &[Value], elem: Type, loc: &Location) -> (Vec<Value>, Type) {
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
    fn iota(&mut self, sizes: &[Value], dim: usize, loc: &Location) -> Value {
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
    fn arange(&mut self, op: OpId, vals: &[Value], elem: Type, loc: &Location) -> CResult<Value> {
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
    fn ramp(
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
    fn linspace(
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
    fn eye(
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
    pub(super) fn map_arrays(
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
    pub(super) fn reduce_all(
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

    pub(super) fn element_count(&mut self, m: Value, loc: &Location) -> Value {
        let sizes = self.e.sizes(m, loc);
        self.e.element_count_of(&sizes, loc)
    }

    pub(super) fn numpy_call(&mut self, op: OpId, name: &str) -> CResult<L> {
        let loc = self.e.ctx.loc(op).clone();
        let rt = self.result_type(op);
        let bound = Args::bind(self.e.ctx, op)?;
        let operands = bound.positional.clone();
        let f = name.split_once('.').map_or(name, |(_, f)| f);
        // The argument of parameter `name`, by position or keyword.
        let argument = |s: &Self, name: &str| bound.get(name).map(|v| s.get(v));
        if let Some(axis) = bound.get("axis") {
            let Some(axis) = py::int_constant(self.e.ctx, axis) else {
                return Err(error(self.e.ctx, op, "axis must be an integer constant"));
            };
            let L::V(src) = self.get(operands[0]) else {
                return Err(not_yet(self.e.ctx, op, "this argument"));
            };
            return Ok(L::V(self.axis_reduce(op, f, src, axis, &loc)?));
        }
        let args: Vec<L> = operands.iter().map(|v| self.get(*v)).collect();
        let elem = self.e.ctx.type_kind(rt).element_type().unwrap_or(rt);
        let array_arg = |s: &Self, i: usize| -> CResult<Value> {
            match args.get(i) {
                Some(L::V(v)) if s.e.ctx.type_kind(s.e.ctx.value_type(*v)).is_shaped() => Ok(*v),
                _ => Err(not_yet(s.e.ctx, op, &format!("`{name}` on this value"))),
            }
        };
        Ok(L::V(match f {
            "zeros" | "ones" | "empty" | "full" => {
                let shape = self.shape_arg(op, &args[0], &loc)?;
                let value = match f {
                    "zeros" => Some(self.e.zero_of(elem, 0.0, &loc)),
                    "ones" => Some(self.e.zero_of(elem, 1.0, &loc)),
                    "full" => match &args[1] {
                        L::V(v) => Some(self.e.coerce(*v, elem, &loc)),
                        _ => return Err(not_yet(self.e.ctx, op, "this fill value")),
                    },
                    _ => None,
                };
                self.created(value, elem, &shape, &loc)
            }
            "zeros_like" | "ones_like" | "empty_like" | "full_like" => {
                let src = array_arg(self, 0)?;
                let shape = self.e.sizes(src, &loc);
                let value = match f {
                    "zeros_like" => Some(self.e.zero_of(elem, 0.0, &loc)),
                    "ones_like" => Some(self.e.zero_of(elem, 1.0, &loc)),
                    "full_like" => {
                        let L::V(v) = args[1] else {
                            return Err(not_yet(self.e.ctx, op, "this fill value"));
                        };
                        Some(self.e.coerce(v, elem, &loc))
                    }
                    _ => None,
                };
                self.created(value, elem, &shape, &loc)
            }
            "copy" | "asarray" | "ascontiguousarray" => {
                // A map reading the source: a later expression on the copy fuses with it.
                let src = array_arg(self, 0)?;
                self.map_arrays(&[L::V(src)], elem, &loc, &mut |s, xs| {
                    Ok(s.e.coerce(xs[0], elem, &loc))
                })?
            }
            "arange" => {
                let vals = self.scalar_values(op, &args, "this argument")?;
                self.arange(op, &vals, elem, &loc)?
            }
            "linspace" => {
                let (L::V(a), L::V(b), L::V(num)) =
                    (args[0].clone(), args[1].clone(), args[2].clone())
                else {
                    return Err(not_yet(self.e.ctx, op, "these np.linspace arguments"));
                };
                self.linspace(a, b, num, elem, &loc)?
            }
            "eye" => {
                // N, M, k by position or (M, k) by keyword.
                let value = |s: &Self, name: &str| match argument(s, name) {
                    Some(L::V(v)) => Ok(Some(v)),
                    None => Ok(None),
                    Some(_) => Err(not_yet(s.e.ctx, op, "this np.eye argument")),
                };
                let n = value(self, "N")?.expect("N is required");
                let m = value(self, "M")?;
                let k = value(self, "k")?;
                self.eye(n, m, k, elem, &loc)?
            }
            "sum" | "prod" | "mean" => {
                let src = array_arg(self, 0)?;
                let acc_t = if f == "mean" {
                    self.e
                        .ctx
                        .type_kind(self.e.ctx.value_type(src))
                        .element_type()
                        .map(|e| {
                            if self.e.is_float(e) {
                                e
                            } else {
                                self.e.ctx.f64()
                            }
                        })
                        .unwrap()
                } else {
                    rt
                };
                let kind = if f == "prod" { "prod" } else { "sum" };
                let total = self.reduce_to_scalar(src, kind, acc_t, &loc)?;
                if f == "mean" {
                    let n = self.element_count(src, &loc);
                    let n = self.e.coerce(n, acc_t, &loc);
                    let m = self.e.binary(&arith::DIVF, total, n, &loc);
                    self.e.coerce(m, rt, &loc)
                } else {
                    total
                }
            }
            "var" | "std" => {
                // Two passes, as NumPy: the mean, then the mean squared deviation, each a
                // `tensor.reduce` sum (added in NumPy's order).
                let src = array_arg(self, 0)?;
                let ft = if self.e.is_float(rt) {
                    rt
                } else {
                    self.e.ctx.f64()
                };
                let total = self.reduce_to_scalar(src, "sum", ft, &loc)?;
                let n = self.element_count(src, &loc);
                let n = self.e.coerce(n, ft, &loc);
                let mean = self.e.binary(&arith::DIVF, total, n, &loc);
                let deviations =
                    self.elementwise(&[L::V(src), L::V(mean)], ft, &loc, &mut |s, xs| {
                        let x = s.e.coerce(xs[0], ft, &loc);
                        let d = s.e.binary(&arith::SUBF, x, xs[1], &loc);
                        Ok(s.e.binary(&arith::MULF, d, d, &loc))
                    })?;
                let squares = self.sum_of_tensor(deviations, &loc);
                let var = self.e.binary(&arith::DIVF, squares, n, &loc);
                if f == "std" {
                    self.e.value(&math::SQRT, &[var], ft, &loc)
                } else {
                    var
                }
            }
            "min" | "max" | "amin" | "amax" => {
                let src = array_arg(self, 0)?;
                let n = self.element_count(src, &loc);
                let empty = self.check_extreme_nonempty(f, n, &loc);
                let init = self.first_element(src, empty, &loc);
                let float = self.e.is_float(rt);
                let max = f.ends_with("max");
                self.reduce_all(src, init, &loc, &mut |s, a, x| {
                    let def = match (max, float) {
                        (true, true) => &arith::MAXIMUMF,
                        (false, true) => &arith::MINIMUMF,
                        (true, false) => &arith::MAXSI,
                        (false, false) => &arith::MINSI,
                    };
                    s.e.binary(def, a, x, &loc)
                })?
            }
            "sqrt" | "exp" | "log" | "log10" | "log2" | "log1p" | "expm1" | "sin" | "cos"
            | "tan" | "arcsin" | "arccos" | "arctan" | "sinh" | "cosh" | "tanh" | "abs"
            | "absolute" | "fabs" | "floor" | "ceil" | "trunc" => {
                let def: &'static OpDef = match f {
                    "sqrt" => &math::SQRT,
                    "exp" => &math::EXP,
                    "log" => &math::LOG,
                    "log10" => &math::LOG10,
                    "log2" => &math::LOG2,
                    "log1p" => &math::LOG1P,
                    "expm1" => &math::EXPM1,
                    "arcsin" => &math::ASIN,
                    "arccos" => &math::ACOS,
                    "sinh" => &math::SINH,
                    "cosh" => &math::COSH,
                    "trunc" => &math::TRUNC,
                    "sin" => &math::SIN,
                    "cos" => &math::COS,
                    "tan" => &math::TAN,
                    "tanh" => &math::TANH,
                    "arctan" => &math::ATAN,
                    "floor" => &math::FLOOR,
                    "ceil" => &math::CEIL,
                    _ if self.e.is_float(elem) => &math::ABSF,
                    _ => &math::ABSI,
                };
                let mut apply = |s: &mut Self, xs: &[Value]| -> CResult<Value> {
                    let x = s.e.coerce(xs[0], elem, &loc);
                    Ok(s.e.value(def, &[x], elem, &loc))
                };
                self.elementwise_call(op, &args[..1], elem, rt, &loc, &mut apply)?
            }
            "where" | "minimum" | "maximum" | "arctan2" | "power" | "fmod" | "hypot" => {
                let out = elem;
                let float = self.e.is_float(out);
                let mut apply = |s: &mut Self, xs: &[Value]| -> CResult<Value> {
                    Ok(match f {
                        "where" => {
                            let c = s.e.truth(xs[0], &loc);
                            let (a, b) =
                                (s.e.coerce(xs[1], out, &loc), s.e.coerce(xs[2], out, &loc));
                            s.e.select(c, a, b, &loc)
                        }
                        _ => {
                            let (a, b) =
                                (s.e.coerce(xs[0], out, &loc), s.e.coerce(xs[1], out, &loc));
                            match (f, float) {
                                ("minimum", true) => s.e.binary(&arith::MINIMUMF, a, b, &loc),
                                ("maximum", true) => s.e.binary(&arith::MAXIMUMF, a, b, &loc),
                                ("minimum", false) => s.e.binary(&arith::MINSI, a, b, &loc),
                                ("maximum", false) => s.e.binary(&arith::MAXSI, a, b, &loc),
                                ("arctan2", _) => s.e.binary(&math::ATAN2, a, b, &loc),
                                ("hypot", _) => {
                                    let f64t = s.e.ctx.f64();
                                    let (x, y) =
                                        (s.e.coerce(a, f64t, &loc), s.e.coerce(b, f64t, &loc));
                                    let h = s.hypot_of_floats(x, y, &loc);
                                    s.e.coerce(h, out, &loc)
                                }
                                ("power", true) => s.e.binary(&math::POWF, a, b, &loc),
                                // C's fmod: the remainder with the dividend's sign.
                                ("fmod", true) => s.e.binary(&arith::REMF, a, b, &loc),
                                ("fmod", false) => {
                                    // NumPy gives 0 for a zero divisor (with a warning).
                                    let zero = s.e.zero_of(out, 0.0, &loc);
                                    let one = s.e.zero_of(out, 1.0, &loc);
                                    let by_zero = s.e.cmp(&arith::CMPI, "eq", b, zero, &loc);
                                    let divisor = s.e.select(by_zero, one, b, &loc);
                                    let r = s.e.binary(&arith::REMSI, a, divisor, &loc);
                                    s.e.select(by_zero, zero, r, &loc)
                                }
                                _ => s.integer_power(a, b, &loc),
                            }
                        }
                    })
                };
                self.elementwise_call(op, &args, elem, rt, &loc, &mut apply)?
            }
            "dot" | "matmul" | "vdot" => {
                let (a, b) = (array_arg(self, 0)?, array_arg(self, 1)?);
                self.matmul(a, b, elem, &loc)?
            }
            "argmin" | "argmax" => {
                // The first position (in C order) of the extreme value; NaN wins, as in NumPy.
                let src = array_arg(self, 0)?;
                let n = self.element_count(src, &loc);
                let i64t = self.e.ctx.i64();
                let zero = self.e.const_int(0, i64t, &loc);
                let empty = self.e.cmp(&arith::CMPI, "eq", n, zero, &loc);
                self.e.raise_if(
                    empty,
                    "ValueError",
                    &format!("attempt to get {f} of an empty sequence"),
                    &loc,
                );
                let e = self.e.element_type(src);
                let best_ty = self.e.ctx.intern_type(TypeKind::MemRef {
                    shape: vec![Some(1)],
                    elem: e,
                    layout: MemLayout::Identity,
                });
                let pos_ty = self.e.ctx.intern_type(TypeKind::MemRef {
                    shape: vec![Some(2)],
                    elem: i64t,
                    layout: MemLayout::Identity,
                });
                let best = self.e.value(&loops::ALLOCA, &[], best_ty, &loc);
                let pos = self.e.value(&loops::ALLOCA, &[], pos_ty, &loc);
                let index = self.e.ctx.index();
                let (c0, c1) = (
                    self.e.const_int(0, index, &loc),
                    self.e.const_int(1, index, &loc),
                );
                let minus_one = self.e.const_int(-1, i64t, &loc);
                self.e
                    .emit(&loops::STORE, &[minus_one, pos, c0], &[], &[], vec![], &loc);
                self.e
                    .emit(&loops::STORE, &[zero, pos, c1], &[], &[], vec![], &loc);
                let shape = self.e.sizes(src, &loc);
                let want_max = f == "argmax";
                self.loop_nest(&shape, &loc, &mut |s, ivs| {
                    let x = s.e.load_at(src, ivs, &loc);
                    let k = s.e.value(&loops::LOAD, &[pos, c1], i64t, &loc);
                    let found = s.e.value(&loops::LOAD, &[pos, c0], i64t, &loc);
                    let b = s.e.value(&loops::LOAD, &[best, c0], e, &loc);
                    let first = s.e.cmp(&arith::CMPI, "slt", found, zero, &loc);
                    let better = s.is_better(want_max, x, b, &loc);
                    let take = s.e.binary(&arith::ORI, first, better, &loc);
                    let nb = s.e.select(take, x, b, &loc);
                    let nf = s.e.select(take, k, found, &loc);
                    s.e.emit(&loops::STORE, &[nb, best, c0], &[], &[], vec![], &loc);
                    s.e.emit(&loops::STORE, &[nf, pos, c0], &[], &[], vec![], &loc);
                    let one = s.e.const_int(1, i64t, &loc);
                    let k1 = s.e.binary(&arith::ADDI, k, one, &loc);
                    s.e.emit(&loops::STORE, &[k1, pos, c1], &[], &[], vec![], &loc);
                    Ok(())
                })?;
                self.e.value(&loops::LOAD, &[pos, c0], i64t, &loc)
            }
            "isnan" | "isinf" | "isfinite" | "square" | "negative" | "sign" | "clip" | "astype" => {
                let source = args[0].clone();
                let mut apply = |s: &mut Self, xs: &[Value]| -> CResult<Value> {
                    Ok(match f {
                        "isnan" | "isinf" | "isfinite" => s.float_class(f, xs[0], &loc),
                        "square" => {
                            let x = s.e.coerce(xs[0], elem, &loc);
                            s.e.arithmetic("mul", x, x, &loc)
                        }
                        "negative" => s.unary("neg", xs[0], elem, &loc),
                        "sign" => s.sign(xs[0], &loc),
                        "clip" => {
                            // NumPy's clip: minimum(maximum(a, lo), hi), NaN propagated.
                            let [x, lo, hi] =
                                [xs[0], xs[1], xs[2]].map(|v| s.e.coerce(v, elem, &loc));
                            let (max, min) = match s.e.is_float(elem) {
                                true => (&arith::MAXIMUMF, &arith::MINIMUMF),
                                false => (&arith::MAXSI, &arith::MINSI),
                            };
                            let above = s.e.binary(max, x, lo, &loc);
                            s.e.binary(min, above, hi, &loc)
                        }
                        // NumPy's unsafe cast (floats truncate toward zero).
                        _ => s.e.coerce(xs[0], elem, &loc),
                    })
                };
                let inputs = match f {
                    "clip" => args[..3].to_vec(),
                    _ => vec![source],
                };
                self.elementwise_call(op, &inputs, elem, rt, &loc, &mut apply)?
            }
            "cumsum" | "cumprod" => self.accumulated(array_arg(self, 0)?, f, elem, &loc)?,
            "any" | "all" | "count_nonzero" => {
                // Elements that are true (nonzero; NaN counts), folded with or / and / +; a
                // scalar is its own truth.
                if let L::V(x) = args[0] {
                    if !self.e.ctx.type_kind(self.e.ctx.value_type(x)).is_shaped() {
                        return Ok(L::V(self.e.truth(x, &loc)));
                    }
                }
                let src = array_arg(self, 0)?;
                let i1 = self.e.ctx.i1();
                let start = match f {
                    "all" => self.e.const_int(1, i1, &loc),
                    "any" => self.e.const_int(0, i1, &loc),
                    _ => self.e.zero_of(rt, 0.0, &loc),
                };
                let shape = self.e.sizes(src, &loc);
                emit::fold_nest(self, &shape, start, &loc, &mut |s, acc, ivs| {
                    let x = s.e.load_at(src, ivs, &loc);
                    let t = s.e.truth(x, &loc);
                    match f {
                        "all" => s.e.binary(&arith::ANDI, acc, t, &loc),
                        "any" => s.e.binary(&arith::ORI, acc, t, &loc),
                        _ => {
                            let one = s.e.value(&arith::EXTUI, &[t], rt, &loc);
                            s.e.binary(&arith::ADDI, acc, one, &loc)
                        }
                    }
                })?
            }
            "concatenate" => {
                let L::Tuple(items) = args[0].clone() else {
                    return Err(not_yet(self.e.ctx, op, "np.concatenate of this value"));
                };
                let arrays = items
                    .iter()
                    .map(|item| match item {
                        L::V(v) if self.e.ctx.type_kind(self.e.ctx.value_type(*v)).is_shaped() => {
                            Ok(*v)
                        }
                        _ => Err(not_yet(self.e.ctx, op, "np.concatenate of these items")),
                    })
                    .collect::<CResult<Vec<Value>>>()?;
                self.concatenated(&arrays, elem, &loc)?
            }
            "reshape" | "ravel" => {
                // A view of a C-contiguous array with new sizes and C strides, as NumPy's
                // (Numba too refuses other layouts: a copy would not alias as NumPy's view does).
                let src = array_arg(self, 0)?;
                let layout = match self.e.ctx.type_kind(self.e.ctx.value_type(operands[0])) {
                    TypeKind::PyArray { layout, .. } => *layout,
                    _ => ArrayLayout::A,
                };
                if layout != ArrayLayout::C {
                    return Err(not_yet(
                        self.e.ctx,
                        op,
                        &format!("`.{f}()` of an array not known to be C-contiguous (copy it first, or use .flatten())"),
                    ));
                }
                let sizes = match f {
                    "ravel" => vec![self.element_count(src, &loc)],
                    _ => {
                        let items: Vec<L> = match &args[1..] {
                            [L::Tuple(items)] => items.clone(),
                            items => items.to_vec(),
                        };
                        let sizes = self.scalar_values(op, &items, "this shape")?;
                        let n = self.element_count(src, &loc);
                        self.reshaped_sizes(&sizes, n, &loc)
                    }
                };
                self.c_order_view(src, &sizes, &loc)
            }
            "flatten" => {
                // A copy in C order, whatever the layout.
                let src = array_arg(self, 0)?;
                let copy = self.map_arrays(&[L::V(src)], elem, &loc, &mut |_, xs| Ok(xs[0]))?;
                let n = self.element_count(copy, &loc);
                self.c_order_view(copy, &[n], &loc)
            }
            "triu" | "tril" => {
                // Elements with `column - row >= k` (triu) or `<= k` (tril) kept, others 0.
                let src = array_arg(self, 0)?;
                let i64t = self.e.ctx.i64();
                let k = match argument(self, "k") {
                    Some(L::V(k)) => self.e.coerce(k, i64t, &loc),
                    Some(_) => return Err(not_yet(self.e.ctx, op, "this k")),
                    None => self.e.const_int(0, i64t, &loc),
                };
                let sizes = self.e.sizes(src, &loc);
                let rows = self.iota(&sizes, 0, &loc);
                let columns = self.iota(&sizes, 1, &loc);
                let keep = if f == "triu" { "sge" } else { "sle" };
                let inputs = [L::V(src), L::V(rows), L::V(columns)];
                self.map_arrays(&inputs, elem, &loc, &mut |s, xs| {
                    let offset = s.e.binary(&arith::SUBI, xs[2], xs[1], &loc);
                    let kept = s.e.cmp(&arith::CMPI, keep, offset, k, &loc);
                    let x = s.e.coerce(xs[0], elem, &loc);
                    let zero = s.e.zero_of(elem, 0.0, &loc);
                    Ok(s.e.select(kept, x, zero, &loc))
                })?
            }
            "linalg.norm" => {
                // The 2-norm of a vector, the Frobenius norm of a matrix: the square root of
                // the (pairwise) sum of squares.
                let src = array_arg(self, 0)?;
                let squares = self.elementwise(&[L::V(src)], rt, &loc, &mut |s, xs| {
                    let x = s.e.coerce(xs[0], rt, &loc);
                    Ok(s.e.binary(&arith::MULF, x, x, &loc))
                })?;
                let total = self.sum_of_tensor(squares, &loc);
                self.e.value(&math::SQRT, &[total], rt, &loc)
            }
            "float64" | "float32" | "int64" | "int32" | "int16" | "int8" | "uint8" | "uint16"
            | "uint32" | "uint64" | "bool_"
                if !self.e.ctx.type_kind(rt).is_shaped() =>
            {
                // A scalar of that dtype, converted as NumPy converts (floats truncate).
                let L::V(x) = args[0] else {
                    return Err(not_yet(self.e.ctx, op, "this argument"));
                };
                self.e.coerce(x, rt, &loc)
            }
            "transpose" => self.transposed(array_arg(self, 0)?, &loc),
            "outer" => {
                // `a[:, None] * b[None, :]` of two vectors, through zero-stride views.
                let (a, b) = (array_arg(self, 0)?, array_arg(self, 1)?);
                if self.e.rank(a) != 1 || self.e.rank(b) != 1 {
                    return Err(not_yet(
                        self.e.ctx,
                        op,
                        "np.outer of arrays of rank other than 1",
                    ));
                }
                let index = self.e.ctx.index();
                let (zero, one) = (
                    self.e.const_int(0, index, &loc),
                    self.e.const_int(1, index, &loc),
                );
                let (a_offset, a_sizes, a_strides) = self.e.metadata(a, &loc);
                let (b_offset, b_sizes, b_strides) = self.e.metadata(b, &loc);
                let column =
                    self.make_view(a, a_offset, &[a_sizes[0], one], &[a_strides[0], zero], &loc);
                let row =
                    self.make_view(b, b_offset, &[one, b_sizes[0]], &[zero, b_strides[0]], &loc);
                self.map_arrays(&[L::V(column), L::V(row)], elem, &loc, &mut |s, xs| {
                    let (x, y) = (s.e.coerce(xs[0], elem, &loc), s.e.coerce(xs[1], elem, &loc));
                    Ok(s.e.arithmetic("mul", x, y, &loc))
                })?
            }
            "fill" => {
                let dst = array_arg(self, 0)?;
                let L::V(v) = args[1] else {
                    return Err(not_yet(self.e.ctx, op, "this fill value"));
                };
                let elem = self.e.element_type(dst);
                let v = self.e.coerce(v, elem, &loc);
                let shape = self.e.sizes(dst, &loc);
                self.loop_nest(&shape, &loc, &mut |s, ivs| {
                    s.e.store_at(v, dst, ivs, &loc);
                    Ok(())
                })?;
                return Ok(L::None);
            }
            _ => return Err(not_yet(self.e.ctx, op, &format!("`{name}`"))),
        }))
    }

    /// `apply` over the elements of `inputs` (NumPy broadcasting) into a new array of `elem`
    /// when the result type `rt` is an array, else to the scalars themselves.
    fn elementwise_call(
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
    fn scalar_values(&self, op: OpId, items: &[L], what: &str) -> CResult<Vec<Value>> {
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
    fn concatenated(&mut self, arrays: &[Value], elem: Type, loc: &Location) -> CResult<Value> {
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
    pub(super) fn transposed(&mut self, a: Value, loc: &Location) -> Value {
        let (offset, mut sizes, mut strides) = self.e.metadata(a, loc);
        sizes.reverse();
        strides.reverse();
        self.make_view(a, offset, &sizes, &strides, loc)
    }

    /// The sizes `a.reshape(sizes)` asks of an array of `n` elements: one `-1` stands for the
    /// rest. ValueError when they hold another number of elements (then the view is empty).
    fn reshaped_sizes(&mut self, sizes: &[Value], n: Value, loc: &Location) -> Vec<Value> {
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
    fn c_order_view(&mut self, src: Value, sizes: &[Value], loc: &Location) -> Value {
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
    pub(super) fn float_class(&mut self, f: &str, x: Value, loc: &Location) -> Value {
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
    fn sign(&mut self, x: Value, loc: &Location) -> Value {
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
    fn accumulated(&mut self, src: Value, f: &str, elem: Type, loc: &Location) -> CResult<Value> {
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
