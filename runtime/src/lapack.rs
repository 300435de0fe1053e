//! Linear algebra for compiled code (`loop.linalg`): the routines behind `np.linalg`, each a
//! few LAPACK calls from the system's OpenBLAS, as NumPy's `umath_linalg` makes them. The
//! operands arrive as arrays of any strides; each routine copies its inputs into
//! Fortran-ordered (column-major) work buffers, as NumPy does (the user's arrays are never
//! written), calls LAPACK, and writes the results into the output arrays compiled code
//! allocated. The module's [`LINALG_HOOK_SYMBOL`] global is set to [`blackbird_linalg`].
//!
//! Status codes returned to compiled code: 0 success, [`SINGULAR`] (LAPACK's `info > 0`: a
//! singular matrix, a matrix not positive definite, no convergence), [`NOT_SQUARE`],
//! [`MISMATCH`], [`NO_OUTPUT`], [`UNKNOWN`] (a routine this runtime does not know: compiled
//! code and runtime out of step). The routines check every shape before touching memory.

pub use blackbird_passes::conversion::loop_to_mlir::LINALG_HOOK_SYMBOL;

use std::ffi::{c_char, CStr};

/// LAPACK's `info > 0` (which failure depends on the routine).
pub const SINGULAR: i64 = 1;
/// A matrix that must be square is not (NumPy's LinAlgError).
pub const NOT_SQUARE: i64 = 2;
/// Operands of mismatched shapes (NumPy's ValueError).
pub const MISMATCH: i64 = 3;
/// Complex eigenvalues of a real matrix (Numba's ValueError: results stay real).
pub const COMPLEX: i64 = 4;
/// An unknown routine name.
pub const UNKNOWN: i64 = -1;
/// Output arrays not of the shape the routine writes: their allocation failed (compiled code
/// has raised MemoryError and passes empty arrays), so nothing is written.
pub const NO_OUTPUT: i64 = -2;

type Int = i32;

// LAPACK's Fortran interface, from OpenBLAS. Character arguments carry Fortran's hidden
// length arguments (gfortran's `size_t`, after the others).
#[link(name = "openblas")]
extern "C" {
    fn sgesv_(
        n: *const Int,
        nrhs: *const Int,
        a: *mut f32,
        lda: *const Int,
        ipiv: *mut Int,
        b: *mut f32,
        ldb: *const Int,
        info: *mut Int,
    );
    fn dgesv_(
        n: *const Int,
        nrhs: *const Int,
        a: *mut f64,
        lda: *const Int,
        ipiv: *mut Int,
        b: *mut f64,
        ldb: *const Int,
        info: *mut Int,
    );
    fn sgetrf_(
        m: *const Int,
        n: *const Int,
        a: *mut f32,
        lda: *const Int,
        ipiv: *mut Int,
        info: *mut Int,
    );
    fn dgetrf_(
        m: *const Int,
        n: *const Int,
        a: *mut f64,
        lda: *const Int,
        ipiv: *mut Int,
        info: *mut Int,
    );
    fn spotrf_(
        uplo: *const c_char,
        n: *const Int,
        a: *mut f32,
        lda: *const Int,
        info: *mut Int,
        l: usize,
    );
    fn dpotrf_(
        uplo: *const c_char,
        n: *const Int,
        a: *mut f64,
        lda: *const Int,
        info: *mut Int,
        l: usize,
    );
}

