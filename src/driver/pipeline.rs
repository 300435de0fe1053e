//! The stages from typed `py` to upstream MLIR: conversion, the tensor and loop pass
//! pipelines, MLIR emission, and the JIT.

use super::{Stage, StageDumps};
use crate::abi::{param_kind, result_kinds};
use crate::dialects::ir::{print_op, Context, OpId, Type};
use crate::passes::conversion::{loop_to_mlir, py_to_tensor};
use crate::passes::pipeline::PassManager;
use crate::runtime::{Entry, ParamKind, ResultKind};
use crate::{frontend, Error};

/// One function compiled down to upstream MLIR, ready to JIT.
pub(crate) struct Lowered {
    /// The IR of every stage run, `typed` to `mlir`.
    pub stages: StageDumps,
    pub mlir: loop_to_mlir::MlirModule,
    pub params: Vec<ParamKind>,
    pub results: Vec<ResultKind>,
    /// The Python-level result type.
    pub result: Option<Type>,
    /// The function type compiled (for a ufunc, its scalar loop's).
    pub signature: Type,
}

/// The tensor-level optimisations, run on a converted module: fusion, then equality
/// saturation over the fused expressions (with the fastmath rules under `fastmath=True`).
fn tensor_pipeline(options: &crate::Options) -> String {
    match &options.tensor_passes {
        Some(passes) => passes.clone(),
        None => format!(
            "canonicalize,cse,dce,tensor-fuse,tensor-eqsat{{fastmath={}{}}},canonicalize,cse,dce",
            options.fastmath,
            if options.explain { ",explain=true" } else { "" }
        ),
    }
}
/// From fused tensor ops to loops (parallel under `parallel=True`; on the CPU, large matrix
/// products on threads, as NumPy's and Numba's BLAS runs them, and float sums in NumPy's
/// pairwise order, long ones on threads; GPU threads would spend stack memory on it),
/// simplified.
fn loop_pipeline(options: &crate::Options) -> String {
    let cpu = options.gpu.is_none();
    format!(
        "convert-tensor-to-loop{{parallel={},threaded-products={cpu},threaded-sums={cpu},pairwise-sums={cpu}}},canonicalize,cse,dce",
        options.parallel,
    )
}

/// Run `pipeline`; returns the passes' remarks.
fn run_pipeline(ctx: &mut Context, module: OpId, pipeline: &str) -> Result<Vec<String>, Error> {
    let mut pm = PassManager::parse(&crate::passes::default_registry(), pipeline)
        .map_err(|e| Error::NotAvailable(format!("pipeline '{pipeline}': {e}")))?;
    Ok(pm.run(ctx, module)?.remarks)
}

/// Optimise a converted module at the tensor level and lower it to loops, keeping the IR of
/// the three stages in `stages`: as converted (with its frees), optimised (after the passes'
/// remarks), as loops.
pub(crate) fn lower_tensor_module(
    ctx: &mut Context,
    module: OpId,
    options: &crate::Options,
    stages: &mut StageDumps,
) -> Result<(), Error> {
    // Frees and ownership flags (GPU code allocates nothing: no buffer to free).
    if options.gpu.is_none() {
        run_pipeline(ctx, module, "ownership-based-buffer-deallocation")?;
    }
    stages.keep(Stage::Tensor, || print_op(ctx, module, Default::default()));
    let remarks = run_pipeline(ctx, module, &tensor_pipeline(options))?;
    stages.keep(Stage::TensorOpt, || {
        // Each line of a remark (an explanation spans several) as a comment.
        let mut tensor_opt: String = remarks
            .iter()
            .flat_map(|r| r.lines())
            .map(|line| format!("// {line}\n"))
            .collect();
        tensor_opt.push_str(&print_op(ctx, module, Default::default()));
        tensor_opt
    });
    run_pipeline(ctx, module, &loop_pipeline(options))?;
    stages.keep(Stage::Loop, || print_op(ctx, module, Default::default()));
    Ok(())
}

/// JIT-compile emitted MLIR (for `function`) whose entry takes `params` and returns `results`.
pub(crate) fn jit(
    function: &str,
    mlir: &loop_to_mlir::MlirModule,
    options: &crate::Options,
    params: Vec<ParamKind>,
    results: Vec<ResultKind>,
) -> Result<Entry, Error> {
    let sites = mlir
        .raise_sites
        .iter()
        .map(|(k, m, loc)| (k.clone(), m.clone(), loc.to_string()))
        .collect();
    Entry::compile(
        &mlir.text,
        &options.cpu_target()?,
        options.cache,
        params,
        results,
        sites,
    )
    .map_err(|e| Error::internal(function, mlir, e))
}

/// What `convert-py-to-tensor` needs of a function's options.
pub(crate) fn convert_options(options: &crate::Options) -> py_to_tensor::ConvertOptions {
    let gpu = options.gpu.is_some();
    py_to_tensor::ConvertOptions {
        boundscheck: options.boundscheck,
        parallel: options.parallel && !gpu,
        gpu,
        numpy_errors: options.error_model == crate::options::ErrorModel::Numpy,
    }
}

