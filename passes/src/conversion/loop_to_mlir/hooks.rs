//! What the emitted module defines or declares around the program's functions: the raise and
//! print functions with the runtime hooks they call through, and the C library functions the
//! CPU code calls.

use std::fmt::Write;

use blackbird_dialects::ir::OpDef;
use blackbird_dialects::ir::{Context, FloatKind, TypeKind, Value};
use blackbird_dialects::loops::replace_format_holes;
use blackbird_dialects::math;

use super::{
    random_hook_symbol, LINALG_HOOK_SYMBOL, LINALG_SYMBOL, PRINT_HOOK_SYMBOL, PRINT_SYMBOL,
    RAISED_ANY_SYMBOL, RAISED_HOOK_SYMBOL, RAISED_SYMBOL, RAISE_HOOK_SYMBOL, RAISE_SYMBOL,
};
use super::{CATCH_HOOK_SYMBOL, CATCH_SYMBOL, SITE_KIND_SYMBOL};
use blackbird_dialects::exceptions::{kind_code, UNKNOWN_KIND};
use blackbird_dialects::ir::Location;

/// [`RAISE_SYMBOL`] and the [`RAISE_HOOK_SYMBOL`] global it calls through. The function is
/// `cold` and never inlined: LLVM then keeps the raising paths out of the way of the hot code
/// (loops whose checks only raise get unswitched instead of spilling around a call).
pub(super) fn raise_function() -> String {
    format!(
        "  llvm.mlir.global external @{RAISE_HOOK_SYMBOL}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
  llvm.mlir.global external @{RAISED_ANY_SYMBOL}(0 : i64) {{addr_space = 0 : i32}} : i64
  func.func private @{RAISE_SYMBOL}(%site: i64) attributes {{passthrough = [\"noinline\", \"cold\"]}} {{
    %0 = llvm.mlir.addressof @{RAISE_HOOK_SYMBOL} : !llvm.ptr
    %1 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
    llvm.call %1(%site) : !llvm.ptr, (i64) -> ()
    %2 = llvm.mlir.constant(1 : i64) : i64
    %3 = llvm.mlir.addressof @{RAISED_ANY_SYMBOL} : !llvm.ptr
    llvm.store %2, %3 atomic monotonic {{alignment = 8 : i64}} : i64, !llvm.ptr
    return
  }}
"
    )
}

/// [`RAISED_SYMBOL`] and the [`RAISED_HOOK_SYMBOL`] global it calls through when
/// [`RAISED_ANY_SYMBOL`] says that some call raised (always inlined: the hot path is a load
/// and a branch).
pub(super) fn raised_function() -> String {
    format!(
        "  llvm.mlir.global external @{RAISED_HOOK_SYMBOL}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
  func.func private @{RAISED_SYMBOL}() -> i64 attributes {{passthrough = [\"alwaysinline\"]}} {{
    %0 = llvm.mlir.addressof @{RAISED_ANY_SYMBOL} : !llvm.ptr
    %1 = llvm.load %0 atomic monotonic {{alignment = 8 : i64}} : !llvm.ptr -> i64
    %2 = arith.constant 0 : i64
    %3 = arith.cmpi ne, %1, %2 : i64
    %4 = scf.if %3 -> (i64) {{
      %5 = llvm.mlir.addressof @{RAISED_HOOK_SYMBOL} : !llvm.ptr
      %6 = llvm.load %5 : !llvm.ptr -> !llvm.ptr
      %7 = llvm.call %6() : !llvm.ptr, () -> i64
      scf.yield %7 : i64
    }} else {{
      scf.yield %2 : i64
    }}
    return %4 : i64
  }}
"
    )
}

/// [`CATCH_SYMBOL`] with the [`CATCH_HOOK_SYMBOL`] global it calls through, and
/// [`SITE_KIND_SYMBOL`], a switch over the module's raise sites (`sites`, all of them: this is
/// emitted after the functions).
pub(super) fn catch_functions(sites: &[(String, String, Location)]) -> String {
    let mut cases = String::new();
    for (site, (kind, _, _)) in sites.iter().enumerate() {
        let _ = write!(
            cases,
            "    case {site} {{\n      %c = arith.constant {} : i64\n      scf.yield %c : i64\n    }}\n",
            kind_code(kind)
        );
    }
    format!(
        "  llvm.mlir.global external @{CATCH_HOOK_SYMBOL}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
  func.func private @{CATCH_SYMBOL}() -> i64 {{
    %0 = llvm.mlir.addressof @{CATCH_HOOK_SYMBOL} : !llvm.ptr
    %1 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
    %2 = llvm.call %1() : !llvm.ptr, () -> i64
    return %2 : i64
  }}
  func.func private @{SITE_KIND_SYMBOL}(%site: i64) -> i64 {{
    %i = arith.index_cast %site : i64 to index
    %k = scf.index_switch %i -> i64
{cases}    default {{
      %c = arith.constant {UNKNOWN_KIND} : i64
      scf.yield %c : i64
    }}
    return %k : i64
  }}
"
    )
}

/// [`PRINT_SYMBOL`], the [`PRINT_HOOK_SYMBOL`] global it calls through, and the format texts
/// of the module's prints as constant globals `@blackbird_print_format<i>`.
pub(super) fn print_function(formats: &[String]) -> String {
    let mut out = format!(
        "  llvm.mlir.global external @{PRINT_HOOK_SYMBOL}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
  func.func private @{PRINT_SYMBOL}(%format: !llvm.ptr, %values: !llvm.ptr) {{
    %0 = llvm.mlir.addressof @{PRINT_HOOK_SYMBOL} : !llvm.ptr
    %1 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
    llvm.call %1(%format, %values) : !llvm.ptr, (!llvm.ptr, !llvm.ptr) -> ()
    return
  }}
"
    );
    for (i, text) in formats.iter().enumerate() {
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(0);
        let escaped: String = bytes
            .iter()
            .map(|b| match b {
                b' '..=b'~' if !matches!(b, b'"' | b'\\') => (*b as char).to_string(),
                _ => format!("\\{b:02X}"),
            })
            .collect();
        let _ = writeln!(
            out,
            "  llvm.mlir.global internal constant @blackbird_print_format{i}(\"{escaped}\") {{addr_space = 0 : i32}} : !llvm.array<{} x i8>",
            bytes.len()
        );
    }
    out
}

/// The global holding the runtime's function for `loop.random {kind}` (see
/// [`random_hook_symbol`]), which the draws call through.
pub(super) fn random_hook_global(kind: &str) -> String {
    let symbol = random_hook_symbol(kind);
    format!(
        "  llvm.mlir.global external @{symbol}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
"
    )
}

/// [`LINALG_SYMBOL`], the [`LINALG_HOOK_SYMBOL`] global it calls through, and the names of the
/// module's routines as constant globals `@blackbird_linalg_routine<i>`.
pub(super) fn linalg_function(routines: &[String]) -> String {
    let mut out = format!(
        "  llvm.mlir.global external @{LINALG_HOOK_SYMBOL}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
  func.func private @{LINALG_SYMBOL}(%routine: !llvm.ptr, %arrays: !llvm.ptr) -> i64 {{
    %0 = llvm.mlir.addressof @{LINALG_HOOK_SYMBOL} : !llvm.ptr
    %1 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
    %2 = llvm.call %1(%routine, %arrays) : !llvm.ptr, (!llvm.ptr, !llvm.ptr) -> i64
    return %2 : i64
  }}
"
    );
    for (i, name) in routines.iter().enumerate() {
        // Routine names are plain ASCII (`solve.f64`).
        let _ = writeln!(
            out,
            "  llvm.mlir.global internal constant @blackbird_linalg_routine{i}(\"{name}\\00\") {{addr_space = 0 : i32}} : !llvm.array<{} x i8>",
            name.len() + 1
        );
    }
    out
}

/// `format`'s holes `{}` typed by the values they take (see [`PRINT_HOOK_SYMBOL`]).
pub(super) fn typed_print_format(ctx: &Context, format: &str, values: &[Value]) -> String {
    let typed = replace_format_holes(format, |k| {
        match ctx.type_kind(ctx.value_type(values[k])) {
            TypeKind::Float(FloatKind::F64) => "{f}",
            TypeKind::Float(_) => "{g}",
            TypeKind::Int { width: 1, .. } => "{b}",
            TypeKind::Int {
                signedness: blackbird_dialects::ir::Signedness::Unsigned,
                ..
            } => "{u}",
            _ => "{i}",
        }
        .to_string()
    });
    typed.expect("the verifier checked the format")
}

/// The C library function (`double` version; `float`'s adds `f`) that a CPU `math` op
/// calls: those whose upstream lowering is inaccurate (`log1p` as `log(1 + x)`) or missing,
/// and the gamma functions, which have no upstream op.
pub(super) fn c_library_function(def: &OpDef) -> Option<&'static str> {
    const C_LIBRARY: &[(&OpDef, &str)] = &[
        (&math::LOG1P, "log1p"),
        (&math::EXPM1, "expm1"),
        (&math::ERF, "erf"),
        (&math::ERFC, "erfc"),
        (&math::TGAMMA, "tgamma"),
        (&math::LGAMMA, "lgamma"),
        (&math::HYPOT, "hypot"),
    ];
    C_LIBRARY
        .iter()
        .find(|(d, _)| d.same_as(def))
        .map(|(_, name)| *name)
}
