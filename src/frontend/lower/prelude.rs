//! The NumPy prelude (see [`crate::passes::library::prelude`]) seen from the frontend: every
//! module's calls `np.NAME(...)` that the registry does not declare bind against the
//! parameters of the prelude's `def NAME`, and the prelude functions a module calls (and
//! those they call) are lowered into it as the functions `np.NAME`, compiled like the
//! module's undecorated helpers.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ruff_python_ast as ast;

use super::{module_functions, module_scope, FunctionLowerer, LResult, ModuleScope, Params};
use crate::dialects::ir::{BlockId, Context, Diagnostic, OpId};
use crate::dialects::py;
use crate::frontend::source::SourceFile;
use crate::frontend::FunctionDecl;
use crate::passes::library::prelude::{numpy_name, NUMPY, NUMPY_FILE, RANDOM, RANDOM_FILE};

/// What the IR calls the prelude's functions: `np.NAME` (no Python name has a dot), and
/// `np.random.NAME` for the random prelude's.
const PREFIX: &str = "np.";
const RANDOM_PREFIX: &str = "np.random.";

/// One file of the prelude.
struct PreludeModule {
    parsed: ruff_python_parser::Parsed<ast::ModModule>,
    file: SourceFile<'static>,
    /// Its top level; `prelude` maps `np.NAME` (`np.random.NAME`) to the parameters of each
    /// function of the whole prelude.
    scope: ModuleScope,
}

pub(super) struct Prelude {
    /// The random prelude first: its prefix is the longer.
    modules: Vec<PreludeModule>,
}

impl Prelude {
    /// The prelude, parsed once per process.
    pub(super) fn get() -> &'static Prelude {
        static PRELUDE: OnceLock<Prelude> = OnceLock::new();
        PRELUDE.get_or_init(|| {
            let mut modules: Vec<PreludeModule> = [
                (RANDOM, RANDOM_FILE, RANDOM_PREFIX),
                (NUMPY, NUMPY_FILE, PREFIX),
            ]
            .into_iter()
            .map(|(source, name, prefix)| {
                let parsed = ruff_python_parser::parse_module(source).expect("the prelude parses");
                let file = SourceFile::new(name, source);
                let scope = module_scope(&file, parsed.syntax(), prefix)
                    .expect("the prelude's top level lowers");
                PreludeModule {
                    parsed,
                    file,
                    scope,
                }
            })
            .collect();
            let qualified: HashMap<String, Params> = modules
                .iter()
                .flat_map(|m| {
                    m.scope.functions.iter().map(|(name, params)| {
                        (
                            format!("{}{}", m.scope.prefix, numpy_name(name)),
                            params.clone(),
                        )
                    })
                })
                .collect();
            for m in &mut modules {
                m.scope.prelude = qualified.clone();
            }
            Prelude { modules }
        })
    }

    /// `np.NAME` → the parameters of each of its functions.
    pub(super) fn qualified_functions(&self) -> &HashMap<String, Params> {
        &self.modules[0].scope.prelude
    }

    /// Lower into the module `body` the prelude functions that `functions` call, and those
    /// these call, each named `np.NAME` (`np.random.NAME`); one that does not lower joins
    /// `unlowered`.
    pub(super) fn lower_called(
        &self,
        ctx: &mut Context,
        body: BlockId,
        functions: &mut Vec<FunctionDecl>,
        unlowered: &mut Vec<(String, Diagnostic)>,
    ) -> LResult<()> {
        let mut pending: Vec<String> = functions.iter().flat_map(|f| called(ctx, f.op)).collect();
        if pending.is_empty() {
            return Ok(());
        }
        let defs: Vec<_> = self
            .modules
            .iter()
            .map(|m| module_functions(m.parsed.syntax()))
            .collect();
        let mut seen = HashSet::new();
        while let Some(symbol) = pending.pop() {
            if !seen.insert(symbol.clone()) {
                continue;
            }
            let found = self.modules.iter().zip(&defs).find_map(|(m, defs)| {
                let name = symbol.strip_prefix(m.scope.prefix)?;
                let def = defs.iter().find(|d| numpy_name(d.name.as_str()) == name)?;
                Some((m, *def))
            });
            let Some((m, def)) = found else {
                continue;
            };
            match FunctionLowerer::lower(ctx, &m.file, &m.scope, def, None) {
                Ok(lowered) => {
                    let op = lowered.op;
                    let sym = ctx.str_attr(&symbol);
                    ctx.set_attr(op, "sym_name", sym);
                    pending.extend(called(ctx, op));
                    lowered.add_to(ctx, body, functions, &symbol, None);
                }
                Err(error) => unlowered.push((symbol, error)),
            }
        }
        Ok(())
    }
}

/// The prelude functions `op` calls.
fn called(ctx: &Context, op: OpId) -> Vec<String> {
    ctx.walk_preorder(op)
        .into_iter()
        .filter(|o| ctx.is_op(*o, &py::CALL))
        .map(|o| ctx.attr_str(o, "callee").to_string())
        .filter(|callee| callee.starts_with(PREFIX))
        .collect()
}
