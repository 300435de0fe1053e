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

mod compile;
mod error;
pub mod frontend;
mod gpu_ufunc;
mod gufunc;
mod kernel;
mod options;
mod ufunc;

pub use options::{ErrorModel, Options};

pub use compile::{
    nested_list, python_float_repr, CompiledFunction, Function, Module, PyValue, StageDumps,
};
pub use error::Error;
pub use kernel::{Kernel, LoweredKernel};
pub use runtime::{Arg, ArrayArg};

use dialects::ir::{parse_module, print_op, verify, Context};
use passes::pipeline::{Instrumentation, PassManager, RunReport};
use runtime::gpu::{GpuTarget, GpuVendor};

/// The compilation stages `blackbird dump --stage` can print, in pipeline order.
pub const STAGES: &[&str] = &[
    "py",
    "typed",
    "tensor",
    "tensor-opt",
    "loop",
    "mlir",
    "llvm",
    "asm",
    "ptx",
    "amdgcn",
];

/// Runs `f` (a compilation step) with at least 256 MiB of stack, on a new 1 GiB segment when
/// the calling thread has less left. Compiling recurses over the program's nesting
/// (expressions, blocks, regions), as upstream MLIR does; the frontend and the IR parser bound
/// that nesting, and this stack holds the deepest program they accept, on any thread. The
/// segment is address space: only what the recursion touches is used.
pub(crate) fn with_compiler_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 << 20, 1 << 30, f)
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
) -> Result<(dialects::ir::OpId, dialects::ir::OpId), Error> {
    let sig = signature_for(ctx, program, function, signature)?;
    infer_types_for(ctx, program, function, sig)
}

/// The signature to compile for: `signature` text, else the function's first eager signature.
fn signature_for(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    signature: Option<&str>,
) -> Result<dialects::ir::Type, Error> {
    let f = find_function(program, function)?;
    match signature {
        Some(text) => Ok(frontend::parse_signature(ctx, text)?),
        None => match f.decorator.as_ref().and_then(|d| d.signatures.first()) {
            Some(t) => Ok(*t),
            None => Err(Error::NotAvailable(format!(
                "function `{function}` has no eager signature: give one, e.g. --sig 'float64(float64[:, :])'"
            ))),
        },
    }
}

/// [`infer_types`] for a signature given as a function type (results `!py.object`: inferred).
pub fn infer_types_for(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    sig: dialects::ir::Type,
) -> Result<(dialects::ir::OpId, dialects::ir::OpId), Error> {
    with_compiler_stack(|| infer_types_on_stack(ctx, program, function, sig))
}

fn infer_types_on_stack(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    sig: dialects::ir::Type,
) -> Result<(dialects::ir::OpId, dialects::ir::OpId), Error> {
    find_function(program, function)?;
    let (inputs, results) = match ctx.type_kind(sig) {
        dialects::ir::TypeKind::Function { inputs, results } => (inputs.clone(), results.clone()),
        _ => unreachable!("signatures parse to function types"),
    };
    let (typed, entry) =
        passes::transforms::infer_types::infer_types(ctx, program.module, function, &inputs)?;
    passes::transforms::infer_types::apply_declared_result(ctx, entry, results.first().copied())?;
    verify(ctx, typed).map_err(Error::Verify)?;
    Ok((typed, entry))
}

/// `function` of `program`, or the error of lowering it or a function it calls.
fn find_function<'p>(
    program: &'p frontend::Program,
    function: &str,
) -> Result<&'p frontend::FunctionDecl, Error> {
    if let Some(error) = program.lowering_error(function) {
        return Err(error.clone().into());
    }
    program.function(function).ok_or_else(|| {
        Error::NotAvailable(format!(
            "no function `{function}` (functions: {})",
            program.names.join(", ")
        ))
    })
}

/// The IR of `function` (and the module functions it calls) at `stage`; `signature` chooses
/// the argument types for the typed stages.
pub fn dump(
    source: &str,
    filename: &str,
    function: &str,
    stage: &str,
    signature: Option<&str>,
) -> Result<String, Error> {
    dump_with(source, filename, function, stage, signature, |_| {})
}

/// [`dump`] with the function's decorator options changed by `adjust` first (e.g.
/// [`Options::explain`]).
pub fn dump_with(
    source: &str,
    filename: &str,
    function: &str,
    stage: &str,
    signature: Option<&str>,
    adjust: impl FnOnce(&mut Options),
) -> Result<String, Error> {
    with_compiler_stack(|| dump_on_stack(source, filename, function, stage, signature, adjust))
}

