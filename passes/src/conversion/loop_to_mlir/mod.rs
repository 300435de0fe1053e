//! `convert-loop-to-mlir`: our `func`/`arith`/`math`/`loop` ops → upstream MLIR (`func`,
//! `arith`, `math`, `scf`, `memref`) as text, which the runtime parses with melior. The ops
//! mirror upstream one to one; `loop.raise` becomes a call of `blackbird_raise` with an index
//! into [`MlirModule::raise_sites`]. That function calls the runtime through the pointer in the
//! module's global [`RAISE_HOOK_SYMBOL`], which the runtime sets once the code is loaded: the
//! code then has no undefined symbol of the runtime's, so it also works when loaded from an
//! on-disk cache as a shared library.

mod dicts;
mod emitter;
mod functions;
mod hooks;
mod lists;
mod loop_ops;
mod pass;
mod scalar_ops;

use blackbird_dialects::ir::{Context, Diagnostic, Location, OpId};

use super::located_text::location_of_line;
use emitter::Emitter;
use hooks::{
    catch_functions, linalg_function, print_function, raise_function, raised_function,
    random_hook_global,
};
pub use pass::{ConvertLoopToMlir, OPTIONS};

/// Upstream MLIR text and the exceptions its code may raise.
#[derive(Clone, Debug)]
pub struct MlirModule {
    pub text: String,
    /// `(kind, message, location)` for each `blackbird_raise(i)` call site `i`.
    pub raise_sites: Vec<(String, String, Location)>,
    /// The location of the function the module was emitted for.
    pub location: Location,
    /// For each run of lines of `text`, its first line (1-based) and the location of the ops
    /// they were emitted for (see [`MlirModule::location_of_line`]).
    line_locations: Vec<(usize, Location)>,
}

impl MlirModule {
    /// The source location of the op emitted at 1-based `line` of the text, where known.
    pub fn location_of_line(&self, line: usize) -> Option<&Location> {
        Some(location_of_line(&self.line_locations, line)).filter(|l| **l != Location::Unknown)
    }
}

/// The function compiled code calls to raise an exception (defined in the module).
pub const RAISE_SYMBOL: &str = "blackbird_raise";

/// The module's global holding the runtime's `void(i64)` function that records a raise.
pub const RAISE_HOOK_SYMBOL: &str = "blackbird_raise_hook";

/// The function compiled code calls to ask whether an exception was raised during the current
/// call (`loop.raised`): `i64()`, nonzero when one was (defined in the module).
pub const RAISED_SYMBOL: &str = "blackbird_raised";

/// The module's global holding the runtime's `i64()` function that answers [`RAISED_SYMBOL`].
pub const RAISED_HOOK_SYMBOL: &str = "blackbird_raised_hook";

/// The function `try` calls to take the exception recorded during the current call
/// (`loop.catch`): `i64()`, its site or -1, clearing the record (defined in the module).
pub const CATCH_SYMBOL: &str = "blackbird_catch";

/// The module's global holding the runtime's `i64()` function that answers [`CATCH_SYMBOL`].
pub const CATCH_HOOK_SYMBOL: &str = "blackbird_catch_hook";

/// The module's function from a raise site (its index in [`MlirModule::raise_sites`]) to its
/// exception kind's code (`blackbird_dialects::exceptions::kind_code`), for
/// `loop.exception_is`.
pub const SITE_KIND_SYMBOL: &str = "blackbird_site_kind";

/// The module's `i64` global that [`RAISE_SYMBOL`] sets to 1: while it is 0, no call of the
/// module's code has raised and [`RAISED_SYMBOL`] answers without asking the runtime (one
/// load on the hot path). The runtime clears it when it starts a call that no other thread is
/// running.
pub const RAISED_ANY_SYMBOL: &str = "blackbird_raised_any";

/// The function compiled code calls to print: `void(format, values)` (defined in the module).
pub const PRINT_SYMBOL: &str = "blackbird_print";

/// The function compiled code calls for `loop.linalg`: `i64(routine, arrays)` (defined in the
/// module).
pub const LINALG_SYMBOL: &str = "blackbird_linalg";