// The routines with workspaces (`lwork = -1` asks for their size).
type I = *const Int;
type C = *const c_char;
#[link(name = "openblas")]
extern "C" {
    fn ssyevd_(
        jobz: C,
        uplo: C,
        n: I,
        a: *mut f32,
        lda: I,
        w: *mut f32,
        work: *mut f32,
        lwork: I,
        iwork: *mut Int,
        liwork: I,
        info: *mut Int,
        l1: usize,
        l2: usize,
    );
    fn dsyevd_(
        jobz: C,
        uplo: C,
        n: I,
        a: *mut f64,
        lda: I,
        w: *mut f64,
        work: *mut f64,
        lwork: I,
        iwork: *mut Int,
        liwork: I,
        info: *mut Int,
        l1: usize,
        l2: usize,
    );
    fn sgesdd_(
        jobz: C,
        m: I,
        n: I,
        a: *mut f32,
        lda: I,
        s: *mut f32,
        u: *mut f32,
        ldu: I,
        vt: *mut f32,
        ldvt: I,
        work: *mut f32,
        lwork: I,
        iwork: *mut Int,
        info: *mut Int,
        l: usize,
    );
    fn dgesdd_(
        jobz: C,
        m: I,
        n: I,
        a: *mut f64,
        lda: I,
        s: *mut f64,
        u: *mut f64,
        ldu: I,
        vt: *mut f64,
        ldvt: I,
        work: *mut f64,
        lwork: I,
        iwork: *mut Int,
        info: *mut Int,
        l: usize,
    );
    fn sgeqrf_(
        m: I,
        n: I,
        a: *mut f32,
        lda: I,
        tau: *mut f32,
        work: *mut f32,
        lwork: I,
        info: *mut Int,
    );
    fn dgeqrf_(
        m: I,
        n: I,
        a: *mut f64,
        lda: I,
        tau: *mut f64,
        work: *mut f64,
        lwork: I,
        info: *mut Int,
    );
    fn sorgqr_(
        m: I,
        n: I,
        k: I,
        a: *mut f32,
        lda: I,
        tau: *const f32,
        work: *mut f32,
        lwork: I,
        info: *mut Int,
    );
    fn dorgqr_(
        m: I,
        n: I,
        k: I,
        a: *mut f64,
        lda: I,
        tau: *const f64,
        work: *mut f64,
        lwork: I,
        info: *mut Int,
    );
    fn sgelsd_(
        m: I,
        n: I,
        nrhs: I,
        a: *mut f32,
        lda: I,
        b: *mut f32,
        ldb: I,
        s: *mut f32,
        rcond: *const f32,
        rank: *mut Int,
        work: *mut f32,
        lwork: I,
        iwork: *mut Int,
        info: *mut Int,
    );
    fn dgelsd_(
        m: I,
        n: I,
        nrhs: I,
        a: *mut f64,
        lda: I,
        b: *mut f64,
        ldb: I,
        s: *mut f64,
        rcond: *const f64,
        rank: *mut Int,
        work: *mut f64,
        lwork: I,
        iwork: *mut Int,
        info: *mut Int,
    );
    fn sgeev_(
        jobvl: C,
        jobvr: C,
        n: I,
        a: *mut f32,
        lda: I,
        wr: *mut f32,
        wi: *mut f32,
        vl: *mut f32,
        ldvl: I,
        vr: *mut f32,
        ldvr: I,
        work: *mut f32,
        lwork: I,
        info: *mut Int,
        l1: usize,
        l2: usize,
    );
    fn dgeev_(
        jobvl: C,
        jobvr: C,
        n: I,
        a: *mut f64,
        lda: I,
        wr: *mut f64,
        wi: *mut f64,
        vl: *mut f64,
        ldvl: I,
        vr: *mut f64,
        ldvr: I,
        work: *mut f64,
        lwork: I,
        info: *mut Int,
        l1: usize,
        l2: usize,
    );
}

/// A workspace of the size a query returned in `query` (a float, rounded up: float32 may
/// round the count down).
fn workspace<T: Real>(query: T) -> Vec<T> {
    vec![T::ZERO; (query.to_f64() * (1.0 + 1e-6)).ceil().max(1.0) as usize]
}

