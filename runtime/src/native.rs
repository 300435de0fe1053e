//! Compiled code as a shared library: the object file a [`JitModule`](crate::JitModule) wrote,
//! linked by the system's C compiler driver, and loaded back with `dlopen`. The on-disk cache
//! stores code this way, so that a fresh process loads it instead of compiling.

use std::ffi::c_void;
use std::path::Path;
use std::process::Command;

use crate::engine::{libomp_path, EngineError};

/// The linker driver: `BLACKBIRD_LINKER`, else `cc` (the one Rust itself links with).
fn linker() -> String {
    std::env::var("BLACKBIRD_LINKER").unwrap_or_else(|_| "cc".into())
}

/// Link `object` into the shared library `output`. Code with parallel loops needs the OpenMP
/// runtime, found again at load time through the library's run path.
pub fn link_shared_library(
    object: &Path,
    output: &Path,
    parallel: bool,
) -> Result<(), EngineError> {
    let linker = linker();
    let mut command = Command::new(&linker);
    // `-Bsymbolic`: the library's references to its own symbols (the raise hook, its
    // functions) bind inside it, whatever other cached libraries the process loaded.
    command
        .arg("-shared")
        .arg("-o")
        .arg(output)
        .arg(object)
        .arg("-Wl,-Bsymbolic")
        .arg("-lm");
    if parallel {
        let omp = libomp_path()?;
        let dir = Path::new(&omp).parent().unwrap_or(Path::new("/"));
        command
            .arg(&omp)
            .arg(format!("-Wl,-rpath,{}", dir.display()));
    }
    let failed = |why: String| {
        EngineError::Link(format!(
            "linking {} into {} with `{linker}` failed: {why}",
            object.display(),
            output.display()
        ))
    };
    let out = command.output().map_err(|e| failed(e.to_string()))?;
    if !out.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    Ok(())
}

/// A loaded shared library of compiled code.
pub struct SharedLibrary {
    library: libloading::Library,
}

impl SharedLibrary {
    /// Load the library at `path`, resolving its symbols now.
    pub fn open(path: &Path) -> Result<Self, EngineError> {
        // SAFETY: loading runs the library's initialisers; libraries this module links contain
        // only compiled Blackbird code, which has none beyond those of the C runtime.
        let library = unsafe {
            libloading::os::unix::Library::open(
                Some(path),
                libloading::os::unix::RTLD_NOW | libloading::os::unix::RTLD_LOCAL,
            )
        }
        .map_err(|e| EngineError::Load(format!("{}: {e}", path.display())))?;
        Ok(SharedLibrary {
            library: library.into(),
        })
    }

    /// Address of a symbol of the library.
    pub fn lookup(&self, name: &str) -> Result<*mut c_void, EngineError> {
        // SAFETY: read as `*mut c_void`, a symbol is its address; callers give it its type.
        let symbol = unsafe { self.library.get::<*mut c_void>(name.as_bytes()) }
            .map_err(|_| EngineError::UnknownFunction(name.to_string()))?;
        Ok(*symbol)
    }
}
