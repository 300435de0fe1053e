//! The stage table: every stage a function's code goes through, named and in order, and the IR
//! kept at each.

use std::time::{Duration, Instant};

use crate::Error;

/// A compilation stage whose IR `blackbird dump --stage` prints, in pipeline order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The `py` dialect as the frontend lowers the source (the function and its callees).
    Py,
    /// After `py-infer-types`, for one signature.
    Typed,
    /// After `convert-py-to-tensor` and `ownership-based-buffer-deallocation`.
    Tensor,
    /// After the tensor-level optimisations (fusion, equality saturation), with their remarks.
    TensorOpt,
    /// After `convert-tensor-to-loop`.
    Loop,
    /// Upstream MLIR, as `convert-loop-to-mlir` emits it: what the JIT compiles.
    Mlir,
    /// The LLVM dialect (NVVM's or ROCDL's for a GPU kernel).
    Llvm,
    /// Host assembly (PTX or AMDGCN for a GPU kernel).
    Asm,
    /// A GPU kernel's NVIDIA assembly.
    Ptx,
    /// A GPU kernel's AMD assembly.
    Amdgcn,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 10] = [
        Stage::Py,
        Stage::Typed,
        Stage::Tensor,
        Stage::TensorOpt,
        Stage::Loop,
        Stage::Mlir,
        Stage::Llvm,
        Stage::Asm,
        Stage::Ptx,
        Stage::Amdgcn,
    ];

    /// The stage's name, as `--stage` takes it.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Py => "py",
            Stage::Typed => "typed",
            Stage::Tensor => "tensor",
            Stage::TensorOpt => "tensor-opt",
            Stage::Loop => "loop",
            Stage::Mlir => "mlir",
            Stage::Llvm => "llvm",
            Stage::Asm => "asm",
            Stage::Ptx => "ptx",
            Stage::Amdgcn => "amdgcn",
        }
    }

    /// The stage named `name`; the error lists the stages.
    pub fn from_name(name: &str) -> Result<Stage, Error> {
        Stage::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| {
                Error::NotAvailable(format!(
                    "unknown stage '{name}' (stages: {})",
                    STAGES.join(", ")
                ))
            })
    }
}

/// The compilation stages `blackbird dump --stage` can print, in pipeline order.
pub const STAGES: &[&str] = &{
    let mut names = [""; Stage::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Stage::ALL[i].name();
        i += 1;
    }
    names
};

/// The IR of each stage one specialisation went through, in pipeline order, and the time each
/// stage took to produce (none of either when its code was loaded from the on-disk cache).
#[derive(Clone, Debug, Default)]
pub struct StageDumps {
    kept: Vec<(Stage, String)>,
    times: Vec<(Stage, Duration)>,
    /// Time spent printing the kept IR (not part of any stage's time).
    printing: Duration,
    /// When the stage being produced started (`None` before [`StageDumps::started`]).
    clock: Option<Instant>,
}

impl StageDumps {
    /// Stages about to be produced, the first one's clock started now.
    pub(crate) fn started() -> Self {
        StageDumps {
            clock: Some(Instant::now()),
            ..Default::default()
        }
    }

    /// Keep the IR `print` prints as the IR of `stage`, the next stage run, and the time it
    /// took since the previous stage was kept (printing excluded).
    pub(crate) fn keep(&mut self, stage: Stage, print: impl FnOnce() -> String) {
        debug_assert!(self.kept.last().is_none_or(|(last, _)| *last < stage));
        self.lap(stage);
        let start = Instant::now();
        self.kept.push((stage, print()));
        self.printing += start.elapsed();
        self.clock = Some(Instant::now());
    }

    /// Record the time since the previous stage as `stage`'s (whose IR is not kept).
    pub(crate) fn lap(&mut self, stage: Stage) {
        if let Some(clock) = self.clock {
            self.times.push((stage, clock.elapsed()));
            self.clock = Some(Instant::now());
        }
    }

    /// Record the JIT's phases as the `llvm` and `asm` stages' times.
    pub(crate) fn add_jit_times(&mut self, jit: crate::runtime::JitTimes) {
        self.times.push((Stage::Llvm, jit.lowering));
        self.times.push((Stage::Asm, jit.codegen));
    }

    /// The IR of `stage`, if it was kept.
    pub fn get(&self, stage: Stage) -> Option<&str> {
        self.kept
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, ir)| ir.as_str())
    }

    /// Every stage kept and its IR, in pipeline order.
    pub fn iter(&self) -> impl Iterator<Item = (Stage, &str)> {
        self.kept.iter().map(|(s, ir)| (*s, ir.as_str()))
    }

    /// How long each stage took to produce from the one before, in pipeline order: `typed`
    /// (type inference), `tensor`, `tensor-opt`, `loop`, `mlir` (our passes), `llvm` (MLIR's
    /// lowering to the LLVM dialect), `asm` (LLVM's optimisation and code generation).
    pub fn times(&self) -> &[(Stage, Duration)] {
        &self.times
    }

    /// The time spent printing the stages' IR (kept for `dump`), apart from the stages'.
    pub fn printing_time(&self) -> Duration {
        self.printing
    }

    /// One line per stage, `  typed      1.23 ms`, then the printing time and the total.
    pub fn time_report(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let mut out = String::new();
        for (stage, took) in &self.times {
            out.push_str(&format!("  {:<11}{:>9.2} ms\n", stage.name(), ms(*took)));
        }
        let total: Duration = self.times.iter().map(|(_, d)| *d).sum();
        out.push_str(&format!(
            "  {:<11}{:>9.2} ms\n",
            "(print IR)",
            ms(self.printing)
        ));
        out.push_str(&format!(
            "  {:<11}{:>9.2} ms\n",
            "total",
            ms(total + self.printing)
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_named_in_pipeline_order() {
        assert_eq!(
            STAGES,
            [
                "py",
                "typed",
                "tensor",
                "tensor-opt",
                "loop",
                "mlir",
                "llvm",
                "asm",
                "ptx",
                "amdgcn"
            ]
        );
        for stage in Stage::ALL {
            assert_eq!(Stage::from_name(stage.name()).unwrap(), stage);
        }
        let err = Stage::from_name("llir").unwrap_err().to_string();
        assert!(
            err.starts_with("unknown stage 'llir' (stages: py, typed,"),
            "{err}"
        );
    }
}
