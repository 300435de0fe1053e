//! The library compiled code may call: one declaration per callable (Python builtins, `math`
//! functions, NumPy functions, array methods, CUDA intrinsics), as Numba's `@overload` keeps
//! each function in one place.
//!
//! A [`Callable`] names the function as the frontend resolves it (`len`, `math.sqrt`,
//! `np.zeros`, `np.linalg.solve`, `ndarray.sum` for the method `a.sum()`, `cuda.grid`), its
//! parameters (defaults, which may be passed by keyword), its typing rule (a `type_*` function
//! of its family's module, called by `py-infer-types`), its lowering (a `lower_*` function of
//! the same module, called by `convert-py-to-tensor`) and a sample call that
//! `tests/registry.rs` compiles and runs against CPython and NumPy. Everything else is derived
//! from these tables: the frontend's allowlist and its keyword and arity checks, the
//! "supported functions" notes of its errors, argument binding ([`Args`]) and the
//! supported-functions table of `docs/FEATURES.md` ([`features_markdown`]).
//!
//! Adding a function touches one module: write its typing rule and lowering in its family's
//! module (or reuse one there), declare it in that module's `CALLABLES` with a sample, and run
//! `cargo run --example features` to regenerate `docs/FEATURES.md` (see "How to add a library
//! function" in `docs/ARCHITECTURE.md`).

pub mod axes_views;
mod bind;
pub mod builtins;
pub mod creation;
pub mod cuda;
pub mod dicts;
pub mod elementwise;
mod features;
pub mod lapack;
pub mod linalg;
pub mod lists;
pub mod math;
pub mod prelude;
pub mod random;
pub(crate) mod reduce_axes;
pub mod reductions;
pub mod shape;
pub mod sorting;

use blackbird_dialects::ir::{Diagnostic, OpId, Type};

use crate::conversion::py_to_tensor::{Converter, L};
use crate::transforms::infer_types::{builtins::Call, Inference};

pub use bind::{bind_names, Args, Binding};
pub use features::{features_markdown, with_features_table};

/// A parameter of a callable.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    /// The default shown in the documentation (`None`, `0`, `float64`); `None` when required.
    pub default: Option<&'static str>,
    /// Whether it may be passed by keyword (`dtype=`, `axis=`).
    pub keyword: bool,
    /// `*name`: takes the remaining positional arguments.
    pub variadic: bool,
    /// Only by keyword (after NumPy's `*`, or where NumPy has positional parameters before
    /// it that are not supported: `keepdims=` after `dtype` and `out`).
    pub keyword_only: bool,
}

/// A required positional parameter.
pub const fn required(name: &'static str) -> Param {
    Param {
        name,
        default: None,
        keyword: false,
        variadic: false,
        keyword_only: false,
    }
}

/// A required parameter that may also be passed by keyword.
pub const fn named(name: &'static str) -> Param {
    Param {
        keyword: true,
        ..required(name)
    }
}

/// An optional positional parameter.
pub const fn optional(name: &'static str, default: &'static str) -> Param {
    Param {
        default: Some(default),
        ..required(name)
    }
}

/// An optional parameter that may also be passed by keyword.
pub const fn keyword(name: &'static str, default: &'static str) -> Param {
    Param {
        keyword: true,
        ..optional(name, default)
    }
}

/// An optional parameter passed only by keyword.
pub const fn keyword_only(name: &'static str, default: &'static str) -> Param {
    Param {
        keyword_only: true,
        ..keyword(name, default)
    }
}

/// `*name`: the remaining positional arguments (any number).
pub const fn variadic(name: &'static str) -> Param {
    Param {
        variadic: true,
        ..required(name)
    }
}

