//! Result types of `py.call_builtin`: the arguments bound to the parameters of the callable
//! the call names, then typed by the callable's rule, which its family module of
//! [`crate::library`] holds; and the helpers those rules share (dtypes, shapes, elementwise
//! promotion).

use blackbird_dialects::ir::{ArrayLayout, Diagnostic, OpId, Type, TypeKind, Value};
use blackbird_dialects::py;

use super::rules::{self, array, array_parts, is_array, is_bool, is_complex, is_int, is_number};
use super::{error, Inference, TResult};
use crate::library::{self, Args};

/// A `py.call_builtin` being typed: its callable's name, its arguments bound to the
/// callable's parameters ([`Args`]) and the types of its positional arguments.
pub(crate) struct Call {
    pub(crate) op: OpId,
    /// `np.zeros`, `ndarray.sum`, `len`.
    pub(crate) name: String,
    /// The part after the module: `zeros`, `sum`, `len`, `linalg.norm`, `shared.array`.
    pub(crate) fname: String,
    /// The positional arguments (a method's array first) and their types.
    pub(crate) args: Vec<Value>,
    pub(crate) types: Vec<Type>,
    pub(crate) bound: Args,
}

impl Call {
    /// The argument of parameter `name`, by position or keyword.
    pub(crate) fn arg(&self, name: &str) -> Option<Value> {
        self.bound.get(name)
    }

    /// An error unless `lo..=hi` positional arguments were given.
    pub(crate) fn arity(&self, inf: &Inference, lo: usize, hi: usize) -> TResult<()> {
        let n = self.types.len();
        if n < lo || n > hi {
            let expected = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo} to {hi}")
            };
            let name = &self.name;
            return Err(error(
                inf.ctx,
                self.op,
                format!("{name}() takes {expected} arguments, {n} given"),
            ));
        }
        Ok(())
    }

    /// `f() does not accept (types…)`.
    pub(crate) fn bad(&self, inf: &Inference) -> Diagnostic {
        let shown: Vec<String> = self.types.iter().map(|t| inf.show(*t)).collect();
        error(
            inf.ctx,
            self.op,
            format!("{}() does not accept ({})", self.name, shown.join(", ")),
        )
    }

    pub(crate) fn no_rule(&self, inf: &Inference) -> Diagnostic {
        error(
            inf.ctx,
            self.op,
            format!("no typing rule for `{}` yet", self.name),
        )
    }
}

