//! The `builtin` dialect: the top-level container.

use crate::ir::{OpDef, Trait};

/// A module: a list of top-level ops (functions). Its body is one block with no terminator.
pub const MODULE: OpDef = OpDef {
    name: "builtin.module",
    summary: "top-level container of functions",
    example: "builtin.module {sym_name = \"m\"} {\n  func.func {function_type = () -> (), sym_name = \"f\"} {\n    func.return\n  }\n}",
    regions: 1,
    attrs: &[module::SYM_NAME.optional()],
    traits: &[Trait::IsolatedFromAbove, Trait::SingleBlockRegions, Trait::NoTerminator],
    ..OpDef::DEFAULT
};

/// The attributes of `builtin.module`.
pub mod module {
    use crate::ir::AttrKey;

    pub const SYM_NAME: AttrKey<String> = AttrKey::new("sym_name");
}

pub const OPS: &[&OpDef] = &[&MODULE];
