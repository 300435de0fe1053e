//! `blackbird opt`: a pass pipeline run on textual IR or on a Python module's `py` dialect.

use super::{lower_python, with_compiler_stack};
use crate::dialects::ir::{parse_module, print_op, verify, Context};
use crate::passes::pipeline::{Instrumentation, PassManager, RunReport};
use crate::Error;

/// The result of [`optimize`].
#[derive(Debug)]
pub struct Optimized {
    /// The pipeline's result: the final IR, or the upstream MLIR text of a pipeline that ends
    /// in `convert-loop-to-mlir`.
    pub ir: String,
    /// IR dumps and timings from the instrumentation.
    pub report: RunReport,
}

/// Parse textual IR (or lower Python source, for a `.py` file name), verify it, run `pipeline`
/// on it and print the result.
pub fn optimize(
    source: &str,
    filename: &str,
    pipeline: &str,
    instrumentation: Instrumentation,
) -> Result<Optimized, Error> {
    with_compiler_stack(|| {
        let registry = crate::passes::default_registry();
        if let Some(unknown) = instrumentation
            .print_after
            .iter()
            .find(|p| registry.get(p).is_none())
        {
            return Err(Error::Setting(format!(
                "--print-ir-after: unknown pass '{unknown}' (`blackbird opt --list-passes` lists \
             the passes)"
            )));
        }
        let mut ctx = Context::new();
        let module = if filename.ends_with(".py") {
            // Python input starts from the `py` dialect the frontend produces (every function).
            let program = lower_python(&mut ctx, source, filename)?;
            if let Some(error) = program.first_lowering_error() {
                return Err(error.clone().into());
            }
            program.module
        } else {
            let module = parse_module(&mut ctx, source, filename)?;
            verify(&ctx, module).map_err(Error::Verify)?;
            module
        };
        let mut pm = PassManager::parse(&registry, pipeline).map_err(|e| Error::Pipeline {
            pipeline: pipeline.to_string(),
            error: e,
        })?;
        let print_options = instrumentation.print_options;
        pm.instrumentation = instrumentation;
        let report = pm.run(&mut ctx, module)?;
        let ir = match &report.output {
            Some(text) => text.clone(),
            None => print_op(&ctx, module, print_options),
        };
        Ok(Optimized { ir, report })
    })
}
