//! The generated programs: typed expression trees, statements, functions, inputs, and their
//! Python text.

use std::collections::BTreeSet;
use std::fmt::Write;

#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum DType {
    Bool,
    I32,
    I64,
    F32,
    F64,
}

pub const DTYPES: [DType; 5] = [DType::Bool, DType::I32, DType::I64, DType::F32, DType::F64];

impl DType {
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }
    pub fn np(self) -> &'static str {
        match self {
            DType::Bool => "np.bool_",
            DType::I32 => "np.int32",
            DType::I64 => "np.int64",
            DType::F32 => "np.float32",
            DType::F64 => "np.float64",
        }
    }
    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }
    pub fn is_int(self) -> bool {
        matches!(self, DType::I32 | DType::I64)
    }
}

#[derive(Clone, PartialEq, Debug)]
pub enum Ty {
    /// Python scalars: float (F64), int (I64), bool.
    Scalar(DType),
    Array(DType, Vec<usize>),
    None,
}

impl Ty {
    pub fn dtype(&self) -> DType {
        match self {
            Ty::Scalar(d) | Ty::Array(d, _) => *d,
            Ty::None => DType::Bool,
        }
    }
    pub fn shape(&self) -> &[usize] {
        match self {
            Ty::Array(_, s) => s,
            _ => &[],
        }
    }
}

/// An expression: a template whose `{}` holes are its children, in order (`({} + {})`,
/// `np.sqrt({})`, `{}[1:3, ::-1]`, a leaf `x`); `§` stands for the module's function prefix.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub tpl: String,
    pub args: Vec<Expr>,
    pub ty: Ty,
}

impl Expr {
    pub fn leaf(text: impl Into<String>, ty: Ty) -> Expr {
        Expr {
            tpl: text.into(),
            args: vec![],
            ty,
        }
    }
    pub fn node(tpl: impl Into<String>, args: Vec<Expr>, ty: Ty) -> Expr {
        Expr {
            tpl: tpl.into(),
            args,
            ty,
        }
    }
    pub fn text(&self, prefix: &str) -> String {
        let mut out = String::new();
        let mut args = self.args.iter();
        for (i, piece) in self.tpl.split("{}").enumerate() {
            if i > 0 {
                out.push_str(&args.next().expect("hole").text(prefix));
            }
            out.push_str(&piece.replace('§', prefix));
        }
        out
    }
    pub fn size(&self) -> usize {
        1 + self.args.iter().map(Expr::size).sum::<usize>()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `target op value`: `x = …`, `x[1:] += …`.
    Assign(String, &'static str, Expr),
    /// A call for its effects.
    Eval(Expr),
    For(String, String, Vec<Stmt>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    Return(Option<Expr>),
    Break,
    Continue,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Func {
    pub name: String,
    pub params: Vec<(String, Ty)>,
    pub body: Vec<Stmt>,
}

/// How an array argument is passed: its base, or a view of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum View {
    None,
    /// `base[::2, ::2]` of a base twice as large on every axis.
    Step,
    /// `base.T` of a base of the reversed shape.
    T,
    /// `base[::-1]`.
    Rev,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::None => "none",
            View::Step => "step",
            View::T => "T",
            View::Rev => "rev",
        }
    }
    /// The base's shape for a view of `shape`.
    pub fn base_shape(self, shape: &[usize]) -> Vec<usize> {
        match self {
            View::Step => shape.iter().map(|d| 2 * d).collect(),
            View::T => shape.iter().rev().copied().collect(),
            View::None | View::Rev => shape.to_vec(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Int(i64),
    Float(f64),
    Bool(bool),
    /// `data` is the base's elements in C order (bools and integers as exact floats).
    Array {
        dtype: DType,
        base: Vec<usize>,
        view: View,
        data: Vec<f64>,
    },
}

/// A generated program: helper functions, then the entry (last), the entry's inputs, the
/// relative tolerance its results are compared with (0: bit for bit) and the feature families
/// it uses (for `--skip`).
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub funcs: Vec<Func>,
    pub inputs: Vec<Input>,
    pub rel: f64,
    pub features: BTreeSet<&'static str>,
}

fn write_block(out: &mut String, stmts: &[Stmt], indent: usize, prefix: &str) {
    let pad = "    ".repeat(indent);
    if stmts.is_empty() {
        let _ = writeln!(out, "{pad}pass");
    }
    for s in stmts {
        match s {
            Stmt::Assign(target, op, e) => {
                let _ = writeln!(out, "{pad}{target} {op} {}", e.text(prefix));
            }
            Stmt::Eval(e) => {
                let _ = writeln!(out, "{pad}{}", e.text(prefix));
            }
            Stmt::For(var, range, body) => {
                let _ = writeln!(out, "{pad}for {var} in {range}:");
                write_block(out, body, indent + 1, prefix);
            }
            Stmt::If(c, then, other) => {
                let _ = writeln!(out, "{pad}if {}:", c.text(prefix));
                write_block(out, then, indent + 1, prefix);
                if !other.is_empty() {
                    let _ = writeln!(out, "{pad}else:");
                    write_block(out, other, indent + 1, prefix);
                }
            }
            Stmt::Return(Some(e)) => {
                let _ = writeln!(out, "{pad}return {}", e.text(prefix));
            }
            Stmt::Return(None) => {
                let _ = writeln!(out, "{pad}return");
            }
            Stmt::Break => {
                let _ = writeln!(out, "{pad}break");
            }
            Stmt::Continue => {
                let _ = writeln!(out, "{pad}continue");
            }
        }
    }
}

impl Program {
    /// The functions' text, each name prefixed (several programs share one module).
    pub fn functions_text(&self, prefix: &str) -> String {
        let mut out = String::new();
        for f in &self.funcs {
            let params: Vec<&str> = f.params.iter().map(|(n, _)| n.as_str()).collect();
            let _ = writeln!(
                out,
                "\n@njit\ndef {prefix}{}({}):",
                f.name,
                params.join(", ")
            );
            write_block(&mut out, &f.body, 1, prefix);
        }
        out
    }

    pub fn entry(&self) -> &str {
        &self.funcs.last().unwrap().name
    }

    /// A module of its own, its inputs as a comment (the regression format).
    pub fn source(&self) -> String {
        format!("{}{}", HEADER, self.functions_text(""))
    }

    pub fn statements(&self) -> usize {
        fn count(stmts: &[Stmt]) -> usize {
            stmts
                .iter()
                .map(|s| match s {
                    Stmt::For(_, _, b) => 1 + count(b),
                    Stmt::If(_, a, b) => 1 + count(a) + count(b),
                    _ => 1,
                })
                .sum()
        }
        self.funcs.iter().map(|f| count(&f.body)).sum()
    }
}

pub const HEADER: &str = "import numpy as np\nfrom numba import njit\n";
