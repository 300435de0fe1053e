//! Kernel launches on NVIDIA GPUs through the CUDA driver API (cudarc, loading `libcuda.so` at
//! run time: building needs no CUDA, and a machine without a driver gets [`GpuError::NoDevice`]).
//!
//! Arrays are copied to the device before the launch and back after it (their in-place
//! changes reach the caller, as Numba does for host arrays); a non-contiguous view travels as a
//! contiguous copy and is scattered back into its elements. Kernel parameters follow MLIR's
//! calling convention for `gpu.func`: each memref expands to its descriptor (allocated and
//! aligned pointers, offset, sizes, strides), each scalar to one parameter.

use std::sync::Arc;

use cudarc::driver::{CudaContext, CudaSlice, DevicePtr, LaunchConfig, PushKernelArg};
use cudarc::nvrtc::Ptx;

use super::{download, kernel_words, upload_bytes, GpuError};
use crate::call::{check_args, Arg, ParamKind};

pub use super::LaunchDims;

/// The first CUDA device, its name and compute capability (`sm_XY`).
pub struct Device {
    context: Arc<CudaContext>,
    pub name: String,
    pub arch: String,
}

fn driver_error(what: &str) -> impl Fn(cudarc::driver::DriverError) -> GpuError + '_ {
    move |e| GpuError::Driver(format!("{what}: {e}"))
}

impl Device {
    /// Open device 0, or say why there is none.
    pub fn open() -> Result<Device, GpuError> {
        // SAFETY: only tries to dlopen the driver library by its known names.
        if !unsafe { cudarc::driver::sys::is_culib_present() } {
            return Err(GpuError::NoDevice(
                "no CUDA driver (libcuda.so) was found on this machine".into(),
            ));
        }
        let count = CudaContext::device_count().map_err(driver_error("cuInit"))?;
        if count == 0 {
            return Err(GpuError::NoDevice(
                "the CUDA driver reports no device".into(),
            ));
        }
        let context = CudaContext::new(0).map_err(driver_error("creating a context"))?;
        let name = context.name().map_err(driver_error("device name"))?;
        let (major, minor) = context
            .compute_capability()
            .map_err(driver_error("compute capability"))?;
        Ok(Device {
            context,
            name,
            arch: format!("sm_{major}{minor}"),
        })
    }

    /// Load `ptx`, copy the arguments in, run `kernel` over `dims`, wait for it, copy the
    /// arrays back.
    pub fn launch(
        &self,
        ptx: &str,
        kernel: &str,
        dims: LaunchDims,
        params: &[ParamKind],
        args: &mut [Arg],
    ) -> Result<(), GpuError> {
        check_args(params, args).map_err(GpuError::Argument)?;
        dims.check()?;
        let module = self
            .context
            .load_module(Ptx::from_src(ptx))
            .map_err(driver_error("loading the PTX"))?;
        let function = module
            .load_function(kernel)
            .map_err(driver_error("finding the kernel"))?;
        let stream = self.context.default_stream();
        // Device copies of the arrays, in argument order (with their sizes in bytes); a
        // C-contiguous array is copied from its own memory, any other through a gathered copy.
        let mut buffers: Vec<(usize, usize, CudaSlice<u8>)> = vec![];
        for (i, arg) in args.iter().enumerate() {
            if let Arg::Array(a) = arg {
                let host = upload_bytes(a);
                // An empty array still gets a (one-byte) allocation: a valid pointer.
                let upload: &[u8] = if host.is_empty() { &[0] } else { &host };
                let device = stream
                    .clone_htod(upload)
                    .map_err(driver_error("copying an argument to the device"))?;
                buffers.push((i, host.len(), device));
            }
        }
        let mut guards = vec![];
        let mut addresses = vec![];
        for (_, _, device) in &buffers {
            let (ptr, guard) = device.device_ptr(&stream);
            guards.push(guard);
            addresses.push(ptr);
        }
        let words = kernel_words(args, params, &addresses);
        let config = LaunchConfig {
            grid_dim: (dims.blocks[0], dims.blocks[1], dims.blocks[2]),
            block_dim: (dims.threads[0], dims.threads[1], dims.threads[2]),
            shared_mem_bytes: 0,
        };
        let mut launch = stream.launch_builder(&function);
        for w in &words {
            // The driver reads each parameter's size from the kernel: a 4-byte scalar is read
            // from the low bytes of its (little-endian) slot.
            launch.arg(w);
        }
        // SAFETY: the parameters follow the kernel's signature (checked against `params`, the
        // kernel's own parameter list), and every pointer is a live device allocation.
        unsafe { launch.launch(config) }.map_err(driver_error("launching the kernel"))?;
        stream
            .synchronize()
            .map_err(driver_error("running the kernel"))?;
        drop(guards);
        for (i, len, device) in buffers {
            let Arg::Array(a) = &mut args[i] else {
                unreachable!("buffers are the array arguments")
            };
            download(a, len, |bytes| {
                stream
                    .memcpy_dtoh(&device, bytes)
                    .map_err(driver_error("copying an argument back"))
            })?;
        }
        Ok(())
    }
}
