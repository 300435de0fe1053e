//! Source locations, carried by every operation through every pass.

/// Where an operation came from: `file:line:col` (1-based) of the Python source or the IR text.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub enum Location {
    #[default]
    Unknown,
    FileLineCol {
        file: std::sync::Arc<str>,
        line: u32,
        col: u32,
    },
}

impl Location {
    pub fn new(file: &str, line: u32, col: u32) -> Self {
        Location::FileLineCol {
            file: file.into(),
            line,
            col,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Unknown => write!(f, "<unknown>"),
            Location::FileLineCol { file, line, col } => write!(f, "{file}:{line}:{col}"),
        }
    }
}
