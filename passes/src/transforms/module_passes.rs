//! The passes that rebuild a whole module at once, as pipeline passes: `py-infer-types`
//! (untyped `py` → typed `py` for one entry signature) and `convert-py-to-tensor` (typed `py`
//! → `func`/`tensor`/`loop`/`arith`/`math`). Each replaces the module's contents with the
//! functions it builds, so that a pipeline can start from Python:
//! `py-infer-types{function=f signature="(!py.array<f64, 1, A>) -> !py.object"},convert-py-to-tensor{function=f},tensor-fuse,…`.

use blackbird_dialects::ir::{parse_type, Context, Diagnostic, Location, OpId, TypeKind};

use crate::conversion::py_to_tensor::{convert_py_to_tensor, ConvertOptions};
use crate::pipeline::{Change, OptionSpec, Pass, PassError, PassOptions, PipelineError};
use crate::transforms::infer_types::{apply_declared_result, infer_types};

/// Move `built`'s functions into `module` in place of its own, and erase `built`.
fn replace_contents(ctx: &mut Context, module: OpId, built: OpId) {
    for op in ctx.body_ops(module) {
        ctx.erase_op(op);
    }
    let body = ctx.entry_block(ctx.region(module, 0));
    for op in ctx.body_ops(built) {
        ctx.detach_op(op);
        ctx.append_op(body, op);
    }
    ctx.erase_op(built);
}

/// The entry function's name, required.
fn function_option(options: &PassOptions, pass: &str) -> Result<String, PipelineError> {
    let f = options.get_str("function", "");
    if f.is_empty() {
        return Err(PipelineError::new(
            0,
            format!("pass '{pass}' needs the entry function: {pass}{{function=NAME}}"),
        ));
    }
    Ok(f)
}

pub const INFER_TYPES_OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "function",
        help: "the entry function",
        default: "",
    },
    OptionSpec {
        name: "signature",
        help: "its function type, e.g. \"(!py.array<f64, 2, A>) -> ()\" (results !py.object: inferred)",
        default: "",
    },
];

/// `py-infer-types{function=NAME signature=TYPE}`: type the entry (and, transitively, its
/// callees, one copy per argument types) for the signature; the module then holds the typed
/// functions only.
pub struct PyInferTypes {
    function: String,
    signature: String,
}

impl PyInferTypes {
    pub fn parse(options: &PassOptions) -> Result<Self, PipelineError> {
        let function = function_option(options, "py-infer-types")?;
        let signature = options.get_str("signature", "");
        if signature.is_empty() {
            return Err(PipelineError::new(
                0,
                "pass 'py-infer-types' needs signature=\"(ARGUMENT TYPES) -> RESULT\"",
            ));
        }
        Ok(PyInferTypes {
            function,
            signature,
        })
    }
}

impl Pass for PyInferTypes {
    fn name(&self) -> &'static str {
        "py-infer-types"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        let failed = |diagnostic| PassError::Failed {
            pass: "py-infer-types",
            diagnostic,
        };
        let sig = parse_type(ctx, &self.signature).map_err(failed)?;
        let TypeKind::Function { inputs, results } = ctx.type_kind(sig).clone() else {
            return Err(failed(Diagnostic::error(
                Location::Unknown,
                format!("signature '{}' is not a function type", self.signature),
            )));
        };
        let (typed, entry) = infer_types(ctx, module, &self.function, &inputs).map_err(failed)?;
        apply_declared_result(ctx, entry, results.first().copied()).map_err(failed)?;
        replace_contents(ctx, module, typed);
        Ok(Change::Changed)
    }
}

pub const CONVERT_OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "function",
        help: "the entry function (the one callers outside the module call)",
        default: "",
    },
    OptionSpec {
        name: "boundscheck",
        help: "out-of-range indices raise IndexError",
        default: "false",
    },
    OptionSpec {
        name: "parallel",
        help: "outermost prange loops become loop.parallel",
        default: "false",
    },
    OptionSpec {
        name: "numpy-errors",
        help: "division by zero gives inf/NaN or 0 (error_model='numpy') instead of raising",
        default: "false",
    },
];

/// `convert-py-to-tensor{function=NAME}`: typed `py` functions to `func` functions of
/// `tensor`, `loop`, `arith` and `math` ops.
pub struct ConvertPyToTensor {
    function: String,
    options: ConvertOptions,
}

impl ConvertPyToTensor {
    pub fn parse(options: &PassOptions) -> Result<Self, PipelineError> {
        Ok(ConvertPyToTensor {
            function: function_option(options, "convert-py-to-tensor")?,
            options: ConvertOptions {
                boundscheck: options.get_bool("boundscheck", false)?,
                parallel: options.get_bool("parallel", false)?,
                gpu: false,
                numpy_errors: options.get_bool("numpy-errors", false)?,
            },
        })
    }
}

impl Pass for ConvertPyToTensor {
    fn name(&self) -> &'static str {
        "convert-py-to-tensor"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        let converted = convert_py_to_tensor(ctx, module, &self.function, self.options).map_err(
            |diagnostic| PassError::Failed {
                pass: "convert-py-to-tensor",
                diagnostic,
            },
        )?;
        replace_contents(ctx, module, converted);
        Ok(Change::Changed)
    }
}
