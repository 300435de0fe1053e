//! The stages after `mlir`, rendered from it on request: the LLVM dialect and assembly, for the
//! host CPU or a GPU kernel's vendor.

use super::{Lowered, Stage};
use crate::runtime::gpu::{self, GpuTarget, GpuVendor};
use crate::{Error, Options};

/// The IR of `stage` (`llvm`, `asm`, `ptx` or `amdgcn`) of `function`, lowered with
/// `options`: for the host CPU, or for a GPU kernel's vendor (`ptx` and `amdgcn` choose it).
pub(crate) fn later_stage(
    stage: Stage,
    function: &str,
    lowered: &Lowered,
    options: &Options,
) -> Result<String, Error> {
    let mlir = &lowered.mlir;
    let engine = |e: crate::runtime::EngineError| Error::internal(function, mlir, e);
    match (stage, options.gpu) {
        (Stage::Llvm, None) => {
            crate::runtime::lower_to_llvm_text(&mlir.text, &options.cpu_target()?).map_err(engine)
        }
        (Stage::Asm, None) => host_assembly(
            &crate::runtime::lower_to_llvm_text(&mlir.text, &options.cpu_target()?)
                .map_err(engine)?,
        ),
        // A kernel's LLVM dialect is NVVM's or ROCDL's; its assembly PTX or AMDGCN.
        (Stage::Llvm, Some(vendor)) => {
            gpu::lower_to_gpu_llvm(&mlir.text, &GpuTarget::default_for(vendor)).map_err(engine)
        }
        (Stage::Asm | Stage::Ptx | Stage::Amdgcn, Some(vendor)) => {
            gpu::compile_to_assembly(&mlir.text, &GpuTarget::default_for(vendor)).map_err(engine)
        }
        _ => unreachable!("stage {} is kept by the driver, not rendered", stage.name()),
    }
}

/// The GPU vendor whose assembly `stage` is (`ptx`: NVIDIA, `amdgcn`: AMD), if it is one.
pub(crate) fn gpu_assembly_vendor(stage: Stage) -> Option<GpuVendor> {
    match stage {
        Stage::Ptx => Some(GpuVendor::Cuda),
        Stage::Amdgcn => Some(GpuVendor::Rocm),
        _ => None,
    }
}

/// Host assembly for an LLVM-dialect module, through LLVM 22's `mlir-translate`, `opt -O3`
/// (the optimisations the JIT runs, vectorizers included) and `llc` for the host CPU
/// (installed with the MLIR packages; `BLACKBIRD_LLVM_BIN` overrides their directory).
fn host_assembly(llvm_dialect: &str) -> Result<String, Error> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let bin = std::env::var("BLACKBIRD_LLVM_BIN").unwrap_or_else(|_| "/usr/lib/llvm-22/bin".into());
    let run = |tool: &str, args: &[&str], input: &str| -> Result<String, Error> {
        let path = std::path::Path::new(&bin).join(tool);
        let mut child = Command::new(&path)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::Io {
                path: path.display().to_string(),
                source: e,
            })?;
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(input.as_bytes())
            .map_err(|e| Error::Io {
                path: tool.into(),
                source: e,
            })?;
        let out = child.wait_with_output().map_err(|e| Error::Io {
            path: tool.into(),
            source: e,
        })?;
        if !out.status.success() {
            return Err(Error::NotAvailable(format!(
                "{tool} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let ir = run("mlir-translate", &["--mlir-to-llvmir"], llvm_dialect)?;
    let optimized = run("opt", &["-O3", "-mcpu=native", "-S", "-o", "-"], &ir)?;
    run("llc", &["-O3", "-mcpu=native", "-o", "-"], &optimized)
}