/// A float type LAPACK has routines for.
trait Real: Copy + PartialOrd + std::ops::Neg<Output = Self> + std::ops::Add<Output = Self> {
    const ZERO: Self;
    const ONE: Self;
    const NEG_INFINITY: Self;
    fn abs(self) -> Self;
    fn ln(self) -> Self;
    fn exp(self) -> Self;
    fn mul(self, o: Self) -> Self;
    /// `?gesv`: solve `a x = b` in place (`b` becomes `x`); `info`.
    unsafe fn gesv(n: Int, nrhs: Int, a: *mut Self, ipiv: *mut Int, b: *mut Self) -> Int;
    /// `?getrf`: the LU factors of square `a` in place; `info`.
    unsafe fn getrf(n: Int, a: *mut Self, ipiv: *mut Int) -> Int;
    /// `?potrf` (lower): the Cholesky factor of `a` in place; `info`.
    unsafe fn potrf(n: Int, a: *mut Self) -> Int;
    fn to_f64(self) -> f64;
    fn from_f64(x: f64) -> Self;
    fn epsilon() -> Self;
    /// `?syevd` (lower triangle): the eigenvalues `w` of symmetric `a`, with `vectors` the
    /// eigenvectors in `a`; `info`.
    unsafe fn syevd(vectors: bool, n: Int, a: *mut Self, w: *mut Self) -> Int;
    /// `?gesdd`: singular values `s` of m×n `a`, and with `job` `A` or `S` the vectors
    /// `u` (ldu = m) and `vt` (ldvt = its rows); `info`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn gesdd(
        job: u8,
        m: Int,
        n: Int,
        a: *mut Self,
        s: *mut Self,
        u: *mut Self,
        vt: *mut Self,
        ldvt: Int,
    ) -> Int;
    /// `?geqrf`: the QR factorization of m×n `a` in place (reflectors below the diagonal).
    unsafe fn geqrf(m: Int, n: Int, a: *mut Self, tau: *mut Self) -> Int;
    /// `?orgqr`: the first `n` columns of Q from `k` reflectors, in `a` (m×n).
    unsafe fn orgqr(m: Int, n: Int, k: Int, a: *mut Self, tau: *const Self) -> Int;
    /// `?gelsd`: the least-squares solutions of m×n `a` for the `nrhs` columns of `b`
    /// (ldb rows), the singular values `s` and the effective rank.
    #[allow(clippy::too_many_arguments)]
    unsafe fn gelsd(
        m: Int,
        n: Int,
        nrhs: Int,
        a: *mut Self,
        b: *mut Self,
        ldb: Int,
        s: *mut Self,
        rcond: Self,
        rank: *mut Int,
    ) -> Int;
    /// `?geev`: the eigenvalues `wr + i wi` of `a`, and with `vectors` the right
    /// eigenvectors `vr`; `info`.
    unsafe fn geev(
        vectors: bool,
        n: Int,
        a: *mut Self,
        wr: *mut Self,
        wi: *mut Self,
        vr: *mut Self,
    ) -> Int;
}

