//! Runs a list of passes with instrumentation.

use std::fmt::Write;
use std::time::{Duration, Instant};

use blackbird_dialects::ir::{print_op, verify, Context, OpId, PrintOptions};

use super::{parse_pipeline, Change, Pass, PassError, PassRegistry, PipelineError};

/// What to do around each pass.
#[derive(Clone, Debug)]
pub struct Instrumentation {
    /// Verify the IR after every pass (on by default: a failure names the guilty pass).
    pub verify_each: bool,
    /// Print the IR after every pass.
    pub print_after_all: bool,
    /// Print the IR after the passes with these names.
    pub print_after: Vec<String>,
    /// Print only when the pass changed the IR.
    pub print_after_change: bool,
    /// Options for printing the IR.
    pub print_options: PrintOptions,
}

impl Default for Instrumentation {
    fn default() -> Self {
        Instrumentation {
            verify_each: true,
            print_after_all: false,
            print_after: vec![],
            print_after_change: false,
            print_options: PrintOptions::default(),
        }
    }
}

/// Time and outcome of one pass run.
#[derive(Clone, Debug)]
pub struct PassTiming {
    pub pass: &'static str,
    pub time: Duration,
    pub change: Change,
}

/// What a pipeline run produced besides the transformed IR.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    /// IR dumps requested by the instrumentation, in MLIR's format
    /// (`// -----// IR Dump After cse //----- //`).
    pub dumps: String,
    pub timings: Vec<PassTiming>,
    /// Remarks of the passes, each prefixed by the pass name (`tensor-eqsat: …`).
    pub remarks: Vec<String>,
    /// The text the pipeline's last pass emitted when it [ends
    /// pipelines](super::Pass::ends_pipeline) (`convert-loop-to-mlir`: upstream MLIR): the
    /// pipeline's result in place of the IR.
    pub output: Option<String>,
}

impl RunReport {
    /// An MLIR-style execution time report.
    pub fn timing_table(&self) -> String {
        let total: Duration = self.timings.iter().map(|t| t.time).sum();
        let secs = total.as_secs_f64();
        let pct = |d: Duration| {
            if secs > 0.0 {
                100.0 * d.as_secs_f64() / secs
            } else {
                0.0
            }
        };
        let rule =
            "===-------------------------------------------------------------------------===";
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{rule}\n{:^79}\n{rule}",
            "... Execution time report ..."
        );
        let _ = writeln!(out, "  Total Execution Time: {secs:.6} seconds\n");
        let _ = writeln!(out, "  ----Wall Time----  ----Changed----  ----Name----");
        for t in &self.timings {
            let changed = if t.change == Change::Changed {
                "yes"
            } else {
                "no"
            };
            let _ = writeln!(
                out,
                "  {:>9.6} ({:>5.1}%)  {changed:>15}  {}",
                t.time.as_secs_f64(),
                pct(t.time),
                t.pass
            );
        }
        let _ = writeln!(out, "  {secs:>9.6} (100.0%)  {:>15}  Total", "");
        out
    }
}

/// An ordered list of passes.
pub struct PassManager {
    passes: Vec<Box<dyn Pass>>,
    pub instrumentation: Instrumentation,
}

impl PassManager {
    pub fn new(passes: Vec<Box<dyn Pass>>) -> Self {
        PassManager {
            passes,
            instrumentation: Instrumentation::default(),
        }
    }

    /// Build from a pipeline string such as `canonicalize{max-iterations=4},cse`. A pass that
    /// [ends pipelines](Pass::ends_pipeline) must be the last.
    pub fn parse(registry: &PassRegistry, pipeline: &str) -> Result<Self, PipelineError> {
        let specs = parse_pipeline(pipeline)?;
        let passes = specs
            .iter()
            .map(|s| registry.create(s))
            .collect::<Result<Vec<_>, _>>()?;
        let last = passes.len() - 1;
        if let Some((i, pass)) = passes
            .iter()
            .enumerate()
            .find(|(i, p)| *i < last && p.ends_pipeline())
        {
            return Err(PipelineError::new(
                specs[i].column,
                format!(
                    "pass '{}' must end the pipeline (it emits upstream MLIR text, which no pass \
                     reads), but '{}' follows it",
                    pass.name(),
                    specs[i + 1].name
                ),
            ));
        }
        Ok(PassManager::new(passes))
    }

    pub fn pass_names(&self) -> Vec<&'static str> {
        self.passes.iter().map(|p| p.name()).collect()
    }

    /// Run every pass in order on `module`.
    pub fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<RunReport, PassError> {
        let mut report = RunReport::default();
        for pass in &mut self.passes {
            let start = Instant::now();
            let change = pass.run(ctx, module)?;
            let time = start.elapsed();
            let name = pass.name();
            for remark in pass.remarks() {
                report.remarks.push(format!("{name}: {remark}"));
            }
            if let Some(output) = pass.output() {
                report.output = Some(output);
            }
            report.timings.push(PassTiming {
                pass: name,
                time,
                change,
            });
            if self.instrumentation.verify_each {
                verify(ctx, module)
                    .map_err(|errors| PassError::InvalidIr { pass: name, errors })?;
            }
            let inst = &self.instrumentation;
            let wanted = inst.print_after_all || inst.print_after.iter().any(|p| p == name);
            if wanted && (!inst.print_after_change || change == Change::Changed) {
                let _ = writeln!(report.dumps, "// -----// IR Dump After {name} //----- //");
                report
                    .dumps
                    .push_str(&print_op(ctx, module, inst.print_options));
                report.dumps.push('\n');
            }
        }
        Ok(report)
    }
}
