//! Diagnostics rendered as `FILE:LINE:COL: error: message`, the source line and a caret.

use super::Location;

/// An error with a location, ready to render against the source it points into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub loc: Location,
    pub message: String,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(loc: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            loc,
            message: message.into(),
            notes: vec![],
        }
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Render the diagnostic; when `source` is the text of the file the location names, the
    /// offending line is quoted with a caret under the column.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = format!("{}: error: {}\n", self.loc, self.message);
        // A location in a text of its own (`<signature>`, `<type>`) is not in `source`.
        let in_source = |file: &str| !file.starts_with('<');
        if let (Location::FileLineCol { file, line, col }, Some(src)) = (&self.loc, source) {
            if !in_source(file) {
                return self.render(None);
            }
            if let Some(text) = src.lines().nth(*line as usize - 1) {
                out.push_str(&format!("{text}\n"));
                let pad: String = text
                    .chars()
                    .take((*col as usize).saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("{pad}^\n"));
            }
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        out
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: error: {}", self.loc, self.message)
    }
}

impl std::error::Error for Diagnostic {}