/// The module's global holding the runtime's `i64(ptr, ptr)` function that runs a linear-algebra
/// routine: its NUL-terminated name (`solve.f64`) and its arrays as 64-bit slots, each array
/// as its aligned base pointer, offset, sizes and strides (in elements); it returns the status.
pub const LINALG_HOOK_SYMBOL: &str = "blackbird_linalg_hook";

/// The OpenMP runtime's thread count (`loop.num_threads`), resolved from libomp, which
/// modules with parallel loops load.
pub const NUM_THREADS_SYMBOL: &str = "omp_get_max_threads";

/// The module's global holding the runtime's `void(ptr, ptr)` function that prints: a
/// NUL-terminated `str.format` text whose holes are typed (`{i}` signed, `{u}` unsigned,
/// `{b}` bool, `{f}` float64, `{g}` float32 or narrower) and the values as 64-bit slots (floats
/// by their `f64` or `f32` bits).
pub const PRINT_HOOK_SYMBOL: &str = "blackbird_print_hook";

/// The module's global holding the runtime's function for `loop.random {kind = KIND}`:
/// `blackbird_random_KIND_hook` (its signature is the kind's in `loops::RANDOM_KINDS`).
pub fn random_hook_symbol(kind: &str) -> String {
    format!("blackbird_random_{kind}_hook")
}

/// The runtime's dict and set operations (`loop.dict_make` and `loop.dict_call` methods other
/// than `len`), each called through its hook global [`dict_hook_symbol`] by the function
/// [`dict_function_symbol`]; all have one signature, `i64(ptr dict, ptr other, ptr words, i64
/// argument)` (see `runtime/src/dicts.rs`).
pub const DICT_METHODS: &[&str] = &[
    "new",
    "copy",
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "get",
    "set",
    "pop",
    "popitem",
    "clear",
    "iter",
    "entry",
    "update",
    "intersection_update",
    "difference_update",
    "symmetric_difference_update",
    "equal",
    "issubset",
    "isdisjoint",
];

/// The module's function that calls the runtime's dict operation `method`.
pub fn dict_function_symbol(method: &str) -> String {
    format!("blackbird_dict_{method}")
}

/// The module's global holding the runtime's dict operation `method`.
pub fn dict_hook_symbol(method: &str) -> String {
    format!("blackbird_dict_{method}_hook")
}

/// The function compiled code calls to make a list: `ptr(element size, length)`.
pub const LIST_NEW_SYMBOL: &str = "blackbird_list_new";
/// The function compiled code calls when a list outgrows its buffer: `void(list, length,
/// element size)`; it makes the capacity at least `length`, growing it geometrically.
pub const LIST_GROW_SYMBOL: &str = "blackbird_list_grow";
/// `i64()`: a mark of the lists made so far on this thread.
pub const LISTS_MARK_SYMBOL: &str = "blackbird_lists_mark";
/// `void(mark)`: free the lists made on this thread since `mark`.
pub const LISTS_RELEASE_SYMBOL: &str = "blackbird_lists_release";

/// Each list function, the module's global holding the runtime's function it calls through,
/// its parameters and result (see `runtime/src/lists.rs`). Every list made during a call into
/// compiled code lives until that call ends: the entry wrapper marks the runtime's record of
/// lists before the call and releases back to the mark after it (so aliases, branches, loops and
/// helpers pass lists freely; each is freed once).
pub const LIST_HOOKS: [(&str, &str, &[&str], Option<&str>); 4] = [
    (
        LIST_NEW_SYMBOL,
        "blackbird_list_new_hook",
        &["i64", "i64"],
        Some("!llvm.ptr"),
    ),
    (
        LIST_GROW_SYMBOL,
        "blackbird_list_grow_hook",
        &["!llvm.ptr", "i64", "i64"],
        None,
    ),
    (
        LISTS_MARK_SYMBOL,
        "blackbird_lists_mark_hook",
        &[],
        Some("i64"),
    ),
    (
        LISTS_RELEASE_SYMBOL,
        "blackbird_lists_release_hook",
        &["i64"],
        None,
    ),
];

/// The ABI wrapper the runtime calls: the entry function's arguments, then a `memref<Kxi64>`
/// receiving each result in 64-bit slots: a scalar in one (floats by their bits, integers
/// sign-extended, booleans zero-extended; an `f32` by its 32 bits), an array in `2 + 2·rank`
/// (its aligned base pointer, offset, sizes, strides; followed by its ownership flag result).
pub const ENTRY_SYMBOL: &str = "blackbird_entry";

