//! Linear algebra through LAPACK: `np.linalg.solve`, `inv`, `det`, `slogdet`, `cholesky`,
//! `eigh`, `eigvalsh`, `eig`, `eigvals` (real results), `svd`, `qr`, `lstsq`.
//! Each call becomes a `loop.linalg` op naming a routine of the runtime (`runtime/src/
//! lapack.rs`), which copies the arrays into Fortran-ordered work buffers, calls OpenBLAS's
//! LAPACK as NumPy does and writes the results into arrays allocated here; its status
//! becomes NumPy's exceptions (`LinAlgError` for a singular matrix).

use blackbird_dialects::ir::{ArrayLayout, AttrKind, Context, Location, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, py};

use super::{keyword, required, Callable, Param};
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{CResult, Converter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::{self, array, array_parts};
use crate::transforms::infer_types::{error, Inference, TResult};

/// The routines' statuses (see the runtime's `lapack` module).
const SINGULAR: i64 = 1;
const NOT_SQUARE: i64 = 2;
const MISMATCH: i64 = 3;
const COMPLEX: i64 = 4;

use super::runs as lapack;

const A: &[Param] = &[required("a")];

/// A well-conditioned n×n matrix (n = 4) for the samples.
macro_rules! m {
    () => {
        "(np.eye(n) * 4.0 + np.arange(n * n).reshape(n, n) * x / 8)"
    };
}

/// A symmetric one.
macro_rules! s {
    () => {
        "(np.diag(np.arange(n) * 1.5 + 1.0) + (np.arange(n)[:, None] + np.arange(n)) * x / 8)"
    };
}

pub const CALLABLES: &[Callable] = &[
    lapack(
        "np.linalg.solve",
        type_solve,
        lower_solve,
        &[required("a"), required("b")],
        "solution of a linear system (LAPACK `gesv`); b a vector or a matrix",
        concat!(
            "np.linalg.solve(",
            m!(),
            ", np.arange(n) + x)[1] + np.linalg.solve(",
            m!(),
            ".T, np.ones((n, 2)))[2, 1]"
        ),
    ),
    lapack(
        "np.linalg.inv",
        type_square,
        lower_inv,
        A,
        "inverse of a matrix (LAPACK `gesv`)",
        concat!("np.linalg.inv(", m!(), ")[1, 2]"),
    ),
    lapack(
        "np.linalg.det",
        type_det,
        lower_det,
        A,
        "determinant (LAPACK `getrf`)",
        concat!("np.linalg.det(", m!(), ")"),
    ),
    lapack(
        "np.linalg.slogdet",
        type_slogdet,
        lower_slogdet,
        A,
        "sign and log of the absolute determinant (LAPACK `getrf`)",
        concat!(
            "np.linalg.slogdet(",
            m!(),
            ")[0] + np.linalg.slogdet(",
            m!(),
            ")[1]"
        ),
    ),
    lapack(
        "np.linalg.cholesky",
        type_square,
        lower_cholesky,
        A,
        "lower Cholesky factor (LAPACK `potrf`)",
        concat!("np.linalg.cholesky(", m!(), " @ ", m!(), ".T)[2, 1]"),
    ),

    lapack(
        "np.linalg.eigh",
        type_eigh,
        lower_eigen,
        A,
        "eigenvalues (ascending) and eigenvectors of a symmetric matrix, from its lower triangle (LAPACK `syevd`)",
        concat!(
            "np.linalg.eigh(",
            s!(),
            ")[0][1] + np.abs(np.linalg.eigh(",
            s!(),
            ")[1][:, 2]).sum()"
        ),
    ),
    lapack(
        "np.linalg.eigvalsh",
        type_eigvals,
        lower_eigen,
        A,
        "eigenvalues (ascending) of a symmetric matrix (LAPACK `syevd`)",
        concat!("np.linalg.eigvalsh(", s!(), ")[3]"),
    ),
    lapack(
        "np.linalg.eig",
        type_eigh,
        lower_eigen,
        A,
        "eigenvalues and right eigenvectors (LAPACK `geev`); real results only (ValueError for complex eigenvalues, as Numba)",
        concat!(
            "np.linalg.eig(",
            s!(),
            ")[0].sum() + np.abs(np.linalg.eig(np.triu(",
            m!(),
            "))[1]).sum()"
        ),
    ),
    lapack(
        "np.linalg.eigvals",
        type_eigvals,
        lower_eigen,
        A,
        "eigenvalues (LAPACK `geev`); real results only, as `eig`",
        concat!("np.sort(np.linalg.eigvals(", s!(), "))[1]"),
    ),
    lapack(
        "np.linalg.svd",
        type_svd,
        lower_svd,
        &[
            required("a"),
            keyword("full_matrices", "True"),
            keyword("compute_uv", "True"),
        ],
        "singular value decomposition `(u, s, vh)` (LAPACK `gesdd`); `full_matrices` and `compute_uv` constants",
        concat!(
            "np.linalg.svd(",
            m!(),
            "[:3])[1][0] + np.linalg.svd(",
            m!(),
            ", compute_uv=False)[2] + np.abs(np.linalg.svd(",
            m!(),
            "[:, :3], full_matrices=False)[0]).sum()"
        ),
    ),
    lapack(
        "np.linalg.qr",
        type_qr,
        lower_qr,
        A,
        "QR factorization `(q, r)`, NumPy's `reduced` mode (LAPACK `geqrf`, `orgqr`)",
        concat!(
            "np.abs(np.linalg.qr(",
            m!(),
            ")[1]).sum() + np.abs(np.linalg.qr(",
            m!(),
            "[:, :2])[0]).sum()"
        ),
    ),
    lapack(
        "np.linalg.lstsq",
        type_lstsq,
        lower_lstsq,
        &[required("a"), required("b"), keyword("rcond", "None")],
        "least-squares solution `(x, residuals, rank, s)` (LAPACK `gelsd`); `rcond` None (NumPy's default cutoff)",
        concat!(
            "np.linalg.lstsq(",
            m!(),
            "[:, :3], np.arange(n) + x)[0][1] + np.linalg.lstsq(",
            m!(),
            "[:, :3], np.arange(n) + x)[1][0] + np.linalg.lstsq(",
            m!(),
            ", np.ones((n, 2)))[2]"
        ),
    ),
];

// Typing rules.

/// The element type LAPACK computes argument `i` in (float32 stays float32, integers and
/// booleans become float64, as NumPy), checking that it is an array of one of `ranks`.
fn operand_dtype(inf: &mut Inference<'_>, c: &Call, i: usize, ranks: &str) -> TResult<Type> {
    let (wanted, shown): (&[u32], &str) = match ranks {
        "2" => (&[2], "2-D arrays"),
        _ => (&[1, 2], "1-D and 2-D arrays"),
    };
    let Some((e, rank, _)) = array_parts(inf.ctx, c.types[i]) else {
        return Err(c.bad(inf));
    };
    if !wanted.contains(&rank) {
        return Err(error(
            inf.ctx,
            c.op,
            format!("{}() only supported on {shown}", c.name),
        ));
    }
    let (f32, f64) = (inf.ctx.f32(), inf.ctx.f64());
    if e == f32 || e == f64 {
        Ok(e)
    } else if rules::is_int(inf.ctx, e) || rules::is_bool(inf.ctx, e) {
        Ok(f64)
    } else {
        Err(error(
            inf.ctx,
            c.op,
            format!(
                "{}() only supported on float arrays (not {})",
                c.name,
                rules::display(inf.ctx, e)
            ),
        ))
    }
}

/// `np.linalg.solve(a, b)`: an array of b's rank, in the common float type.
fn type_solve(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 2, 2)?;
    let ea = operand_dtype(inf, c, 0, "2")?;
    let eb = operand_dtype(inf, c, 1, "1 or 2")?;
    let e = rules::promote_dtypes(inf.ctx, ea, eb);
    let rank = array_parts(inf.ctx, c.types[1]).map_or(1, |p| p.1);
    Ok(array(inf.ctx, e, rank, ArrayLayout::C))
}

