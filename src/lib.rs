//! Blackbird: a JIT compiler for numeric Python through MLIR-style dialects.
//!
//! The crates of the workspace are re-exported: [`dialects`] (the IR core and the `py`,
//! `tensor`, `loop`, `arith`, `math`, `func` dialects), [`passes`] (pass infrastructure and
//! transforms) and [`runtime`] (MLIR execution engine). [`optimize`] runs a pass pipeline on
//! textual IR, as `blackbird opt` does.
//!
//! ```
//! let ir = "func.func {function_type = () -> i64, sym_name = \"f\"} {\n  %0 = arith.constant {value = 6 : i64} : i64\n  %1 = arith.constant {value = 7 : i64} : i64\n  %2 = arith.muli %0, %1 : i64\n  func.return %2 : i64\n}\n";
//! let out = blackbird::optimize(ir, "f.ir", "canonicalize,cse", Default::default()).unwrap();
//! assert!(out.ir.contains("value = 42 : i64"));
//! ```
//!
//! The crate's modules import one way (`tests/module_graph.rs` checks it), each layer using
//! only those below it:
//!
//! 1. values: `values` ([`PyValue`], NumPy's shape rules), beside `error` and `options`;
//! 2. the calling ABI: `abi` (Python types ↔ the runtime's parameter and result kinds);
//! 3. the stage driver: `driver` (the ordered stage table, [`Stage`]: source → `py` once per
//!    module → typed → tensor → loop → MLIR → JIT), with `frontend` below it;
//! 4. callables: [`Module`] (the program, lowered once), the `Callable` trait and its kinds —
//!    [`Function`] (`@jit`, `@vectorize`, `@guvectorize`, GPU ufuncs; `gufunc` and `gpu_ufunc`
//!    run their calls) and [`Kernel`] (`@cuda.jit`) — and `dump`, which prints a stage of any
//!    of them ([`Module::dump`], [`dump`]).

pub use blackbird_dialects as dialects;
pub use blackbird_passes as passes;
pub use blackbird_runtime as runtime;

mod abi;
mod callable;
mod driver;
mod dump;
mod error;
pub mod frontend;
mod function;
mod gpu_ufunc;
mod gufunc;
mod kernel;
mod module;
mod options;
mod values;

pub use driver::{
    infer_types, infer_types_for, lower_python, optimize, CompiledFunction, Optimized, Stage,
    StageDumps, STAGES,
};
pub use dump::{dump, dump_with};
pub use error::Error;
pub use function::{Function, FunctionKind};
pub use kernel::{Kernel, LoweredKernel};
pub use module::Module;
pub use options::{ErrorModel, Options};
pub use runtime::{Arg, ArrayArg};
pub use values::{nested_list, python_float_repr, PyValue};
