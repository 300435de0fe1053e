//! Random programs: helper functions and an entry function with statements (assignments,
//! views, slice and augmented assignments between overlapping views, loops, branches, early
//! returns, calls), and the entry's inputs. Everything generated is well typed and terminates;
//! values stay small (no integer overflow outside NumPy's wrapping arrays, no float → int casts
//! of NaN or large values, no scalar division by zero).

use std::collections::BTreeSet;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::ast::{DType, Expr, Func, Input, Program, Stmt, Ty, View, DTYPES};

/// Feature families that `--skip` can leave out (known bugs being fixed elsewhere).
pub const FAMILIES: &[&str] = &[
    "bool_arith",     // `a + b`, `a * b` of bool arrays
    "bool_reduce",    // min/max/argmin/argmax of bool arrays
    "float_mod",      // `%` and `//` of floats
    "view_alias",     // `u op= f(U)` where `u` is a view of `U`
    "overlap",        // slice assignments between overlapping views of one array
    "reshape",        // reshape/ravel of C-contiguous arrays
    "newaxis",        // `x[:, None]`
    "matmul",         // `@`
    "arg_views",      // arguments passed as strided, transposed or reversed views
    "empty",          // arrays with a zero-length axis
    "where_promote",  // np.where(c, x, y) of two dtypes
    "rank3",          // 3-D arrays
    "keepdims",       // reductions along an axis with keepdims=True
    "loop_var_after", // a loop's variable used after the loop (unbound if it ran no iteration)
];

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub skip: BTreeSet<String>,
}

#[derive(Clone, Debug)]
pub struct Var {
    pub name: String,
    pub ty: Ty,
    /// Known C-contiguous (typed layout C): reshape/ravel are views of it.
    pub contig: bool,
    /// A non-negative int known to be at most this (loop variables, int arguments).
    pub max: Option<i64>,
    /// The array variable whose memory this view shares (its root).
    pub root: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub vars: Vec<Var>,
    pub in_loop: bool,
    /// The enclosing function's result type.
    pub ret: Option<Ty>,
}

pub struct Gen<'c> {
    pub rng: ChaCha8Rng,
    pub cfg: &'c Config,
    /// (name, parameter types, result type) of the functions generated so far.
    pub helpers: Vec<(String, Vec<Ty>, Ty)>,
    pub features: BTreeSet<&'static str>,
    pub rel: f64,
    counter: usize,
}

impl<'c> Gen<'c> {
    pub fn allowed(&self, family: &str) -> bool {
        !self.cfg.skip.contains(family)
    }

    /// 3 unless the `rank3` family is left out.
    pub fn max_rank(&self) -> usize {
        if self.allowed("rank3") {
            3
        } else {
            2
        }
    }

    /// Results of this program are compared within `rel` (not bit for bit).
    pub fn loosen(&mut self, rel: f64) {
        self.rel = self.rel.max(rel);
    }

    fn fresh(&mut self, stem: &str) -> String {
        self.counter += 1;
        format!("{stem}{}", self.counter)
    }

    fn shape(&mut self, rank: usize) -> Vec<usize> {
        if rank == 3 {
            self.features.insert("rank3");
        }
        (0..rank)
            .map(|_| match self.rng.gen_range(0..40) {
                0 if self.allowed("empty") => {
                    self.features.insert("empty");
                    0
                }
                1..=6 => 1,
                _ => self.rng.gen_range(2..=5),
            })
            .collect()
    }

    /// An array type: often the shape of a variable in scope, so that they meet.
    fn array_ty(&mut self, sc: &Scope) -> Ty {
        let d = *DTYPES.choose(&mut self.rng).unwrap();
        let shapes: Vec<Vec<usize>> = sc
            .vars
            .iter()
            .filter(|v| matches!(v.ty, Ty::Array(..)))
            .map(|v| v.ty.shape().to_vec())
            .collect();
        if !shapes.is_empty() && self.rng.gen_bool(0.7) {
            return Ty::Array(d, shapes.choose(&mut self.rng).unwrap().clone());
        }
        let rank = self.rng.gen_range(1..=self.max_rank());
        Ty::Array(d, self.shape(rank))
    }

