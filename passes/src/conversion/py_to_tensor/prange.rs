//! `prange` reductions as the lowering needs them: the `loop.parallel` reduction kind and the
//! identity each contribution starts from (the classification is `py-parallelize-prange`'s).

pub(super) use crate::transforms::parallelize_prange::{Carried, Combine};

/// The kind of number a reduction accumulates.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Number {
    Float,
    Signed,
    /// Unsigned integers and booleans.
    Unsigned,
}

impl Combine {
    /// The `loop.parallel` reduction name for an accumulator of kind `number`. Float
    /// minimum and maximum reduce the contributions' order-preserving integer keys (see
    /// `Converter::parallel_for`): OpenMP starts private copies of a float min/max at the
    /// largest finite value, which would turn an infinite result into a finite one.
    pub(super) fn reduction_name(self, number: Number) -> &'static str {
        match (self, number) {
            (Combine::Add, Number::Float) => "addf",
            (Combine::Mul, Number::Float) => "mulf",
            (Combine::Add, _) => "addi",
            (Combine::Mul, _) => "muli",
            (Combine::And, _) => "andi",
            (Combine::Or, _) => "ori",
            (Combine::Xor, _) => "xori",
            (Combine::Min, Number::Unsigned) => "minui",
            (Combine::Max, Number::Unsigned) => "maxui",
            (Combine::Min, _) => "minsi",
            (Combine::Max, _) => "maxsi",
        }
    }

    /// The identity the body starts from (`x ⊕ identity == x` for every `x`) for an
    /// accumulator of kind `number` that is `width` bits wide: an integer's bits, or a float.
    /// For float addition it is `-0.0` (`-0.0 + 0.0 == 0.0` and `-0.0 + -0.0 == -0.0`); for a
    /// float minimum `+inf` (NaN contributions are skipped by `min(m, x)`, as in Python).
    pub(super) fn identity(self, number: Number, width: u32) -> Identity {
        let signed_max = if width >= 64 {
            i64::MAX
        } else {
            (1i64 << (width - 1)) - 1
        };
        match (self, number) {
            (Combine::Add, Number::Float) => Identity::Float(-0.0),
            (Combine::Mul, Number::Float) => Identity::Float(1.0),
            (Combine::Min, Number::Float) => Identity::Float(f64::INFINITY),
            (Combine::Max, Number::Float) => Identity::Float(f64::NEG_INFINITY),
            (Combine::Add | Combine::Or | Combine::Xor, _) => Identity::Int(0),
            (Combine::Mul, _) => Identity::Int(1),
            (Combine::And, _) => Identity::Int(-1),
            (Combine::Min, Number::Signed) => Identity::Int(signed_max),
            (Combine::Max, Number::Signed) => Identity::Int(-signed_max - 1),
            // All ones is the unsigned maximum.
            (Combine::Min, _) => Identity::Int(-1),
            (Combine::Max, _) => Identity::Int(0),
        }
    }
}

/// A reduction's start value.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(super) enum Identity {
    Float(f64),
    /// The integer's bits, sign-extended.
    Int(i64),
}
