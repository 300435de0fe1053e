//! Numba-style decorators and signatures: `@jit`, `@njit(...)`, `@vectorize([...])`,
//! `@guvectorize([...], '(n),()->(n)')`, `@cuda.jit`, with signatures written as expressions
//! (`float32(int32, int32)`) or strings (`"float64(float64[:, ::1])"`).

use ruff_python_ast::{Expr, Number};

use super::source::SourceFile;
use crate::dialects::ir::{
    ArrayLayout, Context, Diagnostic, FloatKind, Signedness, Type, TypeKind,
};
use crate::options::ErrorModel;
use crate::runtime::gpu::GpuVendor;
use crate::Options;

/// Which decorator compiles the function.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DecoratorKind {
    Jit,
    Njit,
    Vectorize,
    GuVectorize,
    CudaJit,
}

impl DecoratorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DecoratorKind::Jit => "jit",
            DecoratorKind::Njit => "njit",
            DecoratorKind::Vectorize => "vectorize",
            DecoratorKind::GuVectorize => "guvectorize",
            DecoratorKind::CudaJit => "cuda.jit",
        }
    }
}

/// A parsed decorator.
#[derive(Clone, Debug)]
pub struct Decorator {
    pub kind: DecoratorKind,
    pub options: Options,
    /// Eager signatures as function types (a result of `!py.object` means "infer the result").
    pub signatures: Vec<Type>,
    /// `target=` (`cpu`, `parallel`, `cuda`, `rocm`).
    pub target: Option<String>,
    /// The layout string of `@guvectorize`, e.g. `(n),()->(n)`.
    pub layout: Option<String>,
    /// `@cuda.jit(device=True)`: a device function, called from kernels, never launched.
    pub device: bool,
}

/// Resolve a decorator expression's callee to a kind, given a function that canonicalizes
/// dotted names through the module's imports (`nb.njit` → `numba.njit`).
pub fn decorator_kind(qualified: &str) -> Option<DecoratorKind> {
    match qualified {
        "numba.jit" => Some(DecoratorKind::Jit),
        "numba.njit" => Some(DecoratorKind::Njit),
        "numba.vectorize" => Some(DecoratorKind::Vectorize),
        "numba.guvectorize" => Some(DecoratorKind::GuVectorize),
        "numba.cuda.jit" => Some(DecoratorKind::CudaJit),
        _ => None,
    }
}

/// Parse a decorator's arguments (the callee is already resolved to `kind`).
pub fn parse_decorator(
    ctx: &mut Context,
    file: &SourceFile,
    kind: DecoratorKind,
    call: Option<&ruff_python_ast::ExprCall>,
) -> Result<Decorator, Diagnostic> {
    let mut d = Decorator {
        kind,
        options: Options::default(),
        signatures: vec![],
        target: None,
        layout: None,
        device: false,
    };
    if kind == DecoratorKind::CudaJit {
        d.options.gpu = Some(GpuVendor::Cuda);
    }
    // Numba compiles ufuncs, gufuncs and GPU kernels with NumPy's error model.
    if kind != DecoratorKind::Jit && kind != DecoratorKind::Njit {
        d.options.error_model = ErrorModel::Numpy;
    }
    let Some(call) = call else { return Ok(d) };
    let args = &call.arguments.args;
    for (i, arg) in args.iter().enumerate() {
        let is_layout = kind == DecoratorKind::GuVectorize && i == 1;
        if is_layout {
            match arg {
                Expr::StringLiteral(s) => d.layout = Some(s.value.to_str().to_string()),
                _ => return Err(file.error(arg, "the second argument of @guvectorize must be a layout string such as '(n),()->(n)'")),
            }
        } else if i == 0 {
            d.signatures = parse_signature_list(ctx, file, arg)?;
        } else {
            return Err(file.error(
                arg,
                format!("unexpected positional argument to @{}", kind.as_str()),
            ));
        }
    }
    if kind == DecoratorKind::GuVectorize && d.layout.is_none() {
        return Err(file.error(
            call,
            "@guvectorize needs a layout string, e.g. @guvectorize([...], '(n),()->(n)')",
        ));
    }
    for kw in &call.arguments.keywords {
        let Some(name) = &kw.arg else {
            return Err(file.error(kw, "`**kwargs` is not supported in decorators"));
        };
        let flag = |file: &SourceFile| -> Result<bool, Diagnostic> {
            match &kw.value {
                Expr::BooleanLiteral(b) => Ok(b.value),
                other => Err(file.error(other, format!("option `{name}` expects True or False"))),
            }
        };
        match name.as_str() {
            "nopython" => d.options.nopython = flag(file)?,
            "parallel" => d.options.parallel = flag(file)?,
            "fastmath" => d.options.fastmath = flag(file)?,
            "cache" => d.options.cache = flag(file)?,
            "boundscheck" => d.options.boundscheck = flag(file)?,
            "device" if kind == DecoratorKind::CudaJit => d.device = flag(file)?,
            "error_model" => {
                d.options.error_model = match &kw.value {
                    Expr::StringLiteral(s) if s.value.to_str() == "python" => ErrorModel::Python,
                    Expr::StringLiteral(s) if s.value.to_str() == "numpy" => ErrorModel::Numpy,
                    other => {
                        return Err(file.error(other, "error_model must be 'python' or 'numpy'"))
                    }
                }
            }
            "nogil" | "forceobj" | "looplift" | "inline" | "identity" => {
                if name.as_str() == "forceobj" && flag(file)? {
                    return Err(file.error(kw, "forceobj=True (object mode) is not supported: Blackbird compiles nopython code only"));
                }
            }
            "target" => match &kw.value {
                Expr::StringLiteral(s) => {
                    let t = s.value.to_str();
                    if !matches!(t, "cpu" | "parallel" | "cuda" | "rocm") {
                        return Err(file.error(
                            &kw.value,
                            format!("unknown target '{t}' (expected cpu, parallel, cuda or rocm)"),
                        ));
                    }
                    // `@vectorize(..., target='parallel')` splits the elements across threads.
                    d.options.parallel |= t == "parallel";
                    if kind == DecoratorKind::Vectorize {
                        // A ufunc whose loop runs on the GPU, one element per thread.
                        d.options.gpu = match t {
                            "cuda" => Some(GpuVendor::Cuda),
                            "rocm" => Some(GpuVendor::Rocm),
                            _ => None,
                        };
                    }
                    if kind == DecoratorKind::CudaJit {
                        d.options.gpu = match t {
                            "cuda" => Some(GpuVendor::Cuda),
                            "rocm" => Some(GpuVendor::Rocm),
                            _ => {
                                return Err(file.error(
                                    &kw.value,
                                    "a @cuda.jit kernel targets 'cuda' or 'rocm'",
                                ))
                            }
                        };
                    }
                    d.target = Some(t.to_string());
                }
                other => return Err(file.error(other, "target must be a string")),
            },
            other => {
                return Err(file.error(
                    kw,
                    format!("unknown option `{other}` for @{}", kind.as_str()),
                ))
            }
        }
    }
    if kind == DecoratorKind::Njit {
        d.options.nopython = true;
    }
    Ok(d)
}

