//! What names mean at module level: imported modules and functions, module functions, the
//! builtins compiled code may call, and the constants and attributes it may read. The
//! functions themselves are declared in the library registry ([`crate::passes::library`]).

use std::collections::HashMap;

use ruff_python_ast as ast;

use super::source::SourceFile;
use crate::dialects::ir::Diagnostic;
use crate::passes::library::{self, bind_names, Callable};

/// Whether `name` is a builtin compiled code may call (see [`crate::passes::library`]).
pub fn is_builtin(name: &str) -> bool {
    !name.contains('.') && library::lookup(name).is_some()
}

/// Checks the arguments of call `c` against the parameters of `callable` (`receiver`: 1 for
/// a method, whose array is its first parameter): unknown or repeated keywords, too many or
/// missing arguments are errors located at the call.
pub fn check_arguments(
    file: &SourceFile,
    c: &ast::ExprCall,
    callable: &Callable,
    receiver: usize,
) -> Result<(), Diagnostic> {
    let keywords: Vec<&str> = c
        .arguments
        .keywords
        .iter()
        .filter_map(|k| k.arg.as_ref().map(|a| a.as_str()))
        .collect();
    let positional = receiver + c.arguments.args.len();
    bind_names(callable.name, callable.params, positional, &keywords)
        .map(|_| ())
        .map_err(|message| file.error(c, message))
}

/// `unsupported function `q``, with a note naming the supported functions of its module.
pub fn unsupported_function(file: &SourceFile, c: &ast::ExprCall, q: &str) -> Diagnostic {
    let note = match q.split_once('.') {
        Some(("np", "errstate")) => {
            "np.errstate is supported only as a context manager: `with np.errstate(...):`"
                .to_string()
        }
        Some(("np", _)) => format!(
            "supported NumPy functions: {}",
            library::names_under("np.").join(", ")
        ),
        Some(("math", _)) => format!(
            "supported math functions: {}",
            library::names_under("math.").join(", ")
        ),
        Some(("cuda", _)) => format!(
            "supported CUDA functions: {}",
            library::names_under("cuda.").join(", ")
        ),
        _ => "call builtins, math.*, NumPy functions or functions of this module".to_string(),
    };
    file.error(&*c.func, format!("unsupported function `{q}`"))
        .with_note(note)
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

/// The value of the constant `module.name` (`math.pi`, `np.inf`), if it is one.
pub fn constant(module: &str, name: &str) -> Option<f64> {
    let constants = match module {
        "math" => MATH_CONSTANTS,
        "np" => NUMPY_CONSTANTS,
        _ => &[],
    };
    constants.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// CUDA special registers read as attributes (`cuda.threadIdx.x`).
pub const CUDA_REGISTERS: &[&str] = &["threadIdx", "blockIdx", "blockDim", "gridDim"];

/// Array attributes compiled code may read.
pub const ARRAY_ATTRIBUTES: &[&str] = &[
    "shape", "ndim", "size", "T", "dtype", "real", "imag", "strides",
];

/// Module-level names: what an identifier refers to.
#[derive(Default, Debug, Clone)]
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

    /// Binds the names an `import` or `from … import` statement defines (at module level, or
    /// inside a function for the rest of it); returns them. Other statements bind nothing.
    pub fn bind_import(&mut self, stmt: &ast::Stmt) -> Vec<String> {
        let mut bound = vec![];
        match stmt {
            ast::Stmt::Import(i) => {
                for alias in &i.names {
                    let path = alias.name.as_str();
                    let local = alias
                        .asname
                        .as_ref()
                        .map_or(path.split('.').next().unwrap_or(path), |a| a.as_str());
                    let target = if alias.asname.is_some() { path } else { local };
                    self.imports
                        .insert(local.to_string(), Self::canonical_module(target));
                    bound.push(local.to_string());
                }
            }
            ast::Stmt::ImportFrom(i) => {
                let module = i.module.as_ref().map_or("", |m| m.as_str());
                for alias in &i.names {
                    let local = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                    let full = Self::canonical_module(&format!("{module}.{}", alias.name.as_str()));
                    self.imports.insert(local.to_string(), full);
                    bound.push(local.to_string());
                }
            }
            _ => {}
        }
        bound
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