fn dump_on_stack(
    source: &str,
    filename: &str,
    function: &str,
    stage: &str,
    signature: Option<&str>,
    adjust: impl FnOnce(&mut Options),
) -> Result<String, Error> {
    if !STAGES.contains(&stage) {
        return Err(Error::NotAvailable(format!(
            "unknown stage '{stage}' (stages: {})",
            STAGES.join(", ")
        )));
    }
    let mut ctx = Context::new();
    let program = lower_python(&mut ctx, source, filename)?;
    match stage {
        "py" => {
            let f = find_function(&program, function)?;
            let mut out = String::new();
            for op in reachable_functions(&ctx, program.module, f.op) {
                out.push_str(&print_op(&ctx, op, Default::default()));
            }
            Ok(out)
        }
        "typed" => {
            let f = find_function(&program, function)?;
            let sig = signature_for(&mut ctx, &program, function, signature)?;
            if let Some((inputs, out)) = ufunc_operands(&ctx, f, function, sig)? {
                // The scalar loop the ufunc call runs, typed for the element types.
                let lowered =
                    lower_ufunc(&mut ctx, &program, function, &f.options(), &inputs, out)?;
                return Ok(lowered.stages.typed);
            }
            let (typed, _) = infer_types_for(&mut ctx, &program, function, sig)?;
            Ok(print_op(&ctx, typed, Default::default()))
        }
        "tensor" | "tensor-opt" | "loop" | "mlir" | "llvm" | "asm" | "ptx" | "amdgcn" => {
            let f = find_function(&program, function)?;
            let mut options = f.options();
            adjust(&mut options);
            // GPU assembly of a kernel for either vendor: the same kernel compiles for both.
            let assembly_for = match stage {
                "ptx" => Some(GpuVendor::Cuda),
                "amdgcn" => Some(GpuVendor::Rocm),
                _ => None,
            };
            if let Some(vendor) = assembly_for {
                if options.gpu.is_none() {
                    return Err(Error::NotAvailable(format!(
                        "stage '{stage}' is GPU assembly: `{function}` is not a GPU kernel \
                         (@cuda.jit) or GPU ufunc (@vectorize(..., target='cuda'))"
                    )));
                }
                options.gpu = Some(vendor);
            }
            let sig = signature_for(&mut ctx, &program, function, signature)?;
            let gpu_ufunc = options.gpu.is_some()
                && f.decorator
                    .as_ref()
                    .is_some_and(|d| d.kind == frontend::DecoratorKind::Vectorize);
            let lowered = match ufunc_operands(&ctx, f, function, sig)? {
                Some((inputs, out)) => {
                    lower_ufunc(&mut ctx, &program, function, &options, &inputs, out)?
                }
                None if gpu_ufunc => {
                    return Err(Error::NotAvailable(format!(
                        "`{function}` is a GPU ufunc: its code is the kernel over arrays; give \
                         array types, e.g. --sig '(float32[:], float32[:])'"
                    )))
                }
                None => compile::compile_signature(&mut ctx, &program, function, sig, &options)?,
            };
            let mlir = lowered.mlir;
            let stages = lowered.stages;
            let engine = |e: runtime::EngineError| Error::internal(function, &mlir, e);
            Ok(match (stage, options.gpu) {
                ("tensor", _) => stages.tensor,
                ("tensor-opt", _) => stages.tensor_opt,
                ("loop", _) => stages.loop_,
                ("llvm", None) => runtime::lower_to_llvm_text(&stages.mlir, &options.cpu_target()?)
                    .map_err(engine)?,
                ("asm", None) => host_assembly(
                    &runtime::lower_to_llvm_text(&stages.mlir, &options.cpu_target()?)
                        .map_err(engine)?,
                )?,
                // A kernel's LLVM dialect is NVVM's or ROCDL's; its assembly PTX or AMDGCN.
                ("llvm", Some(vendor)) => {
                    runtime::gpu::lower_to_gpu_llvm(&stages.mlir, &GpuTarget::default_for(vendor))
                        .map_err(engine)?
                }
                ("asm" | "ptx" | "amdgcn", Some(vendor)) => {
                    runtime::gpu::compile_to_assembly(&stages.mlir, &GpuTarget::default_for(vendor))
                        .map_err(engine)?
                }
                _ => stages.mlir,
            })
        }
        _ => unreachable!("checked against STAGES"),
    }
}

