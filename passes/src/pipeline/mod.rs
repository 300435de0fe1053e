//! Pass infrastructure: the [`Pass`] trait, typed [options](PassOptions), the [`PassRegistry`],
//! the pipeline-string parser (`a,b{key=value},c`) and the [`PassManager`] with its
//! instrumentation (verify after each pass, print IR after passes, timing report).

mod manager;
mod options;
mod parse;
mod registry;

pub use manager::{Instrumentation, PassManager, PassTiming, RunReport};
pub use options::{OptionSpec, PassOptions};
pub use parse::{parse_pipeline, PassSpec, PipelineError};
pub use registry::{PassInfo, PassRegistry};

use blackbird_dialects::ir::{Context, Diagnostic, OpId, VerifyError};

/// Did a pass change the IR?
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Changed,
    Unchanged,
}

impl Change {
    pub fn from_bool(changed: bool) -> Self {
        if changed {
            Change::Changed
        } else {
            Change::Unchanged
        }
    }
}

/// A transformation of a module.
///
/// Input invariants, output and options are documented on each pass type. A pass runs on a
/// `builtin.module` and may assume it verifies.
pub trait Pass {
    /// The registered name (`canonicalize`, `convert-py-to-tensor`, …).
    fn name(&self) -> &'static str;
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError>;
    /// Remarks about the last run (e.g. why equality saturation stopped), taken once.
    fn remarks(&mut self) -> Vec<String> {
        vec![]
    }
    /// Whether the pass must end its pipeline: it emits text in another IR (its
    /// [`output`](Pass::output)) which no pass of ours reads.
    fn ends_pipeline(&self) -> bool {
        false
    }
    /// The text the last run emitted, for a pass that [ends a pipeline](Pass::ends_pipeline)
    /// (`convert-loop-to-mlir`: upstream MLIR), taken once.
    fn output(&mut self) -> Option<String> {
        None
    }
}

/// Why a pipeline stopped.
#[derive(thiserror::Error, Debug)]
pub enum PassError {
    /// The pass itself reported an error at a source location.
    #[error("pass '{pass}' failed: {diagnostic}")]
    Failed {
        pass: &'static str,
        diagnostic: Diagnostic,
    },
    /// The IR did not verify after the pass (a compiler bug in that pass).
    #[error("IR does not verify after pass '{pass}':\n{}", .errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    InvalidIr {
        pass: &'static str,
        errors: Vec<VerifyError>,
    },
}
