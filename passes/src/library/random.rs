//! The primitives of `np.random`: draws from (and the seeding of) the calling thread's random
//! state, NumPy's legacy `RandomState` streams, which the runtime keeps (`runtime/src/
//! random.rs`). Each is one `loop.random` op. The public functions (`np.random.seed`,
//! `random`, `randint`, `normal`, `shuffle`, …) are written on them in the random prelude
//! (`prelude/random.py`); these private names (`np.random._double`) are not documented.
//!
//! The `np.random._generator_*` primitives are NumPy's `Generator` over PCG64: `_generator_new`
//! makes one (a value of type `!py.random_generator`, Numba's `NumPyRandomGeneratorType`), and
//! the others draw from the generator they take first (only a generator is accepted there).
//! `np.random.default_rng` and the `Generator` methods are written on them in the prelude.

use blackbird_dialects::ir::{OpId, Type, TypeKind};
use blackbird_dialects::loops;

use super::{required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::{CResult, Converter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::{array_parts, is_array, is_complex, is_int, is_number};
use crate::transforms::infer_types::{Inference, TResult};

const fn primitive(
    name: &'static str,
    params: &'static [Param],
    summary: &'static str,
    sample: &'static str,
) -> Callable {
    Callable {
        name,
        params,
        summary,
        sample: Sample::Compile(sample),
        typing: type_random,
        lowering: lower_random,
    }
}

pub const CALLABLES: &[Callable] = &[
    primitive(
        "np.random._seed",
        &[required("seed")],
        "seed the thread's state (`0 <= seed < 2**32`, checked by the caller)",
        "np.random._seed(n)",
    ),
    primitive(
        "np.random._double",
        &[],
        "a float64 uniform on `[0, 1)`",
        "y = np.random._double()",
    ),
    primitive(
        "np.random._gauss",
        &[],
        "a standard normal float64 (legacy polar method)",
        "y = np.random._gauss()",
    ),
    primitive(
        "np.random._exponential",
        &[],
        "a standard exponential float64",
        "y = np.random._exponential()",
    ),
    primitive(
        "np.random._interval",
        &[required("max")],
        "an int64 uniform on `[0, max]` (masked rejection)",
        "y = np.random._interval(n)",
    ),
    primitive(
        "np.random._poisson",
        &[required("lam")],
        "a Poisson int64 (legacy)",
        "y = np.random._poisson(x)",
    ),
    primitive(
        "np.random._binomial",
        &[required("n"), required("p")],
        "a binomial int64 (legacy)",
        "y = np.random._binomial(n, x)",
    ),
    primitive(
        "np.random._generator_new",
        &[required("seed")],
        "a new PCG64 `Generator` seeded as `default_rng(seed)` (OS entropy when `seed < 0`)",
        "g = np.random._generator_new(n)",
    ),
    primitive(
        "np.random._generator_double",
        &[required("generator")],
        "a float64 uniform on `[0, 1)` from a `Generator`",
        "y = np.random._generator_double(np.random._generator_new(n))",
    ),
    primitive(
        "np.random._generator_normal",
        &[required("generator")],
        "a standard normal float64 from a `Generator` (ziggurat)",
        "y = np.random._generator_normal(np.random._generator_new(n))",
    ),
    primitive(
        "np.random._generator_exponential",
        &[required("generator")],
        "a standard exponential float64 from a `Generator` (ziggurat)",
        "y = np.random._generator_exponential(np.random._generator_new(n))",
    ),
    primitive(
        "np.random._generator_poisson",
        &[required("generator"), required("lam")],
        "a Poisson int64 from a `Generator`",
        "y = np.random._generator_poisson(np.random._generator_new(n), x)",
    ),
    primitive(
        "np.random._generator_binomial",
        &[required("generator"), required("n"), required("p")],
        "a binomial int64 from a `Generator`",
        "y = np.random._generator_binomial(np.random._generator_new(n), n, x)",
    ),
    primitive(
        "np.random._generator_gamma",
        &[required("generator"), required("shape")],
        "a standard gamma float64 from a `Generator`",
        "y = np.random._generator_gamma(np.random._generator_new(n), x)",
    ),
    primitive(
        "np.random._generator_beta",
        &[required("generator"), required("a"), required("b")],
        "a beta float64 from a `Generator`",
        "y = np.random._generator_beta(np.random._generator_new(n), x, x)",
    ),
    primitive(
        "np.random._generator_lognormal",
        &[required("generator"), required("mean"), required("sigma")],
        "a lognormal float64 from a `Generator`",
        "y = np.random._generator_lognormal(np.random._generator_new(n), x, x)",
    ),
    primitive(
        "np.random._generator_laplace",
        &[required("generator"), required("loc"), required("scale")],
        "a laplace float64 from a `Generator`",
        "y = np.random._generator_laplace(np.random._generator_new(n), x, x)",
    ),
    primitive(
        "np.random._generator_gumbel",
        &[required("generator"), required("loc"), required("scale")],
        "a gumbel float64 from a `Generator`",
        "y = np.random._generator_gumbel(np.random._generator_new(n), x, x)",
    ),
    primitive(
        "np.random._generator_logistic",
        &[required("generator"), required("loc"), required("scale")],
        "a logistic float64 from a `Generator`",
        "y = np.random._generator_logistic(np.random._generator_new(n), x, x)",
    ),
    primitive(
        "np.random._generator_rayleigh",
        &[required("generator"), required("scale")],
        "a rayleigh float64 from a `Generator`",
        "y = np.random._generator_rayleigh(np.random._generator_new(n), x)",
    ),
    primitive(
        "np.random._generator_pareto",
        &[required("generator"), required("a")],
        "a pareto float64 from a `Generator`",
        "y = np.random._generator_pareto(np.random._generator_new(n), x)",
    ),
    primitive(
        "np.random._generator_weibull",
        &[required("generator"), required("a")],
        "a weibull float64 from a `Generator`",
        "y = np.random._generator_weibull(np.random._generator_new(n), x)",
    ),
    primitive(
        "np.random._generator_power",
        &[required("generator"), required("a")],
        "a power float64 from a `Generator`",
        "y = np.random._generator_power(np.random._generator_new(n), x)",
    ),
    primitive(
        "np.random._generator_geometric",
        &[required("generator"), required("p")],
        "a geometric int64 from a `Generator`",
        "y = np.random._generator_geometric(np.random._generator_new(n), x)",
    ),
    primitive(
        "np.random._generator_bounded",
        &[required("generator"), required("rng")],
        "an int64 uniform on `[0, rng]` from a `Generator` (Lemire's method)",
        "y = np.random._generator_bounded(np.random._generator_new(n), n)",
    ),
    primitive(
        "np.random._generator_interval",
        &[required("generator"), required("max")],
        "an int64 uniform on `[0, max]` from a `Generator` (masked rejection)",
        "y = np.random._generator_interval(np.random._generator_new(n), n)",
    ),
    Callable {
        name: "np.random._ndim_or_none",
        params: &[required("x")],
        summary: "None for a scalar, the rank of an array: `is None` on it decides, while typing, \
                  which branch of a prelude function applies",
        sample: Sample::Compile("y = np.random._ndim_or_none(np.arange(n))"),
        typing: type_ndim_or_none,
        lowering: lower_ndim_or_none,
    },
];

fn type_ndim_or_none(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    Ok(match is_array(inf.ctx, c.types[0]) {
        true => inf.ctx.i64(),
        false => inf.ctx.intern_type(TypeKind::None),
    })
}

fn lower_ndim_or_none(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let x = c.e.ctx.operand(op, 0);
    Ok(match array_parts(c.e.ctx, c.e.ctx.value_type(x)) {
        Some((_, rank, _)) => {
            let i64t = c.e.ctx.i64();
            L::V(c.e.const_int(i64::from(rank), i64t, &loc))
        }
        None => L::None,
    })
}

/// The kind of `loop.random` a primitive is: its name after `np.random._`.
fn kind(name: &str) -> &str {
    name.strip_prefix("np.random._").unwrap_or(name)
}

/// The kind's operand and result types (see `loops::RANDOM_KINDS`).
fn signature(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    let (_, operands, results) = loops::RANDOM_KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .expect("every primitive is a kind of loop.random");
    (operands, results)
}

fn mlir_type(ctx: &mut blackbird_dialects::ir::Context, name: &str) -> Type {
    match name {
        "i64" => ctx.i64(),
        _ => ctx.f64(),
    }
}

/// Whether the kind's first operand is a `Generator` (its handle below the py dialect).
fn takes_generator(kind: &str) -> bool {
    kind.starts_with("generator_") && kind != "generator_new"
}

/// Numbers in (integers where the kind takes `i64`, a `Generator` first for the kinds that
/// draw from one); float64, int64, a `Generator` or None out.
pub(crate) fn type_random(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let kind = kind(&c.name);
    let (operands, results) = signature(kind);
    c.arity(inf, operands.len(), operands.len())?;
    let generator = inf.ctx.intern_type(TypeKind::PyRandomGenerator);
    if takes_generator(kind) && c.types.first() != Some(&generator) {
        let got = c.types.first().map(|t| inf.show(*t)).unwrap_or_default();
        return Err(crate::transforms::infer_types::error(
            inf.ctx,
            c.op,
            format!("a NumPy Generator method called on {got}, not on a Generator"),
        ));
    }
    let fits = |(i, (t, want)): (usize, (&Type, &&str))| match *want {
        _ if i == 0 && takes_generator(kind) => *t == generator,
        "i64" => is_int(inf.ctx, *t),
        _ => is_number(inf.ctx, *t) && !is_complex(inf.ctx, *t),
    };
    if !c.types.iter().zip(operands.iter()).enumerate().all(fits) {
        return Err(c.bad(inf));
    }
    Ok(match results.first() {
        _ if kind == "generator_new" => generator,
        Some(r) => mlir_type(inf.ctx, r),
        None => inf.ctx.intern_type(TypeKind::None),
    })
}

/// One `loop.random` of the primitive's kind, its operands converted to the kind's types.
pub(crate) fn lower_random(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let name = c.e.ctx.attr_str(op, "name").to_string();
    let kind = kind(&name);
    let (operand_types, results) = signature(kind);
    let mut operands = vec![];
    for (v, t) in c.e.ctx.operands(op).to_vec().into_iter().zip(operand_types) {
        let x = c.scalar(op, v)?;
        let t = mlir_type(c.e.ctx, t);
        operands.push(c.e.coerce(x, t, &loc));
    }
    let result_types: Vec<Type> = results.iter().map(|r| mlir_type(c.e.ctx, r)).collect();
    let kind_attr = c.e.ctx.str_attr(kind);
    let random = c.e.emit(
        &loops::RANDOM,
        &operands,
        &result_types,
        &[("kind", kind_attr)],
        vec![],
        &loc,
    );
    Ok(match result_types.is_empty() {
        true => L::None,
        false => L::V(c.e.ctx.result(random, 0)),
    })
}