/// A call that exercises a callable, for `tests/registry.rs`.
#[derive(Debug, Clone, Copy)]
pub enum Sample {
    /// An expression of `n` (int64, 4) and `x` (float64, 0.75) giving a number: run compiled
    /// and under CPython + NumPy, results compared.
    Run(&'static str),
    /// Statements of a function of `n` and `x` (without the `return`): compiled only (its
    /// effect is not a value, e.g. printing).
    Compile(&'static str),
    /// Statements of a `@cuda.jit` kernel of `a` (a float64 vector), lowered for the GPU.
    Kernel(&'static str),
}

/// The typing rule of a callable: the result type of a bound call.
pub(crate) type Typing = fn(&mut Inference<'_>, &Call) -> Result<Type, Diagnostic>;

/// The lowering of a callable: what the call becomes in `convert-py-to-tensor`.
pub(crate) type Lowering = fn(&mut Converter<'_>, OpId) -> Result<L, Diagnostic>;

/// One function compiled code may call.
pub struct Callable {
    /// The name as the frontend resolves it: `len`, `math.sqrt`, `np.zeros`, `ndarray.sum`.
    pub name: &'static str,
    /// Its parameters; a method's first is the array it is called on (`self`).
    pub params: &'static [Param],
    /// One line for the supported-functions table.
    pub summary: &'static str,
    pub sample: Sample,
    pub(crate) typing: Typing,
    pub(crate) lowering: Lowering,
}

/// A library function whose registry sample is compiled, run and compared with CPython: the
/// constructor the family modules share (`use super::runs as creation;`).
pub(crate) const fn runs(
    name: &'static str,
    typing: Typing,
    lowering: Lowering,
    params: &'static [Param],
    summary: &'static str,
    sample: &'static str,
) -> Callable {
    Callable {
        name,
        params,
        summary,
        sample: Sample::Run(sample),
        typing,
        lowering,
    }
}

impl Callable {
    /// What the user wrote before the parentheses: `np.zeros`, `a.sum` for a method.
    pub fn shown_name(&self) -> String {
        let prefixes = [
            ("ndarray.", "a"),
            ("list.", "l"),
            ("dict.", "d"),
            ("set.", "s"),
        ];
        prefixes
            .iter()
            .find_map(|(p, var)| self.name.strip_prefix(p).map(|m| format!("{var}.{m}")))
            .unwrap_or_else(|| self.name.to_string())
    }

    /// Its Python signature, as the documentation shows it: `np.zeros(shape, dtype=float64)`.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .filter(|p| !self.is_method() || p.name != "self")
            .map(|p| match (p.variadic, p.default) {
                (true, _) => format!("*{}", p.name),
                (false, Some(d)) => format!("{}={d}", p.name),
                (false, None) => p.name.to_string(),
            })
            .collect();
        format!("{}({})", self.shown_name(), params.join(", "))
    }

    /// A primitive of a prelude (`np.random._double`), not documented or suggested.
    pub fn is_private(&self) -> bool {
        self.name.contains("._")
    }

    pub fn is_method(&self) -> bool {
        ["ndarray.", "list.", "dict.", "set."]
            .iter()
            .any(|p| self.name.starts_with(p))
    }
}

/// A group of callables documented together.
pub struct Family {
    pub title: &'static str,
    pub callables: &'static [Callable],
}

/// Every family, in documentation order.
pub const FAMILIES: &[Family] = &[
    Family {
        title: "Python builtins",
        callables: builtins::CALLABLES,
    },
    Family {
        title: "Lists",
        callables: lists::CALLABLES,
    },
    Family {
        title: "Dicts and sets",
        callables: dicts::CALLABLES,
    },
    Family {
        title: "`math` functions",
        callables: math::CALLABLES,
    },
    Family {
        title: "Array creation",
        callables: creation::CALLABLES,
    },
    Family {
        title: "Reductions",
        callables: reductions::CALLABLES,
    },
    Family {
        title: "Elementwise functions",
        callables: elementwise::CALLABLES,
    },
    Family {
        title: "Shape and manipulation",
        callables: shape::CALLABLES,
    },
    Family {
        title: "New and removed axes",
        callables: axes_views::CALLABLES,
    },
    Family {
        title: "Linear algebra",
        callables: linalg::CALLABLES,
    },
    Family {
        title: "Linear algebra through LAPACK",
        callables: lapack::CALLABLES,
    },
    Family {
        title: "Sorting primitives of the prelude",
        callables: sorting::CALLABLES,
    },
    Family {
        title: "Random numbers (`np.random`)",
        callables: random::CALLABLES,
    },
    Family {
        title: "CUDA kernels (`@cuda.jit`)",
        callables: cuda::CALLABLES,
    },
];

/// Every callable.
pub fn all() -> impl Iterator<Item = &'static Callable> {
    FAMILIES.iter().flat_map(|f| f.callables.iter())
}

/// The callable named `name` (`np.zeros`, `ndarray.sum`, `len`).
pub fn lookup(name: &str) -> Option<&'static Callable> {
    all().find(|c| c.name == name)
}

/// The names under `prefix` (`np.`, `math.`, `ndarray.`, `cuda.`), without it, in
/// declaration order: the "supported functions" notes of errors.
pub fn names_under(prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = all()
        .filter(|c| !c.is_private())
        .filter_map(|c| c.name.strip_prefix(prefix))
        .map(str::to_string)
        .collect();
    if prefix == "np." {
        names.extend(prelude::numpy_functions());
        names.extend(
            prelude::random_functions()
                .into_iter()
                .map(|name| format!("random.{name}")),
        );
        names.sort_unstable();
        names.dedup();
    }
    names
}

/// Whether the library function `name` (as `py.call_builtin` names it) called with `arguments` operands may raise. The
/// scalar builtins and `math` functions below never do (`math` returns NaN or ±inf where CPython
/// raises, as Numba does, except the three that follow CPython); NumPy functions may (shapes,
/// sizes, empty inputs).
pub fn may_raise(name: &str, arguments: usize) -> bool {
    match name {
        "math.fmod" | "math.gamma" | "math.lgamma" => true,
        _ if name.starts_with("math.") => false,
        // A step may be zero.
        "range" | "prange" => arguments >= 3,
        // Of one sequence: it may be empty.
        "min" | "max" => arguments == 1,
        "len" | "abs" | "float" | "int" | "bool" | "round" | "print" => false,
        // Typing checked their operands.
        "np._sort_run" | "np._argsort_run" => false,
        _ => true,
    }
}

/// Library functions with effects a caller could see after an exception: writes to an
/// argument, output, the random state.
pub fn has_effects(name: &str) -> bool {
    matches!(
        name,
        "print" | "ndarray.fill" | "ndarray.sort" | "np._sort_run" | "np._argsort_run"
    ) || name.starts_with("np.random.")
        || LIST_WRITES.contains(&name)
}

/// The list methods that change their list.
const LIST_WRITES: &[&str] = &[
    "list.append",
    "list.extend",
    "list.insert",
    "list.pop",
    "list.remove",
    "list.reverse",
    "list.clear",
    "list.sort",
];
