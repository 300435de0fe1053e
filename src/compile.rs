//! Compiling Python functions to machine code and calling them.
//!
//! ```
//! use blackbird::{Arg, Module, PyValue};
//!
//! let src = "from numba import njit\n\n@njit\ndef hyp(a, b):\n    return (a * a + b * b) ** 0.5\n";
//! let module = Module::from_source(src, "hyp.py").unwrap();
//! let hyp = module.function("hyp").unwrap();
//! assert_eq!(hyp.call(&mut [Arg::Int(3), Arg::Float(4.0)]).unwrap(), PyValue::Float(5.0));
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::dialects::ir::{print_op, ArrayLayout, Context, FloatKind, Signedness, Type, TypeKind};
use crate::passes::conversion::{loop_to_mlir, py_to_tensor};
use crate::passes::pipeline::PassManager;
use crate::runtime::disk_cache::{CacheKey, DiskCache};
use crate::runtime::{
    Arg, ArgKey, ArrayData, CallError, DType, Entry, Layout, OwnedArray, ParamKind, ResultKind,
    Returned, Scalar, ScalarKind,
};
use crate::{frontend, Error};

/// A Python value returned by a compiled function.
#[derive(Clone, Debug, PartialEq)]
pub enum PyValue {
    None,
    Int(i64),
    /// A uint64 result (a Python int that may not fit an i64).
    UInt(u64),
    Float(f64),
    Bool(bool),
    Tuple(Vec<PyValue>),
    /// A complex number: real and imaginary parts.
    Complex(f64, f64),
    /// An array, owned by the caller (a copy when the function returned a view of an argument).
    Array(OwnedArray),
}

