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
    /// `None` only while dropped.
    library: Option<libloading::Library>,
    /// The anonymous file a library loaded from memory was loaded from: kept open while the
    /// library is loaded, since its name (`/proc/self/fd/N`) must not name another file then.
    memory: Option<std::fs::File>,
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
            library: Some(library.into()),
            memory: None,
        })
    }

    /// Load the library whose bytes are `bytes`, from an anonymous in-memory file (`name` only
    /// labels it): what is loaded is exactly what the caller checked, whatever later happens
    /// to the file the bytes were read from.
    #[cfg(target_os = "linux")]
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Self, EngineError> {
        use std::io::Write;
        use std::os::fd::{AsRawFd, FromRawFd};
        let failed = |e: std::io::Error| EngineError::Load(format!("{name} (in memory): {e}"));
        let label = std::ffi::CString::new(name.replace('\0', "")).expect("no NUL left");
        // SAFETY: `label` is a NUL-terminated string; the flags are valid.
        let fd = unsafe { libc::memfd_create(label.as_ptr(), libc::MFD_CLOEXEC) };
        if fd < 0 {
            return Err(failed(std::io::Error::last_os_error()));
        }
        // SAFETY: `fd` was just created and is owned by nothing else.
        let mut memory = unsafe { std::fs::File::from_raw_fd(fd) };
        memory.write_all(bytes).map_err(failed)?;
        let path = format!("/proc/self/fd/{}", memory.as_raw_fd());
        let mut library = Self::open(Path::new(&path))?;
        library.memory = Some(memory);
        Ok(library)
    }

    /// Loading from memory needs Linux's anonymous files.
    #[cfg(not(target_os = "linux"))]
    pub fn from_bytes(name: &str, _bytes: &[u8]) -> Result<Self, EngineError> {
        Err(EngineError::Load(format!(
            "{name}: loading a library from memory needs Linux"
        )))
    }

    /// Address of a symbol of the library.
    pub fn lookup(&self, name: &str) -> Result<*mut c_void, EngineError> {
        let library = self.library.as_ref().expect("loaded until dropped");
        // SAFETY: read as `*mut c_void`, a symbol is its address; callers give it its type.
        let symbol = unsafe { library.get::<*mut c_void>(name.as_bytes()) }
            .map_err(|_| EngineError::UnknownFunction(name.to_string()))?;
        Ok(*symbol)
    }
}

impl Drop for SharedLibrary {
    fn drop(&mut self) {
        drop(self.library.take());
        let Some(memory) = self.memory.take() else {
            return;
        };
        // The dynamic loader finds loaded libraries by name: if this one stayed loaded (a
        // library can refuse to unload), its `/proc/self/fd/N` must keep naming it, so its
        // file stays open for the rest of the process.
        use std::os::fd::AsRawFd;
        let path = format!("/proc/self/fd/{}", memory.as_raw_fd());
        // SAFETY: RTLD_NOLOAD loads nothing; it only finds an already loaded library.
        let still_loaded = unsafe {
            libloading::os::unix::Library::open(Some(&path), libc::RTLD_NOW | libc::RTLD_NOLOAD)
        };
        if still_loaded.is_ok() {
            std::mem::forget(memory);
        }
    }
}