/// Emit `module`; with `entry`, also the [`ENTRY_SYMBOL`] wrapper around that function.
pub fn emit_mlir(
    ctx: &Context,
    module: OpId,
    entry: Option<&str>,
) -> Result<MlirModule, Diagnostic> {
    let mut e = Emitter::new(ctx, false);
    let ops = ctx.walk_preorder(module);
    e.uses_dicts = ops
        .iter()
        .any(|op| ctx.is_op(*op, &blackbird_dialects::loops::DICT_MAKE));
    e.uses_lists = e.uses_dicts
        || ops
            .iter()
            .any(|op| ctx.is_op(*op, &blackbird_dialects::loops::LIST_NEW));
    e.out.push_str("module {\n");
    for f in ctx.body_ops(module) {
        e.function(f)?;
        for text in std::mem::take(&mut e.outlined) {
            e.out.append(text);
        }
        if blackbird_dialects::func::function_name(ctx, f) == entry {
            e.entry_wrapper(f);
        }
    }
    // `loop.raised` reads the global the raise function defines, even where this module's own
    // code cannot raise.
    if !e.raise_sites.is_empty() || e.asks_raised || e.catches {
        e.out.push_str(&raise_function());
    }
    if e.asks_raised {
        e.out.push_str(&raised_function());
    }
    if e.catches {
        e.out.push_str(&catch_functions(&e.raise_sites));
    }
    if !e.print_formats.is_empty() {
        e.out.push_str(&print_function(&e.print_formats));
    }
    if !e.linalg_routines.is_empty() {
        e.out.push_str(&linalg_function(&e.linalg_routines));
    }
    for define in e.inline_math.values() {
        e.out.push_str(&define());
    }
    for (symbol, params, ty) in &e.c_library {
        e.out.push_str(&format!(
            "  func.func private @{symbol}({params}) -> {ty}\n"
        ));
    }
    for kind in &e.random_kinds {
        e.out.push_str(&random_hook_global(kind));
    }
    if e.uses_lists {
        e.out.push_str(&lists::list_functions());
    }
    if e.uses_dicts {
        e.out.push_str(&dicts::dict_functions());
    }
    if e.asks_num_threads {
        e.out.push_str(&format!(
            "  func.func private @{NUM_THREADS_SYMBOL}() -> i32\n"
        ));
    }
    e.out.push_str("}\n");
    let location = entry_location(ctx, module, entry);
    Ok(e.finish(location))
}

/// The location of the function named `entry` (else unknown).
fn entry_location(ctx: &Context, module: OpId, entry: Option<&str>) -> Location {
    ctx.body_ops(module)
        .into_iter()
        .find(|f| entry.is_some() && blackbird_dialects::func::function_name(ctx, *f) == entry)
        .map(|f| ctx.loc(f).clone())
        .unwrap_or_default()
}

/// The name of the `gpu.module` holding a kernel and its device functions.
pub const GPU_MODULE_SYMBOL: &str = "blackbird_kernels";

/// Emit `module` for a GPU: its functions in a `gpu.module` ([`GPU_MODULE_SYMBOL`]), `kernel`
/// as a `gpu.func … kernel` whose shared arrays are workgroup attributions, the others as
/// device functions. Exceptions are not reported from kernels (as in Numba without
/// `debug=True`): the code that would raise goes on with its safe values.
pub fn emit_gpu_mlir(ctx: &Context, module: OpId, kernel: &str) -> Result<MlirModule, Diagnostic> {
    let mut e = Emitter::new(ctx, true);
    e.out.push_str(&format!(
        "module attributes {{gpu.container_module}} {{\n  gpu.module @{GPU_MODULE_SYMBOL} {{\n"
    ));
    for f in ctx.body_ops(module) {
        if blackbird_dialects::func::function_name(ctx, f) == Some(kernel) {
            e.kernel(f)?;
        } else {
            e.function(f)?;
        }
    }
    e.out.push_str("  }\n}\n");
    let location = entry_location(ctx, module, Some(kernel));
    Ok(e.finish(location))
}
