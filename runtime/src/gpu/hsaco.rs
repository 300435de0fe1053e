//! AMDGCN assembly to a code object (HSACO) that the HIP runtime loads: assembled by LLVM's
//! `llvm-mc` and linked by `ld.lld` (Debian's `llvm-22` and `lld-22`; `BLACKBIRD_LLVM_BIN`
//! overrides their directory), as ROCm's own toolchain does.

use std::path::PathBuf;
use std::process::Command;

use super::GpuError;

/// The directory of LLVM's command-line tools.
fn llvm_bin() -> PathBuf {
    std::env::var_os("BLACKBIRD_LLVM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| "/usr/lib/llvm-22/bin".into())
}

/// The code object of `assembly` (AMDGCN for `chip`, e.g. `gfx90a`).
pub fn code_object(assembly: &str, chip: &str) -> Result<Vec<u8>, GpuError> {
    let dir = Scratch::new()?;
    let (source, object, linked) = (
        dir.0.join("kernel.s"),
        dir.0.join("kernel.o"),
        dir.0.join("kernel.hsaco"),
    );
    std::fs::write(&source, assembly)
        .map_err(|e| GpuError::Driver(format!("writing {}: {e}", source.display())))?;
    let bin = llvm_bin();
    let run = |tool: &str, args: Vec<std::ffi::OsString>| -> Result<(), GpuError> {
        let path = bin.join(tool);
        let out = Command::new(&path).args(&args).output().map_err(|e| {
            GpuError::Driver(format!(
                "cannot run {} ({e}): AMD code objects need LLVM's llvm-mc and ld.lld \
                 (apt-get install llvm-22 lld-22, or set BLACKBIRD_LLVM_BIN)",
                path.display()
            ))
        })?;
        if !out.status.success() {
            return Err(GpuError::Driver(format!(
                "{tool} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        Ok(())
    };
    run(
        "llvm-mc",
        vec![
            "-triple=amdgcn-amd-amdhsa".into(),
            format!("-mcpu={chip}").into(),
            "-filetype=obj".into(),
            "-o".into(),
            object.clone().into(),
            source.into(),
        ],
    )?;
    run(
        "ld.lld",
        vec![
            "-shared".into(),
            object.into(),
            "-o".into(),
            linked.clone().into(),
        ],
    )?;
    std::fs::read(&linked)
        .map_err(|e| GpuError::Driver(format!("reading {}: {e}", linked.display())))
}

/// A directory of its own under the system's temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, GpuError> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("blackbird-hsaco-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| GpuError::Driver(format!("creating {}: {e}", dir.display())))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}