macro_rules! real {
    ($t:ty, $gesv:ident, $getrf:ident, $potrf:ident, $syevd:ident, $gesdd:ident, $geqrf:ident,
     $orgqr:ident, $gelsd:ident, $geev:ident) => {
        impl Real for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const NEG_INFINITY: Self = <$t>::NEG_INFINITY;
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            fn mul(self, o: Self) -> Self {
                self * o
            }
            unsafe fn gesv(n: Int, nrhs: Int, a: *mut Self, ipiv: *mut Int, b: *mut Self) -> Int {
                let (mut info, ld) = (0, n.max(1));
                $gesv(&n, &nrhs, a, &ld, ipiv, b, &ld, &mut info);
                info
            }
            unsafe fn getrf(n: Int, a: *mut Self, ipiv: *mut Int) -> Int {
                let (mut info, ld) = (0, n.max(1));
                $getrf(&n, &n, a, &ld, ipiv, &mut info);
                info
            }
            unsafe fn potrf(n: Int, a: *mut Self) -> Int {
                let (mut info, ld) = (0, n.max(1));
                $potrf(c"L".as_ptr(), &n, a, &ld, &mut info, 1);
                info
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            fn epsilon() -> Self {
                <$t>::EPSILON
            }
            unsafe fn syevd(vectors: bool, n: Int, a: *mut Self, w: *mut Self) -> Int {
                let (mut info, ld) = (0, n.max(1));
                let job = if vectors { c"V" } else { c"N" }.as_ptr();
                let (mut query, mut iquery) = (0.0, 0);
                $syevd(
                    job,
                    c"L".as_ptr(),
                    &n,
                    a,
                    &ld,
                    w,
                    &mut query,
                    &-1,
                    &mut iquery,
                    &-1,
                    &mut info,
                    1,
                    1,
                );
                if info != 0 {
                    return info;
                }
                let mut work = workspace(query);
                let mut iwork = vec![0; iquery.max(1) as usize];
                $syevd(
                    job,
                    c"L".as_ptr(),
                    &n,
                    a,
                    &ld,
                    w,
                    work.as_mut_ptr(),
                    &(work.len() as Int),
                    iwork.as_mut_ptr(),
                    &(iwork.len() as Int),
                    &mut info,
                    1,
                    1,
                );
                info
            }
            unsafe fn gesdd(
                job: u8,
                m: Int,
                n: Int,
                a: *mut Self,
                s: *mut Self,
                u: *mut Self,
                vt: *mut Self,
                ldvt: Int,
            ) -> Int {
                let (mut info, lda) = (0, m.max(1));
                let job = [job as c_char, 0];
                let (ldu, ldvt) = (m.max(1), ldvt.max(1));
                let mut iwork = vec![0; 8 * m.min(n).max(1) as usize];
                let mut query = 0.0;
                $gesdd(
                    job.as_ptr(),
                    &m,
                    &n,
                    a,
                    &lda,
                    s,
                    u,
                    &ldu,
                    vt,
                    &ldvt,
                    &mut query,
                    &-1,
                    iwork.as_mut_ptr(),
                    &mut info,
                    1,
                );
                if info != 0 {
                    return info;
                }
                let mut work = workspace(query);
                $gesdd(
                    job.as_ptr(),
                    &m,
                    &n,
                    a,
                    &lda,
                    s,
                    u,
                    &ldu,
                    vt,
                    &ldvt,
                    work.as_mut_ptr(),
                    &(work.len() as Int),
                    iwork.as_mut_ptr(),
                    &mut info,
                    1,
                );
                info
            }
            unsafe fn geqrf(m: Int, n: Int, a: *mut Self, tau: *mut Self) -> Int {
                let (mut info, lda) = (0, m.max(1));
                let mut query = 0.0;
                $geqrf(&m, &n, a, &lda, tau, &mut query, &-1, &mut info);
                if info != 0 {
                    return info;
                }
                let mut work = workspace(query);
                $geqrf(
                    &m,
                    &n,
                    a,
                    &lda,
                    tau,
                    work.as_mut_ptr(),
                    &(work.len() as Int),
                    &mut info,
                );
                info
            }
            unsafe fn orgqr(m: Int, n: Int, k: Int, a: *mut Self, tau: *const Self) -> Int {
                let (mut info, lda) = (0, m.max(1));
                let mut query = 0.0;
                $orgqr(&m, &n, &k, a, &lda, tau, &mut query, &-1, &mut info);
                if info != 0 {
                    return info;
                }
                let mut work = workspace(query);
                $orgqr(
                    &m,
                    &n,
                    &k,
                    a,
                    &lda,
                    tau,
                    work.as_mut_ptr(),
                    &(work.len() as Int),
                    &mut info,
                );
                info
            }
            unsafe fn gelsd(
                m: Int,
                n: Int,
                nrhs: Int,
                a: *mut Self,
                b: *mut Self,
                ldb: Int,
                s: *mut Self,
                rcond: Self,
                rank: *mut Int,
            ) -> Int {
                let (mut info, lda) = (0, m.max(1));
                let (mut query, mut iquery) = (0.0, 0);
                $gelsd(
                    &m,
                    &n,
                    &nrhs,
                    a,
                    &lda,
                    b,
                    &ldb,
                    s,
                    &rcond,
                    rank,
                    &mut query,
                    &-1,
                    &mut iquery,
                    &mut info,
                );
                if info != 0 {
                    return info;
                }
                let mut work = workspace(query);
                let mut iwork = vec![0; iquery.max(1) as usize];
                $gelsd(
                    &m,
                    &n,
                    &nrhs,
                    a,
                    &lda,
                    b,
                    &ldb,
                    s,
                    &rcond,
                    rank,
                    work.as_mut_ptr(),
                    &(work.len() as Int),
                    iwork.as_mut_ptr(),
                    &mut info,
                );
                info
            }
            unsafe fn geev(
                vectors: bool,
                n: Int,
                a: *mut Self,
                wr: *mut Self,
                wi: *mut Self,
                vr: *mut Self,
            ) -> Int {
                let (mut info, ld) = (0, n.max(1));
                let job = if vectors { c"V" } else { c"N" }.as_ptr();
                let mut vl = 0.0;
                let mut query = 0.0;
                $geev(
                    c"N".as_ptr(),
                    job,
                    &n,
                    a,
                    &ld,
                    wr,
                    wi,
                    &mut vl,
                    &1,
                    vr,
                    &ld,
                    &mut query,
                    &-1,
                    &mut info,
                    1,
                    1,
                );
                if info != 0 {
                    return info;
                }
                let mut work = workspace(query);
                $geev(
                    c"N".as_ptr(),
                    job,
                    &n,
                    a,
                    &ld,
                    wr,
                    wi,
                    &mut vl,
                    &1,
                    vr,
                    &ld,
                    work.as_mut_ptr(),
                    &(work.len() as Int),
                    &mut info,
                    1,
                    1,
                );
                info
            }
        }
    };
}

real!(f32, sgesv_, sgetrf_, spotrf_, ssyevd_, sgesdd_, sgeqrf_, sorgqr_, sgelsd_, sgeev_);
real!(f64, dgesv_, dgetrf_, dpotrf_, dsyevd_, dgesdd_, dgeqrf_, dorgqr_, dgelsd_, dgeev_);

/// One array operand: where its elements are (aligned base, offset, sizes and strides in
/// elements), as compiled code passes it.
struct Array<T> {
    base: *mut T,
    offset: i64,
    sizes: Vec<i64>,
    strides: Vec<i64>,
}

