//! Scalar semantics: comparisons, unary operators and Python's arithmetic (floor division and
//! modulo, powers, division by zero).

use blackbird_dialects::ir::{Location, OpId, Type, Value};
use blackbird_dialects::{arith, math};

use super::{not_yet, CResult, Converter};
use crate::conversion::emit;

impl Converter<'_> {
    pub(crate) fn compare(&mut self, kind: &str, a: Value, b: Value, loc: &Location) -> Value {
        let (ta, tb) = (self.e.ctx.value_type(a), self.e.ctx.value_type(b));
        if self.e.is_float(ta) || self.e.is_float(tb) {
            let w = self.e.width(ta).max(self.e.width(tb)).max(
                if self.e.is_float(ta) && self.e.is_float(tb) {
                    0
                } else {
                    64
                },
            );
            let ft = if w <= 32 {
                self.e.ctx.f32()
            } else {
                self.e.ctx.f64()
            };
            let (a, b) = (self.e.coerce(a, ft, loc), self.e.coerce(b, ft, loc));
            let pred = match kind {
                "eq" => "oeq",
                "ne" => "une",
                "lt" => "olt",
                "le" => "ole",
                "gt" => "ogt",
                _ => "oge",
            };
            return self.e.cmp(&arith::CMPF, pred, a, b, loc);
        }
        // Integers compare exactly: as int64, or as uint64 when both are unsigned and one is
        // uint64, or as int128 when a uint64 meets a signed integer (no type holds both).
        let unsigned = |s: &Self, t: Type| s.e.is_unsigned(t) || s.e.width(t) == 1;
        let wide_unsigned = |s: &Self, t: Type| s.e.is_unsigned(t) && s.e.width(t) == 64;
        let common = match [ta, tb].into_iter().find(|t| wide_unsigned(self, *t)) {
            None => self.e.ctx.i64(),
            Some(uint64) if unsigned(self, ta) && unsigned(self, tb) => uint64,
            Some(_) => self.e.ctx.int_type(128),
        };
        let (a, b) = (self.e.coerce(a, common, loc), self.e.coerce(b, common, loc));
        let pred = match kind {
            "eq" => "eq",
            "ne" => "ne",
            "lt" => "slt",
            "le" => "sle",
            "gt" => "sgt",
            _ => "sge",
        };
        self.e.cmp(&arith::CMPI, pred, a, b, loc)
    }

    /// A unary operator (`not`, `pos`, `neg`, `invert`) on a scalar, giving type `rt`.
    pub(crate) fn unary(&mut self, kind: &str, a: Value, rt: Type, loc: &Location) -> Value {
        match kind {
            "not" => {
                let t = self.e.truth(a, loc);
                let one = self.e.const_int(1, rt, loc);
                self.e.binary(&arith::XORI, t, one, loc)
            }
            "pos" => self.e.coerce(a, rt, loc),
            "neg" if self.e.is_float(rt) => {
                let a = self.e.coerce(a, rt, loc);
                self.e.value(&arith::NEGF, &[a], rt, loc)
            }
            "neg" => {
                let a = self.e.coerce(a, rt, loc);
                let zero = self.e.const_int(0, rt, loc);
                self.e.binary(&arith::SUBI, zero, a, loc)
            }
            _ => {
                let a = self.e.coerce(a, rt, loc);
                let ones = self.e.const_int(-1, rt, loc);
                self.e.binary(&arith::XORI, a, ones, loc)
            }
        }
    }

    /// `a ** b` of integers (wrapping, as Numba's and NumPy's int64): squares of `a` multiplied
    /// in for the bits of `b`. A negative exponent raises ValueError, as NumPy does (Python's
    /// result would be a float, which the static type cannot be; Numba returns 0 or ±1).
    pub(crate) fn integer_power(&mut self, a: Value, b: Value, loc: &Location) -> Value {
        let t = self.e.ctx.value_type(a);
        let zero = self.e.const_int(0, t, loc);
        let one = self.e.const_int(1, t, loc);
        let exponent = match emit::is_unsigned(self.e.ctx, t) {
            true => b,
            false => {
                let negative = self.e.cmp(&arith::CMPI, "slt", b, zero, loc);
                let message = "Integers to negative integer powers are not allowed.";
                self.e.raise_if(negative, "ValueError", message, loc);
                // Compiled code runs on after a raise: a negative exponent ends the loop.
                self.e.binary(&arith::MAXSI, b, zero, loc)
            }
        };
        // (result, base, exponent) while the exponent has bits left.
        let result = emit::while_loop(
            self,
            &[one, a, exponent],
            loc,
            &mut |s, v| s.e.cmp(&arith::CMPI, "ne", v[2], zero, loc),
            &mut |s, v| {
                let (result, base, exponent) = (v[0], v[1], v[2]);
                let bit = s.e.binary(&arith::ANDI, exponent, one, loc);
                let odd = s.e.cmp(&arith::CMPI, "ne", bit, zero, loc);
                let times = s.e.binary(&arith::MULI, result, base, loc);
                let result = s.e.select(odd, times, result, loc);
                let base = s.e.binary(&arith::MULI, base, base, loc);
                let exponent = s.e.binary(&arith::SHRUI, exponent, one, loc);
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
        let float = self.e.is_float(rt);
        if kind == "pow" && !float {
            let a = self.e.coerce(a, rt, loc);
            let Some(e @ 0..=8) = b_const else {
                let b = self.e.coerce(b, rt, loc);
                return Ok(self.integer_power(a, b, loc));
            };
            let mut acc = self.e.const_int(1, rt, loc);
            for _ in 0..e {
                acc = self.e.binary(&arith::MULI, acc, a, loc);
            }
            return Ok(acc);
        }
        let (a, b) = (self.e.coerce(a, rt, loc), self.e.coerce(b, rt, loc));
        Ok(match (kind, float) {
            ("add" | "sub" | "mul", _) => self.e.arithmetic(kind, a, b, loc),
            ("truediv", _) => {
                let b = if numpy {
                    b
                } else {
                    self.checked_float_divisor(b, "float division by zero", loc)
                };
                self.e.binary(&arith::DIVF, a, b, loc)
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
                let (floordiv, mod_) = self.e.float_divmod(a, divisor, loc);
                match kind {
                    "mod" => mod_,
                    // NumPy: a zero divisor gives `a / b` (inf or nan); fmod already gives nan.
                    _ if numpy => {
                        let zero = self.e.const_float(0.0, rt, loc);
                        let b_zero = self.e.cmp(&arith::CMPF, "oeq", b, zero, loc);
                        let quotient = self.e.binary(&arith::DIVF, a, b, loc);
                        self.e.select(b_zero, quotient, floordiv, loc)
                    }
                    _ => floordiv,
                }
            }
            ("floordiv", false) | ("mod", false) => {
                let zero = self.e.const_int(0, rt, loc);
                let one = self.e.const_int(1, rt, loc);
                let minus_one = self.e.const_int(-1, rt, loc);
                let is_zero = self.e.cmp(&arith::CMPI, "eq", b, zero, loc);
                if !numpy {
                    self.e.raise_if(
                        is_zero,
                        "ZeroDivisionError",
                        "integer division or modulo by zero",
                        loc,
                    );
                }
                // A zero or -1 divisor is replaced by 1 (no trap, no overflow); -1 is handled
                // apart. (An unsigned divisor is never -1: all ones is its largest value.)
                let is_minus_one = if self.e.is_unsigned(rt) {
                    let i1 = self.e.ctx.i1();
                    self.e.const_int(0, i1, loc)
                } else {
                    self.e.cmp(&arith::CMPI, "eq", b, minus_one, loc)
                };
                let unsafe_divisor = self.e.binary(&arith::ORI, is_zero, is_minus_one, loc);
                let safe = self.e.select(unsafe_divisor, one, b, loc);
                let value = if kind == "floordiv" {
                    let q = self.e.binary(&arith::FLOORDIVSI, a, safe, loc);
                    let neg = self.e.binary(&arith::SUBI, zero, a, loc);
                    self.e.select(is_minus_one, neg, q, loc)
                } else {
                    let r = self.e.binary(&arith::REMSI, a, safe, loc);
                    let r_nonzero = self.e.cmp(&arith::CMPI, "ne", r, zero, loc);
                    let r_neg = self.e.cmp(&arith::CMPI, "slt", r, zero, loc);
                    let b_neg = self.e.cmp(&arith::CMPI, "slt", safe, zero, loc);
                    let signs_differ = self.e.binary(&arith::XORI, r_neg, b_neg, loc);
                    let fix = self.e.binary(&arith::ANDI, r_nonzero, signs_differ, loc);
                    let fixed = self.e.binary(&arith::ADDI, r, safe, loc);
                    let m = self.e.select(fix, fixed, r, loc);
                    self.e.select(is_minus_one, zero, m, loc)
                };
                // NumPy gives 0 for an integer division by zero (with a warning).
                if numpy {
                    self.e.select(is_zero, zero, value, loc)
                } else {
                    value
                }
            }
            ("pow", true) => self.e.binary(&math::POWF, a, b, loc),
            ("lshift", false) => self.e.binary(&arith::SHLI, a, b, loc),
            ("rshift", false) => self.e.binary(&arith::SHRSI, a, b, loc),
            ("bitand", false) => self.e.binary(&arith::ANDI, a, b, loc),
            ("bitor", false) => self.e.binary(&arith::ORI, a, b, loc),
            ("bitxor", false) => self.e.binary(&arith::XORI, a, b, loc),
            _ => return Err(not_yet(self.e.ctx, op, &format!("`{kind}` on these types"))),
        })
    }

    /// Raise ZeroDivisionError when a scalar float divisor is zero; return a safe divisor.
    pub(super) fn checked_float_divisor(
        &mut self,
        b: Value,
        message: &str,
        loc: &Location,
    ) -> Value {
        let t = self.e.ctx.value_type(b);
        let zero = self.e.const_float(0.0, t, loc);
        let is_zero = self.e.cmp(&arith::CMPF, "oeq", b, zero, loc);
        self.e.raise_if(is_zero, "ZeroDivisionError", message, loc);
        let one = self.e.const_float(1.0, t, loc);
        self.e.select(is_zero, one, b, loc)
    }
}
