//! The lowerings of the library's callables ([`crate::library`] points each callable at one
//! of these), by family, and the dispatch of `py.call_builtin` to them.

use blackbird_dialects::ir::{Location, OpDef, OpId, Value};
use blackbird_dialects::{arith, math};

use super::{not_yet, CResult, Converter, L};
use crate::library;

/// A `py.call_builtin`: the lowering of the callable it names.
pub(super) fn lower(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let name = c.e.ctx.attr_str(op, "name");
    match library::lookup(name) {
        Some(callable) => (callable.lowering)(c, op),
        // A CUDA special register (`cuda.threadIdx.x`), read as a call.
        None if name.starts_with("cuda.") => cuda(c, op),
        None => Err(not_yet(c.e.ctx, op, &format!("`{name}`"))),
    }
}

/// Python builtins.
pub(crate) fn builtin(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    c.builtin(op)
}

/// `round(x)`: the nearest integer, halves to the even one (an integer stays as it is).
pub(crate) fn round(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let (i64t, f64t) = (c.e.ctx.i64(), c.e.ctx.f64());
    let x = c.scalar(op, c.e.ctx.operand(op, 0))?;
    if !c.e.is_float(c.e.ctx.value_type(x)) {
        return Ok(L::V(c.e.coerce(x, i64t, &loc)));
    }
    let x = c.e.coerce(x, f64t, &loc);
    // `x - floor(x)` is exact: above a half rounds up, a half up only from an odd floor.
    let floor = c.e.value(&math::FLOOR, &[x], f64t, &loc);
    let fraction = c.e.binary(&arith::SUBF, x, floor, &loc);
    let half = c.e.const_float(0.5, f64t, &loc);
    let above = c.e.cmp(&arith::CMPF, "ogt", fraction, half, &loc);
    let tie = c.e.cmp(&arith::CMPF, "oeq", fraction, half, &loc);
    let n = c.e.value(&arith::FPTOSI, &[floor], i64t, &loc);
    let one = c.e.const_int(1, i64t, &loc);
    let parity = c.e.binary(&arith::ANDI, n, one, &loc);
    let zero = c.e.const_int(0, i64t, &loc);
    let odd = c.e.cmp(&arith::CMPI, "ne", parity, zero, &loc);
    let odd_tie = c.e.binary(&arith::ANDI, tie, odd, &loc);
    let up = c.e.binary(&arith::ORI, above, odd_tie, &loc);
    let next = c.e.binary(&arith::ADDI, n, one, &loc);
    Ok(L::V(c.e.select(up, next, n, &loc)))
}

/// `sum(v)` of a vector: Python adds its items in order to 0 (not pairwise, as `np.sum`).
pub(crate) fn sum(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let rt = c.result_type(op);
    let L::V(src) = c.get(c.e.ctx.operand(op, 0)) else {
        return Err(not_yet(c.e.ctx, op, "sum() of this value"));
    };
    let zero = c.e.zero_of(rt, 0.0, &loc);
    Ok(L::V(c.reduce_all(src, zero, &loc, &mut |s, acc, x| {
        s.e.arithmetic("add", acc, x, &loc)
    })?))
}

/// NumPy functions and array methods.
pub(crate) fn numpy(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let name = c.e.ctx.attr_str(op, "name").to_string();
    c.numpy_call(op, &name)
}

/// CUDA intrinsics.
pub(crate) fn cuda(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let name = c.e.ctx.attr_str(op, "name").to_string();
    c.cuda_call(op, &name)
}