    fn value_ty(&mut self, sc: &Scope) -> Ty {
        match self.rng.gen_range(0..10) {
            0..=5 => self.array_ty(sc),
            6 | 7 => Ty::Scalar(DType::F64),
            8 => Ty::Scalar(DType::I64),
            _ => Ty::Scalar(DType::Bool),
        }
    }

    fn arrays(sc: &Scope) -> Vec<Var> {
        sc.vars
            .iter()
            .filter(|v| matches!(v.ty, Ty::Array(..)))
            .cloned()
            .collect()
    }

    /// A block of about `n` statements; variables it defines are added to `sc`.
    fn block(&mut self, sc: &mut Scope, n: usize, nest: u32) -> Vec<Stmt> {
        let mut out = vec![];
        for _ in 0..n {
            if let Some(s) = self.stmt(sc, nest) {
                let ends = matches!(s, Stmt::Return(_) | Stmt::Break | Stmt::Continue);
                out.push(s);
                if ends {
                    break;
                }
            }
        }
        out
    }

    fn stmt(&mut self, sc: &mut Scope, nest: u32) -> Option<Stmt> {
        let depth = self.rng.gen_range(1..=3);
        match self.rng.gen_range(0..20) {
            0..=3 => {
                let ty = self.value_ty(sc);
                let e = self.any(sc, &ty, depth);
                let name = self.fresh(if matches!(ty, Ty::Array(..)) {
                    "a"
                } else {
                    "s"
                });
                let contig = matches!(ty, Ty::Array(..)) && fresh(&e);
                sc.vars.push(Var {
                    name: name.clone(),
                    ty,
                    contig,
                    max: None,
                    root: None,
                });
                Some(Stmt::Assign(name, "=", e))
            }
            4 => {
                // a view variable
                let v = Self::arrays(sc).choose(&mut self.rng)?.clone();
                let shape = self.sub_shape(v.ty.shape());
                let e = self.view_of(sc, &v, &shape)?;
                let name = self.fresh("v");
                let root = Some(v.root.clone().unwrap_or(v.name.clone()));
                sc.vars.push(Var {
                    name: name.clone(),
                    ty: e.ty.clone(),
                    contig: false,
                    max: None,
                    root,
                });
                Some(Stmt::Assign(name, "=", e))
            }
            5..=7 => self.store(sc, depth),
            8 => self.overlap(sc),
            9 | 10 if nest < 2 => self.for_loop(sc, nest),
            11 | 12 if nest < 2 => {
                let c = self.scalar(sc, DType::Bool, 2);
                let mut then_scope = sc.clone();
                let mut else_scope = sc.clone();
                let n = self.rng.gen_range(1..=3);
                let mut then = self.block(&mut then_scope, n, nest + 1);
                let mut other = if self.rng.gen_bool(0.6) {
                    self.block(&mut else_scope, n, nest + 1)
                } else {
                    vec![]
                };
                if self.rng.gen_bool(0.5) {
                    // a variable defined on both paths
                    let ty = self.value_ty(sc);
                    let name = self.fresh(if matches!(ty, Ty::Array(..)) {
                        "a"
                    } else {
                        "s"
                    });
                    then.push(Stmt::Assign(
                        name.clone(),
                        "=",
                        self.any(&then_scope, &ty, depth),
                    ));
                    other.push(Stmt::Assign(
                        name.clone(),
                        "=",
                        self.any(&else_scope, &ty, depth),
                    ));
                    sc.vars.push(Var {
                        name,
                        ty,
                        contig: false,
                        max: None,
                        root: None,
                    });
                }
                self.invalidate_layouts(sc, &then);
                self.invalidate_layouts(sc, &other);
                Some(Stmt::If(c, then, other))
            }
            13 => {
                // an early return, or break/continue in a loop
                let c = self.scalar(sc, DType::Bool, 2);
                let exit = match self.rng.gen_range(0..3) {
                    0 if sc.in_loop => Stmt::Break,
                    1 if sc.in_loop => Stmt::Continue,
                    _ => self.ret(sc),
                };
                Some(Stmt::If(c, vec![exit], vec![]))
            }
            14 | 15 => {
                // reassign a variable (carried through loops and branches)
                let v = sc
                    .vars
                    .iter()
                    .filter(|v| v.max.is_none() && !v.name.starts_with('i'))
                    .cloned()
                    .collect::<Vec<_>>();
                let v = v.choose(&mut self.rng)?.clone();
                let op = match &v.ty {
                    Ty::Scalar(DType::Bool) => "=",
                    Ty::Scalar(_) => *["=", "+=", "-="].choose(&mut self.rng).unwrap(),
                    _ => "=",
                };
                let e = self.any(sc, &v.ty, depth);
                sc.vars
                    .iter_mut()
                    .filter(|w| w.name == v.name)
                    .for_each(|w| {
                        w.contig = false;
                        w.root = None;
                    });
                Some(Stmt::Assign(v.name, op, e))
            }
            16 => {
                let (name, params, ret) = self.helpers.choose(&mut self.rng)?.clone();
                let args: Vec<Expr> = params.iter().map(|p| self.any(sc, p, 1)).collect();
                let holes = vec!["{}"; args.len()].join(", ");
                let call = Expr::node(format!("§{name}({holes})"), args, ret.clone());
                if ret == Ty::None {
                    return Some(Stmt::Eval(call));
                }
                let v = self.fresh("c");
                sc.vars.push(Var {
                    name: v.clone(),
                    ty: ret,
                    contig: false,
                    max: None,
                    root: None,
                });
                Some(Stmt::Assign(v, "=", call))
            }
            _ => self.store(sc, depth),
        }
    }

