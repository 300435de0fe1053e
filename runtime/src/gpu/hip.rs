//! AMD GPUs through HIP: Blackbird compiles ROCm kernels to AMDGCN assembly, but launching them
//! is not implemented yet. [`why_unavailable`] loads the HIP runtime (`libamdhip64.so`) at run
//! time to say precisely why a kernel cannot run here: no runtime, no device, or a device found
//! but launching not implemented.

use super::GpuError;

/// Why a ROCm kernel cannot be launched on this machine.
pub fn why_unavailable() -> GpuError {
    match probe() {
        Err(e) => e,
        Ok(()) => GpuError::Driver(
            "launching kernels on AMD GPUs is not implemented yet (the AMDGCN code is available \
             with `blackbird dump --stage amdgcn`)"
                .into(),
        ),
    }
}

/// Whether the HIP runtime is here and sees a device.
fn probe() -> Result<(), GpuError> {
    {
        // SAFETY: loading the HIP runtime runs its initialisers, as any HIP program does.
        let library = ["libamdhip64.so", "libamdhip64.so.6", "libamdhip64.so.5"]
            .iter()
            .find_map(|name| unsafe { libloading::Library::new(name) }.ok())
            .ok_or_else(|| {
                GpuError::NoDevice(
                    "no ROCm runtime (libamdhip64.so) was found on this machine".into(),
                )
            })?;
        // SAFETY: `hipGetDeviceCount(int*)` per the HIP API.
        let count = unsafe {
            let get: libloading::Symbol<unsafe extern "C" fn(*mut i32) -> i32> = library
                .get(b"hipGetDeviceCount\0")
                .map_err(|e| GpuError::Driver(format!("hipGetDeviceCount: {e}")))?;
            let mut n = 0;
            let status = get(&mut n);
            if status != 0 {
                0
            } else {
                n
            }
        };
        if count == 0 {
            return Err(GpuError::NoDevice(
                "the ROCm runtime reports no AMD GPU".into(),
            ));
        }
        Ok(())
    }
}
