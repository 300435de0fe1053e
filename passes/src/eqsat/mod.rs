//! `tensor-eqsat`: equality saturation with egg over the tensor level.
//!
//! Input: the tensor level after `tensor-fuse` (maps over reads, matmuls, full reductions,
//! scalar code). Each block becomes an e-graph (see [`translate`]): elementwise maps are
//! unfolded into their scalar arithmetic applied to tensors, matmul chains and reductions
//! are terms, every other value is a leaf. The [rules] run until saturation or a named limit
//! (`iter-limit`, `node-limit`, `time-limit` in ms); the [cost model](cost) picks the cheapest
//! equivalent of each root, which [`extract`] writes back (one map per elementwise tree, with
//! the input's source locations). Roots whose cheapest term is the input are left alone.
//!
//! Options: `fastmath` (also the rules that are not bit-exact), `reassociate-matmul` (matrix
//! chain reassociation, default on), the three limits, and `explain` (a remark with egg's
//! explanation of each rewritten root). Remarks: per function, the stop reason, iterations
//! and e-graph size.

mod analysis;
mod cost;
mod extract;
pub mod language;
pub mod rules;
mod translate;

use std::time::Duration;

use blackbird_dialects::func;
use blackbird_dialects::ir::{BlockId, Context, OpId};
use egg::{Extractor, Language, Runner, StopReason};

use crate::pipeline::{Change, OptionSpec, Pass, PassError, PassOptions, PipelineError};
use extract::Writer;
use rules::RuleSet;
use translate::Translation;

/// The options of `tensor-eqsat`.
#[derive(Clone, Copy, Debug)]
pub struct EqsatOptions {
    pub rules: RuleSet,
    pub iter_limit: usize,
    pub node_limit: usize,
    pub time_limit: Duration,
    pub explain: bool,
}

impl Default for EqsatOptions {
    fn default() -> Self {
        EqsatOptions {
            rules: RuleSet {
                fastmath: false,
                reassociate_matmul: true,
            },
            iter_limit: 16,
            node_limit: 10_000,
            time_limit: Duration::from_millis(1000),
            explain: false,
        }
    }
}

pub const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "fastmath",
        help: "also apply rewrites that are not bit-exact (reassociation, x*0=0, fma, exp/log)",
        default: "false",
    },
    OptionSpec {
        name: "reassociate-matmul",
        help: "reassociate matrix-product chains by cost",
        default: "true",
    },
    OptionSpec {
        name: "iter-limit",
        help: "stop after this many rewrite iterations per block",
        default: "16",
    },
    OptionSpec {
        name: "node-limit",
        help: "stop when a block's e-graph has this many e-nodes",
        default: "10000",
    },
    OptionSpec {
        name: "time-limit",
        help: "stop after this many milliseconds per block",
        default: "1000",
    },
    OptionSpec {
        name: "explain",
        help: "report egg's explanation of each rewritten term",
        default: "false",
    },
];

impl EqsatOptions {
    pub fn parse(options: &PassOptions) -> Result<Self, PipelineError> {
        let d = EqsatOptions::default();
        Ok(EqsatOptions {
            rules: RuleSet {
                fastmath: options.get_bool("fastmath", d.rules.fastmath)?,
                reassociate_matmul: options
                    .get_bool("reassociate-matmul", d.rules.reassociate_matmul)?,
            },
            iter_limit: options.get_usize("iter-limit", d.iter_limit)?,
            node_limit: options.get_usize("node-limit", d.node_limit)?,
            time_limit: Duration::from_millis(
                options.get_usize("time-limit", d.time_limit.as_millis() as usize)? as u64,
            ),
            explain: options.get_bool("explain", d.explain)?,
        })
    }
}

pub struct TensorEqsat {
    pub options: EqsatOptions,
    remarks: Vec<String>,
}

impl TensorEqsat {
    pub fn new(options: EqsatOptions) -> Self {
        TensorEqsat {
            options,
            remarks: vec![],
        }
    }
}

impl Pass for TensorEqsat {
    fn name(&self) -> &'static str {
        "tensor-eqsat"
    }

    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        let mut changed = false;
        let functions: Vec<OpId> = ctx
            .walk_preorder(module)
            .into_iter()
            .filter(|op| ctx.is_op(*op, &func::FUNC))
            .collect();
        for f in functions {
            let mut summary = Summary::default();
            let mut blocks: Vec<BlockId> = ctx
                .regions(f)
                .iter()
                .flat_map(|r| ctx.blocks(*r).to_vec())
                .collect();
            while let Some(block) = blocks.pop() {
                let nested = optimize_block(ctx, block, &self.options, &mut summary);
                blocks.extend(nested);
            }
            changed |= summary.rewritten > 0;
            if summary.blocks > 0 {
                let name = blackbird_dialects::func::function_name(ctx, f)
                    .unwrap_or_default()
                    .to_string();
                self.remarks.push(summary.line(&name));
                self.remarks.extend(summary.explanations);
            }
        }
        Ok(Change::from_bool(changed))
    }

    fn remarks(&mut self) -> Vec<String> {
        std::mem::take(&mut self.remarks)
    }
}

/// What saturation did in one function.
#[derive(Default)]
struct Summary {
    blocks: usize,
    rewritten: usize,
    max_iterations: usize,
    max_nodes: usize,
    /// Blocks that stopped on a limit, with the reason.
    limited: Vec<String>,
    explanations: Vec<String>,
}