/// The elements of an array as Python reprs, in C order.
fn element_reprs(data: &ArrayData) -> Vec<String> {
    match data {
        ArrayData::F64(v) => v.iter().map(|x| python_float_repr(*x)).collect(),
        ArrayData::F32(v) => v.iter().map(|x| python_float_repr(*x as f64)).collect(),
        ArrayData::I64(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::I32(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::I16(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::I8(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::U8(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::U16(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::U32(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::U64(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::Bool(v) => v
            .iter()
            .map(|x| if *x { "True".into() } else { "False".into() })
            .collect(),
    }
}

/// Nested Python lists of an array's elements (`[[1.0, 2.0], [3.0, 4.0]]`).
pub fn nested_list(a: &OwnedArray) -> String {
    fn go(items: &[String], shape: &[usize]) -> String {
        match shape.split_first() {
            None => items.first().cloned().unwrap_or_default(),
            Some((n, rest)) => {
                let chunk = rest.iter().product::<usize>().max(1);
                let parts: Vec<String> = (0..*n)
                    .map(|i| go(&items[i * chunk..((i + 1) * chunk).min(items.len())], rest))
                    .collect();
                format!("[{}]", parts.join(", "))
            }
        }
    }
    go(&element_reprs(&a.data), &a.shape)
}

impl std::fmt::Display for PyValue {
    /// As Python's `repr` prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PyValue::None => write!(f, "None"),
            PyValue::Int(i) => write!(f, "{i}"),
            PyValue::UInt(i) => write!(f, "{i}"),
            PyValue::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            PyValue::Float(x) => write!(f, "{}", python_float_repr(*x)),
            PyValue::Complex(re, im) => write!(f, "{}", python_complex_repr(*re, *im)),
            PyValue::Array(a) => write!(f, "array({})", nested_list(a)),
            PyValue::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(|i| i.to_string()).collect();
                if parts.len() == 1 {
                    write!(f, "({},)", parts[0])
                } else {
                    write!(f, "({})", parts.join(", "))
                }
            }
        }
    }
}

/// Python's `repr(complex)`: `2j`, `(1+2j)`, `(1.5-0j)`, `(nan+infj)` (each part as
/// `repr(float)` without a trailing `.0`; no parentheses when the real part is +0).
pub fn python_complex_repr(re: f64, im: f64) -> String {
    let short = |x: f64| {
        let r = python_float_repr(x);
        r.strip_suffix(".0").map_or(r.clone(), str::to_string)
    };
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", short(im));
    }
    let im = short(im);
    let sign = if im.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{im}j)", short(re))
}

/// Python's `repr(float)`: shortest round-trip digits, `1e-07` style exponents.
pub fn python_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let exp = if x == 0.0 {
        0
    } else {
        x.abs().log10().floor() as i32
    };
    if (-4..16).contains(&exp) {
        let s = format!("{x:?}");
        if s.contains('e') {
            format!("{x}")
        } else {
            s
        }
    } else {
        let s = format!("{x:e}");
        let (mantissa, e) = s.split_once('e').unwrap();
        let e: i32 = e.parse().unwrap();
        format!("{mantissa}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::python_float_repr;

    /// `f`'s code for `float64(float64)` JIT-compiled after `break_it` changed its MLIR text:
    /// the error, rendered.
    fn jit_broken(source: &str, break_it: impl Fn(&str) -> String) -> String {
        let mut ctx = super::Context::new();
        let program = crate::lower_python(&mut ctx, source, "s.py").unwrap();
        let sig = crate::frontend::parse_signature(&mut ctx, "float64(float64)").unwrap();
        let options = crate::Options::default();
        let mut lowered = super::compile_signature(&mut ctx, &program, "f", sig, &options).unwrap();
        lowered.mlir.text = break_it(&lowered.mlir.text);
        let err = super::jit(
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

    #[test]
    fn floats_print_as_python_repr_does() {
        // Expected strings are Python's own `repr` of the same values.
        for (x, py) in [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-2.5, "-2.5"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e20, "1.5e+20"),
            (123456789.0, "123456789.0"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (-0.0, "-0.0"),
        ] {
            assert_eq!(python_float_repr(x), py, "{x:e}");
        }
    }
}

/// The IR of each compilation stage of one specialisation.
#[derive(Clone, Debug, Default)]
pub struct StageDumps {
    pub typed: String,
    pub tensor: String,
    /// After the tensor-level optimisations (fusion).
    pub tensor_opt: String,
    pub loop_: String,
    pub mlir: String,
}

/// One specialisation, compiled.
pub struct CompiledFunction {
    entry: Entry,
    result: Option<Type>,
    ctx: Context,
    /// The IR of each stage (empty when the code was loaded from the on-disk cache).
    pub stages: StageDumps,
    pub signature: String,
    /// The code was loaded from the on-disk cache (`cache=True`), not compiled.
    pub from_disk_cache: bool,
}

/// One function compiled down to upstream MLIR, ready to JIT.
pub(crate) struct Lowered {
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
fn run_pipeline(
    ctx: &mut Context,
    module: crate::dialects::ir::OpId,
    pipeline: &str,
) -> Result<Vec<String>, Error> {
    let mut pm = PassManager::parse(&crate::passes::default_registry(), pipeline)
        .map_err(|e| Error::NotAvailable(format!("pipeline '{pipeline}': {e}")))?;
    Ok(pm.run(ctx, module)?.remarks)
}

/// Optimise a converted module at the tensor level and lower it to loops; returns the IR
/// of the three stages: as converted, optimised (after the passes' remarks), as loops.
pub(crate) fn lower_tensor_module(
    ctx: &mut Context,
    module: crate::dialects::ir::OpId,
    options: &crate::Options,
) -> Result<(String, String, String), Error> {
    let tensor = print_op(ctx, module, Default::default());
    let remarks = run_pipeline(ctx, module, &tensor_pipeline(options))?;
    // Each line of a remark (an explanation spans several) as a comment.
    let mut tensor_opt: String = remarks
        .iter()
        .flat_map(|r| r.lines())
        .map(|line| format!("// {line}\n"))
        .collect();
    tensor_opt.push_str(&print_op(ctx, module, Default::default()));
    run_pipeline(ctx, module, &loop_pipeline(options))?;
    let loops = print_op(ctx, module, Default::default());
    Ok((tensor, tensor_opt, loops))
}

/// JIT-compile emitted MLIR (for `function`) whose entry takes `params` and returns `results`.
fn jit(
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
    let (typed, entry) = crate::infer_types_for(ctx, program, function, signature)?;
    let typed_text = print_op(ctx, typed, Default::default());
    let (inputs, results) = crate::dialects::func::function_signature(ctx, entry).expect("typed");
    let gpu = options.gpu.is_some();
    let tensor =
        py_to_tensor::convert_py_to_tensor(ctx, typed, function, convert_options(options))?;
    let (tensor_text, tensor_opt_text, loop_text) = lower_tensor_module(ctx, tensor, options)?;
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
    let params = inputs
        .iter()
        .map(|t| param_kind(ctx, *t))
        .collect::<Result<Vec<_>, _>>()?;
    let mut flat = vec![];
    if let Some(r) = results.first() {
        flatten_result(ctx, *r, &mut flat)?;
    }
    let stages = StageDumps {
        typed: typed_text,
        tensor: tensor_text,
        tensor_opt: tensor_opt_text,
        loop_: loop_text,
        mlir: mlir.text.clone(),
    };
    Ok(Lowered {
        stages,
        mlir,
        params,
        results: flat,
        result: results.first().copied(),
        signature,
    })
}

fn unsupported(what: String) -> Error {
    Error::NotAvailable(format!("{what} is not supported yet by the code generator"))
}

pub(crate) fn scalar_kind(ctx: &Context, t: Type) -> Result<ScalarKind, Error> {
    Ok(match ctx.type_kind(t) {
        TypeKind::Int { width: 1, .. } => ScalarKind::Bool,
        TypeKind::Int {
            width: width @ (8 | 16 | 32 | 64),
            signedness: Signedness::Unsigned,
        } => match width {
            8 => ScalarKind::U8,
            16 => ScalarKind::U16,
            32 => ScalarKind::U32,
            _ => ScalarKind::U64,
        },
        TypeKind::Int { width: 8, .. } => ScalarKind::I8,
        TypeKind::Int { width: 16, .. } => ScalarKind::I16,
        TypeKind::Int { width: 32, .. } => ScalarKind::I32,
        TypeKind::Int { width: 64, .. } => ScalarKind::I64,
        TypeKind::Float(FloatKind::F32) => ScalarKind::F32,
        TypeKind::Float(FloatKind::F64) => ScalarKind::F64,
        _ => {
            return Err(unsupported(format!(
                "a value of type {}",
                crate::passes::transforms::infer_types::rules::display(ctx, t)
            )))
        }
    })
}

pub(crate) fn dtype_of(ctx: &Context, t: Type) -> Result<DType, Error> {
    Ok(match scalar_kind(ctx, t)? {
        ScalarKind::F64 => DType::F64,
        ScalarKind::F32 => DType::F32,
        ScalarKind::I64 => DType::I64,
        ScalarKind::I32 => DType::I32,
        ScalarKind::I16 => DType::I16,
        ScalarKind::I8 => DType::I8,
        ScalarKind::U8 => DType::U8,
        ScalarKind::U16 => DType::U16,
        ScalarKind::U32 => DType::U32,
        ScalarKind::U64 => DType::U64,
        ScalarKind::Bool => DType::Bool,
    })
}

fn param_kind(ctx: &Context, t: Type) -> Result<ParamKind, Error> {
    match ctx.type_kind(t) {
        TypeKind::PyArray { elem, rank, layout } => Ok(ParamKind::Array {
            dtype: dtype_of(ctx, *elem)?,
            rank: *rank as usize,
            layout: match layout {
                ArrayLayout::C => Layout::C,
                ArrayLayout::F => Layout::F,
                ArrayLayout::A => Layout::A,
            },
        }),
        TypeKind::Tuple(items) => Ok(ParamKind::Tuple(
            items
                .iter()
                .map(|item| param_kind(ctx, *item))
                .collect::<Result<_, _>>()?,
        )),
        _ => Ok(ParamKind::Scalar(scalar_kind(ctx, t)?)),
    }
}

fn flatten_result(ctx: &Context, t: Type, out: &mut Vec<ResultKind>) -> Result<(), Error> {
    match ctx.type_kind(t) {
        TypeKind::PyArray { elem, rank, .. } => {
            out.push(ResultKind::Array {
                dtype: dtype_of(ctx, *elem)?,
                rank: *rank as usize,
            });
            Ok(())
        }
        TypeKind::Tuple(elems) => {
            for e in elems.clone() {
                flatten_result(ctx, e, out)?;
            }
            Ok(())
        }
        TypeKind::None => Ok(()),
        TypeKind::Complex(part) => {
            let part = ResultKind::Scalar(scalar_kind(ctx, *part)?);
            out.extend([part.clone(), part]);
            Ok(())
        }
        _ => {
            out.push(ResultKind::Scalar(scalar_kind(ctx, t)?));
            Ok(())
        }
    }
}

fn rebuild(ctx: &Context, t: Option<Type>, values: &mut impl Iterator<Item = Returned>) -> PyValue {
    let Some(t) = t else { return PyValue::None };
    match ctx.type_kind(t) {
        TypeKind::Tuple(elems) => PyValue::Tuple(
            elems
                .clone()
                .into_iter()
                .map(|e| rebuild(ctx, Some(e), values))
                .collect(),
        ),
        TypeKind::None => PyValue::None,
        TypeKind::Complex(_) => {
            let mut part = || match values.next() {
                Some(Returned::Scalar(Scalar::Float(x))) => x,
                other => unreachable!("a complex part, got {other:?}"),
            };
            let re = part();
            PyValue::Complex(re, part())
        }
        _ => match values.next().expect("one value per result") {
            Returned::Scalar(Scalar::Int(i)) => PyValue::Int(i),
            Returned::Scalar(Scalar::UInt(i)) => PyValue::UInt(i),
            Returned::Scalar(Scalar::Float(f)) => PyValue::Float(f),
            Returned::Scalar(Scalar::Bool(b)) => PyValue::Bool(b),
            Returned::Array(a) => PyValue::Array(a),
        },
    }
}

impl CompiledFunction {
    /// Keep `result` (a type of `ctx`) in the function's own small context.
    fn new(
        entry: Entry,
        ctx: &Context,
        result: Option<Type>,
        stages: StageDumps,
        signature: Type,
    ) -> Self {
        let mut own = Context::new();
        let result = result.map(|t| copy_type(ctx, &mut own, t));
        // For messages, in Numba's words: `float64(array(float64, 1d, C))`.
        let signature = crate::passes::transforms::infer_types::rules::display(ctx, signature);
        CompiledFunction {
            entry,
            result,
            ctx: own,
            stages,
            signature,
            from_disk_cache: false,
        }
    }

    /// What [`CompiledFunction::from_cache`] needs besides the code: the result type and the
    /// signature, as text.
    fn cache_extra(&self) -> String {
        let result = self.result.map_or("none".to_string(), |t| {
            crate::dialects::ir::type_to_string(&self.ctx, t)
        });
        format!("{result}\n{}", self.signature)
    }

    /// A specialisation loaded from the on-disk cache; `None` if its text does not parse.
    fn from_cache(cached: crate::runtime::disk_cache::Cached) -> Option<Self> {
        let (result, signature) = cached.extra.split_once('\n')?;
        let mut ctx = Context::new();
        let result = match result {
            "none" => None,
            text => Some(crate::dialects::ir::parse_type(&mut ctx, text).ok()?),
        };
        Some(CompiledFunction {
            entry: cached.entry,
            result,
            ctx,
            stages: StageDumps::default(),
            signature: signature.to_string(),
            from_disk_cache: true,
        })
    }

    /// Call with `args` (which must fit the signature it was compiled for, converting scalars
    /// as Numba does); callable from several threads at once.
    pub fn call(&self, args: &mut [Arg]) -> Result<PyValue, CallError> {
        let values = self.entry.call(args)?;
        Ok(rebuild(&self.ctx, self.result, &mut values.into_iter()))
    }
}

/// A Python module whose functions can be compiled and called.
pub struct Module {
    source: String,
    filename: String,
    functions: Vec<String>,
}

impl Module {
    /// Parse and check Python source: syntax, imports, decorators and signatures. A function
    /// whose body cannot be compiled (an unsupported construct or NumPy function) reports its
    /// error when it, or a function calling it, is asked for, as Numba compiles lazily.
    pub fn from_source(source: &str, filename: &str) -> Result<Self, Error> {
        let mut ctx = Context::new();
        let program = crate::lower_python(&mut ctx, source, filename)?;
        let functions = program.names.clone();
        Ok(Module {
            source: source.to_string(),
            filename: filename.to_string(),
            functions,
        })
    }

    /// The module's function names, in source order.
    pub fn function_names(&self) -> &[String] {
        &self.functions
    }

    pub fn from_file(path: &std::path::Path) -> Result<Self, Error> {
        let source = crate::frontend::read_source(path)?;
        Self::from_source(&source, &path.display().to_string())
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The file name the module's source came from (used in diagnostics).
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The declaration of `name` in `program` (lowered from this module's source), or the
    /// error of lowering it or a function it calls.
    pub(crate) fn declaration<'p>(
        &self,
        program: &'p frontend::Program,
        name: &str,
    ) -> Result<&'p frontend::FunctionDecl, Error> {
        if let Some(error) = program.lowering_error(name) {
            return Err(error.clone().into());
        }
        program.function(name).ok_or_else(|| {
            Error::NotAvailable(format!(
                "no function `{name}` in {} (functions: {})",
                self.filename,
                program.names.join(", ")
            ))
        })
    }

    /// A function of the module. Functions with eager signatures are compiled now, for each
    /// signature; others are compiled on each call with new argument types.
    pub fn function(&self, name: &str) -> Result<Function<'_>, Error> {
        self.function_with(name, |_| {})
    }

    /// [`Module::function`] with its decorator's options changed by `adjust` first, e.g. the
    /// number of threads of its parallel loops:
    ///
    /// ```
    /// use blackbird::{Arg, Module, PyValue};
    ///
    /// let src = "from numba import njit, prange\n\n@njit(parallel=True)\ndef tri(n):\n    s = 0\n    for i in prange(n):\n        s += i\n    return s\n";
    /// let module = Module::from_source(src, "tri.py").unwrap();
    /// let tri = module.function_with("tri", |o| o.num_threads = Some(2)).unwrap();
    /// assert_eq!(tri.call(&mut [Arg::Int(100)]).unwrap(), PyValue::Int(4950));
    /// ```
    pub fn function_with(
        &self,
        name: &str,
        adjust: impl FnOnce(&mut crate::Options),
    ) -> Result<Function<'_>, Error> {
        let mut ctx = Context::new();
        let program = crate::lower_python(&mut ctx, &self.source, &self.filename)?;
        let decl = self.declaration(&program, name)?;
        if decl
            .decorator
            .as_ref()
            .is_some_and(|d| d.kind == frontend::DecoratorKind::CudaJit)
        {
            return Err(Error::NotAvailable(format!(
                "`{name}` is a GPU kernel (@cuda.jit): launch it over a grid (Module::kernel, or \
                 `blackbird run --launch BLOCKS,THREADS`)"
            )));
        }
        let mut options = decl.options();
        adjust(&mut options);
        let signatures = decl
            .decorator
            .as_ref()
            .map(|d| d.signatures.clone())
            .unwrap_or_default();
        let vectorize = decl
            .decorator
            .as_ref()
            .is_some_and(|d| d.kind == frontend::DecoratorKind::Vectorize);
        let ufunc_inputs = crate::dialects::func::function_signature(&ctx, decl.op)
            .map_or(0, |(params, _)| params.len());
        let gufunc = match decl.decorator.as_ref() {
            Some(d) if d.kind == frontend::DecoratorKind::GuVectorize => {
                let text = d.layout.as_deref().unwrap_or_default();
                Some(crate::gufunc::Layout::parse(text).map_err(|e| {
                    Error::NotAvailable(format!("{}: @guvectorize of `{name}`: {e}", self.filename))
                })?)
            }
            _ => None,
        };
        let disk_cache = options.disk_cache();
        // A ufunc whose loop runs on the GPU: its kernel is lowered per operand types.
        let gpu_ufunc = match options.gpu {
            Some(vendor) if vectorize => Some(crate::kernel::Kernel::for_ufunc(
                self,
                name,
                options.clone(),
                vendor,
                ufunc_inputs,
            )),
            _ => None,
        };
        let f = Function {
            module: self,
            name: name.to_string(),
            disk_cache,
            options,
            gufunc,
            eager: vec![],
            ufunc_inputs,
            vectorize,
            gpu_ufunc,
            cache: RefCell::new(HashMap::new()),
        };
        if f.gpu_ufunc.is_some() {
            // Its kernels are lowered per operand types when it is called.
            return Ok(f);
        }
        let mut eager = vec![];
        for sig in signatures {
            eager.push(Rc::new(f.compile(&mut ctx, sig, Some(&program))?));
        }
        Ok(Function { eager, ..f })
    }
}

/// What a specialisation is compiled for: a vectorized call or not, and the arguments' keys.
type SpecializationKey = (bool, Vec<ArgKey>);

/// A compiled (or compilable) function: specialised per argument types.
pub struct Function<'m> {
    module: &'m Module,
    name: String,
    options: crate::Options,
    /// Where compiled specialisations are kept across processes (`cache=True`).
    disk_cache: Option<DiskCache>,
    eager: Vec<Rc<CompiledFunction>>,
    /// `@vectorize`: called with arrays, the function applies element by element.
    vectorize: bool,
    /// How many inputs the function takes (a `@vectorize` call may add an output array).
    ufunc_inputs: usize,
    /// `@guvectorize`: the layout of its core dimensions (calls loop over the outer ones).
    gufunc: Option<crate::gufunc::Layout>,
    /// `@vectorize(..., target='cuda'|'rocm')`: the ufunc's GPU kernel.
    gpu_ufunc: Option<crate::kernel::Kernel<'m>>,
    /// Specialisations by (vectorized call, argument keys).
    cache: RefCell<HashMap<SpecializationKey, Rc<CompiledFunction>>>,
}

impl Function<'_> {
    /// The specialisation for the function type `sig` (of `ctx`): loaded from the on-disk
    /// cache, else compiled from `program` (lowered from the module's source when `None`) and
    /// stored there.
    fn compile(
        &self,
        ctx: &mut Context,
        sig: Type,
        program: Option<&frontend::Program>,
    ) -> Result<CompiledFunction, Error> {
        crate::with_compiler_stack(|| self.compile_on_stack(ctx, sig, program))
    }

    fn compile_on_stack(
        &self,
        ctx: &mut Context,
        sig: Type,
        program: Option<&frontend::Program>,
    ) -> Result<CompiledFunction, Error> {
        let request = format!(
            "signature {}",
            crate::dialects::ir::type_to_string(ctx, sig)
        );
        if let Some(cached) = self.load_cached(&request) {
            return Ok(cached);
        }
        let lowered_here;
        let program = match program {
            Some(p) => p,
            None => {
                lowered_here =
                    crate::lower_python(ctx, &self.module.source, &self.module.filename)?;
                &lowered_here
            }
        };
        let lowered = compile_signature(ctx, program, &self.name, sig, &self.options)?;
        self.finish(ctx, lowered, &request)
    }

    /// JIT-compile `lowered` (types of `ctx`) into the specialisation for `request`, kept in
    /// the on-disk cache.
    fn finish(
        &self,
        ctx: &Context,
        lowered: Lowered,
        request: &str,
    ) -> Result<CompiledFunction, Error> {
        let entry = jit(
            &self.name,
            &lowered.mlir,
            &self.options,
            lowered.params,
            lowered.results,
        )?;
        let compiled = CompiledFunction::new(
            entry,
            ctx,
            lowered.result,
            lowered.stages,
            lowered.signature,
        );
        self.store_cached(request, &compiled);
        Ok(compiled)
    }

    /// The on-disk cache's key of this function's code for `request` (what is specialised).
    fn cache_key(&self, request: &str) -> CacheKey {
        let options = format!("{:?} {:?}", self.options, self.options.cpu_target().ok());
        CacheKey::new(&[
            &self.module.filename,
            &self.module.source,
            &self.name,
            request,
            &options,
        ])
    }

    fn load_cached(&self, request: &str) -> Option<CompiledFunction> {
        let cache = self.disk_cache.as_ref()?;
        CompiledFunction::from_cache(cache.load(&self.cache_key(request))?)
    }

    /// Keep `compiled` in the on-disk cache. Failing to is not an error (the code works); it
    /// is reported on stderr, as Numba warns.
    fn store_cached(&self, request: &str, compiled: &CompiledFunction) {
        let Some(cache) = &self.disk_cache else {
            return;
        };
        let key = self.cache_key(request);
        if let Err(e) = cache.store(&key, &compiled.entry, &compiled.cache_extra()) {
            eprintln!(
                "blackbird: warning: cannot cache `{}` in {}: {e}",
                self.name,
                cache.dir().display()
            );
        }
    }

    /// The specialisation for `args`, compiling it on first use (for a `@vectorize` function
    /// called with arrays, the elementwise loop over them; for `@guvectorize`, its first
    /// kernel).
    pub fn specialization(&self, args: &[Arg]) -> Result<Rc<CompiledFunction>, Error> {
        if self.gpu_ufunc.is_some() {
            return Err(Error::NotAvailable(format!(
                "`{}` is a GPU ufunc: it has no CPU code (call it with arrays)",
                self.name
            )));
        }
        if self.vectorize && args.iter().any(|a| matches!(a, Arg::Array(_))) {
            return self.vectorized(args);
        }
        if self.gufunc.is_some() {
            // The kernels are the eager signatures, compiled by `Module::function`.
            return self.eager.first().cloned().ok_or_else(|| {
                Error::Typing(format!("@guvectorize `{}` has no signatures", self.name))
            });
        }
        if !self.eager.is_empty() {
            return self.matching_eager(args);
        }
        let key = (false, args.iter().map(Arg::key).collect());
        if let Some(c) = self.cache.borrow().get(&key) {
            return Ok(c.clone());
        }
        let mut ctx = Context::new();
        let inputs = args
            .iter()
            .map(|a| arg_type(&mut ctx, a))
            .collect::<Vec<_>>();
        let object = ctx.intern_type(TypeKind::PyObject);
        let sig = ctx.function_type(&inputs, &[object]);
        let compiled = Rc::new(self.compile(&mut ctx, sig, None)?);
        self.cache.borrow_mut().insert(key, compiled.clone());
        Ok(compiled)
    }

    /// The first eager specialisation that accepts `args` (a function with signatures compiles
    /// no others, as in Numba).
    fn matching_eager(&self, args: &[Arg]) -> Result<Rc<CompiledFunction>, Error> {
        let mut mismatches = vec![];
        for c in &self.eager {
            match c.entry.check_args(args) {
                Ok(()) => return Ok(c.clone()),
                Err(why) => mismatches.push(format!("  {}: {why}", c.signature)),
            }
        }
        let given: Vec<String> = args.iter().map(|a| a.describe()).collect();
        Err(Error::Typing(format!(
            "no matching definition for argument type(s) ({}) of `{}`:\n{}",
            given.join(", "),
            self.name,
            mismatches.join("\n")
        )))
    }

    /// Whether calls run on a GPU (a ufunc with `target='cuda'|'rocm'`): there is no CPU
    /// [`specialization`](Self::specialization), and each call copies its arrays to the
    /// device and back.
    pub fn runs_on_gpu(&self) -> bool {
        self.gpu_ufunc.is_some()
    }

    /// Call with `args` (scalars and ndarray views; array writes are visible afterwards).
    pub fn call(&self, args: &mut [Arg]) -> Result<PyValue, Error> {
        if let Some(kernel) = &self.gpu_ufunc {
            return crate::gpu_ufunc::call(kernel, self.ufunc_inputs, args);
        }
        if let Some(layout) = &self.gufunc {
            let kernels: Vec<&Entry> = self.eager.iter().map(|c| &c.entry).collect();
            crate::gufunc::call(&self.name, layout, &kernels, args)?;
            return Ok(PyValue::None);
        }
        let compiled = self.specialization(args)?;
        Ok(compiled.call(args)?)
    }
}

impl Function<'_> {
    /// The `@vectorize` specialisation for `args`: the listed signature whose inputs are the
    /// input arguments' element types (or, without signatures, those types), compiled with an
    /// elementwise wrapper that broadcasts the arrays and returns a new one, or, when `args`
    /// end with an output array (`f(x, out)` as for a NumPy ufunc), writes into it.
    fn vectorized(&self, args: &[Arg]) -> Result<Rc<CompiledFunction>, Error> {
        let key: SpecializationKey = (true, args.iter().map(Arg::key).collect());
        if let Some(c) = self.cache.borrow().get(&key) {
            return Ok(c.clone());
        }
        let request = format!("vectorized {:?}", key.1);
        if let Some(cached) = self.load_cached(&request) {
            let compiled = Rc::new(cached);
            self.cache.borrow_mut().insert(key, compiled.clone());
            return Ok(compiled);
        }
        let (inputs, out) = crate::ufunc::split_operands(
            &self.name,
            self.ufunc_inputs,
            args,
            |a| matches!(a, Arg::Array(_)),
            Arg::describe,
        )?;
        let mut ctx = Context::new();
        let program = crate::lower_python(&mut ctx, &self.module.source, &self.module.filename)?;
        let inputs: Vec<Type> = inputs.iter().map(|a| arg_type(&mut ctx, a)).collect();
        let out = out.map(|a| arg_type(&mut ctx, a));
        let lowered = crate::ufunc::lower_vectorized(
            &mut ctx,
            &program,
            &self.name,
            &self.options,
            &inputs,
            out,
        )?;
        let compiled = Rc::new(self.finish(&ctx, lowered, &request)?);
        self.cache.borrow_mut().insert(key, compiled.clone());
        Ok(compiled)
    }
}

pub(crate) fn arg_type(ctx: &mut Context, a: &Arg) -> Type {
    match a {
        Arg::Tuple(items) => {
            let items = items.iter().map(|item| arg_type(ctx, item)).collect();
            ctx.intern_type(TypeKind::Tuple(items))
        }
        Arg::Int(_) => ctx.i64(),
        Arg::Float(_) => ctx.f64(),
        Arg::Bool(_) => ctx.i1(),
        Arg::Array(arr) => {
            let elem = match arr.dtype {
                DType::F64 => ctx.f64(),
                DType::F32 => ctx.f32(),
                DType::I64 => ctx.i64(),
                DType::I32 => ctx.int_type(32),
                DType::I16 => ctx.int_type(16),
                DType::I8 => ctx.int_type(8),
                DType::U8 | DType::U16 | DType::U32 | DType::U64 => {
                    ctx.intern_type(TypeKind::Int {
                        width: 8 * arr.dtype.size() as u32,
                        signedness: Signedness::Unsigned,
                    })
                }
                DType::Bool => ctx.i1(),
            };
            let layout = match arr.layout() {
                Layout::C => ArrayLayout::C,
                Layout::F => ArrayLayout::F,
                Layout::A => ArrayLayout::A,
            };
            ctx.intern_type(TypeKind::PyArray {
                elem,
                rank: arr.rank() as u32,
                layout,
            })
        }
    }
}

/// A type of one context re-interned in another.
fn copy_type(from: &Context, to: &mut Context, t: Type) -> Type {
    let kind = match from.type_kind(t).clone() {
        TypeKind::Tuple(elems) => {
            TypeKind::Tuple(elems.into_iter().map(|e| copy_type(from, to, e)).collect())
        }
        TypeKind::Complex(e) => TypeKind::Complex(copy_type(from, to, e)),
        TypeKind::PyArray { elem, rank, layout } => TypeKind::PyArray {
            elem: copy_type(from, to, elem),
            rank,
            layout,
        },
        k @ (TypeKind::Int { .. } | TypeKind::Float(_) | TypeKind::None | TypeKind::Index) => k,
        other => other,
    };
    to.intern_type(kind)
}