/// One signature or a list of them.
fn parse_signature_list(
    ctx: &mut Context,
    file: &SourceFile,
    e: &Expr,
) -> Result<Vec<Type>, Diagnostic> {
    match e {
        Expr::List(l) => l
            .elts
            .iter()
            .map(|s| parse_signature(ctx, file, s))
            .collect(),
        _ => Ok(vec![parse_signature(ctx, file, e)?]),
    }
}

/// `float32(int32, int32)`, `"void(float64[:])"`, or `(float64[:],)` (result inferred).
pub fn parse_signature(ctx: &mut Context, file: &SourceFile, e: &Expr) -> Result<Type, Diagnostic> {
    match e {
        Expr::StringLiteral(s) => {
            let text = s.value.to_str().to_string();
            let parsed = ruff_python_parser::parse_expression(&text)
                .map_err(|err| file.error(e, format!("invalid signature string: {}", err.error)))?;
            let inner = parsed.into_syntax();
            // Offsets inside the string are relative to it: errors point at the string literal.
            parse_signature(ctx, file, &inner.body).map_err(|mut d| {
                d.loc = file.loc(e);
                d.message = format!("in signature \"{text}\": {}", d.message);
                d
            })
        }
        Expr::Call(call) => {
            if !call.arguments.keywords.is_empty() {
                return Err(file.error(e, "signatures take positional argument types only"));
            }
            let result = match &*call.func {
                Expr::Name(n) if n.id.as_str() == "void" || n.id.as_str() == "none" => None,
                f => Some(parse_type(ctx, file, f)?),
            };
            let inputs = call
                .arguments
                .args
                .iter()
                .map(|a| parse_type(ctx, file, a))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ctx.function_type(&inputs, result.as_slice()))
        }
        Expr::Tuple(t) => {
            let inputs = t
                .elts
                .iter()
                .map(|a| parse_type(ctx, file, a))
                .collect::<Result<Vec<_>, _>>()?;
            let infer = ctx.intern_type(TypeKind::PyObject);
            Ok(ctx.function_type(&inputs, &[infer]))
        }
        other => Err(file.error(
            other,
            "expected a signature such as float64(float64[:]) or \"float64(float64[:])\"",
        )),
    }
}

/// A scalar type name (`float64`, `f8`, `int32`, `intp`, `boolean`, `complex128`, …).
pub fn scalar_type(ctx: &mut Context, name: &str) -> Option<Type> {
    let int = |w, s| TypeKind::Int {
        width: w,
        signedness: s,
    };
    let kind = match name {
        "float64" | "f8" | "double" | "float_" => TypeKind::Float(FloatKind::F64),
        "float32" | "f4" | "single" => TypeKind::Float(FloatKind::F32),
        "float16" | "f2" | "half" => TypeKind::Float(FloatKind::F16),
        "int64" | "i8" | "intp" | "int_" => int(64, Signedness::Signless),
        "intc" | "int32" | "i4" => int(32, Signedness::Signless),
        "int16" | "i2" => int(16, Signedness::Signless),
        "int8" | "i1" => int(8, Signedness::Signless),
        "uint64" | "u8" | "uintp" => int(64, Signedness::Unsigned),
        "uint32" | "u4" => int(32, Signedness::Unsigned),
        "uint16" | "u2" => int(16, Signedness::Unsigned),
        "uint8" | "u1" | "byte" => int(8, Signedness::Unsigned),
        "boolean" | "b1" | "bool_" => int(1, Signedness::Signless),
        "complex128" | "c16" => {
            let f = ctx.f64();
            TypeKind::Complex(f)
        }
        "complex64" | "c8" => {
            let f = ctx.f32();
            TypeKind::Complex(f)
        }
        // Numba's `none`: the type of a `None` argument.
        "none" => TypeKind::None,
        _ => return None,
    };
    Some(ctx.intern_type(kind))
}

