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

/// The text of the Python source file at `path`. A file that is not UTF-8 is a diagnostic at
/// its first invalid byte (render it with the file read lossily to quote the line).
pub fn read_source(path: &std::path::Path) -> Result<String, crate::Error> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| crate::Error::Io {
        path: name.clone(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line_start = bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        // The line up to the byte is valid UTF-8: its characters give the column.
        let col = String::from_utf8_lossy(&bytes[line_start..at])
            .chars()
            .count()
            + 1;
        let message = format!(
            "the file is not valid UTF-8 (byte {:#04x} at offset {at}); Python source must be \
             UTF-8",
            bytes[at]
        );
        crate::Error::Diagnostic(Diagnostic::error(
            Location::new(&name, line as u32, col as u32),
            message,
        ))
    })
}
