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

use super::{kernel_words, GpuError};
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
        // Device copies of the arrays, in argument order.
        let mut buffers: Vec<(usize, Vec<u8>, CudaSlice<u8>)> = vec![];
        for (i, arg) in args.iter().enumerate() {
            if let Arg::Array(a) = arg {
                let host = a.to_bytes();
                // An empty array still gets a (one-byte) allocation: a valid pointer.
                let upload: &[u8] = if host.is_empty() { &[0] } else { &host };
                let device = stream
                    .clone_htod(upload)
                    .map_err(driver_error("copying an argument to the device"))?;
                buffers.push((i, host, device));
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
        for (i, mut host, device) in buffers {
            if host.is_empty() {
                continue;
            }
            stream
                .memcpy_dtoh(&device, &mut host)
                .map_err(driver_error("copying an argument back"))?;
            if let Arg::Array(a) = &mut args[i] {
                a.write_bytes(&host);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::ArrayArg;
    use ndarray::{s, Array2};

    #[test]
    fn strided_views_gather_and_scatter_in_c_order() {
        let mut m = Array2::<f32>::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as f32);
        let mut view = m.slice_mut(s![..;2, ..;-3]);
        let mut arg = ArrayArg::new(view.view_mut());
        let bytes = arg.to_bytes();
        let values: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(values, vec![3.0, 0.0, 23.0, 20.0]);
        let doubled: Vec<u8> = values
            .iter()
            .flat_map(|v| (2.0 * v).to_le_bytes())
            .collect();
        arg.write_bytes(&doubled);
        assert_eq!(m[[0, 3]], 6.0);
        assert_eq!(m[[2, 0]], 40.0);
        assert_eq!(m[[1, 0]], 10.0, "rows outside the view are untouched");
    }
}