    /// Variables reassigned in a nested block lose their layout knowledge.
    fn invalidate_layouts(&mut self, sc: &mut Scope, block: &[Stmt]) {
        for s in block {
            match s {
                Stmt::Assign(t, _, _) => {
                    sc.vars.iter_mut().filter(|v| &v.name == t).for_each(|v| {
                        v.contig = false;
                        v.root = None;
                    })
                }
                Stmt::For(_, _, b) => self.invalidate_layouts(sc, b),
                Stmt::If(_, a, b) => {
                    self.invalidate_layouts(sc, a);
                    self.invalidate_layouts(sc, b);
                }
                _ => {}
            }
        }
    }

    fn ret(&mut self, sc: &Scope) -> Stmt {
        match sc.ret.clone() {
            Some(Ty::None) | None => Stmt::Return(None),
            Some(ty) => Stmt::Return(Some(self.any(sc, &ty, 2))),
        }
    }

    /// A shape that fits inside `shape` (each axis at most as long).
    fn sub_shape(&mut self, shape: &[usize]) -> Vec<usize> {
        shape
            .iter()
            .map(|d| {
                if *d > 0 && self.rng.gen_bool(0.5) {
                    self.rng.gen_range(1..=*d)
                } else {
                    *d
                }
            })
            .collect()
    }

    /// `x[view] = e` or `x[view] op= e` (also through a view variable `u op= e`).
    fn store(&mut self, sc: &mut Scope, depth: u32) -> Option<Stmt> {
        let v = Self::arrays(sc).choose(&mut self.rng)?.clone();
        let d = v.ty.dtype();
        let shape = self.sub_shape(v.ty.shape());
        let op = *["=", "=", "+=", "-=", "*=", "/="]
            .choose(&mut self.rng)
            .unwrap();
        let src = *DTYPES.choose(&mut self.rng).unwrap();
        let ok = match op {
            "=" => {
                src == d
                    || src == DType::Bool
                    || (d.is_float() && !src.is_float())
                    || (d == DType::F32 && src == DType::F64)
                    || (d == DType::I32 && src == DType::I64)
            }
            _ => {
                let r = self.arith_result(&op[..1], d, src);
                d != DType::Bool && r.is_some_and(|r| r == d || (r.is_float() == d.is_float()))
            }
        };
        if !ok {
            return None;
        }
        let rhs_shape = self.sub_broadcast(&shape);
        let e = self.array(sc, src, &rhs_shape, depth);
        let root = v.root.clone().unwrap_or(v.name.clone());
        let reads_root = e.text("").contains(&root)
            || sc
                .vars
                .iter()
                .any(|w| w.root.as_deref() == Some(&root) && e.text("").contains(&w.name));
        if op != "=" && v.root.is_some() && shape == v.ty.shape() && self.rng.gen_bool(0.5) {
            // `u += f(U)` through the view variable itself
            if reads_root {
                if !self.allowed("view_alias") {
                    return None;
                }
                self.features.insert("view_alias");
            }
            return Some(Stmt::Assign(v.name.clone(), op, e));
        }
        let target = self.view_of(sc, &v, &shape)?;
        let mut text = target.text("");
        if !text.ends_with(']') {
            text.push_str("[:]");
        }
        if reads_root {
            if !self.allowed("overlap") {
                return None;
            }
            self.features.insert("overlap");
        }
        Some(Stmt::Assign(text, op, e))
    }