/// Compile `function` of a lowered program for the function type `signature`.
pub(crate) fn compile_signature(
    ctx: &mut Context,
    program: &frontend::Program,
    function: &str,
    signature: Type,
    options: &crate::Options,
) -> Result<Lowered, Error> {
    let mut stages = StageDumps::started();
    let (typed, entry) = super::infer_types_for(ctx, program, function, signature)?;
    stages.keep(Stage::Typed, || print_op(ctx, typed, Default::default()));
    let (inputs, results) = crate::dialects::func::function_signature(ctx, entry).expect("typed");
    refuse_boundary_lists(ctx, entry, function, &inputs, &results)?;
    let gpu = options.gpu.is_some();
    let tensor =
        py_to_tensor::convert_py_to_tensor(ctx, typed, function, convert_options(options))?;
    lower_tensor_module(ctx, tensor, options, &mut stages)?;
    let mlir = if gpu {
        if !results.is_empty() {
            return Err(crate::dialects::ir::Diagnostic::error(
                ctx.loc(entry).clone(),
                format!("GPU kernel `{function}` returns a value; kernels return nothing"),
            )
            .with_note("write results into an array argument")
            .into());
        }
        loop_to_mlir::emit_gpu_mlir(ctx, tensor, function)?
    } else {
        loop_to_mlir::emit_mlir(ctx, tensor, Some(function))?
    };
    stages.keep(Stage::Mlir, || mlir.text.clone());
    let params = inputs
        .iter()
        .map(|t| param_kind(ctx, *t))
        .collect::<Result<Vec<_>, _>>()?;
    let result = results.first().copied();
    let results = result_kinds(ctx, result)?;
    Ok(Lowered {
        stages,
        mlir,
        params,
        results,
        result,
        signature,
    })
}

/// Lists, dicts and sets live in compiled code only (they are freed when the call ends): the
/// called function's arguments and result are not lists, dicts or sets yet.
fn refuse_boundary_lists(
    ctx: &Context,
    entry: crate::dialects::ir::OpId,
    function: &str,
    inputs: &[Type],
    results: &[Type],
) -> Result<(), Error> {
    use crate::dialects::ir::{Diagnostic, TypeKind};
    let is_list = |t: &Type| ctx.type_kind(*t).is_container();
    let noun = |t: &Type| match ctx.type_kind(*t) {
        TypeKind::PyDict(..) => "a dict",
        TypeKind::PySet(_) => "a set",
        _ => "a list",
    };
    let what = if let Some(t) = results.iter().find(|t| is_list(t)) {
        format!("return {}", noun(t))
    } else if let Some(t) = inputs.iter().find(|t| is_list(t)) {
        format!("take {} argument", noun(t))
    } else {
        return Ok(());
    };
    let shown = results
        .iter()
        .chain(inputs)
        .find(|t| is_list(t))
        .map(|t| crate::passes::transforms::infer_types::rules::display(ctx, *t))
        .unwrap_or_default();
    Err(Diagnostic::error(
        ctx.loc(entry).clone(),
        format!(
            "`{function}` is called from outside compiled code and cannot {what} ({shown}) yet"
        ),
    )
    .with_note(
        "lists, dicts and sets can pass between compiled functions; convert a list with np.array(l) at the boundary",
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `f`'s code for `float64(float64)` JIT-compiled after `break_it` changed its MLIR text:
    /// the error, rendered.
    fn jit_broken(source: &str, break_it: impl Fn(&str) -> String) -> String {
        let mut ctx = Context::new();
        let program = crate::driver::lower_python(&mut ctx, source, "s.py").unwrap();
        let sig = crate::frontend::parse_signature(&mut ctx, "float64(float64)").unwrap();
        let options = crate::Options::default();
        let mut lowered = compile_signature(&mut ctx, &program, "f", sig, &options).unwrap();
        lowered.mlir.text = break_it(&lowered.mlir.text);
        let err = jit(
            "f",
            &lowered.mlir,
            &options,
            lowered.params,
            lowered.results,
        )
        .err()
        .expect("the broken code does not compile");
        err.render(Some(source))
    }

    const SOURCE: &str =
        "from numba import njit\n\n\n@njit\ndef f(x):\n    y = x + 1.0\n    return y * x\n";

    #[test]
    fn mlir_failures_are_internal_errors_at_the_construct() {
        // The multiplication becomes an op MLIR cannot translate to LLVM IR (on the same line
        // of the text): the error points at `y * x`.
        let rendered = jit_broken(SOURCE, |mlir| {
            mlir.lines()
                .map(|line| match line.split_once(" = arith.mulf ") {
                    Some((result, operands)) => {
                        let x = operands.split(',').next().unwrap();
                        format!("{result} = math.erf {x} : f64")
                    }
                    None => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
        let expected = "s.py:7:12: error: internal compiler error while compiling 'f': ";
        assert!(rendered.starts_with(expected), "{rendered}");
        assert!(rendered.contains("math.erf"), "{rendered}");
        assert!(
            rendered.contains("    return y * x\n           ^\n"),
            "{rendered}"
        );
        assert!(
            rendered.ends_with(
                "note: this is a bug in Blackbird, not in the program: please report it with \
                 the program\n"
            ),
            "{rendered}"
        );
    }

    #[test]
    fn mlir_failures_outside_the_program_are_internal_errors_at_the_function() {
        // A parse error on the module's first line, which comes from no construct.
        let rendered = jit_broken(SOURCE, |mlir| mlir.replacen("module {", "module {{", 1));
        let expected = "s.py:5:5: error: internal compiler error while compiling 'f': ";
        assert!(rendered.starts_with(expected), "{rendered}");
        assert!(rendered.contains("def f(x):\n    ^\n"), "{rendered}");
    }
}