/// `np.linalg.inv(a)`, `np.linalg.cholesky(a)`: a matrix.
fn type_square(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    let e = operand_dtype(inf, c, 0, "2")?;
    Ok(array(inf.ctx, e, 2, ArrayLayout::C))
}

/// `np.linalg.det(a)`: a float.
fn type_det(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    operand_dtype(inf, c, 0, "2")
}

/// `np.linalg.slogdet(a)`: `(sign, logabsdet)`.
fn type_slogdet(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let e = type_det(inf, c)?;
    Ok(inf.ctx.intern_type(TypeKind::Tuple(vec![e, e])))
}

/// `np.linalg.eigh(a)`, `np.linalg.eig(a)`: `(w, v)`.
fn type_eigh(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let e = type_det(inf, c)?;
    let (w, v) = (
        array(inf.ctx, e, 1, ArrayLayout::C),
        array(inf.ctx, e, 2, ArrayLayout::C),
    );
    Ok(inf.ctx.intern_type(TypeKind::Tuple(vec![w, v])))
}

/// `np.linalg.eigvalsh(a)`, `np.linalg.eigvals(a)`: a vector.
fn type_eigvals(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let e = type_det(inf, c)?;
    Ok(array(inf.ctx, e, 1, ArrayLayout::C))
}

