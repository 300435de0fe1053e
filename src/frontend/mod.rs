//! The Python frontend: Python source → `py` dialect. The only module that knows the Python
//! AST (ruff_python_parser).
//!
//! Module level: imports (`import numpy as np`, `from numba import njit, prange`, …), function
//! definitions with their decorators, and numeric constants (frozen into the functions that
//! use them, as Numba does). Other module-level statements (test code, `if __name__ ==
//! "__main__":`) are not compiled.
//!
//! Functions become `py.func` ops in structured SSA form: variables assigned in an `if` are
//! yielded by `py.if`; variables a loop reassigns are carried through `py.for`/`py.while`
//! block arguments. A variable assigned in only some paths (one branch, or only inside a loop)
//! is an error where it is used afterwards.
//!
//! A function whose body cannot be lowered (an unsupported construct or function) does not
//! stop the others: its error is kept and reported when it, or a function that calls it, is
//! compiled — as Numba compiles each function when it is first called. Syntax errors and
//! module-level errors (decorators, signatures, classes) stop the whole module.

mod decorators;
mod lower;
mod names;
mod source;

pub use decorators::{Decorator, DecoratorKind};
pub use source::{read_source, SourceFile};

use crate::dialects::ir::{Context, Diagnostic, OpId};

/// A compiled-to-`py` Python module.
#[derive(Debug)]
pub struct Program {
    /// The `builtin.module` holding one `py.func` per function that lowered.
    pub module: OpId,
    pub functions: Vec<FunctionDecl>,
    /// The functions whose bodies did not lower, with the error, in source order; then those
    /// that call one of them, with its error.
    pub unlowered: Vec<(String, Diagnostic)>,
    /// Every function's name (lowered or not), in source order.
    pub names: Vec<String>,
}

/// One Python function of the module.
#[derive(Debug)]
pub struct FunctionDecl {
    pub name: String,
    pub op: OpId,
    /// `None` for an undecorated helper (compiled when a decorated function calls it).
    pub decorator: Option<Decorator>,
}

impl FunctionDecl {
    /// The options its decorator sets (the defaults for an undecorated helper).
    pub fn options(&self) -> crate::Options {
        self.decorator
            .as_ref()
            .map(|d| d.options.clone())
            .unwrap_or_default()
    }
}

impl Program {
    pub fn function(&self, name: &str) -> Option<&FunctionDecl> {
        self.functions.iter().find(|f| f.name == name)
    }

    /// The error of lowering `name` (or a function it calls, directly or through others).
    pub fn lowering_error(&self, name: &str) -> Option<&Diagnostic> {
        self.unlowered
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, error)| error)
    }

    /// The first function's lowering error, for tools that take the whole module.
    pub fn first_lowering_error(&self) -> Option<&Diagnostic> {
        self.unlowered.first().map(|(_, e)| e)
    }
}

/// Parse a signature written as in Numba, e.g. `float64(float64[:, ::1], intp)`; a result of
/// `!py.object` means "infer it" (`(float64[:],)` form).
pub fn parse_signature(
    ctx: &mut Context,
    text: &str,
) -> Result<crate::dialects::ir::Type, Diagnostic> {
    let file = SourceFile::new("<signature>", text);
    let parsed = ruff_python_parser::parse_expression(text).map_err(|e| {
        Diagnostic::error(
            file.location_of(e.location.start()),
            format!("invalid signature: {}", e.error),
        )
    })?;
    decorators::parse_signature(ctx, &file, &parsed.syntax().body)
}

/// Parse Python source and lower every function to the `py` dialect.
pub fn lower_source(
    ctx: &mut Context,
    source: &str,
    filename: &str,
) -> Result<Program, Diagnostic> {
    let file = SourceFile::new(filename, source);
    let parsed = ruff_python_parser::parse_module(source).map_err(|e| {
        Diagnostic::error(
            file.location_of(e.location.start()),
            format!("invalid syntax: {}", e.error),
        )
    })?;
    lower::lower_module(ctx, &file, parsed.syntax())
}