impl<T: Real> Array<T> {
    /// Rows and columns (a vector is one column).
    fn matrix_shape(&self) -> (usize, usize) {
        match self.sizes[..] {
            [n] => (n as usize, 1),
            [m, n] => (m as usize, n as usize),
            _ => (1, 1),
        }
    }

    fn at(&self, i: usize, j: usize) -> *mut T {
        let index = match self.strides[..] {
            [s] => i as i64 * s,
            [s, t] => i as i64 * s + j as i64 * t,
            _ => 0,
        };
        // SAFETY (of the callers' reads and writes): compiled code passes arrays whose every
        // element within `sizes` lies in their allocation.
        unsafe { self.base.offset((self.offset + index) as isize) }
    }

    /// The steps between rows and between columns, in elements (a vector is one column).
    fn steps(&self) -> (isize, isize) {
        match self.strides[..] {
            [s] => (s as isize, 0),
            [s, t] => (s as isize, t as isize),
            _ => (0, 0),
        }
    }

    /// Calls `f(i, j, pointer to element (i, j))` for every element, in tiles that keep
    /// both a row-major and a column-major walk within the cache (a transposing copy).
    fn for_each_tiled(&self, mut f: impl FnMut(usize, usize, *mut T)) {
        const TILE: usize = 32;
        let (m, n) = self.matrix_shape();
        let (rs, cs) = self.steps();
        // SAFETY (of the pointers `f` gets): compiled code passes arrays whose every element
        // within `sizes` lies in their allocation.
        let first = unsafe { self.base.offset(self.offset as isize) };
        for jb in (0..n).step_by(TILE) {
            for ib in (0..m).step_by(TILE) {
                for j in jb..(jb + TILE).min(n) {
                    for i in ib..(ib + TILE).min(m) {
                        let at = i as isize * rs + j as isize * cs;
                        f(i, j, first.wrapping_offset(at));
                    }
                }
            }
        }
    }

    /// The matrix (a vector as one column), column-major.
    fn to_fortran(&self) -> Vec<T> {
        let (m, n) = self.matrix_shape();
        let mut out = vec![T::ZERO; m * n];
        // SAFETY: see `for_each_tiled`.
        self.for_each_tiled(|i, j, p| out[i + j * m] = unsafe { *p });
        out
    }

    /// Write column-major `data` (of this array's shape) into the array.
    fn write_fortran(&self, data: &[T]) {
        let (m, _) = self.matrix_shape();
        // SAFETY: see `for_each_tiled`.
        self.for_each_tiled(|i, j, p| unsafe { *p = data[i + j * m] });
    }

    /// Element `i` of a vector.
    fn set(&self, i: usize, x: T) {
        // SAFETY: see `at`.
        unsafe { *self.at(i, 0) = x };
    }
}

/// The order of square matrix `a`, else [`NOT_SQUARE`].
fn order<T: Real>(a: &Array<T>) -> Result<usize, i64> {
    match a.sizes[..] {
        [m, n] if m == n => Ok(n as usize),
        _ => Err(NOT_SQUARE),
    }
}

/// [`NO_OUTPUT`] unless `out` has `sizes`.
fn output<T>(out: &Array<T>, sizes: &[usize]) -> Result<(), i64> {
    let same = out.sizes.len() == sizes.len()
        && out.sizes.iter().zip(sizes).all(|(a, b)| *a as usize == *b);
    if same {
        Ok(())
    } else {
        Err(NO_OUTPUT)
    }
}

/// Reads the arrays of ranks `ranks` from the slots.
///
/// # Safety
/// `slots` holds `2 + 2·rank` words per array, as compiled code lays them out.
unsafe fn arrays<T>(slots: *const i64, ranks: &[usize]) -> Vec<Array<T>> {
    let mut k = 0;
    let mut next = || {
        k += 1;
        *slots.add(k - 1)
    };
    ranks
        .iter()
        .map(|&rank| {
            let base = next() as *mut T;
            let offset = next();
            let sizes: Vec<i64> = (0..rank).map(|_| next()).collect();
            let strides: Vec<i64> = (0..rank).map(|_| next()).collect();
            Array {
                base,
                offset,
                sizes,
                strides,
            }
        })
        .collect()
}

