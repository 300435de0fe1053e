//! A Python module: its source, parsed and lowered to the `py` dialect once, from which every
//! function the module is asked for is compiled ([`Module::function`], [`Module::kernel`]) or
//! dumped ([`Module::dump`]).
//!
//! ```
//! use blackbird::{Arg, Module, PyValue};
//!
//! let src = "from numba import njit\n\n@njit\ndef hyp(a, b):\n    return (a * a + b * b) ** 0.5\n";
//! let module = Module::from_source(src, "hyp.py").unwrap();
//! let hyp = module.function("hyp").unwrap();
//! assert_eq!(hyp.call(&mut [Arg::Int(3), Arg::Float(4.0)]).unwrap(), PyValue::Float(5.0));
//! ```

use std::sync::{Mutex, MutexGuard};

use crate::driver::ModuleIr;
use crate::Error;

/// A Python module whose functions can be compiled and called. It is `Send + Sync`, as are
/// the functions compiled from it: compiling takes the module's lock (one compilation at a
/// time), calling compiled code takes none.
pub struct Module {
    source: String,
    filename: String,
    functions: Vec<String>,
    /// The program, lowered once; specialisations are typed from it in its context.
    ir: Mutex<ModuleIr>,
}

impl Module {
    /// Parse and check Python source: syntax, imports, decorators and signatures. A function
    /// whose body cannot be compiled (an unsupported construct or NumPy function) reports its
    /// error when it, or a function calling it, is asked for, as Numba compiles lazily.
    pub fn from_source(source: &str, filename: &str) -> Result<Self, Error> {
        let ir = ModuleIr::lower(source, filename)?;
        Ok(Module {
            source: source.to_string(),
            filename: filename.to_string(),
            functions: ir.program.names.clone(),
            ir: Mutex::new(ir),
        })
    }

    pub fn from_file(path: &std::path::Path) -> Result<Self, Error> {
        let source = crate::frontend::read_source(path)?;
        Self::from_source(&source, &path.display().to_string())
    }

    /// The module's function names, in source order.
    pub fn function_names(&self) -> &[String] {
        &self.functions
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The file name the module's source came from (used in diagnostics).
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The lowered program, to compile from: held for the whole of one compilation (the
    /// compile lock). A compilation that panicked leaves no half-made entry in it behind
    /// (specialisations are added to caches once complete), so a poisoned lock is taken over.
    pub(crate) fn ir(&self) -> MutexGuard<'_, ModuleIr> {
        self.ir.lock().unwrap_or_else(|e| e.into_inner())
    }
}