/// The value of a boolean argument written as a constant (`True`, `False`, `0`, `1`);
/// `default` when not given.
fn constant_bool(ctx: &Context, v: Option<Value>, default: bool) -> Option<bool> {
    let Some(v) = v else { return Some(default) };
    let op = ctx.defining_op(v)?;
    match ctx.attr_data(op, "value")? {
        _ if !ctx.is_op(op, &py::CONSTANT) => None,
        AttrKind::Bool(b) => Some(*b),
        AttrKind::Int(i, _) => Some(*i != 0),
        _ => None,
    }
}

/// `np.linalg.svd(a, full_matrices, compute_uv)`: `(u, s, vh)`, or `s`.
fn type_svd(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let e = operand_dtype(inf, c, 0, "2")?;
    let constant = |inf: &Inference<'_>, name: &str| {
        constant_bool(inf.ctx, c.arg(name), true).ok_or_else(|| {
            error(
                inf.ctx,
                c.op,
                format!("np.linalg.svd(): `{name}` must be a constant (True or False)"),
            )
        })
    };
    constant(inf, "full_matrices")?;
    let s = array(inf.ctx, e, 1, ArrayLayout::C);
    if !constant(inf, "compute_uv")? {
        return Ok(s);
    }
    let m = array(inf.ctx, e, 2, ArrayLayout::C);
    Ok(inf.ctx.intern_type(TypeKind::Tuple(vec![m, s, m])))
}

/// `np.linalg.qr(a)`: `(q, r)`.
fn type_qr(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    let e = operand_dtype(inf, c, 0, "2")?;
    let m = array(inf.ctx, e, 2, ArrayLayout::C);
    Ok(inf.ctx.intern_type(TypeKind::Tuple(vec![m, m])))
}

/// `np.linalg.lstsq(a, b)`: `(x, residuals, rank, s)`.
fn type_lstsq(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    if let Some(rcond) = c.arg("rcond") {
        if !matches!(inf.ctx.type_kind(inf.ctx.value_type(rcond)), TypeKind::None) {
            return Err(error(
                inf.ctx,
                c.op,
                "np.linalg.lstsq(): only `rcond=None` (NumPy's default cutoff) is supported",
            ));
        }
    }
    let ea = operand_dtype(inf, c, 0, "2")?;
    let eb = operand_dtype(inf, c, 1, "1 or 2")?;
    let e = rules::promote_dtypes(inf.ctx, ea, eb);
    let rank = array_parts(inf.ctx, c.types[1]).map_or(1, |p| p.1);
    let x = array(inf.ctx, e, rank, ArrayLayout::C);
    let v = array(inf.ctx, e, 1, ArrayLayout::C);
    let i64t = inf.ctx.i64();
    Ok(inf.ctx.intern_type(TypeKind::Tuple(vec![x, v, i64t, v])))
}