impl Summary {
    fn line(&self, function: &str) -> String {
        let stop = match self.limited.first() {
            None => "saturated".to_string(),
            Some(reason) => format!(
                "{reason} in {} of {} blocks",
                self.limited.len(),
                self.blocks
            ),
        };
        format!(
            "@{function}: {} terms rewritten; stop: {stop}; at most {} iterations and {} e-nodes per block",
            self.rewritten, self.max_iterations, self.max_nodes
        )
    }
}

fn stop_reason(reason: &Option<StopReason>) -> Option<String> {
    match reason {
        None | Some(StopReason::Saturated) => None,
        Some(StopReason::IterationLimit(n)) => Some(format!("iteration limit ({n})")),
        Some(StopReason::NodeLimit(n)) => Some(format!("node limit ({n})")),
        Some(StopReason::TimeLimit(s)) => Some(format!("time limit ({:.0} ms)", s * 1000.0)),
        Some(StopReason::Other(s)) => Some(s.clone()),
    }
}

type Graph = egg::EGraph<language::TensorLang, analysis::EqsatAnalysis>;

/// Run the rules of `options` on `egraph` within its limits.
fn saturate(
    mut egraph: Graph,
    options: &EqsatOptions,
) -> Runner<language::TensorLang, analysis::EqsatAnalysis> {
    egraph.rebuild();
    Runner::default()
        .with_egraph(egraph)
        .with_iter_limit(options.iter_limit)
        .with_node_limit(options.node_limit)
        .with_time_limit(options.time_limit)
        .run(&rules::rules(options.rules))
}

/// Saturate and rewrite one block; returns the blocks nested in the ops that stay.
fn optimize_block(
    ctx: &mut Context,
    block: BlockId,
    options: &EqsatOptions,
    summary: &mut Summary,
) -> Vec<BlockId> {
    let mut t = Translation::new(ctx, block, options.explain);
    let nested: Vec<BlockId> = ctx
        .block_ops(block)
        .iter()
        .filter(|op| !t.translated.contains(op))
        .flat_map(|op| ctx.regions(*op).to_vec())
        .flat_map(|r| ctx.blocks(r).to_vec())
        .collect();
    if t.roots.is_empty() {
        return nested;
    }
    let runner = saturate(std::mem::take(&mut t.egraph), options);
    summary.blocks += 1;
    summary.max_iterations = summary.max_iterations.max(runner.iterations.len());
    summary.max_nodes = summary.max_nodes.max(runner.egraph.total_number_of_nodes());
    if let Some(reason) = stop_reason(&runner.stop_reason) {
        summary.limited.push(reason);
    }
    let mut egraph = runner.egraph;
    let originals: Vec<_> = t.original.values().map(|(n, _)| n.clone()).collect();
    let mut replacements = vec![];
    // The input and chosen terms of each rewritten root, to explain.
    let mut rewrites = vec![];
    {
        let extractor = Extractor::new(&egraph, cost::ShapeCost::new(&egraph, originals));
        let mut writer = Writer::new(ctx, &t, &egraph, &extractor);
        for root in &t.roots {
            if writer.unchanged(root.value) {
                continue;
            }
            if options.explain {
                rewrites.push((root.anchor, writer.terms(root.value)));
            }
            let class = t.class_of[&t.resolve(root.value)];
            let value = writer.build(class, root.anchor);
            replacements.push((root.value, value));
        }
    }
    for (anchor, (input, best)) in rewrites {
        let steps = egraph.explain_equivalence(&input, &best).get_flat_string();
        let loc = ctx.loc(anchor);
        summary
            .explanations
            .push(format!("{loc}: {input} => {best}\n{steps}"));
    }
    for (old, new) in replacements {
        if ctx.value_type(old) == ctx.value_type(new) {
            ctx.replace_all_uses(old, new);
            summary.rewritten += 1;
        }
    }
    // The replaced terms' ops, last first so that users go before their operands.
    let mut replaced: Vec<OpId> = t.translated.iter().copied().collect();
    replaced.sort_by_key(|op| std::cmp::Reverse(ctx.op_position(*op)));
    for op in replaced {
        if ctx.results_unused(op) {
            ctx.erase_op(op);
        }
    }
    nested
}

/// Saturate one expression over scalar or tensor leaves (`vi` has kind and rank `leaves[i]`)
/// and extract its cheapest equivalent: the rules and cost model of the pass without the IR
/// (for tests and experiments).
pub fn optimize_expr(
    expr: &egg::RecExpr<language::TensorLang>,
    leaves: &[(language::ScalarKind, Option<usize>)],
    options: &EqsatOptions,
) -> egg::RecExpr<language::TensorLang> {
    let mut egraph = egg::EGraph::new(analysis::EqsatAnalysis::default());
    egraph.analysis.facts.leaves = leaves.to_vec();
    let mut ids: Vec<egg::Id> = vec![];
    let mut originals = vec![];
    for node in expr.as_ref() {
        let node = node.clone().map_children(|c| ids[usize::from(c)]);
        ids.push(egraph.add(node.clone()));
        originals.push(node);
    }
    let root = *ids.last().expect("a non-empty expression");
    let runner = saturate(egraph, options);
    let extractor = Extractor::new(
        &runner.egraph,
        cost::ShapeCost::new(&runner.egraph, originals),
    );
    extractor.find_best(root).1
}