/// A ufunc call's code: the elementwise loop on the CPU, or the GPU kernel of a ufunc with
/// `target='cuda'|'rocm'`.
fn lower_ufunc(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    options: &Options,
    inputs: &[dialects::ir::Type],
    out: Option<dialects::ir::Type>,
) -> Result<compile::Lowered, Error> {
    match options.gpu {
        Some(_) => ufunc::lower_vectorized_kernel(ctx, program, function, options, inputs, out),
        None => ufunc::lower_vectorized(ctx, program, function, options, inputs, out),
    }
}

/// For a `@vectorize` function and a signature with array arguments (`(float64[:],)`), the
/// ufunc call's input types and output array type: its code is the elementwise loop over
/// them. `None` for any other function or signature (the function itself is compiled).
fn ufunc_operands(
    ctx: &dialects::ir::Context,
    f: &frontend::FunctionDecl,
    function: &str,
    sig: dialects::ir::Type,
) -> Result<Option<(Vec<dialects::ir::Type>, Option<dialects::ir::Type>)>, Error> {
    let vectorize = f
        .decorator
        .as_ref()
        .is_some_and(|d| d.kind == frontend::DecoratorKind::Vectorize);
    let dialects::ir::TypeKind::Function { inputs, .. } = ctx.type_kind(sig) else {
        unreachable!("signatures parse to function types")
    };
    let is_array = |t: &dialects::ir::Type| ctx.type_kind(*t).is_shaped();
    if !vectorize || !inputs.iter().any(is_array) {
        return Ok(None);
    }
    let nin = dialects::func::function_signature(ctx, f.op).map_or(0, |(params, _)| params.len());
    let (ins, out) = ufunc::split_operands(function, nin, inputs, is_array, |t| {
        passes::transforms::infer_types::rules::display(ctx, *t)
    })?;
    Ok(Some((ins.to_vec(), out.copied())))
}

/// Host assembly for an LLVM-dialect module, through LLVM 22's `mlir-translate`, `opt -O3`
/// (the optimisations the JIT runs, vectorizers included) and `llc` for the host CPU
/// (installed with the MLIR packages; `BLACKBIRD_LLVM_BIN` overrides their directory).
fn host_assembly(llvm_dialect: &str) -> Result<String, Error> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let bin = std::env::var("BLACKBIRD_LLVM_BIN").unwrap_or_else(|_| "/usr/lib/llvm-22/bin".into());
    let run = |tool: &str, args: &[&str], input: &str| -> Result<String, Error> {
        let path = std::path::Path::new(&bin).join(tool);
        let mut child = Command::new(&path)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::Io {
                path: path.display().to_string(),
                source: e,
            })?;
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(input.as_bytes())
            .map_err(|e| Error::Io {
                path: tool.into(),
                source: e,
            })?;
        let out = child.wait_with_output().map_err(|e| Error::Io {
            path: tool.into(),
            source: e,
        })?;
        if !out.status.success() {
            return Err(Error::NotAvailable(format!(
                "{tool} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let ir = run("mlir-translate", &["--mlir-to-llvmir"], llvm_dialect)?;
    let optimized = run("opt", &["-O3", "-mcpu=native", "-S", "-o", "-"], &ir)?;
    run("llc", &["-O3", "-mcpu=native", "-o", "-"], &optimized)
}

/// `root` and the functions of `module` it calls, directly or not, in module order.
fn reachable_functions(
    ctx: &Context,
    module: dialects::ir::OpId,
    root: dialects::ir::OpId,
) -> Vec<dialects::ir::OpId> {
    let mut reached = vec![root];
    let mut i = 0;
    while i < reached.len() {
        for op in ctx.walk_preorder(reached[i]) {
            if ctx.op_name(op) == dialects::py::CALL.name {
                let callee = ctx.attr_str(op, "callee").to_string();
                if let Some(f) = dialects::func::lookup_function(ctx, module, &callee) {
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

/// The result of [`optimize`].
#[derive(Debug)]
pub struct Optimized {
    /// The final IR.
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
    with_compiler_stack(|| optimize_on_stack(source, filename, pipeline, instrumentation))
}

fn optimize_on_stack(
    source: &str,
    filename: &str,
    pipeline: &str,
    instrumentation: Instrumentation,
) -> Result<Optimized, Error> {
    let registry = passes::default_registry();
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
    Ok(Optimized {
        ir: print_op(&ctx, module, print_options),
        report,
    })
}
