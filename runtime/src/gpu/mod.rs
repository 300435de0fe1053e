//! GPU code: kernels emitted as a `gpu.module` are compiled by MLIR to PTX (CUDA, through NVVM)
//! or AMDGCN assembly (ROCm, through ROCDL) without any GPU or vendor SDK at build time, and
//! launched on NVIDIA GPUs through the CUDA driver, loaded at run time ([`cuda`]).
//!
//! Math functions in kernels become calls of the vendor's device library (`__nv_expf` from
//! libdevice, `__ocml_exp_f32` from ROCm's device libs), which MLIR links in from a toolkit
//! directory ([`GpuTarget::find_toolkit`]).

pub mod cuda;
pub mod hip;
pub mod hsaco;

use std::path::{Path, PathBuf};

use melior::ir::Module;
use melior::pass::PassManager;
use melior::utility::parse_pass_pipeline;

use crate::call::{scalar_slot, Arg, ArrayArg, ParamKind};
use crate::engine::{new_context, take_diagnostics, EngineError};

/// Why a kernel could not run on a GPU.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum GpuError {
    /// No driver or no device: GPU tests skip on this.
    #[error("no GPU available: {0}")]
    NoDevice(String),
    #[error("GPU driver error: {0}")]
    Driver(String),
    #[error("{0}")]
    Argument(String),
}

/// Blocks per grid and threads per block, each up to three dimensions (`kernel[blocks,
/// threads]` in Numba).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaunchDims {
    pub blocks: [u32; 3],
    pub threads: [u32; 3],
}

impl LaunchDims {
    /// A launch needs at least one block and one thread along each dimension.
    pub fn check(&self) -> Result<(), GpuError> {
        if self.blocks.contains(&0) || self.threads.contains(&0) {
            return Err(GpuError::Argument(format!(
                "a launch needs at least one block and one thread per dimension, got {self:?}"
            )));
        }
        Ok(())
    }
}

/// A kernel's parameter slots for `args` (checked against `params`), following MLIR's
/// calling convention for `gpu.func`: each array expands to the descriptor of its contiguous
/// device copy at `addresses` (one per array argument, in order): allocated and aligned
/// pointers, offset 0, sizes, row-major strides; each scalar to one slot.
pub(crate) fn kernel_words(args: &[Arg], params: &[ParamKind], addresses: &[u64]) -> Vec<u64> {
    let mut words = vec![];
    let mut next_address = addresses.iter();
    for (arg, param) in args.iter().zip(params) {
        match (arg, param) {
            (Arg::Array(a), _) => {
                let ptr = *next_address.next().expect("one address per array");
                words.extend([ptr, ptr, 0]);
                words.extend(a.shape.iter().map(|d| *d as u64));
                words.extend(contiguous_strides(&a.shape).into_iter().map(|s| s as u64));
            }
            (scalar, ParamKind::Scalar(kind)) => {
                words.push(scalar_slot(*kind, scalar).expect("checked by check_args"))
            }
            (_, ParamKind::Array { .. }) => unreachable!("checked by check_args"),
            (_, ParamKind::Tuple(_)) => unreachable!("kernels with tuple parameters are refused"),
        }
    }
    words
}

/// The bytes an array travels to the device as: its own memory when it is C-contiguous, else
/// a C-ordered copy of its elements.
pub(crate) fn upload_bytes<'a>(a: &'a ArrayArg) -> std::borrow::Cow<'a, [u8]> {
    match a.contiguous_bytes() {
        Some(bytes) => std::borrow::Cow::Borrowed(bytes),
        None => std::borrow::Cow::Owned(a.to_bytes()),
    }
}

/// Copy an array's `len` bytes back from the device with `read` (which fills a byte slice):
/// straight into its memory when it is C-contiguous, else through a buffer scattered into its
/// elements. Nothing to copy for an empty array.
pub(crate) fn download(
    a: &mut ArrayArg,
    len: usize,
    read: impl FnOnce(&mut [u8]) -> Result<(), GpuError>,
) -> Result<(), GpuError> {
    if len == 0 {
        return Ok(());
    }
    match a.contiguous_bytes_mut() {
        Some(bytes) => read(bytes),
        None => {
            let mut host = vec![0u8; len];
            read(&mut host)?;
            a.write_bytes(&host);
            Ok(())
        }
    }
}

