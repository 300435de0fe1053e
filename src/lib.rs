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

pub use blackbird_dialects as dialects;
pub use blackbird_passes as passes;
pub use blackbird_runtime as runtime;

mod error;

pub use error::Error;

use dialects::ir::{parse_module, print_op, verify, Context};
use passes::pipeline::{Instrumentation, PassManager, RunReport};

/// The result of [`optimize`].
#[derive(Debug)]
pub struct Optimized {
    /// The final IR.
    pub ir: String,
    /// IR dumps and timings from the instrumentation.
    pub report: RunReport,
}

/// Parse textual IR, verify it, run `pipeline` on it and print the result.
pub fn optimize(source: &str, filename: &str, pipeline: &str, instrumentation: Instrumentation) -> Result<Optimized, Error> {
    let mut ctx = Context::new();
    let module = parse_module(&mut ctx, source, filename)?;
    verify(&ctx, module).map_err(Error::Verify)?;
    let mut pm = PassManager::parse(&passes::default_registry(), pipeline)
        .map_err(|e| Error::Pipeline { pipeline: pipeline.to_string(), error: e })?;
    let print_options = instrumentation.print_options;
    pm.instrumentation = instrumentation;
    let report = pm.run(&mut ctx, module)?;
    Ok(Optimized { ir: print_op(&ctx, module, print_options), report })
}
