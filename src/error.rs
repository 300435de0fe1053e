//! The error type of the library API, rendered for people by [`Error::render`].

use crate::dialects::ir::{Diagnostic, VerifyError};
use crate::passes::conversion::loop_to_mlir::MlirModule;
use crate::passes::pipeline::{PassError, PipelineError};
use crate::runtime::EngineError;

#[derive(thiserror::Error, Debug)]
pub enum Error {
    /// Syntax or semantic error in the input, at a location.
    #[error("{0}")]
    Diagnostic(#[from] Diagnostic),
    /// The input IR does not verify.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Verify(Vec<VerifyError>),
    #[error("invalid pass pipeline: {error}")]
    Pipeline {
        pipeline: String,
        error: PipelineError,
    },
    #[error(transparent)]
    Pass(#[from] PassError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// Arguments that fit no compiled signature (Numba's TypingError).
    #[error("TypingError: {0}")]
    Typing(String),
    /// A Python exception raised by compiled code, at the source location that raised it
    /// (`ValueError: message`, or `ValueError` alone without a message, as CPython shows it).
    #[error("{location}: {}", crate::runtime::exception_text(.kind, .message))]
    Raised {
        kind: String,
        message: String,
        location: String,
    },
    /// A feature that a later stage of the project provides.
    #[error("{0}")]
    NotAvailable(String),
    /// An option or environment variable set to a value it cannot take.
    #[error("{0}")]
    Setting(String),
    /// No GPU here, a driver error, or a launch that does not fit the kernel.
    #[error(transparent)]
    Gpu(#[from] crate::runtime::gpu::GpuError),
}

impl From<crate::runtime::CallError> for Error {
    fn from(e: crate::runtime::CallError) -> Self {
        match e {
            crate::runtime::CallError::Typing(m) => Error::Typing(m),
            crate::runtime::CallError::Raised {
                kind,
                message,
                location,
            } => Error::Raised {
                kind,
                message,
                location,
            },
            crate::runtime::CallError::Engine(e) => Error::NotAvailable(e.to_string()),
        }
    }
}

impl Error {
    /// NumPy's ValueError, raised at `location` (for a call's arguments, before any code runs).
    pub(crate) fn value_error(message: String, location: impl Into<String>) -> Error {
        Error::Raised {
            kind: "ValueError".into(),
            message,
            location: location.into(),
        }
    }

    /// A failure of MLIR or LLVM on the code emitted for `function` (`mlir`): a bug of the
    /// compiler, not of the program, located at the construct whose code MLIR rejected (else
    /// at the function) and saying what MLIR said. Other engine errors (a missing runtime
    /// library) are passed on as they are.
    pub(crate) fn internal(function: &str, mlir: &MlirModule, e: EngineError) -> Error {
        if !matches!(
            e,
            EngineError::Parse(_) | EngineError::Lowering(..) | EngineError::Create(_)
        ) {
            return Error::NotAvailable(e.to_string());
        }
        let first_line = |text: &str| text.lines().next().unwrap_or_default().to_string();
        let diagnostics = e.diagnostics();
        let located = diagnostics.iter().find_map(|d| {
            let (line, _) = d.text_position()?;
            Some((d, mlir.location_of_line(line)?.clone()))
        });
        let (what, loc) = match (located, diagnostics.first()) {
            (Some((d, loc)), _) => (first_line(&d.message), loc),
            (None, Some(d)) => (first_line(&d.message), mlir.location.clone()),
            (None, None) => (first_line(&e.to_string()), mlir.location.clone()),
        };
        let mut diagnostic = Diagnostic::error(
            loc,
            format!("internal compiler error while compiling '{function}': {what}"),
        );
        for d in diagnostics
            .iter()
            .filter(|d| first_line(&d.message) != what)
            .take(3)
        {
            diagnostic =
                diagnostic.with_note(format!("MLIR also said: {}", first_line(&d.message)));
        }
        Error::Diagnostic(diagnostic.with_note(
            "this is a bug in Blackbird, not in the program: please report it with the program",
        ))
    }

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
            Error::Raised {
                kind,
                message,
                location,
            } => {
                // `file:line:col` of the raising expression: quote the line with a caret.
                let mut parts = location.rsplitn(3, ':');
                let (col, line) = (
                    parts.next().and_then(|c| c.parse::<usize>().ok()),
                    parts.next().and_then(|l| l.parse::<usize>().ok()),
                );
                let shown = crate::runtime::exception_text(kind, message);
                let mut out = format!("{location}: error: {shown}\n");
                if let (Some(col), Some(line), Some(src)) = (col, line, source) {
                    if let Some(text) = src.lines().nth(line.saturating_sub(1)) {
                        out.push_str(&format!("{text}\n{}^\n", " ".repeat(col.saturating_sub(1))));
                    }
                }
                out
            }
            other => format!("error: {other}\n"),
        }
    }
}