    /// A shape broadcasting to `shape`.
    fn sub_broadcast(&mut self, shape: &[usize]) -> Vec<usize> {
        match self.rng.gen_range(0..6) {
            0 if shape.len() > 1 => shape[1..].to_vec(),
            1 => shape
                .iter()
                .map(|d| if self.rng.gen_bool(0.5) { 1 } else { *d })
                .collect(),
            _ => shape.to_vec(),
        }
    }

    /// Assignments between overlapping views of one array: `x[1:] = x[:-1]`, `x[::-1] = x`,
    /// `x[:] = x.T`.
    fn overlap(&mut self, sc: &mut Scope) -> Option<Stmt> {
        if !self.allowed("overlap") {
            return None;
        }
        let v = Self::arrays(sc)
            .into_iter()
            .filter(|v| v.ty.shape()[0] >= 2)
            .collect::<Vec<_>>();
        let v = v.choose(&mut self.rng)?.clone();
        let x = &v.name;
        let square = v.ty.shape().len() == 2 && v.ty.shape()[0] == v.ty.shape()[1];
        let forms: &[(&str, &str, &str)] = &[
            ("{x}[1:]", "=", "{x}[:-1]"),
            ("{x}[:-1]", "=", "{x}[1:]"),
            ("{x}[::-1]", "=", "{x}"),
            ("{x}[1:]", "+=", "{x}[:-1]"),
            ("{x}[:-1]", "*=", "{x}[1:]"),
            ("{x}[1:]", "=", "{x}[:-1] * 2 + {x}[1:]"),
            ("{x}", "+=", "{x}[::-1]"),
            ("{x}[:]", "=", "{x}.T"),
            ("{x}", "+=", "{x}.T"),
        ];
        let n = if square { forms.len() } else { forms.len() - 2 };
        let (t, op, e) = forms[self.rng.gen_range(0..n)];
        if v.ty.dtype() == DType::Bool && op != "="
            || v.ty.dtype() == DType::Bool && e.contains('*')
        {
            return None;
        }
        self.features.insert("overlap");
        let ty = v.ty.clone();
        Some(Stmt::Assign(
            t.replace("{x}", x),
            op,
            Expr::leaf(e.replace("{x}", x), ty),
        ))
    }

