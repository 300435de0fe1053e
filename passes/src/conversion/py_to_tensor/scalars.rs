//! Scalar semantics: comparisons, unary operators and Python's arithmetic (floor division and
//! modulo, powers, division by zero).

use blackbird_dialects::ir::{Location, OpId, Type, Value};
use blackbird_dialects::{arith, math};

use super::{not_yet, CResult, Converter};
use crate::conversion::emit;

impl Converter<'_> {
    pub(super) fn compare(&mut self, kind: &str, a: Value, b: Value, loc: &Location) -> Value {
        let (ta, tb) = (self.ctx.value_type(a), self.ctx.value_type(b));
        if self.is_float(ta) || self.is_float(tb) {
            let w =
                self.width(ta)
                    .max(self.width(tb))
                    .max(if self.is_float(ta) && self.is_float(tb) {
                        0
                    } else {
                        64
                    });
            let ft = if w <= 32 {
                self.ctx.f32()
            } else {
                self.ctx.f64()
            };
            let (a, b) = (self.coerce(a, ft, loc), self.coerce(b, ft, loc));
            let pred = match kind {
                "eq" => "oeq",
                "ne" => "une",
                "lt" => "olt",
                "le" => "ole",
                "gt" => "ogt",
                _ => "oge",
            };
            return self.cmp(&arith::CMPF, pred, a, b, loc);
        }
        // Integers compare exactly: as int64, or as uint64 when both are unsigned and one is
        // uint64, or as int128 when a uint64 meets a signed integer (no type holds both).
        let unsigned = |s: &Self, t: Type| s.is_unsigned(t) || s.width(t) == 1;
        let wide_unsigned = |s: &Self, t: Type| s.is_unsigned(t) && s.width(t) == 64;
        let common = match [ta, tb].into_iter().find(|t| wide_unsigned(self, *t)) {
            None => self.ctx.i64(),
            Some(uint64) if unsigned(self, ta) && unsigned(self, tb) => uint64,
            Some(_) => self.ctx.int_type(128),
        };
        let (a, b) = (self.coerce(a, common, loc), self.coerce(b, common, loc));
        let pred = match kind {
            "eq" => "eq",
            "ne" => "ne",
            "lt" => "slt",
            "le" => "sle",
            "gt" => "sgt",
            _ => "sge",
        };
        self.cmp(&arith::CMPI, pred, a, b, loc)
    }

    /// A unary operator (`not`, `pos`, `neg`, `invert`) on a scalar, giving type `rt`.
    pub(super) fn unary(&mut self, kind: &str, a: Value, rt: Type, loc: &Location) -> Value {
        match kind {
            "not" => {
                let t = self.truth(a, loc);
                let one = self.const_int(1, rt, loc);
                self.binary(&arith::XORI, t, one, loc)
            }
            "pos" => self.coerce(a, rt, loc),
            "neg" if self.is_float(rt) => {
                let a = self.coerce(a, rt, loc);
                self.value(&arith::NEGF, &[a], rt, loc)
            }
            "neg" => {
                let a = self.coerce(a, rt, loc);
                let zero = self.const_int(0, rt, loc);
                self.binary(&arith::SUBI, zero, a, loc)
            }
            _ => {
                let a = self.coerce(a, rt, loc);
                let ones = self.const_int(-1, rt, loc);
                self.binary(&arith::XORI, a, ones, loc)
            }
        }
    }

    /// `a ** b` of integers (wrapping, as Numba's and NumPy's int64): squares of `a` multiplied
    /// in for the bits of `b`. A negative exponent raises ValueError, as NumPy does (Python's
    /// result would be a float, which the static type cannot be; Numba returns 0 or ±1).
    pub(super) fn integer_power(&mut self, a: Value, b: Value, loc: &Location) -> Value {
        let t = self.ctx.value_type(a);
        let zero = self.const_int(0, t, loc);
        let one = self.const_int(1, t, loc);
        let exponent = match emit::is_unsigned(self.ctx, t) {
            true => b,
            false => {
                let negative = self.cmp(&arith::CMPI, "slt", b, zero, loc);
                let message = "Integers to negative integer powers are not allowed.";
                self.raise_if(negative, "ValueError", message, loc);
                // Compiled code runs on after a raise: a negative exponent ends the loop.
                self.binary(&arith::MAXSI, b, zero, loc)
            }
        };
        // (result, base, exponent) while the exponent has bits left.
        let result = emit::while_loop(
            self,
            &[one, a, exponent],
            loc,
            &mut |s, v| s.cmp(&arith::CMPI, "ne", v[2], zero, loc),
            &mut |s, v| {
                let (result, base, exponent) = (v[0], v[1], v[2]);
                let bit = s.binary(&arith::ANDI, exponent, one, loc);
                let odd = s.cmp(&arith::CMPI, "ne", bit, zero, loc);
                let times = s.binary(&arith::MULI, result, base, loc);
                let result = s.select(odd, times, result, loc);
                let base = s.binary(&arith::MULI, base, base, loc);
                let exponent = s.binary(&arith::SHRUI, exponent, one, loc);
                vec![result, base, exponent]
            },
        );
        result[0]
    }

    /// A scalar binary operator. With `numpy` (elements of arrays, or NumPy's error model),
    /// division by zero follows NumPy (inf/nan for floats, 0 for integers) instead of raising.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn binop(
        &mut self,
        op: OpId,
        kind: &str,
        a: Value,
        b: Value,
        b_const: Option<i64>,
        rt: Type,
        numpy: bool,
        loc: &Location,
    ) -> CResult<Value> {
        let float = self.is_float(rt);
        if kind == "pow" && !float {
            let a = self.coerce(a, rt, loc);
            let Some(e @ 0..=8) = b_const else {
                let b = self.coerce(b, rt, loc);
                return Ok(self.integer_power(a, b, loc));
            };
            let mut acc = self.const_int(1, rt, loc);
            for _ in 0..e {
                acc = self.binary(&arith::MULI, acc, a, loc);
            }
            return Ok(acc);
        }
        let (a, b) = (self.coerce(a, rt, loc), self.coerce(b, rt, loc));
        Ok(match (kind, float) {
            ("add" | "sub" | "mul", _) => self.arithmetic(kind, a, b, loc),
            ("truediv", _) => {
                let b = if numpy {
                    b
                } else {
                    self.checked_float_divisor(b, "float division by zero", loc)
                };
                self.binary(&arith::DIVF, a, b, loc)
            }
            ("floordiv" | "mod", true) => {
                let message = if kind == "mod" {
                    "float modulo"
                } else {
                    "float floor division by zero"
                };
                let divisor = if numpy {
                    b
                } else {
                    self.checked_float_divisor(b, message, loc)
                };
                let (floordiv, mod_) = self.float_divmod(a, divisor, loc);
                match kind {
                    "mod" => mod_,
                    // NumPy: a zero divisor gives `a / b` (inf or nan); fmod already gives nan.
                    _ if numpy => {
                        let zero = self.const_float(0.0, rt, loc);
                        let b_zero = self.cmp(&arith::CMPF, "oeq", b, zero, loc);
                        let quotient = self.binary(&arith::DIVF, a, b, loc);
                        self.select(b_zero, quotient, floordiv, loc)
                    }
                    _ => floordiv,
                }
            }
            ("floordiv", false) | ("mod", false) => {
                let zero = self.const_int(0, rt, loc);
                let one = self.const_int(1, rt, loc);
                let minus_one = self.const_int(-1, rt, loc);
                let is_zero = self.cmp(&arith::CMPI, "eq", b, zero, loc);
                if !numpy {
                    self.raise_if(
                        is_zero,
                        "ZeroDivisionError",
                        "integer division or modulo by zero",
                        loc,
                    );
                }
                // A zero or -1 divisor is replaced by 1 (no trap, no overflow); -1 is handled
                // apart. (An unsigned divisor is never -1: all ones is its largest value.)
                let is_minus_one = if self.is_unsigned(rt) {
                    let i1 = self.ctx.i1();
                    self.const_int(0, i1, loc)
                } else {
                    self.cmp(&arith::CMPI, "eq", b, minus_one, loc)
                };
                let unsafe_divisor = self.binary(&arith::ORI, is_zero, is_minus_one, loc);
                let safe = self.select(unsafe_divisor, one, b, loc);
                let value = if kind == "floordiv" {
                    let q = self.binary(&arith::FLOORDIVSI, a, safe, loc);
                    let neg = self.binary(&arith::SUBI, zero, a, loc);
                    self.select(is_minus_one, neg, q, loc)
                } else {
                    let r = self.binary(&arith::REMSI, a, safe, loc);
                    let r_nonzero = self.cmp(&arith::CMPI, "ne", r, zero, loc);
                    let r_neg = self.cmp(&arith::CMPI, "slt", r, zero, loc);
                    let b_neg = self.cmp(&arith::CMPI, "slt", safe, zero, loc);
                    let signs_differ = self.binary(&arith::XORI, r_neg, b_neg, loc);
                    let fix = self.binary(&arith::ANDI, r_nonzero, signs_differ, loc);
                    let fixed = self.binary(&arith::ADDI, r, safe, loc);
                    let m = self.select(fix, fixed, r, loc);
                    self.select(is_minus_one, zero, m, loc)
                };
                // NumPy gives 0 for an integer division by zero (with a warning).
                if numpy {
                    self.select(is_zero, zero, value, loc)
                } else {
                    value
                }
            }
            ("pow", true) => self.binary(&math::POWF, a, b, loc),
            ("lshift", false) => self.binary(&arith::SHLI, a, b, loc),
            ("rshift", false) => self.binary(&arith::SHRSI, a, b, loc),
            ("bitand", false) => self.binary(&arith::ANDI, a, b, loc),
            ("bitor", false) => self.binary(&arith::ORI, a, b, loc),
            ("bitxor", false) => self.binary(&arith::XORI, a, b, loc),
            _ => return Err(not_yet(self.ctx, op, &format!("`{kind}` on these types"))),
        })
    }

    /// Raise ZeroDivisionError when a scalar float divisor is zero; return a safe divisor.
    pub(super) fn checked_float_divisor(
        &mut self,
        b: Value,
        message: &str,
        loc: &Location,
    ) -> Value {
        let t = self.ctx.value_type(b);
        let zero = self.const_float(0.0, t, loc);
        let is_zero = self.cmp(&arith::CMPF, "oeq", b, zero, loc);
        self.raise_if(is_zero, "ZeroDivisionError", message, loc);
        let one = self.const_float(1.0, t, loc);
        self.select(is_zero, one, b, loc)
    }
}
