//! `convert-loop-to-mlir` as a registered pass: the last pass of a pipeline, whose output is the
//! upstream MLIR text rather than our IR (which it leaves unchanged).

use blackbird_dialects::ir::{Context, OpId};

use super::emit_mlir;
use crate::pipeline::{Change, OptionSpec, Pass, PassError, PassOptions};

/// The options of `convert-loop-to-mlir`.
pub const OPTIONS: &[OptionSpec] = &[OptionSpec {
    name: "entry",
    help: "the function to wrap in the runtime's ABI entry (as `blackbird dump --stage mlir` does)",
    default: "",
}];

/// Emit the module (loop level: `func`, `arith`, `math`, `loop`) as upstream MLIR text,
/// [`Pass::output`]; with `entry`, with the ABI wrapper around that function. The IR itself is
/// left as it is, so the pass ends a pipeline.
pub struct ConvertLoopToMlir {
    entry: Option<String>,
    output: Option<String>,
}

impl ConvertLoopToMlir {
    pub fn parse(options: &PassOptions) -> Self {
        let entry = options.get_str("entry", "");
        ConvertLoopToMlir {
            entry: (!entry.is_empty()).then_some(entry),
            output: None,
        }
    }
}

impl Pass for ConvertLoopToMlir {
    fn name(&self) -> &'static str {
        "convert-loop-to-mlir"
    }

    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        let mlir = emit_mlir(ctx, module, self.entry.as_deref()).map_err(|diagnostic| {
            PassError::Failed {
                pass: self.name(),
                diagnostic,
            }
        })?;
        self.output = Some(mlir.text);
        Ok(Change::Unchanged)
    }

    fn ends_pipeline(&self) -> bool {
        true
    }

    fn output(&mut self) -> Option<String> {
        self.output.take()
    }
}
