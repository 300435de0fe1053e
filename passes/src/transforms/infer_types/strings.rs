//! Strings, as Numba's `Literal[str]`: a string literal's value is its type
//! (`!py.str<"right">`), so comparisons involving one are decided at compile time (`if side ==
//! "right":` is pruned like `if x is None:`) and no compiled code holds a string. A string
//! chosen at run time (by a branch, a loop) has no such type and is refused where its paths
//! join.

use blackbird_dialects::ir::{Context, Type, TypeKind};
use blackbird_dialects::py::CompareKind;

use super::rules::{display, is_array};

/// How the message of an invalid option string starts (`np._invalid_option`: NumPy's
/// ValueError, raised when compiling).
pub const INVALID_OPTION: &str = "ValueError: ";

/// How the message of a valid option Blackbird does not compile yet starts
/// (`np._option_not_compiled`).
pub const OPTION_NOT_COMPILED: &str = "not compiled yet: ";

/// Whether a diagnostic is about an option string the user passed (reported at the call,
/// without the prelude's line).
pub fn is_option_error(message: &str) -> bool {
    message.starts_with(INVALID_OPTION) || message.starts_with(OPTION_NOT_COMPILED)
}

/// The value of a string literal's type.
pub fn literal(ctx: &Context, t: Type) -> Option<&str> {
    match ctx.type_kind(t) {
        TypeKind::PyStr(s) => Some(s),
        _ => None,
    }
}

/// Whether a value of type `t` holds a string (itself, or in a tuple).
pub fn holds_str(ctx: &Context, t: Type) -> bool {
    match ctx.type_kind(t) {
        TypeKind::PyStr(_) => true,
        TypeKind::Tuple(items) => items.iter().any(|i| holds_str(ctx, *i)),
        _ => false,
    }
}

/// The outcome of comparing values of types `a` and `b` when a string is involved: two strings
/// compare as Python compares them; a string equals no number, bool or `None`. `None` when no
/// string is involved; `Some(Err(message))` for comparisons Python or Blackbird refuses.
pub fn compare(ctx: &Context, kind: CompareKind, a: Type, b: Type) -> Option<Result<bool, String>> {
    let (x, y) = (literal(ctx, a), literal(ctx, b));
    if x.is_none() && y.is_none() {
        return None;
    }
    let refused = || {
        Err(format!(
            "cannot compare {} and {}",
            display(ctx, a),
            display(ctx, b)
        ))
    };
    Some(match (x, y) {
        (Some(x), Some(y)) => Ok(match kind {
            CompareKind::Eq | CompareKind::Is => x == y,
            CompareKind::Ne | CompareKind::IsNot => x != y,
            CompareKind::Lt => x < y,
            CompareKind::Le => x <= y,
            CompareKind::Gt => x > y,
            CompareKind::Ge => x >= y,
            CompareKind::In => y.contains(x),
            CompareKind::NotIn => !y.contains(x),
        }),
        _ if is_array(ctx, a) || is_array(ctx, b) => refused(),
        _ => match kind {
            CompareKind::Eq | CompareKind::Is => Ok(false),
            CompareKind::Ne | CompareKind::IsNot => Ok(true),
            _ => refused(),
        },
    })
}

/// The message for a variable holding different strings on different paths.
pub fn not_constant(variable: &str, a: &str, b: &str) -> String {
    format!(
        "{variable} holds the string '{a}' on one path and '{b}' on another: a string in \
         compiled code must be a compile-time constant (unicode_type values are not supported)"
    )
}
