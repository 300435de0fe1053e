//! Pass options given in a pipeline string as `pass{key=value,…}`.

use super::PipelineError;

/// One option a pass declares.
#[derive(Copy, Clone, Debug)]
pub struct OptionSpec {
    pub name: &'static str,
    /// Shown by `blackbird opt --list-passes`.
    pub help: &'static str,
    pub default: &'static str,
}

/// The options given to one pass, checked against its [`OptionSpec`]s.
#[derive(Clone, Debug, Default)]
pub struct PassOptions {
    pass: String,
    values: Vec<(String, String, usize)>,
}

impl PassOptions {
    /// Options with their column in the pipeline string (for error carets).
    pub fn new(pass: &str, values: Vec<(String, String, usize)>) -> Self {
        PassOptions {
            pass: pass.to_string(),
            values,
        }
    }

    fn find(&self, name: &str) -> Option<&(String, String, usize)> {
        self.values.iter().rev().find(|(k, _, _)| k == name)
    }

    /// A boolean option (`true`/`false`/`1`/`0`), `default` when absent.
    pub fn get_bool(&self, name: &str, default: bool) -> Result<bool, PipelineError> {
        match self.find(name) {
            None => Ok(default),
            Some((_, v, col)) => match v.as_str() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(PipelineError::new(
                    *col,
                    format!(
                        "option '{name}' of pass '{}' expects true or false, found '{v}'",
                        self.pass
                    ),
                )),
            },
        }
    }

    /// An unsigned integer option, `default` when absent.
    pub fn get_usize(&self, name: &str, default: usize) -> Result<usize, PipelineError> {
        match self.find(name) {
            None => Ok(default),
            Some((_, v, col)) => v.parse().map_err(|_| {
                PipelineError::new(
                    *col,
                    format!(
                        "option '{name}' of pass '{}' expects a non-negative integer, found '{v}'",
                        self.pass
                    ),
                )
            }),
        }
    }

    /// A string option, `default` when absent.
    pub fn get_str(&self, name: &str, default: &str) -> String {
        self.find(name)
            .map_or(default.to_string(), |(_, v, _)| v.clone())
    }

    /// Error for any option the pass does not declare.
    pub(crate) fn check_known(&self, specs: &[OptionSpec]) -> Result<(), PipelineError> {
        for (k, _, col) in &self.values {
            if !specs.iter().any(|s| s.name == k) {
                let known: Vec<&str> = specs.iter().map(|s| s.name).collect();
                let hint = if known.is_empty() {
                    "it takes no options".to_string()
                } else {
                    format!("known options: {}", known.join(", "))
                };
                return Err(PipelineError::new(
                    *col,
                    format!("unknown option '{k}' for pass '{}' ({hint})", self.pass),
                ));
            }
        }
        Ok(())
    }
}