/// The result type of a `py.call_builtin`: its arguments bound to the parameters of the
/// callable it names (see [`crate::library`]), then typed by the callable's rule.
pub fn call(inf: &mut Inference, op: OpId) -> TResult<Type> {
    let name = py::call_builtin::NAME.of(inf.ctx, op);
    // A method of a dict or set (the frontend took the first kind that has the name).
    if let (Some((module, fname)), Some(receiver)) =
        (name.split_once('.'), inf.ctx.operands(op).first().copied())
    {
        let kind = match inf.ctx.type_kind(inf.ty(receiver)) {
            TypeKind::PyDict(..) => Some("dict"),
            TypeKind::PySet(_) => Some("set"),
            _ => None,
        };
        let methods = ["ndarray", "list", "dict", "set"];
        if methods.contains(&module)
            && kind != Some(module)
            && (kind.is_some() || module == "dict" || module == "set")
        {
            let renamed = kind.map(|k| format!("{k}.{fname}"));
            if let Some(renamed) = renamed.filter(|r| library::lookup(r).is_some()) {
                py::call_builtin::NAME.set(inf.ctx, op, renamed);
                return call(inf, op);
            }
            let t = inf.show(inf.ty(receiver));
            let d = error(inf.ctx, op, format!("{t} has no attribute `{fname}`"));
            return Err(inf.argument_note(d, receiver));
        }
    }
    let bound = Args::bind(inf.ctx, op)?;
    let args = bound.positional.clone();
    let types: Vec<Type> = args.iter().map(|v| inf.ty(*v)).collect();
    let (module, fname) = name.split_once('.').unwrap_or(("", name.as_str()));
    let receiver = types.first().copied();
    let of_list = receiver.is_some_and(|t| matches!(inf.ctx.type_kind(t), TypeKind::PyList(_)));
    // A method both arrays and lists have, called on a list (`l.copy()`).
    let list_method = format!("list.{fname}");
    if module == "ndarray" && of_list && library::lookup(&list_method).is_some() {
        py::call_builtin::NAME.set(inf.ctx, op, list_method);
        return call(inf, op);
    }
    if (module == "list" && !of_list) || (module == "ndarray" && of_list) {
        let t = inf.show(types[0]);
        let d = error(inf.ctx, op, format!("{t} has no attribute `{fname}`"));
        return Err(inf.argument_note(d, args[0]));
    }
    // Other callables read a list as a vector of its items (`np.array(l)`, `sum(l)`).
    let types: Vec<Type> = if module == "list"
        || crate::conversion::py_to_tensor::calls::TAKE_LISTS.contains(&name.as_str())
    {
        types
    } else {
        types
            .into_iter()
            .map(|t| match inf.ctx.type_kind(t).clone() {
                TypeKind::PyList(e) => rules::array(inf.ctx, e, 1, ArrayLayout::C),
                // `sum`, `min`, `max` of a dict's keys, a set or an iterator: of a new list
                // of their items (see `calls::READ_ITEMS`).
                TypeKind::PyDict(e, _) | TypeKind::PySet(e) | TypeKind::PyIter(e)
                    if crate::conversion::py_to_tensor::calls::READ_ITEMS
                        .contains(&name.as_str())
                        && is_number(inf.ctx, e) =>
                {
                    rules::array(inf.ctx, e, 1, ArrayLayout::C)
                }
                _ => t,
            })
            .collect()
    };
    // A method of something other than an array (`a.sum()` where `a` is an int64).
    if module == "ndarray"
        && receiver.is_some_and(|t| {
            array_parts(inf.ctx, t).is_none() && !(fname == "conjugate" && is_complex(inf.ctx, t))
        })
    {
        let t = inf.show(types[0]);
        let d = error(inf.ctx, op, format!("{t} has no attribute `{fname}`"));
        return Err(inf.argument_note(d, args[0]));
    }
    let call = Call {
        op,
        fname: fname.to_string(),
        name: name.clone(),
        args,
        types,
        bound,
    };
    let readonly = call
        .types
        .first()
        .is_some_and(|t| rules::is_readonly(inf.ctx, *t));
    if readonly && WRITE_INTO_FIRST.contains(&name.as_str()) {
        return Err(inf.readonly_write(op, call.args[0]));
    }
    let t = match library::lookup(&name) {
        Some(callable) => (callable.typing)(inf, &call)?,
        // A CUDA register (`cuda.threadIdx.x`), read as a call.
        None if module == "cuda" => library::cuda::type_cuda(inf, &call)?,
        None => return Err(call.no_rule(inf)),
    };
    // A view of a read-only array is read-only (a conversion to another dtype, as
    // `np.asarray(a, dtype=np.float32)`, is a new array).
    let same_elem =
        |ctx, x, y| array_parts(ctx, x).map(|p| p.0) == array_parts(ctx, y).map(|p| p.0);
    let view = VIEW_OF_FIRST.contains(&name.as_str()) && same_elem(inf.ctx, t, call.types[0]);
    Ok(rules::readonly_if(inf.ctx, t, readonly && view))
}

/// Callables whose result may be a view of their first argument (or is that argument).
const VIEW_OF_FIRST: &[&str] = &[
    "np.transpose",
    "ndarray.transpose",
    "ndarray.reshape",
    "ndarray.ravel",
    "np.asarray",
    "np.ascontiguousarray",
    "ndarray.conjugate",
];

