//! The error type of the library API, rendered for people by [`Error::render`].

use crate::dialects::ir::{Diagnostic, VerifyError};
use crate::passes::pipeline::{PassError, PipelineError};

#[derive(thiserror::Error, Debug)]
pub enum Error {
    /// Syntax or semantic error in the input, at a location.
    #[error("{0}")]
    Diagnostic(#[from] Diagnostic),
    /// The input IR does not verify.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Verify(Vec<VerifyError>),
    #[error("invalid pass pipeline: {error}")]
    Pipeline { pipeline: String, error: PipelineError },
    #[error(transparent)]
    Pass(#[from] PassError),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A feature that a later stage of the project provides.
    #[error("{0}")]
    NotAvailable(String),
}

impl Error {
    /// `FILE:LINE:COL: error: message`, the source line and a caret, for every error; `source`
    /// is the text of the input file the locations point into.
    pub fn render(&self, source: Option<&str>) -> String {
        match self {
            Error::Diagnostic(d) => d.render(source),
            Error::Verify(errors) | Error::Pass(PassError::InvalidIr { errors, .. }) => {
                let mut out = String::new();
                if let Error::Pass(PassError::InvalidIr { pass, .. }) = self {
                    out.push_str(&format!("error: IR does not verify after pass '{pass}'\n"));
                }
                for e in errors {
                    out.push_str(&e.to_diagnostic().render(source));
                }
                out
            }
            Error::Pass(PassError::Failed { pass, diagnostic }) => {
                format!("{}note: in pass '{pass}'\n", diagnostic.render(source))
            }
            Error::Pipeline { pipeline, error } => error.render(pipeline),
            other => format!("error: {other}\n"),
        }
    }
}
