//! Random well-typed expressions of a requested dtype and shape (arrays) or kind (scalars),
//! over the variables in scope. Shapes are concrete: the generator knows the inputs.

use rand::seq::SliceRandom;
use rand::Rng;

use super::ast::{DType, Expr, Ty, DTYPES};
use super::gen::{Gen, Scope, Var};

/// NumPy's promotion of two array dtypes.
pub fn promote(a: DType, b: DType) -> DType {
    use DType::*;
    match (a.min(b), a.max(b)) {
        (x, y) if x == y => x,
        (Bool, y) => y,
        (I32, I64) => I64,
        (F32, F64) | (_, F64) => F64,
        (I32 | I64, F32) => F64,
        (x, y) => unreachable!("{x:?} {y:?}"),
    }
}

impl Gen<'_> {
    /// The dtype of `a op b` for arrays (None: an error or a family left out).
    pub fn arith_result(&mut self, op: &str, a: DType, b: DType) -> Option<DType> {
        use DType::*;
        if a == Bool && b == Bool {
            return match op {
                "+" | "*" if self.allowed("bool_arith") => {
                    self.features.insert("bool_arith");
                    Some(Bool)
                }
                "/" => Some(F64),
                _ => None,
            };
        }
        let p = promote(a, b);
        match op {
            "/" if !p.is_float() => Some(F64),
            "//" | "%" if a == Bool || b == Bool => None,
            "//" | "%" if p.is_float() && !self.allowed("float_mod") => None,
            "//" | "%" if p.is_float() => {
                self.features.insert("float_mod");
                Some(p)
            }
            _ => Some(p),
        }
    }

    /// The dtype of `array op literal` (NEP 50: the Python scalar is weak).
    fn weak_result(&mut self, op: &str, a: DType, lit: DType) -> Option<DType> {
        let base = match lit {
            DType::Bool => a,
            DType::I64 if a == DType::Bool => DType::I64,
            DType::I64 => a,
            _ if a.is_float() => a,
            _ => DType::F64,
        };
        if a == DType::Bool && lit == DType::Bool {
            return self.arith_result(op, a, lit);
        }
        match op {
            "/" if !base.is_float() => Some(DType::F64),
            "//" | "%" if base.is_float() && !self.allowed("float_mod") => None,
            "//" | "%" if a == DType::Bool => None,
            "//" | "%" if base.is_float() => {
                self.features.insert("float_mod");
                Some(base)
            }
            _ => Some(base),
        }
    }

    pub fn literal(&mut self, d: DType, nonzero: bool) -> Expr {
        let text = match d {
            DType::Bool => ["True", "False"].choose(&mut self.rng).unwrap().to_string(),
            DType::I64 | DType::I32 => {
                let v = loop {
                    let v = self.rng.gen_range(-3..=4);
                    if v != 0 || !nonzero {
                        break v;
                    }
                };
                v.to_string()
            }
            _ => ["0.5", "1.5", "-2.0", "0.25", "3.0", "-0.75", "1e-3", "0.1"]
                .choose(&mut self.rng)
                .unwrap()
                .to_string(),
        };
        let text = if text.starts_with('-') {
            format!("({text})")
        } else {
            text
        };
        Expr::leaf(
            text,
            Ty::Scalar(if d.is_float() {
                DType::F64
            } else if d == DType::Bool {
                DType::Bool
            } else {
                DType::I64
            }),
        )
    }

    /// A shape that broadcasts to `shape`: itself, fewer leading axes, or some axes of 1.
    fn operand_shape(&mut self, shape: &[usize]) -> Vec<usize> {
        match self.rng.gen_range(0..10) {
            0..=5 => shape.to_vec(),
            6 | 7 if shape.len() > 1 => shape[self.rng.gen_range(1..shape.len())..].to_vec(),
            _ => shape
                .iter()
                .map(|d| if self.rng.gen_bool(0.4) { 1 } else { *d })
                .collect(),
        }
    }

    /// An array expression of dtype `d` and exactly `shape`.
    pub fn array(&mut self, sc: &Scope, d: DType, shape: &[usize], depth: u32) -> Expr {
        for _ in 0..30 {
            if let Some(e) = self.try_array(sc, d, shape, depth) {
                return e;
            }
        }
        self.creation(d, shape)
    }

    fn try_array(&mut self, sc: &Scope, d: DType, shape: &[usize], depth: u32) -> Option<Expr> {
        let ty = Ty::Array(d, shape.to_vec());
        let leaf_only = depth == 0;
        match self.rng.gen_range(0..24) {
            0..=3 => {
                let vars: Vec<&Var> = sc.vars.iter().filter(|v| v.ty == ty).collect();
                vars.choose(&mut self.rng)
                    .map(|v| Expr::leaf(&v.name, ty.clone()))
            }
            4..=7 => {
                let vars: Vec<Var> = sc
                    .vars
                    .iter()
                    .filter(|v| matches!(v.ty, Ty::Array(vd, _) if vd == d))
                    .cloned()
                    .collect();
                let v = vars.choose(&mut self.rng)?.clone();
                self.view_of(sc, &v, shape)
            }
            _ if leaf_only => None,
            8..=11 => self.arith(sc, d, shape, depth),
            12 | 13 => self.unary(sc, d, shape, depth),
            14 | 15 if d == DType::Bool => self.predicate(sc, shape, depth),
            16 => self.select(sc, d, shape, depth),
            17 if shape.len() < self.max_rank() => self.axis_reduction(sc, d, shape, depth),
            18 => Some(self.creation(d, shape)),
            19 => self.astype(sc, d, shape, depth),
            20 => self.call_helper(sc, &ty, depth),
            21 if d == DType::F64 && (1..=2).contains(&shape.len()) && self.allowed("matmul") => {
                self.features.insert("matmul");
                self.loosen(1e-9);
                let k = self.rng.gen_range(1..=4);
                let a = self.array(sc, d, &[shape[0], k], depth - 1);
                let b_shape = if shape.len() == 1 {
                    vec![k]
                } else {
                    vec![k, shape[1]]
                };
                let b = self.array(sc, d, &b_shape, depth - 1);
                Some(Expr::node("({} @ {})", vec![a, b], ty))
            }
            22 if shape.len() == 1 => {
                let src = match d {
                    DType::I64 => *[DType::I64, DType::I32, DType::Bool]
                        .choose(&mut self.rng)
                        .unwrap(),
                    DType::F64 | DType::F32 => d,
                    _ => return None,
                };
                let a = self.array(sc, src, shape, depth - 1);
                Some(Expr::node("np.cumsum({})", vec![a], ty))
            }
            23 if shape.len() >= 2 => {
                let rev: Vec<usize> = shape.iter().rev().copied().collect();
                let a = self.array(sc, d, &rev, depth - 1);
                Some(Expr::node("{}.T", vec![a], ty))
            }
            _ => {
                // NumPy lays `a.copy()` and `np.ascontiguousarray` out in C order, `np.copy`
                // in `a`'s memory order: a later sum walks each copy its own way.
                // (`np.ascontiguousarray` of a 0-d array is 1-d.)
                let forms = ["{}.copy()", "np.copy({})", "np.ascontiguousarray({})"];
                let forms = &forms[..if shape.is_empty() { 2 } else { 3 }];
                let form = *forms.choose(&mut self.rng).unwrap();
                let a = self.array(sc, d, shape, depth - 1);
                Some(Expr::node(form, vec![a], ty))
            }
        }
    }

    fn arith(&mut self, sc: &Scope, d: DType, shape: &[usize], depth: u32) -> Option<Expr> {
        let op = *["+", "-", "*", "+", "-", "*", "/", "//", "%", "**"]
            .choose(&mut self.rng)
            .unwrap();
        let ty = Ty::Array(d, shape.to_vec());
        if op == "**" {
            if d == DType::Bool {
                return None;
            }
            let a = self.array(sc, d, shape, depth - 1);
            return Some(Expr::node("({} ** 2)", vec![a], ty));
        }
        if self.rng.gen_bool(0.3) {
            // array op scalar (a literal, or a Python-typed scalar for float64/int64/bool arrays)
            let a_d = *DTYPES.choose(&mut self.rng).unwrap();
            let strong =
                self.rng.gen_bool(0.4) && matches!(a_d, DType::F64 | DType::I64 | DType::Bool);
            let s_d = *[DType::F64, DType::I64, DType::Bool]
                .choose(&mut self.rng)
                .unwrap();
            let result = if strong && s_d != DType::Bool {
                self.arith_result(op, a_d, s_d)
            } else {
                self.weak_result(op, a_d, s_d)
            };
            if result != Some(d) {
                return None;
            }
            let a = self.array(sc, a_d, shape, depth - 1);
            let s = if strong && s_d != DType::Bool && matches!(op, "+" | "-" | "*") {
                self.scalar(sc, s_d, depth - 1)
            } else {
                self.literal(s_d, true)
            };
            let tpl = format!("({{}} {op} {{}})");
            return Some(
                match self.rng.gen_bool(0.5) || op == "%" || op == "//" || op == "/" {
                    true => Expr::node(tpl, vec![a, s], ty),
                    false => Expr::node(tpl, vec![s, a], ty),
                },
            );
        }
        let a_d = *DTYPES.choose(&mut self.rng).unwrap();
        let b_d = *DTYPES.choose(&mut self.rng).unwrap();
        if self.arith_result(op, a_d, b_d) != Some(d) {
            return None;
        }
        let (sa, sb) = (self.operand_shape(shape), self.operand_shape(shape));
        let sa = if self.rng.gen_bool(0.5) {
            shape.to_vec()
        } else {
            sa
        };
        if broadcast(&sa, &sb).as_deref() != Some(shape) {
            return None;
        }
        let a = self.array(sc, a_d, &sa, depth - 1);
        let b = self.array(sc, b_d, &sb, depth - 1);
        Some(Expr::node(format!("({{}} {op} {{}})"), vec![a, b], ty))
    }

    fn unary(&mut self, sc: &Scope, d: DType, shape: &[usize], depth: u32) -> Option<Expr> {
        let ty = Ty::Array(d, shape.to_vec());
        if d == DType::Bool {
            let a = self.array(sc, d, shape, depth - 1);
            return Some(Expr::node("(~{})", vec![a], ty));
        }
        let f = *["-", "np.abs", "np.square", "np.sign", "math"]
            .choose(&mut self.rng)
            .unwrap();
        if f == "math" {
            if !d.is_float() {
                return None;
            }
            let f = *[
                "np.sqrt",
                "np.exp",
                "np.sin",
                "np.cos",
                "np.tanh",
                "np.log",
                "np.arctan",
                "np.floor",
                "np.ceil",
                "np.trunc",
            ]
            .choose(&mut self.rng)
            .unwrap();
            let src = match f {
                "np.floor" | "np.ceil" | "np.trunc" => d,
                _ if d == DType::F64 => *[DType::F64, DType::F64, DType::I64, DType::I32]
                    .choose(&mut self.rng)
                    .unwrap(),
                _ => d,
            };
            if !matches!(f, "np.floor" | "np.ceil" | "np.trunc" | "np.sqrt") {
                self.loosen(if d == DType::F32 { 1e-4 } else { 1e-9 });
            }
            let a = self.array(sc, src, shape, depth - 1);
            return Some(Expr::node(format!("{f}({{}})"), vec![a], ty));
        }
        let a = self.array(sc, d, shape, depth - 1);
        let tpl = if f == "-" {
            "(-{})".to_string()
        } else {
            format!("{f}({{}})")
        };
        Some(Expr::node(tpl, vec![a], ty))
    }

    /// A bool array: comparisons, logical operators, `np.isnan`.
    fn predicate(&mut self, sc: &Scope, shape: &[usize], depth: u32) -> Option<Expr> {
        let ty = Ty::Array(DType::Bool, shape.to_vec());
        let op = *["<", "<=", ">", ">=", "==", "!=", "&", "|", "^", "isnan"]
            .choose(&mut self.rng)
            .unwrap();
        let (a_d, b_d) = match op {
            "&" | "|" | "^" => (DType::Bool, DType::Bool),
            "isnan" => {
                let a = self.array(sc, DType::F64, shape, depth - 1);
                return Some(Expr::node("np.isnan({})", vec![a], ty));
            }
            _ => (
                *DTYPES.choose(&mut self.rng).unwrap(),
                *DTYPES.choose(&mut self.rng).unwrap(),
            ),
        };
        let tpl = format!("({{}} {op} {{}})");
        let a = self.array(sc, a_d, shape, depth - 1);
        if self.rng.gen_bool(0.3) && !matches!(op, "&" | "|" | "^") {
            let lit = self.literal(
                if a_d.is_float() {
                    DType::F64
                } else {
                    DType::I64
                },
                false,
            );
            return Some(Expr::node(tpl, vec![a, lit], ty));
        }
        let sb = self.operand_shape(shape);
        let b = self.array(sc, b_d, &sb, depth - 1);
        Some(Expr::node(tpl, vec![a, b], ty))
    }

    /// `np.where`, `np.minimum`, `np.maximum`.
    fn select(&mut self, sc: &Scope, d: DType, shape: &[usize], depth: u32) -> Option<Expr> {
        let ty = Ty::Array(d, shape.to_vec());
        let (a_d, b_d) = (
            *DTYPES.choose(&mut self.rng).unwrap(),
            *DTYPES.choose(&mut self.rng).unwrap(),
        );
        if promote(a_d, b_d) != d {
            return None;
        }
        let sb = self.operand_shape(shape);
        let a = self.array(sc, a_d, shape, depth - 1);
        let b = self.array(sc, b_d, &sb, depth - 1);
        if self.rng.gen_bool(0.5) && (a_d == b_d || self.allowed("where_promote")) {
            if a_d != b_d {
                self.features.insert("where_promote");
            }
            let sc_shape = self.operand_shape(shape);
            let c = self.array(sc, DType::Bool, &sc_shape, depth - 1);
            return Some(Expr::node("np.where({}, {}, {})", vec![c, a, b], ty));
        }
        if d == DType::Bool {
            // np.minimum/np.maximum of bools (True read as -1?): the bool min/max family
            if !self.allowed("bool_reduce") {
                return None;
            }
            self.features.insert("bool_reduce");
        }
        let f = ["np.minimum", "np.maximum"].choose(&mut self.rng).unwrap();
        Some(Expr::node(format!("{f}({{}}, {{}})"), vec![a, b], ty))
    }

    /// A reduction along one axis of an operand with one more axis.
    fn axis_reduction(
        &mut self,
        sc: &Scope,
        d: DType,
        shape: &[usize],
        depth: u32,
    ) -> Option<Expr> {
        use DType::*;
        let (method, src) = match d {
            F64 => *[
                ("sum", F64),
                ("prod", F64),
                ("mean", F64),
                ("min", F64),
                ("max", F64),
                ("mean", I64),
                ("mean", I32),
                ("std", F64),
                ("var", F64),
            ]
            .choose(&mut self.rng)
            .unwrap(),
            F32 => *[("sum", F32), ("min", F32), ("max", F32), ("mean", F32)]
                .choose(&mut self.rng)
                .unwrap(),
            I64 => *[
                ("sum", I64),
                ("sum", I32),
                ("sum", Bool),
                ("min", I64),
                ("max", I64),
                ("argmax", F64),
                ("argmin", I32),
                ("argmax", Bool),
            ]
            .choose(&mut self.rng)
            .unwrap(),
            I32 => *[("min", I32), ("max", I32)].choose(&mut self.rng).unwrap(),
            Bool => *[("min", Bool), ("max", Bool)]
                .choose(&mut self.rng)
                .unwrap(),
        };
        if src == Bool && !self.allowed("bool_reduce") {
            return None;
        }
        if src == Bool {
            self.features.insert("bool_reduce");
        }
        // With keepdims=True the folded axis stays at length 1: one of the shape's 1s.
        let ones: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] == 1).collect();
        let keepdims = !ones.is_empty() && self.allowed("keepdims") && self.rng.gen_bool(0.3);
        let (axis, operand_shape) = if keepdims {
            self.features.insert("keepdims");
            let axis = *ones.choose(&mut self.rng).unwrap();
            let mut operand_shape = shape.to_vec();
            operand_shape[axis] = self.rng.gen_range(1..=4);
            (axis, operand_shape)
        } else {
            let axis = self.rng.gen_range(0..=shape.len());
            let mut operand_shape = shape.to_vec();
            operand_shape.insert(axis, self.rng.gen_range(1..=4));
            (axis, operand_shape)
        };
        let last = operand_shape.len() - 1;
        if operand_shape.len() == 3 {
            self.features.insert("rank3");
        }
        if src.is_float() && (axis != last || matches!(method, "prod" | "std" | "var")) {
            self.loosen(if src == F32 { 1e-5 } else { 1e-12 });
        }
        let a = self.array(sc, src, &operand_shape, depth - 1);
        let axis_text = if axis == last && self.rng.gen_bool(0.3) {
            "-1".to_string()
        } else {
            axis.to_string()
        };
        let mut keywords = format!("axis={axis_text}");
        if keepdims {
            keywords.push_str(", keepdims=True");
        }
        // ddof=1 only where the axis has 2 elements or more (else a division by zero).
        if matches!(method, "std" | "var") && operand_shape[axis] >= 2 && self.rng.gen_bool(0.3) {
            keywords.push_str(", ddof=1");
        }
        let tpl = match self.rng.gen_bool(0.5) && !method.starts_with("arg") {
            true => format!("np.{method}({{}}, {keywords})"),
            false => format!("{{}}.{method}({keywords})"),
        };
        Some(Expr::node(tpl, vec![a], Ty::Array(d, shape.to_vec())))
    }

    pub fn creation(&mut self, d: DType, shape: &[usize]) -> Expr {
        let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
        let shape_text = match dims.len() {
            1 if self.rng.gen_bool(0.5) => dims[0].clone(),
            1 => format!("({},)", dims[0]),
            _ => format!("({})", dims.join(", ")),
        };
        let ty = Ty::Array(d, shape.to_vec());
        if shape.len() == 1 && d == DType::I64 && self.rng.gen_bool(0.4) {
            return Expr::leaf(format!("np.arange({})", shape[0]), ty);
        }
        if d == DType::F64 && self.rng.gen_bool(0.3) {
            let lit = self.literal(DType::F64, false);
            return Expr::node(format!("np.full({shape_text}, {{}})"), vec![lit], ty);
        }
        let f = ["np.zeros", "np.ones"].choose(&mut self.rng).unwrap();
        match d {
            DType::F64 => Expr::leaf(format!("{f}({shape_text})"), ty),
            _ => Expr::leaf(format!("{f}({shape_text}, {})", d.np()), ty),
        }
    }

    fn astype(&mut self, sc: &Scope, d: DType, shape: &[usize], depth: u32) -> Option<Expr> {
        let src = *DTYPES.choose(&mut self.rng).unwrap();
        if src.is_float() && !d.is_float() || d == DType::Bool {
            return None; // float → int casts of NaN or large values are undefined
        }
        let a = self.array(sc, src, shape, depth - 1);
        Some(Expr::node(
            format!("{{}}.astype({})", d.np()),
            vec![a],
            Ty::Array(d, shape.to_vec()),
        ))
    }

    pub fn call_helper(&mut self, sc: &Scope, ty: &Ty, depth: u32) -> Option<Expr> {
        let helpers: Vec<_> = self
            .helpers
            .iter()
            .filter(|h| &h.2 == ty)
            .cloned()
            .collect();
        let (name, params, _) = helpers.choose(&mut self.rng)?.clone();
        let args: Vec<Expr> = params
            .iter()
            .map(|p| self.any(sc, p, depth.saturating_sub(1)))
            .collect();
        let holes = vec!["{}"; args.len()].join(", ");
        Some(Expr::node(format!("§{name}({holes})"), args, ty.clone()))
    }

    pub fn any(&mut self, sc: &Scope, ty: &Ty, depth: u32) -> Expr {
        match ty {
            Ty::Array(d, s) => self.array(sc, *d, s, depth),
            Ty::Scalar(d) => self.scalar(sc, *d, depth),
            Ty::None => Expr::leaf("None", Ty::None),
        }
    }

    /// A view of variable `v` with `shape`: slices (any step), an integer index dropping an
    /// axis, `None` adding one, or a transpose.
    pub fn view_of(&mut self, sc: &Scope, v: &Var, shape: &[usize]) -> Option<Expr> {
        let vs = v.ty.shape().to_vec();
        let ty = Ty::Array(v.ty.dtype(), shape.to_vec());
        let leaf = Expr::leaf(&v.name, v.ty.clone());
        if vs.len() == shape.len() {
            if vs.len() >= 2 && self.rng.gen_bool(0.25) {
                let rev: Vec<usize> = shape.iter().rev().copied().collect();
                let idx = self.slices(&vs, &rev)?;
                return Some(Expr::node(format!("{{}}{idx}.T"), vec![leaf], ty));
            }
            if v.contig
                && vs.len() == 1
                && shape.len() == 1
                && self.rng.gen_bool(0.2)
                && self.allowed("reshape")
            {
                // a round trip through another shape
                let n = vs[0];
                if let Some(k) = (2..n).find(|k| n % k == 0) {
                    let inner = Expr::node(
                        format!("{{}}.reshape(({k}, {}))", n / k),
                        vec![leaf],
                        Ty::Array(v.ty.dtype(), vec![k, n / k]),
                    );
                    let idx = self.slices(&[n], shape)?;
                    return Some(Expr::node(format!("{{}}.ravel(){idx}"), vec![inner], ty));
                }
            }
            let idx = self.slices(&vs, shape)?;
            return Some(Expr::node(format!("{{}}{idx}"), vec![leaf], ty));
        }
        if vs.len() == shape.len() + 1 {
            let axis = self.rng.gen_range(0..vs.len());
            let mut rest = vs.clone();
            let n = rest.remove(axis);
            let i = self.index(sc, n)?;
            let parts = self.slice_parts(&rest, shape)?;
            let mut all: Vec<String> = parts;
            all.insert(axis, i);
            while all.len() > 1 && all.last().map(String::as_str) == Some(":") {
                all.pop();
            }
            return Some(Expr::node(
                format!("{{}}[{}]", all.join(", ")),
                vec![leaf],
                ty,
            ));
        }
        if v.contig
            && vs.iter().product::<usize>() == shape.iter().product::<usize>()
            && self.allowed("reshape")
        {
            self.features.insert("reshape");
            let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            return Some(match shape.len() {
                1 => Expr::node("{}.ravel()", vec![leaf], ty),
                _ => Expr::node(
                    format!("{{}}.reshape(({}))", dims.join(", ")),
                    vec![leaf],
                    ty,
                ),
            });
        }
        if shape.len() == vs.len() + 1 && self.allowed("newaxis") {
            let p = shape.iter().position(|d| *d == 1)?;
            let mut rest = shape.to_vec();
            rest.remove(p);
            let mut parts = self.slice_parts(&vs, &rest)?;
            parts.insert(p, "None".into());
            self.features.insert("newaxis");
            return Some(Expr::node(
                format!("{{}}[{}]", parts.join(", ")),
                vec![leaf],
                ty,
            ));
        }
        None
    }

    /// An integer index into an axis of length `n`: a constant (maybe negative) or a bounded
    /// loop variable.
    pub fn index(&mut self, sc: &Scope, n: usize) -> Option<String> {
        if n == 0 {
            return None;
        }
        let bounded: Vec<&Var> = sc
            .vars
            .iter()
            .filter(|v| v.max.is_some_and(|m| (m as usize) < n))
            .collect();
        if !bounded.is_empty() && self.rng.gen_bool(0.5) {
            let v = bounded.choose(&mut self.rng).unwrap();
            return Some(match self.rng.gen_range(0..3) {
                0 => format!("{} - 1", v.name),
                1 => format!("-1 - {}", v.name),
                _ => v.name.clone(),
            });
        }
        let i = self.rng.gen_range(0..n) as i64;
        Some(if self.rng.gen_bool(0.3) {
            (i - n as i64).to_string()
        } else {
            i.to_string()
        })
    }

    fn slices(&mut self, from: &[usize], to: &[usize]) -> Option<String> {
        let mut parts = self.slice_parts(from, to)?;
        while parts.last().map(String::as_str) == Some(":") {
            parts.pop();
        }
        Some(if parts.is_empty() {
            String::new()
        } else {
            format!("[{}]", parts.join(", "))
        })
    }

    fn slice_parts(&mut self, from: &[usize], to: &[usize]) -> Option<Vec<String>> {
        from.iter()
            .zip(to)
            .map(|(l, t)| self.slice(*l, *t))
            .collect()
    }

    /// A slice taking `t` elements of an axis of length `l`.
    fn slice(&mut self, l: usize, t: usize) -> Option<String> {
        if t > l {
            return None;
        }
        if t == 0 {
            return Some("0:0".into());
        }
        let (l, t) = (l as i64, t as i64);
        for _ in 0..8 {
            let s = self.rng.gen_range(0..=l - t);
            let text = match self.rng.gen_range(0..8) {
                0 | 1 if t == l => ":".into(),
                2 if t == l => "::-1".into(),
                0..=2 if s + t == l && self.rng.gen_bool(0.5) => format!("-{}:", l - s),
                0..=2 if s + t == l => format!("{s}:{}", l + 2),
                0..=2 => format!("{s}:{}", s + t),
                3 | 4 if s + 2 * (t - 1) < l => format!("{s}:{}:2", s + 2 * t - 1),
                5 | 6 => {
                    let e = self.rng.gen_range(t - 1..l);
                    match e - t {
                        -1 => format!("{e}::-1"),
                        stop => format!("{e}:{stop}:-1"),
                    }
                }
                _ if 2 * (t - 1) < l => {
                    let e = self.rng.gen_range(2 * (t - 1)..l);
                    match e - 2 * t + 1 {
                        -1 => format!("{e}::-2"),
                        stop => format!("{e}:{stop}:-2"),
                    }
                }
                _ => continue,
            };
            return Some(text);
        }
        Some(format!("0:{t}"))
    }
}

/// NumPy's broadcast shape, if the shapes broadcast.
pub fn broadcast(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let n = a.len().max(b.len());
    let get = |s: &[usize], i: usize| {
        if i + s.len() >= n {
            s[i + s.len() - n]
        } else {
            1
        }
    };
    (0..n)
        .map(|i| match (get(a, i), get(b, i)) {
            (x, y) if x == y => Some(x),
            (1, y) => Some(y),
            (x, 1) => Some(x),
            _ => None,
        })
        .collect()
}
