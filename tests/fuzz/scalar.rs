//! Random Python scalars (float, int, bool): literals, variables, elements, full reductions,
//! arithmetic with literal divisors, comparisons, builtins, conditional expressions.

use rand::seq::SliceRandom;
use rand::Rng;

use super::ast::{DType, Expr, Ty};
use super::gen::{Gen, Scope, Var};

impl Gen<'_> {
    /// A Python scalar: float (F64), int (I64) or bool.
    pub fn scalar(&mut self, sc: &Scope, d: DType, depth: u32) -> Expr {
        for _ in 0..30 {
            if let Some(e) = self.try_scalar(sc, d, depth) {
                return e;
            }
        }
        self.literal(d, false)
    }

    fn try_scalar(&mut self, sc: &Scope, d: DType, depth: u32) -> Option<Expr> {
        use DType::*;
        let ty = Ty::Scalar(d);
        let arrays: Vec<Var> = sc
            .vars
            .iter()
            .filter(|v| matches!(v.ty, Ty::Array(..)))
            .cloned()
            .collect();
        match self.rng.gen_range(0..16) {
            0 => Some(self.literal(d, false)),
            1..=3 => {
                let vars: Vec<&Var> = sc.vars.iter().filter(|v| v.ty == ty).collect();
                vars.choose(&mut self.rng)
                    .map(|v| Expr::leaf(&v.name, ty.clone()))
            }
            4 | 5 => {
                // an element of an array of this dtype (float64/int64/bool only: NumPy's
                // float32 and int32 scalars are not Python's)
                let v = arrays
                    .iter()
                    .filter(|v| v.ty.dtype() == d)
                    .collect::<Vec<_>>()
                    .choose(&mut self.rng)
                    .cloned()?
                    .clone();
                let idx: Option<Vec<String>> =
                    v.ty.shape().iter().map(|n| self.index(sc, *n)).collect();
                Some(Expr::node(
                    format!("{{}}[{}]", idx?.join(", ")),
                    vec![Expr::leaf(&v.name, v.ty.clone())],
                    ty,
                ))
            }
            _ if depth == 0 => None,
            6 | 7 => {
                let v = arrays.choose(&mut self.rng)?;
                let shape = v.ty.shape().to_vec();
                if shape.contains(&0) {
                    return None;
                }
                let (f, src) = match d {
                    F64 => *[
                        ("np.sum", F64),
                        ("np.mean", F64),
                        ("np.max", F64),
                        ("np.min", F64),
                        ("np.var", F64),
                        ("np.std", F64),
                        ("np.mean", I64),
                        ("np.prod", F64),
                    ]
                    .choose(&mut self.rng)
                    .unwrap(),
                    I64 => *[
                        ("np.sum", I64),
                        ("np.sum", Bool),
                        ("np.argmax", F64),
                        ("np.argmin", I64),
                        ("len", F64),
                        ("np.count_nonzero", Bool),
                        ("np.max", I64),
                        ("np.sum", I32),
                    ]
                    .choose(&mut self.rng)
                    .unwrap(),
                    _ => *[("np.any", Bool), ("np.all", Bool)]
                        .choose(&mut self.rng)
                        .unwrap(),
                };
                if f == "np.prod" {
                    self.loosen(1e-12);
                }
                if f == "np.sum" && src == I32 {
                    return None; // np.sum of int32 is an int64 NumPy scalar either way; kept simple
                }
                let a = self.array(sc, src, &shape, depth - 1);
                Some(Expr::node(format!("{f}({{}})"), vec![a], ty))
            }
            8..=10 if d != Bool => {
                let op = *["+", "-", "*", "/", "//", "%"]
                    .choose(&mut self.rng)
                    .unwrap();
                match (d, op) {
                    (I64, "/") => return None,
                    (F64, "//" | "%") if !self.allowed("float_mod") => return None,
                    (F64, "//" | "%") => {
                        self.features.insert("float_mod");
                    }
                    _ => {}
                }
                let (a_d, b_d) = match d {
                    F64 => *[(F64, F64), (F64, I64), (I64, F64)]
                        .choose(&mut self.rng)
                        .unwrap(),
                    _ => (I64, I64),
                };
                let a = self.scalar(sc, a_d, depth - 1);
                let literal_rhs = matches!(op, "/" | "//" | "%") || (op == "*" && d == I64);
                let b = if literal_rhs {
                    self.literal(b_d, true)
                } else {
                    self.scalar(sc, b_d, depth - 1)
                };
                Some(Expr::node(format!("({{}} {op} {{}})"), vec![a, b], ty))
            }
            8..=10 => {
                let op = *["<", "<=", ">", ">=", "==", "!=", "and", "or", "not"]
                    .choose(&mut self.rng)
                    .unwrap();
                if matches!(op, "and" | "or") {
                    let (a, b) = (
                        self.scalar(sc, Bool, depth - 1),
                        self.scalar(sc, Bool, depth - 1),
                    );
                    return Some(Expr::node(format!("({{}} {op} {{}})"), vec![a, b], ty));
                }
                if op == "not" {
                    let a = self.scalar(sc, Bool, depth - 1);
                    return Some(Expr::node("(not {})", vec![a], ty));
                }
                let k = *[F64, I64].choose(&mut self.rng).unwrap();
                let (a, b) = (
                    self.scalar(sc, k, depth - 1),
                    self.scalar(sc, F64, depth - 1),
                );
                Some(Expr::node(format!("({{}} {op} {{}})"), vec![a, b], ty))
            }
            11 if d != Bool => {
                let f = *["abs", "min", "max"].choose(&mut self.rng).unwrap();
                let a = self.scalar(sc, d, depth - 1);
                if f == "abs" {
                    return Some(Expr::node("abs({})", vec![a], ty));
                }
                let b = self.scalar(sc, d, depth - 1);
                Some(Expr::node(format!("{f}({{}}, {{}})"), vec![a, b], ty))
            }
            12 => {
                let c = self.scalar(sc, Bool, depth - 1);
                let (a, b) = (self.scalar(sc, d, depth - 1), self.scalar(sc, d, depth - 1));
                Some(Expr::node("({} if {} else {})", vec![a, c, b], ty))
            }
            13 if d == I64 => {
                let v = arrays.choose(&mut self.rng)?;
                let k = self.rng.gen_range(0..v.ty.shape().len());
                Some(Expr::node(
                    format!("{{}}.shape[{k}]"),
                    vec![Expr::leaf(&v.name, v.ty.clone())],
                    ty,
                ))
            }
            14 if d == F64 => {
                let a = self.scalar(sc, I64, depth - 1);
                Some(Expr::node("float({})", vec![a], ty))
            }
            15 => self.call_helper(sc, &ty, depth),
            _ => None,
        }
    }
}