/// Strides (in elements) of a C-contiguous array of `shape`.
fn contiguous_strides(shape: &[i64]) -> Vec<i64> {
    let mut strides = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * shape[d + 1].max(1);
    }
    strides
}

/// The GPU vendors Blackbird generates code for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum GpuVendor {
    /// NVIDIA: NVVM → PTX.
    Cuda,
    /// AMD: ROCDL → AMDGCN.
    Rocm,
}

impl GpuVendor {
    /// The name of the assembly stage (`blackbird dump --stage ptx|amdgcn`).
    pub fn assembly_stage(self) -> &'static str {
        match self {
            GpuVendor::Cuda => "ptx",
            GpuVendor::Rocm => "amdgcn",
        }
    }

    /// `cuda` or `rocm`, as `target=` names it.
    pub fn name(self) -> &'static str {
        match self {
            GpuVendor::Cuda => "cuda",
            GpuVendor::Rocm => "rocm",
        }
    }
}

/// What to compile GPU code for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GpuTarget {
    pub vendor: GpuVendor,
    /// `sm_90`, `sm_80`, … (CUDA) or `gfx90a`, `gfx942`, … (ROCm).
    pub chip: String,
    /// LLVM optimisation level, 0–3.
    pub opt_level: usize,
    /// Where the vendor's device library is ([`GpuTarget::find_toolkit`]); without one, kernels
    /// calling math functions do not compile.
    pub toolkit: Option<PathBuf>,
}

impl GpuTarget {
    /// The vendor's default chip: `BLACKBIRD_CUDA_ARCH` (default `sm_90`, the H100) or
    /// `BLACKBIRD_ROCM_ARCH` (default `gfx90a`, the MI200 series).
    pub fn default_for(vendor: GpuVendor) -> Self {
        let (var, chip) = match vendor {
            GpuVendor::Cuda => ("BLACKBIRD_CUDA_ARCH", "sm_90"),
            GpuVendor::Rocm => ("BLACKBIRD_ROCM_ARCH", "gfx90a"),
        };
        let chip = std::env::var(var)
            .ok()
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| chip.to_string());
        GpuTarget {
            vendor,
            chip,
            opt_level: 3,
            toolkit: Self::find_toolkit(vendor),
        }
    }

    /// The toolkit directory whose device library math calls are linked with: for CUDA one
    /// holding `nvvm/libdevice/libdevice.10.bc` (`BLACKBIRD_CUDA_TOOLKIT`, `CUDA_HOME`,
    /// `CUDA_PATH`, `/usr/local/cuda`, or the `nvidia-cuda-nvcc-cu12` wheel in the active
    /// Python environment `VIRTUAL_ENV`); for ROCm one holding `amdgcn/bitcode/ocml.bc`
    /// (`BLACKBIRD_ROCM_PATH`, `ROCM_PATH`, `/opt/rocm`, or Debian's `rocm-device-libs`).
    pub fn find_toolkit(vendor: GpuVendor) -> Option<PathBuf> {
        let env = |v: &str| std::env::var_os(v).map(PathBuf::from);
        let (candidates, marker): (Vec<Option<PathBuf>>, &str) = match vendor {
            GpuVendor::Cuda => (
                vec![
                    env("BLACKBIRD_CUDA_TOOLKIT"),
                    env("CUDA_HOME"),
                    env("CUDA_PATH"),
                    Some("/usr/local/cuda".into()),
                    env("VIRTUAL_ENV").and_then(|v| nvcc_wheel(&v)),
                ],
                "nvvm/libdevice/libdevice.10.bc",
            ),
            GpuVendor::Rocm => (
                vec![
                    env("BLACKBIRD_ROCM_PATH"),
                    env("ROCM_PATH"),
                    Some("/opt/rocm".into()),
                    Some("/usr/lib/x86_64-linux-gnu".into()),
                ],
                "amdgcn/bitcode/ocml.bc",
            ),
        };
        candidates
            .into_iter()
            .flatten()
            .find(|dir| dir.join(marker).is_file())
    }

    /// The pipeline from a module holding a `gpu.module` to one holding a `gpu.binary` with the
    /// kernel's assembly (with `serialize`), or to the LLVM dialect of the GPU (without).
    pub fn pipeline(&self, serialize: bool) -> String {
        let (attach, convert) = match self.vendor {
            GpuVendor::Cuda => ("nvvm-attach-target", "convert-gpu-to-nvvm".to_string()),
            GpuVendor::Rocm => (
                "rocdl-attach-target",
                format!("convert-gpu-to-rocdl{{chipset={}}}", self.chip),
            ),
        };
        let mut p = format!(
            "builtin.module({attach}{{chip={} O={}}},gpu.module(convert-scf-to-cf,expand-strided-metadata,lower-affine,{convert},canonicalize,cse),reconcile-unrealized-casts",
            self.chip, self.opt_level
        );
        if serialize {
            p.push_str(",gpu-module-to-binary{format=isa");
            if let Some(t) = &self.toolkit {
                p.push_str(&format!(" toolkit={}", t.display()));
            }
            p.push('}');
        }
        p.push(')');
        p
    }
}

