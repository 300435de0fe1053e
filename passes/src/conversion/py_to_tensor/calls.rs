//! The lowerings of the library's callables ([`crate::library`] points each callable at one
//! of these), by family, and the dispatch of `py.call_builtin` to them.

use blackbird_dialects::ir::{Location, OpDef, OpId, Value};
use blackbird_dialects::{arith, math};

use super::{not_yet, CResult, Converter, L};
use crate::library;

/// A `py.call_builtin`: the lowering of the callable it names.
pub(super) fn lower(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let name = c.ctx.attr_str(op, "name");
    match library::lookup(name) {
        Some(callable) => (callable.lowering)(c, op),
        // A CUDA special register (`cuda.threadIdx.x`), read as a call.
        None if name.starts_with("cuda.") => cuda(c, op),
        None => Err(not_yet(c.ctx, op, &format!("`{name}`"))),
    }
}

/// Python builtins.
pub(crate) fn builtin(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    c.builtin(op)
}

/// `round(x)`: the nearest integer, halves to the even one (an integer stays as it is).
pub(crate) fn round(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.ctx.loc(op).clone();
    let (i64t, f64t) = (c.ctx.i64(), c.ctx.f64());
    let x = c.scalar(op, c.ctx.operand(op, 0))?;
    if !c.is_float(c.ctx.value_type(x)) {
        return Ok(L::V(c.coerce(x, i64t, &loc)));
    }
    let x = c.coerce(x, f64t, &loc);
    // `x - floor(x)` is exact: above a half rounds up, a half up only from an odd floor.
    let floor = c.value(&math::FLOOR, &[x], f64t, &loc);
    let fraction = c.binary(&arith::SUBF, x, floor, &loc);
    let half = c.const_float(0.5, f64t, &loc);
    let above = c.cmp(&arith::CMPF, "ogt", fraction, half, &loc);
    let tie = c.cmp(&arith::CMPF, "oeq", fraction, half, &loc);
    let n = c.value(&arith::FPTOSI, &[floor], i64t, &loc);
    let one = c.const_int(1, i64t, &loc);
    let parity = c.binary(&arith::ANDI, n, one, &loc);
    let zero = c.const_int(0, i64t, &loc);
    let odd = c.cmp(&arith::CMPI, "ne", parity, zero, &loc);
    let odd_tie = c.binary(&arith::ANDI, tie, odd, &loc);
    let up = c.binary(&arith::ORI, above, odd_tie, &loc);
    let next = c.binary(&arith::ADDI, n, one, &loc);
    Ok(L::V(c.select(up, next, n, &loc)))
}

/// `sum(v)` of a vector: Python adds its items in order to 0 (not pairwise, as `np.sum`).
pub(crate) fn sum(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.ctx.loc(op).clone();
    let rt = c.result_type(op);
    let L::V(src) = c.get(c.ctx.operand(op, 0)) else {
        return Err(not_yet(c.ctx, op, "sum() of this value"));
    };
    let zero = c.zero_of(rt, 0.0, &loc);
    Ok(L::V(c.reduce_all(src, zero, &loc, &mut |s, acc, x| {
        s.arithmetic("add", acc, x, &loc)
    })?))
}

/// NumPy functions and array methods.
pub(crate) fn numpy(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let name = c.ctx.attr_str(op, "name").to_string();
    c.numpy_call(op, &name)
}

/// CUDA intrinsics.
pub(crate) fn cuda(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let name = c.ctx.attr_str(op, "name").to_string();
    c.cuda_call(op, &name)
}