// Lowerings.

/// Argument `i` of the call as an array of `elem`: as it is, or converted into a new one.
fn operand(c: &mut Converter<'_>, call: &NumpyCall, i: usize, elem: Type) -> CResult<Value> {
    let a = call.array(c, i)?;
    if c.e.element_type(a) == elem {
        return Ok(a);
    }
    let loc = call.loc.clone();
    let t = c.elementwise(&[L::V(a)], elem, &loc, &mut |s, xs| {
        Ok(s.e.coerce(xs[0], elem, &loc))
    })?;
    Ok(c.materialize(t, &loc))
}

/// A new array of `elem` of `sizes` (index values), freed at the end of the current region.
fn new_array(c: &mut Converter<'_>, elem: Type, sizes: &[Value], loc: &Location) -> Value {
    let i64t = c.e.ctx.i64();
    let sizes: Vec<Value> = sizes
        .iter()
        .map(|s| c.e.value(&arith::INDEX_CAST, &[*s], i64t, loc))
        .collect();
    c.alloc(elem, &sizes, loc).0
}

/// A new array of `elem` of `n` elements.
fn new_vector(c: &mut Converter<'_>, elem: Type, n: i64, loc: &Location) -> Value {
    let i64t = c.e.ctx.i64();
    let n = c.e.const_int(n, i64t, loc);
    c.alloc(elem, &[n], loc).0
}

/// A status of a routine and the exception it raises: kind, message.
type Failure = (i64, &'static str, &'static str);

const NOT_SQUARE_ERROR: Failure = (
    NOT_SQUARE,
    "LinAlgError",
    "Last 2 dimensions of the array must be square",
);
const SINGULAR_ERROR: Failure = (SINGULAR, "LinAlgError", "Singular matrix");
const NOT_CONVERGED: Failure = (SINGULAR, "LinAlgError", "Eigenvalues did not converge");
const SVD_NOT_CONVERGED: Failure = (SINGULAR, "LinAlgError", "SVD did not converge");

/// `loop.linalg` of routine `name` on `arrays` in `elem`, raising `failures` for their
/// statuses.
fn run(
    c: &mut Converter<'_>,
    name: &str,
    elem: Type,
    arrays: &[Value],
    failures: &[Failure],
    loc: &Location,
) {
    let suffix = if elem == c.e.ctx.f32() { "f32" } else { "f64" };
    let routine = c.e.ctx.str_attr(&format!("{name}.{suffix}"));
    let i64t = c.e.ctx.i64();
    let op = c.e.emit(
        &loops::LINALG,
        arrays,
        &[i64t],
        &[("routine", routine)],
        vec![],
        loc,
    );
    let status = c.e.ctx.result(op, 0);
    for (code, kind, message) in failures {
        let code = c.e.const_int(*code, i64t, loc);
        let failed = c.e.cmp(&arith::CMPI, "eq", status, code, loc);
        c.e.raise_if(failed, kind, message, loc);
    }
}

/// `np.linalg.solve(a, b)`.
fn lower_solve(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let (loc, elem) = (call.loc.clone(), call.elem);
    let a = operand(c, &call, 0, elem)?;
    let b = operand(c, &call, 1, elem)?;
    let (_, sizes, _) = c.e.metadata(b, &loc);
    let x = new_array(c, elem, &sizes, &loc);
    let (name, mismatch) = if sizes.len() == 1 {
        ("solve1", "solve1: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (m,m),(m)->(m)")
    } else {
        ("solve2", "solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (m,m),(m,n)->(m,n)")
    };
    let failures = [
        NOT_SQUARE_ERROR,
        (MISMATCH, "ValueError", mismatch),
        SINGULAR_ERROR,
    ];
    run(c, name, elem, &[a, b, x], &failures, &loc);
    Ok(L::V(x))
}

/// `np.linalg.inv(a)`.
fn lower_inv(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    square(c, op, "inv", SINGULAR_ERROR)
}