/// The `nvidia-cuda-nvcc-cu12` wheel's directory inside a Python environment, if installed.
fn nvcc_wheel(venv: &Path) -> Option<PathBuf> {
    let lib = std::fs::read_dir(venv.join("lib")).ok()?;
    lib.flatten()
        .map(|e| e.path().join("site-packages/nvidia/cuda_nvcc"))
        .find(|p| p.is_dir())
}

/// Run `target`'s pipeline on `mlir` (a module with one `gpu.module`); returns the printed
/// result.
fn run(mlir: &str, target: &GpuTarget, serialize: bool) -> Result<String, EngineError> {
    let (context, diagnostics) = new_context();
    let mut module = Module::parse(&context, mlir)
        .ok_or_else(|| EngineError::Parse(take_diagnostics(&diagnostics)))?;
    let pm = PassManager::new(&context);
    parse_pass_pipeline(pm.as_operation_pass_manager(), &target.pipeline(serialize))
        .map_err(|e| EngineError::Lowering(e.to_string(), Default::default()))?;
    pm.run(&mut module).map_err(|e| {
        let mut message = e.to_string();
        if target.vendor == GpuVendor::Rocm && target.toolkit.is_none() {
            message.push_str(
                "\nhint: ROCm code needs AMD's device libraries (amdgcn/bitcode/ocml.bc): install \
                 Debian's rocm-device-libs or set BLACKBIRD_ROCM_PATH",
            );
        }
        EngineError::Lowering(message, take_diagnostics(&diagnostics))
    })?;
    Ok(module.as_operation().to_string())
}

/// The kernel module lowered to the GPU's LLVM dialect (NVVM or ROCDL ops), before code
/// generation.
pub fn lower_to_gpu_llvm(mlir: &str, target: &GpuTarget) -> Result<String, EngineError> {
    run(mlir, target, false)
}