/// `math` functions of numbers (converted to float64 first), as CPython computes them.
pub(crate) fn math(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.ctx.loc(op).clone();
    let name = c.ctx.attr_str(op, "name").to_string();
    let f = name.strip_prefix("math.").unwrap_or(&name);
    let (i64t, f64t) = (c.ctx.i64(), c.ctx.f64());
    let operands = c.ctx.operands(op).to_vec();
    let a = operands
        .iter()
        .map(|v| c.scalar(op, *v).map(|x| c.coerce(x, f64t, &loc)))
        .collect::<CResult<Vec<Value>>>()?;
    let unary = |c: &mut Converter<'_>, def: &'static OpDef| c.value(def, &[a[0]], f64t, &loc);
    Ok(L::V(match f {
        "sqrt" => unary(c, &math::SQRT),
        "exp" => unary(c, &math::EXP),
        "log" => unary(c, &math::LOG),
        "log10" => unary(c, &math::LOG10),
        "log2" => unary(c, &math::LOG2),
        "log1p" => unary(c, &math::LOG1P),
        "expm1" => unary(c, &math::EXPM1),
        "erf" => unary(c, &math::ERF),
        "erfc" => unary(c, &math::ERFC),
        "gamma" | "lgamma" => {
            if c.gpu {
                return Err(not_yet(c.ctx, op, &format!("math.{f} in GPU kernels")));
            }
            c.gamma(f == "lgamma", a[0], &loc)
        }
        "sin" => unary(c, &math::SIN),
        "cos" => unary(c, &math::COS),
        "tan" => unary(c, &math::TAN),
        "asin" => unary(c, &math::ASIN),
        "acos" => unary(c, &math::ACOS),
        "atan" => unary(c, &math::ATAN),
        "sinh" => unary(c, &math::SINH),
        "cosh" => unary(c, &math::COSH),
        "tanh" => unary(c, &math::TANH),
        "fabs" => unary(c, &math::ABSF),
        "atan2" => c.value(&math::ATAN2, &[a[0], a[1]], f64t, &loc),
        "pow" => c.value(&math::POWF, &[a[0], a[1]], f64t, &loc),
        "hypot" => c.hypot_of_floats(a[0], a[1], &loc),
        "copysign" => {
            // The magnitude's bits without their sign, with the sign bit of the other.
            let bits = |c: &mut Converter<'_>, x: Value| c.value(&arith::BITCAST, &[x], i64t, &loc);
            let (x, y) = (bits(c, a[0]), bits(c, a[1]));
            let magnitude = c.const_int(i64::MAX, i64t, &loc);
            let sign = c.const_int(i64::MIN, i64t, &loc);
            let x = c.binary(&arith::ANDI, x, magnitude, &loc);
            let y = c.binary(&arith::ANDI, y, sign, &loc);
            let r = c.binary(&arith::ORI, x, y, &loc);
            c.value(&arith::BITCAST, &[r], f64t, &loc)
        }
        "fmod" => {
            // C's fmod; CPython raises ValueError where it gives NaN from numbers
            // (an infinite dividend, a zero divisor).
            let r = c.binary(&arith::REMF, a[0], a[1], &loc);
            let nan_result = c.cmp(&arith::CMPF, "uno", r, r, &loc);
            let nan_input = c.cmp(&arith::CMPF, "uno", a[0], a[1], &loc);
            let i1 = c.ctx.i1();
            let numbers = c.const_int(1, i1, &loc);
            let numbers = c.binary(&arith::XORI, nan_input, numbers, &loc);
            let domain = c.binary(&arith::ANDI, nan_result, numbers, &loc);
            c.raise_if(domain, "ValueError", "math domain error", &loc);
            r
        }
        "floor" | "ceil" | "trunc" => {
            let r = match f {
                "floor" => unary(c, &math::FLOOR),
                "ceil" => unary(c, &math::CEIL),
                _ => a[0],
            };
            c.value(&arith::FPTOSI, &[r], i64t, &loc)
        }
        "isnan" | "isinf" | "isfinite" => c.float_class(f, a[0], &loc),
        other => return Err(not_yet(c.ctx, op, &format!("math.{other}"))),
    }))
}

impl Converter<'_> {
    /// `hypot(x, y)` of float64s as C99 (and so CPython and NumPy) define it: infinite when
    /// either side is, even against a NaN.
    pub(super) fn hypot_of_floats(&mut self, x: Value, y: Value, loc: &Location) -> Value {
        let f64t = self.ctx.f64();
        let h = self.hypot(x, y, loc);
        let inf = self.const_float(f64::INFINITY, f64t, loc);
        let ax = self.value(&math::ABSF, &[x], f64t, loc);
        let ay = self.value(&math::ABSF, &[y], f64t, loc);
        let x_inf = self.cmp(&arith::CMPF, "oeq", ax, inf, loc);
        let y_inf = self.cmp(&arith::CMPF, "oeq", ay, inf, loc);
        let either = self.binary(&arith::ORI, x_inf, y_inf, loc);
        self.select(either, inf, h, loc)
    }

    /// CPython's `math.gamma(x)` (`lgamma`: `log(|gamma(x)|)`) through the C library's
    /// `tgamma`/`lgamma`, with CPython's errors: ValueError at the poles (zero and the
    /// negative integers; `gamma(-inf)` too), OverflowError for a finite `x` whose result
    /// is infinite.
    fn gamma(&mut self, log: bool, x: Value, loc: &Location) -> Value {
        let f64t = self.ctx.f64();
        let def = if log { &math::LGAMMA } else { &math::TGAMMA };
        let r = self.value(def, &[x], f64t, loc);
        let zero = self.const_float(0.0, f64t, loc);
        let inf = self.const_float(f64::INFINITY, f64t, loc);
        let whole = self.value(&math::FLOOR, &[x], f64t, loc);
        let integer = self.cmp(&arith::CMPF, "oeq", whole, x, loc);
        let not_positive = self.cmp(&arith::CMPF, "ole", x, zero, loc);
        let pole = self.binary(&arith::ANDI, integer, not_positive, loc);
        let pole = match log {
            true => pole,
            false => {
                let minus_inf = self.const_float(f64::NEG_INFINITY, f64t, loc);
                let at_minus_inf = self.cmp(&arith::CMPF, "oeq", x, minus_inf, loc);
                self.binary(&arith::ORI, pole, at_minus_inf, loc)
            }
        };
        self.raise_if(pole, "ValueError", "math domain error", loc);
        let magnitude = self.value(&math::ABSF, &[r], f64t, loc);
        let huge = self.cmp(&arith::CMPF, "oeq", magnitude, inf, loc);
        let ax = self.value(&math::ABSF, &[x], f64t, loc);
        let finite = self.cmp(&arith::CMPF, "olt", ax, inf, loc);
        let overflow = self.binary(&arith::ANDI, huge, finite, loc);
        // At a pole the ValueError, raised first, is the one reported.
        self.raise_if(overflow, "OverflowError", "math range error", loc);
        r
    }
}
