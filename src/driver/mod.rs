//! The stage driver: Python source to machine code through an ordered table of named stages
//! ([`Stage`]), as Triton's `compiler.py` runs its backend's stages. Each stage's IR is kept
//! ([`StageDumps`]) for `blackbird dump --stage` and for a specialisation's inspection.
//!
//! The source is parsed and lowered to the `py` dialect once per module ([`ModuleIr`]); every
//! specialisation of its functions is typed from that program, in its context:
//!
//! - `py` → `typed`: [`infer_types_for`] (`py-infer-types`);
//! - `typed` → `tensor` → `tensor-opt` → `loop`: `convert-py-to-tensor`, then the tensor and loop
//!   pass pipelines ([`compile_signature`]; for ufunc calls, [`lower_vectorized`] and
//!   [`lower_vectorized_kernel`] build the elementwise loop around the scalar function);
//! - `loop` → `mlir`: `convert-loop-to-mlir`, what the JIT ([`jit`]) takes;
//! - `mlir` → `llvm`, `asm`, `ptx`, `amdgcn`: rendered from the MLIR on request
//!   ([`later_stage`]).
//!
//! The driver knows signatures, not calls: the callables above it choose what to compile.

mod assembly;
pub(crate) mod cache;
mod compiled;
mod optimize;
mod pipeline;
mod stages;
mod ufunc;

pub(crate) use assembly::{gpu_assembly_vendor, later_stage};
pub use compiled::CompiledFunction;
pub use optimize::{optimize, Optimized};
pub(crate) use pipeline::{compile_signature, jit, Lowered};
pub use stages::{Stage, StageDumps, STAGES};
pub(crate) use ufunc::{lower_vectorized, lower_vectorized_kernel};

use crate::dialects::ir::{print_op, verify, Context, OpId, Type, TypeKind};
use crate::{frontend, Error};

/// Runs `f` (a compilation step) with at least 256 MiB of stack, on a new 1 GiB segment when
/// the calling thread has less left. Compiling recurses over the program's nesting
/// (expressions, blocks, regions), as upstream MLIR does; the frontend and the IR parser bound
/// that nesting, and this stack holds the deepest program they accept, on any thread. The
/// segment is address space: only what the recursion touches is used.
pub(crate) fn with_compiler_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 << 20, 1 << 30, f)
}

/// A module's program, lowered to the `py` dialect once, and the context that holds it and
/// every specialisation typed from it.
pub(crate) struct ModuleIr {
    pub ctx: Context,
    pub program: frontend::Program,
}

impl ModuleIr {
    /// Lower Python `source` (read from `filename`) and verify it.
    pub fn lower(source: &str, filename: &str) -> Result<ModuleIr, Error> {
        let mut ctx = Context::new();
        let program = lower_python(&mut ctx, source, filename)?;
        Ok(ModuleIr { ctx, program })
    }

    /// The declaration of `name`, or the error of lowering it or a function it calls.
    pub fn declaration(&self, name: &str) -> Result<&frontend::FunctionDecl, Error> {
        declaration(&self.ctx, &self.program, name)
    }

    /// The `py` stage of `function`: it and the module functions it calls, in module order.
    pub fn py_stage(&self, function: &str) -> Result<String, Error> {
        let f = self.declaration(function)?;
        let mut out = String::new();
        for op in reachable_functions(&self.ctx, self.program.module, f.op) {
            out.push_str(&print_op(&self.ctx, op, Default::default()));
        }
        Ok(out)
    }

    /// The function type `signature` names (Numba's notation), else `function`'s first eager
    /// signature.
    pub fn signature(&mut self, function: &str, signature: Option<&str>) -> Result<Type, Error> {
        signature_for(&mut self.ctx, &self.program, function, signature)
    }

