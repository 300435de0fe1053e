//! The egg language of `tensor-eqsat`: scalar arithmetic that is also elementwise arithmetic
//! over tensors (NumPy broadcasting), matrix products and full reductions.
//!
//! An op applies to scalars and tensors alike: `(mulf v0 2.0:f64)` is a scalar product when
//! `v0` is a scalar and a `tensor.map` when it is a tensor; the [analysis](super::analysis)
//! knows which. Named ops mirror `arith`/`math` ops whose result has their first operand's
//! type; any other pure scalar op is `Other` with a key into the block's op table.

use std::fmt;
use std::str::FromStr;

use blackbird_dialects::ir::OpDef;
use blackbird_dialects::{arith, math};
use egg::{define_language, Id, Symbol};

define_language! {
    pub enum TensorLang {
        "addf" = AddF([Id; 2]),
        "subf" = SubF([Id; 2]),
        "mulf" = MulF([Id; 2]),
        "divf" = DivF([Id; 2]),
        "negf" = NegF(Id),
        "addi" = AddI([Id; 2]),
        "subi" = SubI([Id; 2]),
        "muli" = MulI([Id; 2]),
        "sqrt" = Sqrt(Id),
        "exp" = Exp(Id),
        "log" = Log(Id),
        "absf" = AbsF(Id),
        "powf" = PowF([Id; 2]),
        "fma" = Fma([Id; 3]),
        // NumPy's `a @ b` for 1-D and 2-D operands (a scalar for two vectors).
        "matmul" = Matmul([Id; 2]),
        // The sum / product of every element, a scalar.
        "sum" = Sum(Id),
        "prod" = Prod(Id),
        Const(Constant),
        Leaf(LeafRef),
        Other(Symbol, Vec<Id>),
    }
}

/// The scalar types eqsat computes with (element types of tensors included).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScalarKind {
    I1,
    I8,
    I16,
    I32,
    I64,
    Index,
    F32,
    F64,
}

impl ScalarKind {
    pub const ALL: [ScalarKind; 8] = [
        ScalarKind::I1,
        ScalarKind::I8,
        ScalarKind::I16,
        ScalarKind::I32,
        ScalarKind::I64,
        ScalarKind::Index,
        ScalarKind::F32,
        ScalarKind::F64,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ScalarKind::I1 => "i1",
            ScalarKind::I8 => "i8",
            ScalarKind::I16 => "i16",
            ScalarKind::I32 => "i32",
            ScalarKind::I64 => "i64",
            ScalarKind::Index => "index",
            ScalarKind::F32 => "f32",
            ScalarKind::F64 => "f64",
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, ScalarKind::F32 | ScalarKind::F64)
    }

    /// Bits of an integer kind (64 for `index`).
    pub fn int_width(self) -> u32 {
        match self {
            ScalarKind::I1 => 1,
            ScalarKind::I8 => 8,
            ScalarKind::I16 => 16,
            ScalarKind::I32 => 32,
            _ => 64,
        }
    }
}

/// A typed constant: an integer value, or a float's `f64` bits (an `f32` constant holds an
/// exactly representable value). Printed `1.0:f64`, `-3:i64`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Constant {
    pub bits: u64,
    pub kind: ScalarKind,
}

impl Constant {
    pub fn float(value: f64, kind: ScalarKind) -> Self {
        let value = if kind == ScalarKind::F32 {
            f64::from(value as f32)
        } else {
            value
        };
        Constant {
            bits: value.to_bits(),
            kind,
        }
    }

    pub fn int(value: i64, kind: ScalarKind) -> Self {
        Constant {
            bits: value as u64,
            kind,
        }
    }

    pub fn as_f64(self) -> f64 {
        f64::from_bits(self.bits)
    }

    pub fn as_i64(self) -> i64 {
        self.bits as i64
    }
}

impl fmt::Display for Constant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind.is_float() {
            write!(f, "{:?}:{}", self.as_f64(), self.kind.name())
        } else {
            write!(f, "{}:{}", self.as_i64(), self.kind.name())
        }
    }
}

impl FromStr for Constant {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (value, kind) = s.rsplit_once(':').ok_or("no type")?;
        let kind = ScalarKind::ALL
            .into_iter()
            .find(|k| k.name() == kind)
            .ok_or("unknown type")?;
        if kind.is_float() {
            let v: f64 = value.parse().map_err(|_| "not a float")?;
            Ok(Constant::float(v, kind))
        } else {
            let v: i64 = value.parse().map_err(|_| "not an integer")?;
            Ok(Constant::int(v, kind))
        }
    }
}

/// A value from outside the e-graph (a block argument, a `tensor.read`, a load, …), by its
/// index in the block's leaf table. Printed `v3` (egg quotes names with `%`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LeafRef(pub u32);

impl fmt::Display for LeafRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

impl FromStr for LeafRef {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        s.strip_prefix('v')
            .and_then(|n| n.parse().ok())
            .map(LeafRef)
            .ok_or_else(|| format!("not a leaf: {s}"))
    }
}

/// Is `node` computed element by element (so that it fuses into one `tensor.map`)?
pub fn is_elementwise(node: &TensorLang) -> bool {
    !matches!(
        node,
        TensorLang::Matmul(_)
            | TensorLang::Sum(_)
            | TensorLang::Prod(_)
            | TensorLang::Const(_)
            | TensorLang::Leaf(_)
    )
}

/// The named ops and the `arith`/`math` ops they stand for (their result has their first
/// operand's type). Translation and extraction both go through this table.
pub const NAMED_OPS: &[(&str, &OpDef)] = &[
    ("addf", &arith::ADDF),
    ("subf", &arith::SUBF),
    ("mulf", &arith::MULF),
    ("divf", &arith::DIVF),
    ("negf", &arith::NEGF),
    ("addi", &arith::ADDI),
    ("subi", &arith::SUBI),
    ("muli", &arith::MULI),
    ("sqrt", &math::SQRT),
    ("exp", &math::EXP),
    ("log", &math::LOG),
    ("absf", &math::ABSF),
    ("powf", &math::POWF),
    ("fma", &math::FMA),
];