/// `np.linalg.cholesky(a)`.
fn lower_cholesky(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    let not_positive = (SINGULAR, "LinAlgError", "Matrix is not positive definite");
    square(c, op, "cholesky", not_positive)
}

/// Routine `name` from a square matrix to one of its shape.
fn square(
    c: &mut Converter<'_>,
    op: blackbird_dialects::ir::OpId,
    name: &str,
    failure: Failure,
) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let (loc, elem) = (call.loc.clone(), call.elem);
    let a = operand(c, &call, 0, elem)?;
    let (_, sizes, _) = c.e.metadata(a, &loc);
    let out = new_array(c, elem, &[sizes[0], sizes[0]], &loc);
    run(c, name, elem, &[a, out], &[NOT_SQUARE_ERROR, failure], &loc);
    Ok(L::V(out))
}

/// Routine `name` from a square matrix to `n` numbers, read back as scalars.
fn numbers(
    c: &mut Converter<'_>,
    op: blackbird_dialects::ir::OpId,
    name: &str,
    n: i64,
) -> CResult<Vec<Value>> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = match c.e.ctx.type_kind(call.rt) {
        TypeKind::Tuple(items) => items[0],
        _ => call.rt,
    };
    let a = operand(c, &call, 0, elem)?;
    let out = new_vector(c, elem, n, &loc);
    run(c, name, elem, &[a, out], &[NOT_SQUARE_ERROR], &loc);
    let index = c.e.ctx.index();
    Ok((0..n)
        .map(|i| {
            let i = c.e.const_int(i, index, &loc);
            c.e.value(&loops::LOAD, &[out, i], elem, &loc)
        })
        .collect())
}

/// `np.linalg.det(a)`.
fn lower_det(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    Ok(L::V(numbers(c, op, "det", 1)?[0]))
}

/// `np.linalg.slogdet(a)`.
fn lower_slogdet(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    let v = numbers(c, op, "slogdet", 2)?;
    Ok(L::Tuple(v.into_iter().map(L::V).collect()))
}

/// The element type of a call's result (the first item of a tuple).
fn result_elem(c: &Converter<'_>, call: &NumpyCall) -> Type {
    match c.e.ctx.type_kind(call.rt) {
        TypeKind::Tuple(items) => {
            let t = items[0];
            c.e.ctx.type_kind(t).element_type().unwrap_or(t)
        }
        _ => call.elem,
    }
}

/// `min(a, b)` of index values.
fn min(c: &mut Converter<'_>, a: Value, b: Value, loc: &Location) -> Value {
    c.e.binary(&arith::MINSI, a, b, loc)
}

/// `np.linalg.eigh`, `eigvalsh`, `eig`, `eigvals`.
fn lower_eigen(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let (loc, elem) = (call.loc.clone(), result_elem(c, &call));
    let name = call.f.trim_start_matches("linalg.").to_string();
    let a = operand(c, &call, 0, elem)?;
    let (_, sizes, _) = c.e.metadata(a, &loc);
    let w = new_array(c, elem, &[sizes[0]], &loc);
    let vectors = matches!(name.as_str(), "eigh" | "eig");
    let mut arrays = vec![a, w];
    if vectors {
        arrays.push(new_array(c, elem, &[sizes[0], sizes[0]], &loc));
    }
    let mut failures = vec![NOT_SQUARE_ERROR, NOT_CONVERGED];
    if matches!(name.as_str(), "eig" | "eigvals") {
        failures.push((
            COMPLEX,
            "ValueError",
            "eig() argument must not cause a domain change.",
        ));
    }
    run(c, &name, elem, &arrays, &failures, &loc);
    Ok(match arrays[..] {
        [_, w, v] => L::Tuple(vec![L::V(w), L::V(v)]),
        _ => L::V(w),
    })
}