    fn for_loop(&mut self, sc: &mut Scope, nest: u32) -> Option<Stmt> {
        let i = self.fresh("i");
        let mut inner = sc.clone();
        inner.in_loop = true;
        let arrays = Self::arrays(sc);
        let range = match self.rng.gen_range(0..6) {
            0 | 1 => {
                let k = self.rng.gen_range(1..=4);
                inner.vars.push(Var {
                    name: i.clone(),
                    ty: Ty::Scalar(DType::I64),
                    contig: false,
                    max: Some(k - 1),
                    root: None,
                });
                format!("range({k})")
            }
            2 => {
                let k = self.rng.gen_range(1..=4);
                inner.vars.push(Var {
                    name: i.clone(),
                    ty: Ty::Scalar(DType::I64),
                    contig: false,
                    max: Some(k - 1),
                    root: None,
                });
                format!("range({}, -1, -1)", k - 1)
            }
            3 if !arrays.is_empty() => {
                let v = arrays.choose(&mut self.rng).unwrap();
                let n = v.ty.shape()[0] as i64;
                inner.vars.push(Var {
                    name: i.clone(),
                    ty: Ty::Scalar(DType::I64),
                    contig: false,
                    max: Some((n - 1).max(0)),
                    root: None,
                });
                match self.rng.gen_bool(0.5) {
                    true => format!("range(len({}))", v.name),
                    false => format!("range({}.shape[0])", v.name),
                }
            }
            4 if !arrays.is_empty() => {
                // the elements of a float64/int64/bool vector
                let v = arrays.choose(&mut self.rng).unwrap().clone();
                let shape = v.ty.shape();
                let ty = match shape.len() {
                    1 if matches!(v.ty.dtype(), DType::F64 | DType::I64 | DType::Bool) => {
                        Ty::Scalar(v.ty.dtype())
                    }
                    // rows of 2-D arrays: "iterating over this value is not supported yet"
                    _ => return None,
                };
                let root = Some(v.root.clone().unwrap_or(v.name.clone()));
                inner.vars.push(Var {
                    name: i.clone(),
                    ty,
                    contig: false,
                    max: None,
                    root,
                });
                v.name.clone()
            }
            _ => {
                let int_params: Vec<&Var> = sc
                    .vars
                    .iter()
                    .filter(|v| v.max.is_some() && v.name.starts_with('n'))
                    .collect();
                let n = int_params.choose(&mut self.rng)?;
                let m = n.max.unwrap();
                let name = n.name.clone();
                inner.vars.push(Var {
                    name: i.clone(),
                    ty: Ty::Scalar(DType::I64),
                    contig: false,
                    max: Some((m - 1).max(0)),
                    root: None,
                });
                format!("range({name})")
            }
        };
        let n = self.rng.gen_range(1..=4);
        // From the second iteration on, a variable the body reassigns has the layout of what it
        // was assigned: while the body reassigns one it assumed contiguous (a reshape of it
        // would then be of a view), the body is generated again knowing that it is not.
        let mut body = self.block(&mut inner.clone(), n, nest + 1);
        for attempt in 0..5 {
            let mut after = inner.clone();
            self.invalidate_layouts(&mut after, &body);
            let lost = (inner.vars.iter().zip(&after.vars)).any(|(a, b)| a.contig && !b.contig);
            if !lost {
                break;
            }
            inner = after;
            if attempt == 4 {
                inner.vars.iter_mut().for_each(|v| v.contig = false);
            }
            body = self.block(&mut inner.clone(), n, nest + 1);
        }
        self.invalidate_layouts(sc, &body);
        if self.allowed("loop_var_after") && self.rng.gen_bool(0.3) {
            // Its last value (within the bounds it had in the loop), or UnboundLocalError
            // where the loop ran no iteration.
            if let Some(v) = inner.vars.iter().find(|v| v.name == i) {
                sc.vars.push(v.clone());
                self.features.insert("loop_var_after");
            }
        }
        Some(Stmt::For(i, range, body))
    }

    fn input(&mut self, ty: &Ty) -> (Input, View) {
        match ty {
            Ty::Scalar(DType::F64) => (Input::Float(self.float()), View::None),
            Ty::Scalar(DType::Bool) => (Input::Bool(self.rng.gen()), View::None),
            Ty::Scalar(_) => (Input::Int(self.rng.gen_range(0..=3)), View::None),
            Ty::Array(d, shape) => {
                let view = match self.rng.gen_range(0..8) {
                    0 if self.allowed("arg_views") => View::Step,
                    1 if shape.len() >= 2 && self.allowed("arg_views") => View::T,
                    2 if self.allowed("arg_views") => View::Rev,
                    _ => View::None,
                };
                let base = view.base_shape(shape);
                let n: usize = base.iter().product();
                let data = (0..n)
                    .map(|_| match d {
                        DType::Bool => self.rng.gen_range(0..2) as f64,
                        DType::I32 | DType::I64 => self.rng.gen_range(-4..=5) as f64,
                        DType::F32 => self.float() as f32 as f64,
                        DType::F64 => self.float(),
                    })
                    .collect();
                (
                    Input::Array {
                        dtype: *d,
                        base,
                        view,
                        data,
                    },
                    view,
                )
            }
            Ty::None => unreachable!(),
        }
    }

    fn float(&mut self) -> f64 {
        match self.rng.gen_range(0..10) {
            0..=5 => self.rng.gen_range(-2.0..2.0),
            6..=8 => self.rng.gen_range(-8..=8) as f64 * 0.25,
            _ => 0.0,
        }
    }

