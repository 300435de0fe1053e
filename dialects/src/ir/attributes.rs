//! Interned attributes: compile-time constant data attached to operations.
//!
//! Text forms follow MLIR: `5 : i64`, `1.5 : f64` (non-finite floats in hex,
//! `0x7FF0000000000000 : f64`), `true`, `"text"`, `@symbol`, `[a, b]`, `array<i64: 1, 2>`, and
//! any type (`f64`, `(i64) -> f64`). A unit attribute prints as its bare key in the dictionary.

use super::Type;

/// Handle of an interned attribute.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Attr(pub(crate) u32);

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum AttrKind {
    Unit,
    Bool(bool),
    Int(i64, Type),
    /// A float stored by its `f64` bits so that attributes hash and compare exactly.
    Float(u64, Type),
    Str(String),
    Symbol(String),
    Type(Type),
    Array(Vec<Attr>),
    I64Array(Vec<i64>),
}

impl AttrKind {
    pub fn float(value: f64, ty: Type) -> Self {
        AttrKind::Float(value.to_bits(), ty)
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            AttrKind::Int(v, _) => Some(*v),
            _ => None,
        }
    }
    pub fn as_float(&self) -> Option<f64> {
        match self {
            AttrKind::Float(bits, _) => Some(f64::from_bits(*bits)),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AttrKind::Str(s) | AttrKind::Symbol(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_type(&self) -> Option<Type> {
        match self {
            AttrKind::Type(t) => Some(*t),
            _ => None,
        }
    }
    pub fn as_i64_array(&self) -> Option<&[i64]> {
        match self {
            AttrKind::I64Array(v) => Some(v),
            _ => None,
        }
    }
    /// Short name of the attribute's kind, used in verifier messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            AttrKind::Unit => "unit",
            AttrKind::Bool(_) => "bool",
            AttrKind::Int(..) => "integer",
            AttrKind::Float(..) => "float",
            AttrKind::Str(_) => "string",
            AttrKind::Symbol(_) => "symbol",
            AttrKind::Type(_) => "type",
            AttrKind::Array(_) => "array",
            AttrKind::I64Array(_) => "i64 array",
        }
    }
}
