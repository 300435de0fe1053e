//! Complex scalars (`complex128`): a value is its two `f64` parts (`L::Tuple([re, im])`, so
//! that it flows through variables, branches, loops, calls and returns as a pair), and each
//! operation is written out on the parts with CPython's arithmetic: `+ - *` componentwise as
//! in `_Py_c_sum`/`_Py_c_diff`/`_Py_c_prod`, `/` by Smith's method as in `_Py_c_quot`
//! (ZeroDivisionError for a zero divisor), `abs` as C's `hypot` (a scaled hypotenuse on GPUs), `==`/`!=` on both
//! parts, `.real`, `.imag` (`complex(re, im)`, `abs(z)` and `z.conjugate()` are lowered by
//! their callables in [`crate::library`]).

use blackbird_dialects::ir::{Location, OpId, Type, TypeKind, Value};
use blackbird_dialects::py::{self, BinOpKind, CompareKind, UnaryOpKind};
use blackbird_dialects::{arith, math};

use super::{not_yet, CResult, Converter, L};

impl Converter<'_> {
    pub(crate) fn is_complex(&self, t: Type) -> bool {
        matches!(self.e.ctx.type_kind(t), TypeKind::Complex(_))
    }

    /// The parts of the value `v` (a complex pair, or a real number with imaginary part 0).
    pub(crate) fn complex_parts(
        &mut self,
        op: OpId,
        v: Value,
        loc: &Location,
    ) -> CResult<(Value, Value)> {
        let f64t = self.e.ctx.f64();
        match self.get(v) {
            L::Tuple(parts) if self.is_complex(self.e.ctx.value_type(v)) => {
                match parts.as_slice() {
                    [L::V(re), L::V(im)] => Ok((*re, *im)),
                    _ => Err(not_yet(self.e.ctx, op, "this complex value")),
                }
            }
            L::V(x) if !self.e.ctx.type_kind(self.e.ctx.value_type(x)).is_shaped() => {
                let re = self.e.coerce(x, f64t, loc);
                Ok((re, self.e.const_float(0.0, f64t, loc)))
            }
            _ => Err(not_yet(
                self.e.ctx,
                op,
                "this operand of a complex operation",
            )),
        }
    }

    /// Convert `op` if it computes with complex scalars; returns whether it did.
    pub(crate) fn complex_op(&mut self, op: OpId) -> CResult<bool> {
        let operands = self.e.ctx.operands(op).to_vec();
        let involves_complex = operands
            .iter()
            .map(|v| self.e.ctx.value_type(*v))
            .chain(
                self.e
                    .ctx
                    .results(op)
                    .iter()
                    .map(|r| self.e.ctx.value_type(*r)),
            )
            .any(|t| self.is_complex(t));
        if !involves_complex {
            return Ok(false);
        }
        let loc = self.e.ctx.loc(op).clone();
        let ctx = &*self.e.ctx;
        let result = if ctx.is_op(op, &py::BINOP) {
            self.complex_binop(op, &operands, &loc)?
        } else if ctx.is_op(op, &py::UNARYOP) {
            self.complex_unaryop(op, operands[0], &loc)?
        } else if ctx.is_op(op, &py::COMPARE) {
            self.complex_compare(op, &operands, &loc)?
        } else if ctx.is_op(op, &py::GETATTR) {
            let (re, im) = self.complex_parts(op, operands[0], &loc)?;
            match py::getattr::NAME.of(self.e.ctx, op).as_str() {
                "real" => L::V(re),
                "imag" => L::V(im),
                _ => {
                    return Err(not_yet(
                        self.e.ctx,
                        op,
                        "this attribute of a complex number",
                    ))
                }
            }
        } else {
            return Ok(false);
        };
        self.set(op, result);
        Ok(true)
    }

    fn complex_binop(&mut self, op: OpId, operands: &[Value], loc: &Location) -> CResult<L> {
        let a = self.complex_parts(op, operands[0], loc)?;
        let b = self.complex_parts(op, operands[1], loc)?;
        let (re, im) = match py::binop::OP.of(self.e.ctx, op) {
            BinOpKind::Add => (
                self.e.binary(&arith::ADDF, a.0, b.0, loc),
                self.e.binary(&arith::ADDF, a.1, b.1, loc),
            ),
            BinOpKind::Sub => (
                self.e.binary(&arith::SUBF, a.0, b.0, loc),
                self.e.binary(&arith::SUBF, a.1, b.1, loc),
            ),
            BinOpKind::Mul => self.complex_mul(a, b, loc),
            BinOpKind::TrueDiv => self.complex_div(a, b, loc),
            kind => {
                return Err(not_yet(
                    self.e.ctx,
                    op,
                    &format!("`{kind}` on complex numbers"),
                ))
            }
        };
        Ok(L::Tuple(vec![L::V(re), L::V(im)]))
    }

    fn complex_unaryop(&mut self, op: OpId, operand: Value, loc: &Location) -> CResult<L> {
        let f64t = self.e.ctx.f64();
        let (re, im) = self.complex_parts(op, operand, loc)?;
        Ok(match py::unaryop::OP.of(self.e.ctx, op) {
            UnaryOpKind::Neg => {
                let re = self.e.value(&arith::NEGF, &[re], f64t, loc);
                let im = self.e.value(&arith::NEGF, &[im], f64t, loc);
                L::Tuple(vec![L::V(re), L::V(im)])
            }
            UnaryOpKind::Pos => L::Tuple(vec![L::V(re), L::V(im)]),
            UnaryOpKind::Not => {
                let zero = self.e.const_float(0.0, f64t, loc);
                let re0 = self.e.cmp(&arith::CMPF, "oeq", re, zero, loc);
                let im0 = self.e.cmp(&arith::CMPF, "oeq", im, zero, loc);
                L::V(self.e.binary(&arith::ANDI, re0, im0, loc))
            }
            other => {
                return Err(not_yet(
                    self.e.ctx,
                    op,
                    &format!("unary `{other}` on complex"),
                ))
            }
        })
    }

    fn complex_compare(&mut self, op: OpId, operands: &[Value], loc: &Location) -> CResult<L> {
        let a = self.complex_parts(op, operands[0], loc)?;
        let b = self.complex_parts(op, operands[1], loc)?;
        let equal_re = self.e.cmp(&arith::CMPF, "oeq", a.0, b.0, loc);
        let equal_im = self.e.cmp(&arith::CMPF, "oeq", a.1, b.1, loc);
        let equal = self.e.binary(&arith::ANDI, equal_re, equal_im, loc);
        Ok(match py::compare::OP.of(self.e.ctx, op) {
            CompareKind::Eq => L::V(equal),
            CompareKind::Ne => {
                let i1 = self.e.ctx.i1();
                let one = self.e.const_int(1, i1, loc);
                L::V(self.e.binary(&arith::XORI, equal, one, loc))
            }
            _ => {
                return Err(not_yet(
                    self.e.ctx,
                    op,
                    "this comparison of complex numbers",
                ))
            }
        })
    }

    /// `(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)`.
    fn complex_mul(
        &mut self,
        a: (Value, Value),
        b: (Value, Value),
        loc: &Location,
    ) -> (Value, Value) {
        let rr = self.e.binary(&arith::MULF, a.0, b.0, loc);
        let ii = self.e.binary(&arith::MULF, a.1, b.1, loc);
        let ri = self.e.binary(&arith::MULF, a.0, b.1, loc);
        let ir = self.e.binary(&arith::MULF, a.1, b.0, loc);
        (
            self.e.binary(&arith::SUBF, rr, ii, loc),
            self.e.binary(&arith::ADDF, ri, ir, loc),
        )
    }

    /// `a / b` as CPython's `_Py_c_quot`: divide by the larger part of `b` first (Smith's
    /// method); ZeroDivisionError when `b` is 0; NaN parts when `b` has a NaN.
    fn complex_div(
        &mut self,
        a: (Value, Value),
        b: (Value, Value),
        loc: &Location,
    ) -> (Value, Value) {
        let f64t = self.e.ctx.f64();
        let zero = self.e.const_float(0.0, f64t, loc);
        let abs_re = self.e.value(&math::ABSF, &[b.0], f64t, loc);
        let abs_im = self.e.value(&math::ABSF, &[b.1], f64t, loc);
        let real_larger = self.e.cmp(&arith::CMPF, "oge", abs_re, abs_im, loc);
        let imag_larger = self.e.cmp(&arith::CMPF, "oge", abs_im, abs_re, loc);
        let divisor_zero = self.e.cmp(&arith::CMPF, "oeq", abs_re, zero, loc);
        let by_zero = self.e.binary(&arith::ANDI, real_larger, divisor_zero, loc);
        self.e.raise_if(
            by_zero,
            "ZeroDivisionError",
            "complex division by zero",
            loc,
        );
        // |b.re| >= |b.im|: ratio = b.im / b.re, denom = b.re + b.im * ratio.
        let ratio = self.e.binary(&arith::DIVF, b.1, b.0, loc);
        let scaled = self.e.binary(&arith::MULF, b.1, ratio, loc);
        let denom = self.e.binary(&arith::ADDF, b.0, scaled, loc);
        let t = self.e.binary(&arith::MULF, a.1, ratio, loc);
        let t = self.e.binary(&arith::ADDF, a.0, t, loc);
        let re1 = self.e.binary(&arith::DIVF, t, denom, loc);
        let t = self.e.binary(&arith::MULF, a.0, ratio, loc);
        let t = self.e.binary(&arith::SUBF, a.1, t, loc);
        let im1 = self.e.binary(&arith::DIVF, t, denom, loc);
        // |b.im| > |b.re|: ratio = b.re / b.im, denom = b.re * ratio + b.im.
        let ratio = self.e.binary(&arith::DIVF, b.0, b.1, loc);
        let scaled = self.e.binary(&arith::MULF, b.0, ratio, loc);
        let denom = self.e.binary(&arith::ADDF, scaled, b.1, loc);
        let t = self.e.binary(&arith::MULF, a.0, ratio, loc);
        let t = self.e.binary(&arith::ADDF, t, a.1, loc);
        let re2 = self.e.binary(&arith::DIVF, t, denom, loc);
        let t = self.e.binary(&arith::MULF, a.1, ratio, loc);
        let t = self.e.binary(&arith::SUBF, t, a.0, loc);
        let im2 = self.e.binary(&arith::DIVF, t, denom, loc);
        // Neither (a NaN part): NaN + NaN j.
        let nan = self.e.const_float(f64::NAN, f64t, loc);
        let re = self.e.select(imag_larger, re2, nan, loc);
        let im = self.e.select(imag_larger, im2, nan, loc);
        (
            self.e.select(real_larger, re1, re, loc),
            self.e.select(real_larger, im1, im, loc),
        )
    }

    /// `hypot(x, y)` of float64s as C99 (and so CPython and NumPy) define it: infinite when
    /// either side is, even against a NaN.
    pub(crate) fn hypot_of_floats(&mut self, x: Value, y: Value, loc: &Location) -> Value {
        let f64t = self.e.ctx.f64();
        // On the CPU, the C library's (correctly rounded) `hypot`, as NumPy and CPython call.
        if !self.gpu {
            return self.e.value(&math::HYPOT, &[x, y], f64t, loc);
        }
        let h = self.scaled_hypot(x, y, loc);
        let inf = self.e.const_float(f64::INFINITY, f64t, loc);
        let ax = self.e.value(&math::ABSF, &[x], f64t, loc);
        let ay = self.e.value(&math::ABSF, &[y], f64t, loc);
        let x_inf = self.e.cmp(&arith::CMPF, "oeq", ax, inf, loc);
        let y_inf = self.e.cmp(&arith::CMPF, "oeq", ay, inf, loc);
        let either = self.e.binary(&arith::ORI, x_inf, y_inf, loc);
        self.e.select(either, inf, h, loc)
    }

    /// `sqrt(x² + y²)` without overflow or underflow in the squares: the larger magnitude
    /// times `sqrt(1 + r²)` (GPU code, which has no C library).
    fn scaled_hypot(&mut self, x: Value, y: Value, loc: &Location) -> Value {
        let f64t = self.e.ctx.f64();
        let ax = self.e.value(&math::ABSF, &[x], f64t, loc);
        let ay = self.e.value(&math::ABSF, &[y], f64t, loc);
        let big = self.e.binary(&arith::MAXIMUMF, ax, ay, loc);
        let small = self.e.binary(&arith::MINIMUMF, ax, ay, loc);
        let zero = self.e.const_float(0.0, f64t, loc);
        let one = self.e.const_float(1.0, f64t, loc);
        let is_zero = self.e.cmp(&arith::CMPF, "oeq", big, zero, loc);
        let safe_big = self.e.select(is_zero, one, big, loc);
        let r = self.e.binary(&arith::DIVF, small, safe_big, loc);
        let r2 = self.e.binary(&arith::MULF, r, r, loc);
        let s = self.e.binary(&arith::ADDF, one, r2, loc);
        let root = self.e.value(&math::SQRT, &[s], f64t, loc);
        let h = self.e.binary(&arith::MULF, big, root, loc);
        let h = self.e.select(is_zero, zero, h, loc);
        let inf = self.e.const_float(f64::INFINITY, f64t, loc);
        let infinite = self.e.cmp(&arith::CMPF, "oeq", big, inf, loc);
        self.e.select(infinite, inf, h, loc)
    }
}