/// `np.linalg.svd`.
fn lower_svd(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let (loc, elem) = (call.loc.clone(), result_elem(c, &call));
    let full = constant_bool(c.e.ctx, call.bound.get("full_matrices"), true).unwrap_or(true);
    let vectors = matches!(c.e.ctx.type_kind(call.rt), TypeKind::Tuple(_));
    let a = operand(c, &call, 0, elem)?;
    let (_, sizes, _) = c.e.metadata(a, &loc);
    let (m, n) = (sizes[0], sizes[1]);
    let k = min(c, m, n, &loc);
    let s = new_array(c, elem, &[k], &loc);
    if !vectors {
        run(c, "svd_values", elem, &[a, s], &[SVD_NOT_CONVERGED], &loc);
        return Ok(L::V(s));
    }
    let (ucols, vtrows) = if full { (m, n) } else { (k, k) };
    let u = new_array(c, elem, &[m, ucols], &loc);
    let vt = new_array(c, elem, &[vtrows, n], &loc);
    let name = if full { "svd_full" } else { "svd_reduced" };
    run(c, name, elem, &[a, u, s, vt], &[SVD_NOT_CONVERGED], &loc);
    Ok(L::Tuple(vec![L::V(u), L::V(s), L::V(vt)]))
}

/// `np.linalg.qr`.
fn lower_qr(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let (loc, elem) = (call.loc.clone(), result_elem(c, &call));
    let a = operand(c, &call, 0, elem)?;
    let (_, sizes, _) = c.e.metadata(a, &loc);
    let k = min(c, sizes[0], sizes[1], &loc);
    let q = new_array(c, elem, &[sizes[0], k], &loc);
    let r = new_array(c, elem, &[k, sizes[1]], &loc);
    run(c, "qr", elem, &[a, q, r], &[], &loc);
    Ok(L::Tuple(vec![L::V(q), L::V(r)]))
}

/// `np.linalg.lstsq`: the residuals are the sums of squares when the rank is n < m, else
/// empty (a view of none of them).
fn lower_lstsq(c: &mut Converter<'_>, op: blackbird_dialects::ir::OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let (loc, elem) = (call.loc.clone(), result_elem(c, &call));
    let a = operand(c, &call, 0, elem)?;
    let b = operand(c, &call, 1, elem)?;
    let (_, a_sizes, _) = c.e.metadata(a, &loc);
    let (_, b_sizes, _) = c.e.metadata(b, &loc);
    let (m, n) = (a_sizes[0], a_sizes[1]);
    let index = c.e.ctx.index();
    let one = c.e.const_int(1, index, &loc);
    let (name, x_sizes, nrhs) = match b_sizes[..] {
        [_, r] => ("lstsq2", vec![n, r], r),
        _ => ("lstsq1", vec![n], one),
    };
    let x = new_array(c, elem, &x_sizes, &loc);
    let residuals = new_array(c, elem, &[nrhs], &loc);
    let rank = new_array(c, elem, &[one], &loc);
    let k = min(c, m, n, &loc);
    let s = new_array(c, elem, &[k], &loc);
    let incompatible = (MISMATCH, "LinAlgError", "Incompatible dimensions");
    let failures = [
        incompatible,
        (
            SINGULAR,
            "LinAlgError",
            "SVD did not converge in Linear Least Squares",
        ),
    ];
    run(
        c,
        name,
        elem,
        &[a, b, x, residuals, rank, s],
        &failures,
        &loc,
    );
    let zero = c.e.const_int(0, index, &loc);
    let r = c.e.value(&loops::LOAD, &[rank, zero], elem, &loc);
    let i64t = c.e.ctx.i64();
    let r = c.e.value(&arith::FPTOSI, &[r], i64t, &loc);
    // Residuals when rank == n and m > n.
    let n64 = c.e.value(&arith::INDEX_CAST, &[n], i64t, &loc);
    let full_rank = c.e.cmp(&arith::CMPI, "eq", r, n64, &loc);
    let tall = c.e.cmp(&arith::CMPI, "sgt", m, n, &loc);
    let both = c.e.binary(&arith::ANDI, full_rank, tall, &loc);
    let count = c.e.select(both, nrhs, zero, &loc);
    let residuals = c.make_view(residuals, zero, &[count], &[one], &loc);
    Ok(L::Tuple(vec![L::V(x), L::V(residuals), L::V(r), L::V(s)]))
}