/// Callables that write into their first argument.
const WRITE_INTO_FIRST: &[&str] = &[
    "ndarray.fill",
    "cuda.atomic.add",
    "cuda.atomic.sub",
    "cuda.atomic.max",
    "cuda.atomic.min",
];

/// NumPy's dtype of a sum or product: booleans and small integers accumulate in int64.
pub(crate) fn sum_type(inf: &mut Inference, e: Type) -> Type {
    if is_int(inf.ctx, e) || is_bool(inf.ctx, e) {
        inf.ctx.i64()
    } else {
        e
    }
}

/// Rank of a shape argument: an integer (1) or a tuple of integers.
pub(crate) fn shape_rank(inf: &Inference, op: OpId, t: Type) -> TResult<u32> {
    match inf.ctx.type_kind(t) {
        TypeKind::Int { width, .. } if *width > 1 => Ok(1),
        TypeKind::Tuple(elems) if elems.iter().all(|e| is_int(inf.ctx, *e)) => {
            Ok(elems.len() as u32)
        }
        _ => Err(error(
            inf.ctx,
            op,
            format!(
                "a shape is an integer or a tuple of integers, not {}",
                inf.show(t)
            ),
        )),
    }
}

/// The `dtype` argument of a call, or `default` when not given.
pub(crate) fn dtype_or(inf: &Inference, c: &Call, default: Type) -> TResult<Type> {
    match c.arg("dtype") {
        Some(d) => dtype_of(inf, c.op, d),
        None => Ok(default),
    }
}

/// The dtype a value (`np.float64`) stands for.
pub(crate) fn dtype_of(inf: &Inference, op: OpId, v: Value) -> TResult<Type> {
    match inf.ctx.type_kind(inf.ty(v)) {
        TypeKind::PyDType(t) => Ok(*t),
        _ => Err(error(
            inf.ctx,
            op,
            format!(
                "expected a dtype such as np.float64, found {}",
                inf.show(inf.ty(v))
            ),
        )),
    }
}

/// An elementwise function: scalars give a scalar, arrays an array of the broadcast rank.
/// `elem` maps the promoted input dtype to the output dtype; with `skip_first`, the first
/// operand (a condition) does not take part in the promotion.
pub(crate) fn elementwise_result(
    inf: &mut Inference,
    op: OpId,
    types: &[Type],
    elem: impl Fn(&mut Inference, Type) -> Type,
    skip_first: bool,
) -> TResult<Type> {
    for t in types {
        let e = array_parts(inf.ctx, *t).map_or(*t, |(e, _, _)| e);
        if !is_number(inf.ctx, e) {
            let shown: Vec<String> = types.iter().map(|t| inf.show(*t)).collect();
            let name = py::call_builtin::NAME.of(inf.ctx, op);
            return Err(error(
                inf.ctx,
                op,
                format!("{name}() does not accept ({})", shown.join(", ")),
            ));
        }
    }
    // NumPy 2: the arrays' dtypes promote; then each scalar, weak (NEP 50), changes the
    // dtype only when of a higher kind, wherever it stands among the operands. Without
    // arrays, the first scalar's type meets the others as an array's dtype would.
    let operands = &types[skip_first as usize..];
    let mut dtype: Option<Type> = None;
    for t in operands {
        if let Some((e, _, _)) = array_parts(inf.ctx, *t) {
            dtype = Some(match dtype {
                None => e,
                Some(d) => rules::promote_dtypes(inf.ctx, d, e),
            });
        }
    }
    for t in operands {
        if !is_array(inf.ctx, *t) {
            dtype = Some(match dtype {
                None => *t,
                Some(d) => rules::promote_array_scalar(inf.ctx, d, *t),
            });
        }
    }
    let d = dtype.unwrap_or_else(|| inf.ctx.f64());
    let out = elem(inf, d);
    let rank = rules::broadcast_rank(inf.ctx, types);
    Ok(array(inf.ctx, out, rank, ArrayLayout::C))
}
