//! What names mean at module level: imported modules and functions, module functions, the
//! builtins compiled code may call, and the constants and attributes it may read. The
//! functions themselves are declared in the library registry ([`crate::passes::library`]).

use std::collections::HashMap;

/// Whether `name` is a builtin compiled code may call (see [`crate::passes::library`]).
pub fn is_builtin(name: &str) -> bool {
    !name.contains('.') && crate::passes::library::lookup(name).is_some()
}

/// `math` constants.
pub const MATH_CONSTANTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("e", std::f64::consts::E),
    ("tau", std::f64::consts::TAU),
    ("inf", f64::INFINITY),
    ("nan", f64::NAN),
];

/// NumPy constants.
pub const NUMPY_CONSTANTS: &[(&str, f64)] = &[
    ("pi", std::f64::consts::PI),
    ("e", std::f64::consts::E),
    ("inf", f64::INFINITY),
    ("nan", f64::NAN),
];

/// CUDA special registers read as attributes (`cuda.threadIdx.x`).
pub const CUDA_REGISTERS: &[&str] = &["threadIdx", "blockIdx", "blockDim", "gridDim"];

/// Array attributes compiled code may read.
pub const ARRAY_ATTRIBUTES: &[&str] = &[
    "shape", "ndim", "size", "T", "dtype", "real", "imag", "strides",
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
