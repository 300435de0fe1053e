//! What names mean at module level: imported modules and functions, module functions, and
//! the builtins, `math` and NumPy functions compiled code may call.

use std::collections::HashMap;

/// Builtins compiled code may call.
pub const BUILTINS: &[&str] = &[
    "range",
    "prange",
    "len",
    "min",
    "max",
    "abs",
    "sum",
    "int",
    "float",
    "bool",
    "complex",
    "print",
    "enumerate",
    "zip",
    "round",
];

/// `math` functions.
pub const MATH_FUNCTIONS: &[&str] = &[
    "sqrt", "exp", "log", "log10", "log2", "log1p", "expm1", "sin", "cos", "tan", "asin", "acos",
    "atan", "atan2", "sinh", "cosh", "tanh", "floor", "ceil", "trunc", "fabs", "pow", "hypot",
    "isnan", "isinf", "isfinite", "copysign", "fmod", "erf", "erfc", "gamma", "lgamma",
];

/// `math` constants.
pub const MATH_CONSTANTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("e", std::f64::consts::E),
    ("tau", std::f64::consts::TAU),
    ("inf", f64::INFINITY),
    ("nan", f64::NAN),
];

/// NumPy functions (called as `np.NAME`).
pub const NUMPY_FUNCTIONS: &[&str] = &[
    "zeros",
    "ones",
    "empty",
    "full",
    "arange",
    "linspace",
    "eye",
    "zeros_like",
    "ones_like",
    "empty_like",
    "full_like",
    "copy",
    "sum",
    "prod",
    "min",
    "max",
    "amin",
    "amax",
    "mean",
    "var",
    "std",
    "argmin",
    "argmax",
    "any",
    "all",
    "count_nonzero",
    "linalg.norm",
    "concatenate",
    "triu",
    "tril",
    "dot",
    "vdot",
    "outer",
    "matmul",
    "sqrt",
    "exp",
    "log",
    "log10",
    "log2",
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "arctan2",
    "sinh",
    "cosh",
    "tanh",
    "abs",
    "absolute",
    "fabs",
    "power",
    "where",
    "minimum",
    "maximum",
    "floor",
    "ceil",
    "trunc",
    "isnan",
    "isinf",
    "isfinite",
    "transpose",
    "cumsum",
    "cumprod",
    "sign",
    "hypot",
    "square",
    "negative",
    "errstate",
    "float64",
    "float32",
    "int64",
    "int32",
    "int16",
    "int8",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "bool_",
    "complex128",
    "complex64",
    "asarray",
    "ascontiguousarray",
    "fmod",
    "clip",
];

/// NumPy constants.
pub const NUMPY_CONSTANTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("e", std::f64::consts::E),
    ("inf", f64::INFINITY),
    ("nan", f64::NAN),
];

/// CUDA intrinsics called in kernels (`cuda.grid(1)`, `cuda.shared.array(…)`).
pub const CUDA_FUNCTIONS: &[&str] = &[
    "grid",
    "gridsize",
    "syncthreads",
    "shared.array",
    "local.array",
    "const.array_like",
    "atomic.add",
    "atomic.sub",
    "atomic.max",
    "atomic.min",
    "threadfence",
];

/// CUDA special registers read as attributes (`cuda.threadIdx.x`).
pub const CUDA_REGISTERS: &[&str] = &["threadIdx", "blockIdx", "blockDim", "gridDim"];

/// Array attributes compiled code may read.
pub const ARRAY_ATTRIBUTES: &[&str] = &[
    "shape", "ndim", "size", "T", "dtype", "real", "imag", "strides",
];

/// Array methods compiled code may call (`A.sum()`, `A.copy()`, …).
pub const ARRAY_METHODS: &[&str] = &[
    "conjugate",
    "sum",
    "prod",
    "min",
    "max",
    "mean",
    "var",
    "std",
    "argmin",
    "argmax",
    "any",
    "all",
    "copy",
    "astype",
    "reshape",
    "transpose",
    "dot",
    "fill",
    "ravel",
    "flatten",
    "cumsum",
    "append",
];

/// Module-level names: what an identifier refers to.
#[derive(Default, Debug)]
pub struct ModuleNames {
    /// Local alias → canonical dotted name: `np` → `np`, `nb` → `numba`, `njit` → `numba.njit`,
    /// `sqrt` (from math) → `math.sqrt`.
    pub imports: HashMap<String, String>,
}

impl ModuleNames {
    /// Canonical module for an imported module path.
    pub fn canonical_module(path: &str) -> String {
        match path {
            "numpy" => "np".to_string(),
            "blackbird" => "numba".to_string(),
            p if p.starts_with("numpy.") => format!("np.{}", &p[6..]),
            p if p.starts_with("blackbird.") => format!("numba.{}", &p[10..]),
            p => p.to_string(),
        }
    }

    /// The canonical dotted name of `a.b.c` when `a` is an imported name.
    pub fn resolve(&self, parts: &[&str]) -> Option<String> {
        let base = self.imports.get(parts[0])?;
        let mut name = base.clone();
        for p in &parts[1..] {
            name.push('.');
            name.push_str(p);
        }
        Some(name)
    }
}
