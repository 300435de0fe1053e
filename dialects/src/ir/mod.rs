//! The IR core: an MLIR-style, arena-based IR with typed handles.
//!
//! - [`Context`] owns operations, blocks, regions and values; handles are `Copy` ids.
//! - [`Type`]s and [`Attr`]s are interned in the context; [`AttrKey`]s read and write an op's
//!   attributes as Rust values (enumerated ones as enums declared with [`attr_enum!`](crate::attr_enum)).
//! - Ops are declared by dialects as [`OpDef`]s and checked by the [verifier](verify).
//! - [`print_op`] and [`parse_module`] write and read the text form; print → parse → print is
//!   the identity.

mod attr_key;
mod attributes;
mod builder;
mod context;
mod diagnostic;
mod location;
mod opdef;
pub mod parser;
pub mod printer;
mod types;
mod verifier;
mod walk;

pub use attr_key::{AttrKey, AttrValue, FunctionType, Symbol};
pub use attributes::{Attr, AttrKind};
pub use builder::{Builder, InsertPoint};
pub use context::{BlockId, Context, OpId, OperationState, RegionId, Use, Value, ValueDef};
pub use diagnostic::Diagnostic;
pub use location::Location;
pub use opdef::{Arity, AttrSpec, AttrType, FoldFn, Folded, OpDef, Registry, Trait, VerifyFn};
pub use parser::{parse_module, parse_type};
pub use printer::{attr_to_string, print_op, type_to_string, PrintOptions};
pub use types::{ArrayLayout, Dim, FloatKind, MemLayout, Signedness, Type, TypeKind};
pub use verifier::{
    check_all_types, check_float, check_integer_like, check_types_match, check_value_type, verify,
    VerifyError, VerifyErrorKind,
};