/// `math` functions of numbers (converted to float64 first), as CPython computes them.
pub(crate) fn math(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let name = c.e.ctx.attr_str(op, "name").to_string();
    let f = name.strip_prefix("math.").unwrap_or(&name);
    let (i64t, f64t) = (c.e.ctx.i64(), c.e.ctx.f64());
    let operands = c.e.ctx.operands(op).to_vec();
    let a = operands
        .iter()
        .map(|v| c.scalar(op, *v).map(|x| c.e.coerce(x, f64t, &loc)))
        .collect::<CResult<Vec<Value>>>()?;
    let unary = |c: &mut Converter<'_>, def: &'static OpDef| c.e.value(def, &[a[0]], f64t, &loc);
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
                return Err(not_yet(c.e.ctx, op, &format!("math.{f} in GPU kernels")));
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
        "atan2" => c.e.value(&math::ATAN2, &[a[0], a[1]], f64t, &loc),
        "pow" => c.e.value(&math::POWF, &[a[0], a[1]], f64t, &loc),
        "hypot" => c.hypot_of_floats(a[0], a[1], &loc),
        "copysign" => {
            // The magnitude's bits without their sign, with the sign bit of the other.
            let bits =
                |c: &mut Converter<'_>, x: Value| c.e.value(&arith::BITCAST, &[x], i64t, &loc);
            let (x, y) = (bits(c, a[0]), bits(c, a[1]));
            let magnitude = c.e.const_int(i64::MAX, i64t, &loc);
            let sign = c.e.const_int(i64::MIN, i64t, &loc);
            let x = c.e.binary(&arith::ANDI, x, magnitude, &loc);
            let y = c.e.binary(&arith::ANDI, y, sign, &loc);
            let r = c.e.binary(&arith::ORI, x, y, &loc);
            c.e.value(&arith::BITCAST, &[r], f64t, &loc)
        }
        "fmod" => {
            // C's fmod; CPython raises ValueError where it gives NaN from numbers
            // (an infinite dividend, a zero divisor).
            let r = c.e.binary(&arith::REMF, a[0], a[1], &loc);
            let nan_result = c.e.cmp(&arith::CMPF, "uno", r, r, &loc);
            let nan_input = c.e.cmp(&arith::CMPF, "uno", a[0], a[1], &loc);
            let i1 = c.e.ctx.i1();
            let numbers = c.e.const_int(1, i1, &loc);
            let numbers = c.e.binary(&arith::XORI, nan_input, numbers, &loc);
            let domain = c.e.binary(&arith::ANDI, nan_result, numbers, &loc);
            c.e.raise_if(domain, "ValueError", "math domain error", &loc);
            r
        }
        "floor" | "ceil" | "trunc" => {
            let r = match f {
                "floor" => unary(c, &math::FLOOR),
                "ceil" => unary(c, &math::CEIL),
                _ => a[0],
            };
            c.e.value(&arith::FPTOSI, &[r], i64t, &loc)
        }
        "isnan" | "isinf" | "isfinite" => c.float_class(f, a[0], &loc),
        other => return Err(not_yet(c.e.ctx, op, &format!("math.{other}"))),
    }))
}

impl Converter<'_> {
    /// `hypot(x, y)` of float64s as C99 (and so CPython and NumPy) define it: infinite when
    /// either side is, even against a NaN.
    pub(super) fn hypot_of_floats(&mut self, x: Value, y: Value, loc: &Location) -> Value {
        let f64t = self.e.ctx.f64();
        let h = self.hypot(x, y, loc);
        let inf = self.e.const_float(f64::INFINITY, f64t, loc);
        let ax = self.e.value(&math::ABSF, &[x], f64t, loc);
        let ay = self.e.value(&math::ABSF, &[y], f64t, loc);
        let x_inf = self.e.cmp(&arith::CMPF, "oeq", ax, inf, loc);
        let y_inf = self.e.cmp(&arith::CMPF, "oeq", ay, inf, loc);
        let either = self.e.binary(&arith::ORI, x_inf, y_inf, loc);
        self.e.select(either, inf, h, loc)
    }

    /// CPython's `math.gamma(x)` (`lgamma`: `log(|gamma(x)|)`) through the C library's
    /// `tgamma`/`lgamma`, with CPython's errors: ValueError at the poles (zero and the
    /// negative integers; `gamma(-inf)` too), OverflowError for a finite `x` whose result
    /// is infinite.
    fn gamma(&mut self, log: bool, x: Value, loc: &Location) -> Value {
        let f64t = self.e.ctx.f64();
        let def = if log { &math::LGAMMA } else { &math::TGAMMA };
        let r = self.e.value(def, &[x], f64t, loc);
        let zero = self.e.const_float(0.0, f64t, loc);
        let inf = self.e.const_float(f64::INFINITY, f64t, loc);
        let whole = self.e.value(&math::FLOOR, &[x], f64t, loc);
        let integer = self.e.cmp(&arith::CMPF, "oeq", whole, x, loc);
        let not_positive = self.e.cmp(&arith::CMPF, "ole", x, zero, loc);
        let pole = self.e.binary(&arith::ANDI, integer, not_positive, loc);
        let pole = match log {
            true => pole,
            false => {
                let minus_inf = self.e.const_float(f64::NEG_INFINITY, f64t, loc);
                let at_minus_inf = self.e.cmp(&arith::CMPF, "oeq", x, minus_inf, loc);
                self.e.binary(&arith::ORI, pole, at_minus_inf, loc)
            }
        };
        self.e
            .raise_if(pole, "ValueError", "math domain error", loc);
        let magnitude = self.e.value(&math::ABSF, &[r], f64t, loc);
        let huge = self.e.cmp(&arith::CMPF, "oeq", magnitude, inf, loc);
        let ax = self.e.value(&math::ABSF, &[x], f64t, loc);
        let finite = self.e.cmp(&arith::CMPF, "olt", ax, inf, loc);
        let overflow = self.e.binary(&arith::ANDI, huge, finite, loc);
        // At a pole the ValueError, raised first, is the one reported.
        self.e
            .raise_if(overflow, "OverflowError", "math range error", loc);
        r
    }
}
