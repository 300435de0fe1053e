//! The pass registry: names to constructors, so that pipelines can be written as strings.

use super::{OptionSpec, Pass, PassOptions, PassSpec, PipelineError};

/// How to make one pass.
#[derive(Clone)]
pub struct PassInfo {
    pub name: &'static str,
    pub summary: &'static str,
    pub options: &'static [OptionSpec],
    pub create: fn(&PassOptions) -> Result<Box<dyn Pass>, PipelineError>,
}

/// Registered passes by name.
#[derive(Clone, Default)]
pub struct PassRegistry {
    passes: Vec<PassInfo>,
}

impl PassRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn register(&mut self, info: PassInfo) {
        assert!(
            self.get(info.name).is_none(),
            "pass '{}' registered twice",
            info.name
        );
        self.passes.push(info);
        self.passes.sort_by_key(|p| p.name);
    }

    pub fn get(&self, name: &str) -> Option<&PassInfo> {
        self.passes.iter().find(|p| p.name == name)
    }

    /// All passes, sorted by name.
    pub fn list(&self) -> &[PassInfo] {
        &self.passes
    }

    /// Build the pass a spec names, checking its options.
    pub fn create(&self, spec: &PassSpec) -> Result<Box<dyn Pass>, PipelineError> {
        let Some(info) = self.get(&spec.name) else {
            let known: Vec<&str> = self.passes.iter().map(|p| p.name).collect();
            return Err(PipelineError::new(
                spec.column,
                format!(
                    "unknown pass '{}' (known passes: {})",
                    spec.name,
                    known.join(", ")
                ),
            ));
        };
        let options = PassOptions::new(info.name, spec.options.clone());
        options.check_known(info.options)?;
        (info.create)(&options)
    }
}