    /// The `typed` stage of `function` for the function type `sig`.
    pub fn typed_stage(&mut self, function: &str, sig: Type) -> Result<String, Error> {
        let (typed, _) = infer_types_for(&mut self.ctx, &self.program, function, sig)?;
        Ok(print_op(&self.ctx, typed, Default::default()))
    }
}

/// Lower Python source to the `py` dialect and verify it.
pub fn lower_python(
    ctx: &mut Context,
    source: &str,
    filename: &str,
) -> Result<frontend::Program, Error> {
    with_compiler_stack(|| {
        let program = frontend::lower_source(ctx, source, filename)?;
        verify(ctx, program.module).map_err(Error::Verify)?;
        Ok(program)
    })
}

/// Type `function` of a lowered program for a signature (`--sig` text, else the function's
/// first eager signature): the module of typed functions (the entry and its callees, one per
/// argument types) and the typed entry.
pub fn infer_types(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    signature: Option<&str>,
) -> Result<(OpId, OpId), Error> {
    let sig = signature_for(ctx, program, function, signature)?;
    infer_types_for(ctx, program, function, sig)
}

/// [`infer_types`] for a signature given as a function type (results `!py.object`: inferred).
pub fn infer_types_for(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    sig: Type,
) -> Result<(OpId, OpId), Error> {
    with_compiler_stack(|| {
        declaration(ctx, program, function)?;
        let (inputs, results) = match ctx.type_kind(sig) {
            TypeKind::Function { inputs, results } => (inputs.clone(), results.clone()),
            _ => unreachable!("signatures parse to function types"),
        };
        use crate::passes::transforms::infer_types as infer;
        let (typed, entry) = infer::infer_types(ctx, program.module, function, &inputs)?;
        infer::apply_declared_result(ctx, entry, results.first().copied())?;
        verify(ctx, typed).map_err(Error::Verify)?;
        Ok((typed, entry))
    })
}

/// The function type `signature` names (Numba's notation), else `function`'s first eager
/// signature.
fn signature_for(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    signature: Option<&str>,
) -> Result<Type, Error> {
    let f = declaration(ctx, program, function)?;
    match signature {
        Some(text) => Ok(frontend::parse_signature(ctx, text)?),
        None => match f.decorator.as_ref().and_then(|d| d.signatures.first()) {
            Some(t) => Ok(*t),
            None => Err(Error::NotAvailable(format!(
                "function `{function}` has no eager signature: give one, e.g. --sig \
                 'float64(float64[:, :])'"
            ))),
        },
    }
}

/// `function` of `program`, or the error of lowering it or a function it calls.
fn declaration<'p>(
    ctx: &Context,
    program: &'p frontend::Program,
    function: &str,
) -> Result<&'p frontend::FunctionDecl, Error> {
    if let Some(error) = program.lowering_error(function) {
        return Err(error.clone().into());
    }
    program.function(function).ok_or_else(|| {
        let file = match ctx.loc(program.module) {
            crate::dialects::ir::Location::FileLineCol { file, .. } => format!(" in {file}"),
            crate::dialects::ir::Location::Unknown => String::new(),
        };
        Error::NotAvailable(format!(
            "no function `{function}`{file} (functions: {})",
            program.names.join(", ")
        ))
    })
}

/// `root` and the functions of `module` it calls, directly or not, in module order.
fn reachable_functions(ctx: &Context, module: OpId, root: OpId) -> Vec<OpId> {
    let mut reached = vec![root];
    let mut i = 0;
    while i < reached.len() {
        for op in ctx.walk_preorder(reached[i]) {
            if ctx.op_name(op) == crate::dialects::py::CALL.name {
                let callee = ctx.attr_str(op, "callee").to_string();
                if let Some(f) = crate::dialects::func::lookup_function(ctx, module, &callee) {
                    if !reached.contains(&f) {
                        reached.push(f);
                    }
                }
            }
        }
        i += 1;
    }
    ctx.body_ops(module)
        .into_iter()
        .filter(|f| reached.contains(f))
        .collect()
}