/// Compile a module holding one `gpu.module` to the target's assembly: PTX text for CUDA,
/// AMDGCN assembly for ROCm. A kernel calling device-library math functions that could not be
/// linked (no toolkit found) is an error naming them, not a module that fails to load later.
pub fn compile_to_assembly(mlir: &str, target: &GpuTarget) -> Result<String, EngineError> {
    let printed = run(mlir, target, true)?;
    let assembly = object_assembly(&printed).ok_or_else(|| {
        EngineError::Lowering(
            format!("no assembly in the serialized GPU module:\n{printed}"),
            Default::default(),
        )
    })?;
    let unresolved = unresolved_device_functions(&assembly, target.vendor);
    if !unresolved.is_empty() {
        return Err(EngineError::MissingRuntime(format!(
            "the kernel calls device-library functions ({}) but no {} was found to link them \
             from; {}",
            unresolved.join(", "),
            match target.vendor {
                GpuVendor::Cuda => "CUDA toolkit with nvvm/libdevice/libdevice.10.bc",
                GpuVendor::Rocm => "ROCm device library directory (amdgcn/bitcode)",
            },
            match target.vendor {
                GpuVendor::Cuda =>
                    "set BLACKBIRD_CUDA_TOOLKIT or CUDA_HOME (`pip install nvidia-cuda-nvcc-cu12` provides one)",
                GpuVendor::Rocm =>
                    "install Debian's rocm-device-libs or set BLACKBIRD_ROCM_PATH",
            }
        )));
    }
    Ok(assembly)
}

/// Device-library functions the assembly declares but does not define.
fn unresolved_device_functions(assembly: &str, vendor: GpuVendor) -> Vec<String> {
    let mut out: Vec<String> = match vendor {
        GpuVendor::Cuda => assembly
            .lines()
            .filter(|l| l.starts_with(".extern .func"))
            .filter_map(|l| l.split_whitespace().last())
            .filter(|name| name.starts_with("__nv_"))
            .map(str::to_string)
            .collect(),
        GpuVendor::Rocm => vec![],
    };
    out.sort();
    out.dedup();
    out
}

/// The text of the first object's `assembly = "…"` in a printed `gpu.binary`, unescaped (MLIR
/// prints `\` as `\\` and other special bytes as `\XX` in hex).
fn object_assembly(printed: &str) -> Option<String> {
    let start = printed.find("assembly = \"")? + "assembly = \"".len();
    let mut bytes = vec![];
    let mut chars = printed[start..].bytes();
    while let Some(b) = chars.next() {
        match b {
            b'"' => return String::from_utf8(bytes).ok(),
            b'\\' => {
                let first = chars.next()?;
                if first == b'\\' {
                    bytes.push(b'\\');
                } else {
                    let hex = [first, chars.next()?];
                    let hex = std::str::from_utf8(&hex).ok()?;
                    bytes.push(u8::from_str_radix(hex, 16).ok()?);
                }
            }
            _ => bytes.push(b),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_strides_are_row_major() {
        assert_eq!(contiguous_strides(&[2, 3, 4]), vec![12, 4, 1]);
        assert_eq!(contiguous_strides(&[]), Vec::<i64>::new());
    }

    #[test]
    fn arrays_expand_to_descriptors_and_scalars_to_slots() {
        use crate::call::{ArrayArg, ScalarKind};
        let mut m = ndarray::Array2::<f32>::zeros((2, 3));
        let args = [Arg::Array(ArrayArg::new(m.view_mut())), Arg::Float(0.5)];
        let params = [
            ParamKind::Array {
                dtype: crate::call::DType::F32,
                rank: 2,
                layout: crate::call::Layout::C,
            },
            ParamKind::Scalar(ScalarKind::F64),
        ];
        let words = kernel_words(&args, &params, &[0x1000]);
        assert_eq!(words, vec![0x1000, 0x1000, 0, 2, 3, 3, 1, 0.5f64.to_bits()]);
    }

    #[test]
    fn assembly_is_unescaped() {
        let printed =
            r#"gpu.binary @m [#gpu.object<#nvvm.target, assembly = "a\0A\09b \22c\22 \\d">]"#;
        assert_eq!(object_assembly(printed).unwrap(), "a\n\tb \"c\" \\d");
    }

    #[test]
    fn unresolved_libdevice_calls_are_found() {
        let ptx = ".extern .func  (.param .b32 func_retval0) __nv_expf\n.visible .entry k()\n";
        assert_eq!(
            unresolved_device_functions(ptx, GpuVendor::Cuda),
            vec!["__nv_expf".to_string()]
        );
    }
}
