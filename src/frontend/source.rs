//! Byte offsets of the Python source to `file:line:col` locations.

use ruff_text_size::{Ranged, TextSize};

use crate::dialects::ir::{Diagnostic, Location};

/// A Python source file with its line starts, for locations and diagnostics.
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceFile<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn location_of(&self, offset: TextSize) -> Location {
        let offset = (u32::from(offset) as usize).min(self.text.len());
        let line = self.line_starts.partition_point(|s| *s <= offset);
        let start = self.line_starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Location::new(self.name, line as u32, col as u32)
    }

    /// Location of the start of an AST node.
    pub fn loc(&self, node: &impl Ranged) -> Location {
        self.location_of(node.start())
    }

    /// An error at the start of an AST node.
    pub fn error(&self, node: &impl Ranged, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.loc(node), message)
    }
}