    /// A function with parameters of `params` types returning `ret`.
    fn function(
        &mut self,
        name: &str,
        params: &[(String, Ty)],
        contig: &[bool],
        ret: Ty,
        values: &[Option<i64>],
        n: usize,
    ) -> Func {
        let mut sc = Scope {
            ret: Some(ret.clone()),
            ..Default::default()
        };
        for (k, (p, ty)) in params.iter().enumerate() {
            sc.vars.push(Var {
                name: p.clone(),
                ty: ty.clone(),
                contig: contig[k],
                max: values[k],
                root: None,
            });
        }
        let mut body = self.block(&mut sc, n, 0);
        if !matches!(body.last(), Some(Stmt::Return(_))) {
            let r = self.ret(&sc);
            if r != Stmt::Return(None) || self.rng.gen_bool(0.5) {
                body.push(r);
            }
        }
        Func {
            name: name.to_string(),
            params: params.to_vec(),
            body,
        }
    }

    fn result_ty(&mut self) -> Ty {
        match self.rng.gen_range(0..10) {
            0..=4 => self.array_ty(&Scope::default()),
            5 | 6 => Ty::Scalar(DType::F64),
            7 => Ty::Scalar(DType::I64),
            8 => Ty::Scalar(DType::Bool),
            _ => Ty::None,
        }
    }

    fn param_ty(&mut self) -> Ty {
        match self.rng.gen_range(0..10) {
            0..=6 => {
                let d = *DTYPES.choose(&mut self.rng).unwrap();
                let rank = self.rng.gen_range(1..=self.max_rank());
                Ty::Array(d, self.shape(rank))
            }
            7 => Ty::Scalar(DType::F64),
            8 => Ty::Scalar(DType::I64),
            _ => Ty::Scalar(DType::Bool),
        }
    }
}

/// An array expression that allocates its result (C-contiguous), not a view. `{}` is the
/// variable itself (`view_of` of a whole-array slice), with its layout, which may not be C.
fn fresh(e: &Expr) -> bool {
    let view = ["{}[", "{}.T", "{}.ravel", "{}.reshape", "§"]
        .iter()
        .any(|p| e.tpl.starts_with(p))
        || e.tpl == "{}";
    !e.args.is_empty() && !view || e.tpl.starts_with("np.")
}

fn param_name(ty: &Ty, k: usize) -> String {
    match ty {
        Ty::Array(..) => format!("x{k}"),
        Ty::Scalar(DType::I64) => format!("n{k}"),
        _ => format!("p{k}"),
    }
}

/// The program of `seed`.
pub fn generate(seed: u64, cfg: &Config) -> Program {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        cfg,
        helpers: vec![],
        features: BTreeSet::new(),
        rel: 0.0,
        counter: 0,
    };
    let helpers = g.rng.gen_range(0..=2);
    let mut funcs = vec![];
    for h in 0..helpers {
        let params: Vec<(String, Ty)> = (0..g.rng.gen_range(1..=3))
            .map(|k| {
                let ty = g.param_ty();
                (param_name(&ty, k), ty)
            })
            .collect();
        let ret = g.result_ty();
        let contig = vec![false; params.len()];
        let values = vec![None; params.len()];
        let n = g.rng.gen_range(1..=4);
        let f = g.function(&format!("h{h}"), &params, &contig, ret.clone(), &values, n);
        g.helpers.push((
            f.name.clone(),
            params.iter().map(|p| p.1.clone()).collect(),
            ret,
        ));
        funcs.push(f);
    }
    let params: Vec<(String, Ty)> = (0..g.rng.gen_range(1..=4))
        .map(|k| {
            let ty = g.param_ty();
            (param_name(&ty, k), ty)
        })
        .collect();
    let mut inputs = vec![];
    let mut contig = vec![];
    let mut values = vec![];
    for (_, ty) in &params {
        let (input, view) = g.input(ty);
        if view != View::None {
            g.features.insert("arg_views");
        }
        values.push(match input {
            Input::Int(v) => Some(v),
            _ => None,
        });
        // (an empty array passed is not typed C-contiguous)
        contig.push(view == View::None && ty.shape().iter().all(|d| *d > 0));
        inputs.push(input);
    }
    let ret = g.result_ty();
    let n = g.rng.gen_range(3..=9);
    funcs.push(g.function("f", &params, &contig, ret, &values, n));
    Program {
        funcs,
        inputs,
        rel: g.rel,
        features: g.features,
    }
}