/// The sign and the natural log of the absolute value of the determinant of `a`'s LU factors,
/// as NumPy's `slogdet` (a singular matrix: sign 0, log -inf).
fn slogdet<T: Real>(a: &Array<T>) -> (T, T) {
    let (n, _) = a.matrix_shape();
    let mut lu = a.to_fortran();
    let mut ipiv = vec![0; n.max(1)];
    // SAFETY: `lu` holds the n×n matrix, `ipiv` n pivots.
    let info = unsafe { T::getrf(n as Int, lu.as_mut_ptr(), ipiv.as_mut_ptr()) };
    if info != 0 {
        return (T::ZERO, T::NEG_INFINITY);
    }
    let (mut sign, mut log) = (T::ONE, T::ZERO);
    for i in 0..n {
        if ipiv[i] != i as Int + 1 {
            sign = -sign;
        }
        let d = lu[i + i * n];
        if d < T::ZERO {
            sign = -sign;
        }
        log = log + d.abs().ln();
    }
    (sign, log)
}

/// Routine `name` on the arrays in `slots`: `Ok` on success, else its status.
///
/// # Safety
/// `slots` holds the arrays routine `name` takes (see [`arrays`]).
unsafe fn run<T: Real>(name: &str, slots: *const i64) -> Result<(), i64> {
    match name {
        // a (n×n), b (n or n×k) → x of b's shape.
        "solve1" | "solve2" => {
            let rank = if name == "solve1" { 1 } else { 2 };
            let [a, b, x] = &arrays::<T>(slots, &[2, rank, rank])[..] else {
                unreachable!()
            };
            let n = order(a)?;
            let (m, nrhs) = b.matrix_shape();
            if m != n {
                return Err(MISMATCH);
            }
            output(x, &b.sizes.iter().map(|s| *s as usize).collect::<Vec<_>>())?;
            let mut lu = a.to_fortran();
            let mut data = b.to_fortran();
            let mut ipiv = vec![0; n.max(1)];
            if T::gesv(
                n as Int,
                nrhs as Int,
                lu.as_mut_ptr(),
                ipiv.as_mut_ptr(),
                data.as_mut_ptr(),
            ) != 0
            {
                return Err(SINGULAR);
            }
            x.write_fortran(&data);
        }
        // a (n×n) → its inverse, solving a x = I as NumPy does.
        "inv" => {
            let [a, x] = &arrays::<T>(slots, &[2, 2])[..] else {
                unreachable!()
            };
            let n = order(a)?;
            output(x, &[n, n])?;
            let mut lu = a.to_fortran();
            let mut data = vec![T::ZERO; n * n];
            for i in 0..n {
                data[i + i * n] = T::ONE;
            }
            let mut ipiv = vec![0; n.max(1)];
            if T::gesv(
                n as Int,
                n as Int,
                lu.as_mut_ptr(),
                ipiv.as_mut_ptr(),
                data.as_mut_ptr(),
            ) != 0
            {
                return Err(SINGULAR);
            }
            x.write_fortran(&data);
        }
        // a (n×n) → [sign, log|det|], or [det] as NumPy computes it: sign · exp(log|det|).
        "slogdet" | "det" => {
            let [a, out] = &arrays::<T>(slots, &[2, 1])[..] else {
                unreachable!()
            };
            order(a)?;
            output(out, &[if name == "det" { 1 } else { 2 }])?;
            let (sign, log) = slogdet(a);
            if name == "det" {
                out.set(0, sign.mul(log.exp()));
            } else {
                out.set(0, sign);
                out.set(1, log);
            }
        }
        // a (n×n) → its lower Cholesky factor (the upper triangle zero).
        "cholesky" => {
            let [a, l] = &arrays::<T>(slots, &[2, 2])[..] else {
                unreachable!()
            };
            let n = order(a)?;
            output(l, &[n, n])?;
            let mut data = a.to_fortran();
            if T::potrf(n as Int, data.as_mut_ptr()) != 0 {
                return Err(SINGULAR);
            }
            for j in 0..n {
                for i in 0..j {
                    data[i + j * n] = T::ZERO;
                }
            }
            l.write_fortran(&data);
        }
        // a (n×n) symmetric (its lower triangle read) → eigenvalues w ascending, and for
        // `eigh` the eigenvectors v (columns).
        "eigh" | "eigvalsh" => {
            let vectors = name == "eigh";
            let ranks: &[usize] = if vectors { &[2, 1, 2] } else { &[2, 1] };
            let arrays = arrays::<T>(slots, ranks);
            let (a, w) = (&arrays[0], &arrays[1]);
            let n = order(a)?;
            output(w, &[n])?;
            if vectors {
                output(&arrays[2], &[n, n])?;
            }
            let mut data = a.to_fortran();
            let mut values = vec![T::ZERO; n.max(1)];
            if T::syevd(vectors, n as Int, data.as_mut_ptr(), values.as_mut_ptr()) != 0 {
                return Err(SINGULAR);
            }
            w.write_fortran(&values[..n]);
            if vectors {
                arrays[2].write_fortran(&data);
            }
        }
        // a (n×n) → its eigenvalues w and for `eig` its right eigenvectors v (columns, unit
        // 2-norm), when all are real.
        "eig" | "eigvals" => {
            let vectors = name == "eig";
            let ranks: &[usize] = if vectors { &[2, 1, 2] } else { &[2, 1] };
            let arrays = arrays::<T>(slots, ranks);
            let (a, w) = (&arrays[0], &arrays[1]);
            let n = order(a)?;
            output(w, &[n])?;
            if vectors {
                output(&arrays[2], &[n, n])?;
            }
            let mut data = a.to_fortran();
            let (mut wr, mut wi) = (vec![T::ZERO; n.max(1)], vec![T::ZERO; n.max(1)]);
            let mut vr = vec![T::ZERO; if vectors { (n * n).max(1) } else { 1 }];
            let info = T::geev(
                vectors,
                n as Int,
                data.as_mut_ptr(),
                wr.as_mut_ptr(),
                wi.as_mut_ptr(),
                vr.as_mut_ptr(),
            );
            if info != 0 {
                return Err(SINGULAR);
            }
            if wi[..n].iter().any(|x| *x != T::ZERO) {
                return Err(COMPLEX);
            }
            w.write_fortran(&wr[..n]);
            if vectors {
                arrays[2].write_fortran(&vr);
            }
        }
        // a (m×n) → s (min(m, n)), and u (m×m or m×k), vt (n×n or k×n) for `svd_full`,
        // `svd_reduced`.
        "svd_full" | "svd_reduced" | "svd_values" => {
            let vectors = name != "svd_values";
            let ranks: &[usize] = if vectors { &[2, 2, 1, 2] } else { &[2, 1] };
            let arrays = arrays::<T>(slots, ranks);
            let a = &arrays[0];
            let (m, n) = a.matrix_shape();
            let k = m.min(n);
            let (ucols, vtrows) = if name == "svd_full" { (m, n) } else { (k, k) };
            let s = &arrays[if vectors { 2 } else { 1 }];
            output(s, &[k])?;
            if vectors {
                output(&arrays[1], &[m, ucols])?;
                output(&arrays[3], &[vtrows, n])?;
            }
            let mut data = a.to_fortran();
            let mut values = vec![T::ZERO; k.max(1)];
            let mut u = vec![T::ZERO; if vectors { (m * ucols).max(1) } else { 1 }];
            let mut vt = vec![T::ZERO; if vectors { (vtrows * n).max(1) } else { 1 }];
            let job = match name {
                "svd_full" => b'A',
                "svd_reduced" => b'S',
                _ => b'N',
            };
            if k > 0 {
                let info = T::gesdd(
                    job,
                    m as Int,
                    n as Int,
                    data.as_mut_ptr(),
                    values.as_mut_ptr(),
                    u.as_mut_ptr(),
                    vt.as_mut_ptr(),
                    vtrows as Int,
                );
                if info != 0 {
                    return Err(SINGULAR);
                }
            } else {
                // No singular values: the full factors of an empty matrix are identities.
                for i in 0..m.min(ucols) {
                    u[i + i * m] = T::ONE;
                }
                for i in 0..vtrows.min(n) {
                    vt[i + i * vtrows] = T::ONE;
                }
            }
            s.write_fortran(&values[..k]);
            if vectors {
                arrays[1].write_fortran(&u);
                arrays[3].write_fortran(&vt);
            }
        }
        // a (m×n) → q (m×k), r (k×n), k = min(m, n): NumPy's `reduced` mode.
        "qr" => {
            let [a, q, r] = &arrays::<T>(slots, &[2, 2, 2])[..] else {
                unreachable!()
            };
            let (m, n) = a.matrix_shape();
            let k = m.min(n);
            output(q, &[m, k])?;
            output(r, &[k, n])?;
            let mut data = a.to_fortran();
            let mut tau = vec![T::ZERO; k.max(1)];
            if k > 0 && T::geqrf(m as Int, n as Int, data.as_mut_ptr(), tau.as_mut_ptr()) != 0 {
                return Err(SINGULAR);
            }
            let mut upper = vec![T::ZERO; k * n];
            for j in 0..n {
                for i in 0..k.min(j + 1) {
                    upper[i + j * k] = data[i + j * m];
                }
            }
            r.write_fortran(&upper);
            if k > 0
                && T::orgqr(
                    m as Int,
                    k as Int,
                    k as Int,
                    data.as_mut_ptr(),
                    tau.as_ptr(),
                ) != 0
            {
                return Err(SINGULAR);
            }
            q.write_fortran(&data[..m * k]);
        }
        // a (m×n), b (m or m×r) → x (n or n×r), the residuals' sums of squares (r; valid
        // when the rank is n < m), the rank (one number), the singular values (min(m, n));
        // NumPy's default cutoff `rcond = eps · max(m, n)`.
        "lstsq1" | "lstsq2" => {
            let rank = if name == "lstsq1" { 1 } else { 2 };
            let [a, b, x, residuals, rank_out, s] =
                &arrays::<T>(slots, &[2, rank, rank, 1, 1, 1])[..]
            else {
                unreachable!()
            };
            let (m, n) = a.matrix_shape();
            let (bm, nrhs) = b.matrix_shape();
            if bm != m {
                return Err(MISMATCH);
            }
            let k = m.min(n);
            let x_sizes: Vec<usize> = if rank == 1 { vec![n] } else { vec![n, nrhs] };
            output(x, &x_sizes)?;
            output(residuals, &[nrhs])?;
            output(rank_out, &[1])?;
            output(s, &[k])?;
            let ldb = m.max(n).max(1);
            let given = b.to_fortran();
            let mut data = vec![T::ZERO; ldb * nrhs];
            for j in 0..nrhs {
                data[j * ldb..j * ldb + m].copy_from_slice(&given[j * m..(j + 1) * m]);
            }
            let mut lu = a.to_fortran();
            let mut values = vec![T::ZERO; k.max(1)];
            let mut effective: Int = 0;
            let rcond = T::epsilon().mul(T::from_f64(m.max(n) as f64));
            if k > 0 && nrhs > 0 {
                let info = T::gelsd(
                    m as Int,
                    n as Int,
                    nrhs as Int,
                    lu.as_mut_ptr(),
                    data.as_mut_ptr(),
                    ldb as Int,
                    values.as_mut_ptr(),
                    rcond,
                    &mut effective,
                );
                if info != 0 {
                    return Err(SINGULAR);
                }
            } else if k > 0 {
                // No right-hand side: the singular values and the rank alone.
                let mut one = vec![T::ZERO; ldb];
                let info = T::gelsd(
                    m as Int,
                    n as Int,
                    1,
                    lu.as_mut_ptr(),
                    one.as_mut_ptr(),
                    ldb as Int,
                    values.as_mut_ptr(),
                    rcond,
                    &mut effective,
                );
                if info != 0 {
                    return Err(SINGULAR);
                }
            }
            let mut solution = vec![T::ZERO; n * nrhs];
            let mut sums = vec![T::ZERO; nrhs];
            for j in 0..nrhs {
                solution[j * n..(j + 1) * n].copy_from_slice(&data[j * ldb..j * ldb + n]);
                for i in n..m {
                    let r = data[i + j * ldb];
                    sums[j] = sums[j] + r.mul(r);
                }
            }
            x.write_fortran(&solution);
            residuals.write_fortran(&sums);
            rank_out.set(0, T::from_f64(effective as f64));
            s.write_fortran(&values[..k]);
        }
        _ => return Err(UNKNOWN),
    }
    Ok(())
}

/// The hook compiled code calls for `loop.linalg`: routine `name` (`solve2.f64`: the routine,
/// then the element type) on the arrays in `slots`; its status. The sorting routines
/// (`sort.f64`, `argsort.i32`, …) are [`crate::sort`]'s.
///
/// # Safety
/// Called by compiled code only: `name` is NUL-terminated, `slots` holds the arrays the
/// routine takes.
pub unsafe extern "C" fn blackbird_linalg(name: *const c_char, slots: *const i64) -> i64 {
    let Ok(name) = CStr::from_ptr(name).to_str() else {
        return UNKNOWN;
    };
    match name.rsplit_once('.') {
        Some((routine, dtype)) if crate::sort::is_sort_routine(routine) => {
            return crate::sort::run(routine, dtype, slots)
        }
        Some((routine, "f64")) => run::<f64>(routine, slots),
        Some((routine, "f32")) => run::<f32>(routine, slots),
        _ => Err(UNKNOWN),
    }
    .err()
    .unwrap_or(0)
}