/// A type in a signature: scalars, arrays (`float64[:, ::1]`), `UniTuple(float64, 2)`,
/// `Tuple((float64, int64))`.
pub fn parse_type(ctx: &mut Context, file: &SourceFile, e: &Expr) -> Result<Type, Diagnostic> {
    let name = match e {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    };
    if name == Some("unicode_type") {
        return Err(file
            .error(e, "unicode_type (a string known only at run time) is not supported")
            .with_note("compiled code takes strings only as compile-time constants: literals, defaults and module constants"));
    }
    match e {
        Expr::Name(n) => scalar_type(ctx, n.id.as_str()).ok_or_else(|| {
            file.error(e, format!("unknown type `{}` in signature", n.id)).with_note("known types: float64, float32, int64, int32, int16, int8, uint8…uint64, intp, boolean, complex128, complex64, none, void")
        }),
        Expr::Attribute(a) => scalar_type(ctx, a.attr.as_str())
            .ok_or_else(|| file.error(e, format!("unknown type `{}` in signature", a.attr))),
        Expr::Subscript(s) => {
            let elem = parse_type(ctx, file, &s.value)?;
            let dims: Vec<&Expr> = match &*s.slice {
                Expr::Tuple(t) => t.elts.iter().collect(),
                other => vec![other],
            };
            let mut contiguous = vec![];
            for d in &dims {
                let Expr::Slice(sl) = d else {
                    return Err(file.error(*d, "array dimensions are written `:` or `::1`"));
                };
                if sl.lower.is_some() || sl.upper.is_some() {
                    return Err(file.error(*d, "array dimensions are written `:` or `::1`"));
                }
                contiguous.push(match sl.step.as_deref() {
                    None => false,
                    Some(Expr::NumberLiteral(n)) if matches!(&n.value, Number::Int(i) if i.as_i64() == Some(1)) => true,
                    Some(other) => return Err(file.error(other, "only a step of 1 (`::1`) marks a contiguous dimension")),
                });
            }
            if matches!(ctx.type_kind(elem), TypeKind::Complex(_)) {
                return Err(file.error(e, "complex arrays are not supported yet (complex scalars are)"));
            }
            let rank = dims.len();
            let layout = match (contiguous.first(), contiguous.last()) {
                _ if contiguous.iter().filter(|c| **c).count() > 1 => {
                    return Err(file.error(e, "at most one dimension can be marked contiguous (`::1`)"))
                }
                (_, Some(true)) => ArrayLayout::C,
                (Some(true), _) if rank > 1 => ArrayLayout::F,
                _ if contiguous.iter().any(|c| *c) => return Err(file.error(e, "`::1` must mark the first (F) or last (C) dimension")),
                _ => ArrayLayout::A,
            };
            Ok(ctx.intern_type(TypeKind::PyArray { elem, rank: rank as u32, layout, readonly: false }))
        }
        Expr::Call(c) => match &*c.func {
            Expr::Name(n) if n.id.as_str() == "UniTuple" => {
                let [elem, count] = &c.arguments.args[..] else {
                    return Err(file.error(e, "UniTuple takes a type and a count: UniTuple(float64, 2)"));
                };
                let elem = parse_type(ctx, file, elem)?;
                let n = match count {
                    Expr::NumberLiteral(n) => match &n.value {
                        Number::Int(i) => i.as_i64().filter(|v| (0..=64).contains(v)),
                        _ => None,
                    },
                    _ => None,
                }
                .ok_or_else(|| file.error(count, "UniTuple's count must be a small integer literal"))?;
                Ok(ctx.intern_type(TypeKind::Tuple(vec![elem; n as usize])))
            }
            Expr::Name(n) if n.id.as_str() == "Tuple" => {
                let [Expr::Tuple(t)] = &c.arguments.args[..] else {
                    return Err(file.error(e, "Tuple takes a tuple of types: Tuple((float64, int64))"));
                };
                let elems = t.elts.iter().map(|x| parse_type(ctx, file, x)).collect::<Result<Vec<_>, _>>()?;
                Ok(ctx.intern_type(TypeKind::Tuple(elems)))
            }
            _ => Err(file.error(e, "unknown type constructor in signature (expected UniTuple or Tuple)")),
        },
        other => Err(file.error(other, "expected a type such as float64 or float64[:, ::1]")),
    }
}
