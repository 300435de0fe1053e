//! Type rules: Numba's for scalars (integers widen to int64, `int / int` is float64), NumPy 2's
//! for arrays (NEP 50: a Python scalar does not widen an array's dtype).

use blackbird_dialects::ir::{ArrayLayout, Context, FloatKind, Signedness, Type, TypeKind};

/// How a type reads in messages, as Numba writes it: `int64`, `array(float64, 2d, C)`.
pub fn display(ctx: &Context, t: Type) -> String {
    match ctx.type_kind(t) {
        TypeKind::Int { width: 1, .. } => "bool".into(),
        TypeKind::Int {
            width,
            signedness: Signedness::Signless,
        } => format!("int{width}"),
        TypeKind::Int {
            width,
            signedness: Signedness::Unsigned,
        } => format!("uint{width}"),
        TypeKind::Float(k) => format!("float{}", k.width()),
        TypeKind::Complex(e) => match ctx.type_kind(*e) {
            TypeKind::Float(k) => format!("complex{}", 2 * k.width()),
            _ => "complex".into(),
        },
        TypeKind::None => "none".into(),
        TypeKind::Index => "intp".into(),
        // Numba's names: `UniTuple(int64 x 2)`, `Tuple(int64, float64)`.
        TypeKind::Tuple(elems) => {
            let names: Vec<String> = elems.iter().map(|e| display(ctx, *e)).collect();
            match names.first() {
                Some(first) if names.iter().all(|n| n == first) => {
                    format!("UniTuple({first} x {})", names.len())
                }
                _ => format!("Tuple({})", names.join(", ")),
            }
        }
        TypeKind::PyArray {
            elem,
            rank,
            layout,
            readonly,
        } => format!(
            "{}array({}, {rank}d, {})",
            if *readonly { "readonly " } else { "" },
            display(ctx, *elem),
            layout.as_str()
        ),
        TypeKind::PyList(e) => format!("list({})", display(ctx, *e)),
        TypeKind::PyDict(k, v) => format!("DictType[{},{}]", display(ctx, *k), display(ctx, *v)),
        TypeKind::PySet(e) => format!("set({})", display(ctx, *e)),
        TypeKind::PyIter(e) => format!("iterator({})", display(ctx, *e)),
        TypeKind::PySlice => "slice".into(),
        TypeKind::PyRandomGenerator => "NumPyRandomGeneratorType".into(),
        TypeKind::PyStr(s) => format!("Literal[str]({s})"),
        TypeKind::PyDType(e) => format!("dtype({})", display(ctx, *e)),
        TypeKind::PyObject => "pyobject".into(),
        TypeKind::PyUndefined => "undefined".into(),
        // A signature as Numba writes one: `float64(array(float64, 1d, A), int64)`.
        TypeKind::Function { inputs, results } => format!(
            "{}({})",
            results.first().map_or("none".into(), |r| display(ctx, *r)),
            inputs
                .iter()
                .map(|e| display(ctx, *e))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => blackbird_dialects::ir::type_to_string(ctx, t),
    }
}

pub fn is_bool(ctx: &Context, t: Type) -> bool {
    matches!(ctx.type_kind(t), TypeKind::Int { width: 1, .. })
}
pub fn is_int(ctx: &Context, t: Type) -> bool {
    matches!(ctx.type_kind(t), TypeKind::Int { width, .. } if *width > 1)
}
pub fn is_float(ctx: &Context, t: Type) -> bool {
    ctx.type_kind(t).is_float()
}
/// Bool, integer, float or complex scalar.
pub fn is_number(ctx: &Context, t: Type) -> bool {
    matches!(
        ctx.type_kind(t),
        TypeKind::Int { .. } | TypeKind::Float(_) | TypeKind::Complex(_)
    )
}
pub fn is_complex(ctx: &Context, t: Type) -> bool {
    matches!(ctx.type_kind(t), TypeKind::Complex(_))
}
pub fn is_array(ctx: &Context, t: Type) -> bool {
    matches!(ctx.type_kind(t), TypeKind::PyArray { .. })
}
pub fn array_parts(ctx: &Context, t: Type) -> Option<(Type, u32, ArrayLayout)> {
    match ctx.type_kind(t) {
        TypeKind::PyArray {
            elem, rank, layout, ..
        } => Some((*elem, *rank, *layout)),
        _ => None,
    }
}
/// A (writeable) array type; rank 0 is the element type.
pub fn array(ctx: &mut Context, elem: Type, rank: u32, layout: ArrayLayout) -> Type {
    if rank == 0 {
        return elem;
    }
    ctx.intern_type(TypeKind::PyArray {
        elem,
        rank,
        layout,
        readonly: false,
    })
}
/// Whether `t` is a read-only array (a read-only argument or a view of one).
pub fn is_readonly(ctx: &Context, t: Type) -> bool {
    matches!(ctx.type_kind(t), TypeKind::PyArray { readonly: true, .. })
}
/// `t` made read-only when `readonly` and it is an array (a view of a read-only array);
/// otherwise `t`.
pub fn readonly_if(ctx: &mut Context, t: Type, readonly: bool) -> Type {
    match ctx.type_kind(t).clone() {
        TypeKind::PyArray {
            elem, rank, layout, ..
        } if readonly => ctx.intern_type(TypeKind::PyArray {
            elem,
            rank,
            layout,
            readonly: true,
        }),
        _ => t,
    }
}
pub fn float(ctx: &mut Context, width: u32) -> Type {
    let k = match width {
        16 => FloatKind::F16,
        32 => FloatKind::F32,
        _ => FloatKind::F64,
    };
    ctx.intern_type(TypeKind::Float(k))
}
fn width(ctx: &Context, t: Type) -> u32 {
    match ctx.type_kind(t) {
        TypeKind::Int { width, .. } => *width,
        TypeKind::Float(k) => k.width(),
        _ => 64,
    }
}

/// The smallest float that holds every value of an integer type exactly enough (NumPy's rule).
fn float_for_int(w: u32) -> u32 {
    match w {
        1 | 8 => 16,
        16 => 32,
        _ => 64,
    }
}

/// NumPy's promotion of two dtypes (bool < int < float < complex).
pub fn promote_dtypes(ctx: &mut Context, a: Type, b: Type) -> Type {
    if a == b {
        return a;
    }
    let (ka, kb) = (ctx.type_kind(a).clone(), ctx.type_kind(b).clone());
    match (&ka, &kb) {
        (TypeKind::Complex(_), _) | (_, TypeKind::Complex(_)) => {
            let f = ctx.f64();
            ctx.intern_type(TypeKind::Complex(f))
        }
        (TypeKind::Float(_), TypeKind::Float(_)) => float(ctx, width(ctx, a).max(width(ctx, b))),
        (TypeKind::Float(_), TypeKind::Int { width: w, .. }) => {
            float(ctx, width(ctx, a).max(float_for_int(*w)))
        }
        (TypeKind::Int { width: w, .. }, TypeKind::Float(_)) => {
            float(ctx, width(ctx, b).max(float_for_int(*w)))
        }
        (TypeKind::Int { width: 1, .. }, _) => b,
        (_, TypeKind::Int { width: 1, .. }) => a,
        (
            TypeKind::Int {
                width: wa,
                signedness: sa,
            },
            TypeKind::Int {
                width: wb,
                signedness: sb,
            },
        ) => {
            if sa == sb {
                ctx.intern_type(TypeKind::Int {
                    width: (*wa).max(*wb),
                    signedness: *sa,
                })
            } else {
                let (s, u) = if *sa == Signedness::Signless {
                    (*wa, *wb)
                } else {
                    (*wb, *wa)
                };
                if s > u {
                    ctx.int_type(s)
                } else if u < 64 {
                    ctx.int_type((2 * u).min(64))
                } else {
                    ctx.f64()
                }
            }
        }
        _ => a,
    }
}

/// Numba's promotion of two scalars in arithmetic: booleans and small integers widen to int64.
pub fn promote_scalars(ctx: &mut Context, a: Type, b: Type) -> Type {
    let p = promote_dtypes(ctx, a, b);
    match ctx.type_kind(p) {
        TypeKind::Int {
            signedness: Signedness::Signless,
            ..
        } => ctx.i64(),
        TypeKind::Int {
            width: 64,
            signedness: Signedness::Unsigned,
        } => p,
        TypeKind::Int { .. } => ctx.i64(),
        _ => p,
    }
}

/// The dtype of `array OP scalar` under NEP 50: a Python-kind scalar (bool, int64, float64) of
/// the same or a lower kind keeps the array's dtype.
pub fn promote_array_scalar(ctx: &mut Context, array_dtype: Type, scalar: Type) -> Type {
    let kind = |ctx: &Context, t: Type| match ctx.type_kind(t) {
        TypeKind::Int { width: 1, .. } => 0,
        TypeKind::Int { .. } => 1,
        TypeKind::Float(_) => 2,
        _ => 3,
    };
    if kind(ctx, scalar) <= kind(ctx, array_dtype) {
        array_dtype
    } else if kind(ctx, scalar) == 2 && kind(ctx, array_dtype) <= 1 {
        ctx.f64()
    } else {
        promote_dtypes(ctx, array_dtype, scalar)
    }
}

/// The float result of a true division or a float function of `t` (integers give float64).
pub fn float_result(ctx: &mut Context, t: Type) -> Type {
    if is_float(ctx, t) || matches!(ctx.type_kind(t), TypeKind::Complex(_)) {
        t
    } else {
        ctx.f64()
    }
}

/// The NumPy broadcast rank of several operands (scalars count as rank 0).
pub fn broadcast_rank(ctx: &Context, ts: &[Type]) -> u32 {
    ts.iter()
        .filter_map(|t| array_parts(ctx, *t))
        .map(|(_, r, _)| r)
        .max()
        .unwrap_or(0)
}

/// Join two types a variable takes on different paths: equal types, numbers promote, arrays
/// of one dtype and rank join to layout A.
pub fn unify(ctx: &mut Context, a: Type, b: Type) -> Option<Type> {
    if a == b {
        return Some(a);
    }
    // A variable not assigned yet on one path (see `py.undef`) takes the other's type.
    match (ctx.type_kind(a), ctx.type_kind(b)) {
        (TypeKind::PyUndefined, _) => return Some(b),
        (_, TypeKind::PyUndefined) => return Some(a),
        _ => {}
    }
    if is_number(ctx, a) && is_number(ctx, b) {
        return Some(promote_scalars(ctx, a, b));
    }
    match (array_parts(ctx, a), array_parts(ctx, b)) {
        (Some((ea, ra, la)), Some((eb, rb, lb))) if ea == eb && ra == rb => {
            // Read-only if either is: a write through the variable may reach it.
            let readonly = is_readonly(ctx, a) || is_readonly(ctx, b);
            let layout = if la == lb { la } else { ArrayLayout::A };
            let t = array(ctx, ea, ra, layout);
            Some(readonly_if(ctx, t, readonly))
        }
        _ => match (ctx.type_kind(a).clone(), ctx.type_kind(b).clone()) {
            (TypeKind::Tuple(x), TypeKind::Tuple(y)) if x.len() == y.len() => {
                let elems = x
                    .iter()
                    .zip(&y)
                    .map(|(p, q)| unify(ctx, *p, *q))
                    .collect::<Option<Vec<_>>>()?;
                Some(ctx.intern_type(TypeKind::Tuple(elems)))
            }
            _ => None,
        },
    }
}

/// NumPy's "same_kind" casting (`np.can_cast(from, to, 'same_kind')`): safe casts, and casts
/// within a kind (float to any float, int to any int of the same or a signed kind, int to
/// float); never to bool or from float to int.
pub fn can_cast_same_kind(ctx: &Context, from: Type, to: Type) -> bool {
    let int = |t| match ctx.type_kind(t) {
        TypeKind::Int { width, signedness } if *width > 1 => Some(*signedness),
        _ => None,
    };
    let float = |t| matches!(ctx.type_kind(t), TypeKind::Float(_));
    can_cast_safely(ctx, from, to)
        || (float(from) && float(to))
        || (int(from).is_some() && float(to))
        || matches!(
            (int(from), int(to)),
            (Some(a), Some(b)) if a == b || a == Signedness::Unsigned
        )
}

/// NumPy's "safe" casting between scalar types (`np.can_cast(from, to)`).
pub fn can_cast_safely(ctx: &Context, from: Type, to: Type) -> bool {
    match (ctx.type_kind(from), ctx.type_kind(to)) {
        _ if from == to => true,
        (TypeKind::Int { width: 1, .. }, TypeKind::Int { .. } | TypeKind::Float(_)) => true,
        (
            TypeKind::Int {
                width: a,
                signedness: sa,
            },
            TypeKind::Int {
                width: b,
                signedness: sb,
            },
        ) => (sa == sb && b >= a) || (*sa == Signedness::Unsigned && b > a),
        (TypeKind::Int { width, .. }, TypeKind::Float(f)) => match width {
            8 => f.width() >= 16,
            16 => f.width() >= 32,
            _ => f.width() == 64,
        },
        (TypeKind::Float(a), TypeKind::Float(b)) => b.width() >= a.width(),
        (TypeKind::Int { .. } | TypeKind::Float(_), TypeKind::Complex(_)) => true,
        _ => false,
    }
}
