//! Kernel launches on AMD GPUs through the HIP runtime (`libamdhip64.so`), loaded at run time:
//! building needs no ROCm, and a machine without it (or without an AMD GPU) gets
//! [`GpuError::NoDevice`] saying which. Kernels travel as code objects ([`super::hsaco`]) for
//! the chip `BLACKBIRD_ROCM_ARCH` names (default `gfx90a`); arrays are copied in and out as
//! for CUDA ([`super::cuda`]), with the same parameter convention.
//!
//! Not yet run on an AMD GPU (none was available while it was written): the CUDA path, which
//! shares the argument handling, is the one tested on hardware.

use std::ffi::{c_char, c_void, CStr, CString};

use libloading::{Library, Symbol};

use super::{download, kernel_words, upload_bytes, GpuError, LaunchDims};
use crate::call::{check_args, Arg, ParamKind};

/// HIP's `hipError_t`; 0 is success.
type Status = i32;

/// The HIP runtime with a device: the first AMD GPU.
pub struct Device {
    library: Library,
}

impl Device {
    /// Load the HIP runtime and check that it sees an AMD GPU, or say why not.
    pub fn open() -> Result<Device, GpuError> {
        // SAFETY: loading the HIP runtime runs its initialisers, as any HIP program does.
        let library = ["libamdhip64.so", "libamdhip64.so.6", "libamdhip64.so.5"]
            .iter()
            .find_map(|name| unsafe { Library::new(name) }.ok())
            .ok_or_else(|| {
                GpuError::NoDevice(
                    "no ROCm runtime (libamdhip64.so) was found on this machine".into(),
                )
            })?;
        let device = Device { library };
        // SAFETY (both): `hipInit(unsigned)` and `hipGetDeviceCount(int*)` per the HIP API.
        let init: Symbol<unsafe extern "C" fn(u32) -> Status> = device.symbol(b"hipInit\0")?;
        let status = unsafe { init(0) };
        let count: Symbol<unsafe extern "C" fn(*mut i32) -> Status> =
            device.symbol(b"hipGetDeviceCount\0")?;
        let mut n = 0;
        if status != 0 || unsafe { count(&mut n) } != 0 || n == 0 {
            return Err(GpuError::NoDevice(
                "the ROCm runtime reports no AMD GPU".into(),
            ));
        }
        Ok(device)
    }

    fn symbol<T>(&self, name: &[u8]) -> Result<Symbol<'_, T>, GpuError> {
        // SAFETY: each caller names the symbol's C type as the HIP API declares it.
        unsafe { self.library.get(name) }.map_err(|e| {
            GpuError::Driver(format!(
                "{}: {e}",
                String::from_utf8_lossy(&name[..name.len() - 1])
            ))
        })
    }

    /// `Err` with HIP's description of `status` for `what`, unless it is success.
    fn check(&self, status: Status, what: &str) -> Result<(), GpuError> {
        if status == 0 {
            return Ok(());
        }
        let text = self
            .symbol::<unsafe extern "C" fn(Status) -> *const c_char>(b"hipGetErrorString\0")
            .ok()
            // SAFETY: hipGetErrorString returns a static NUL-terminated string.
            .map(|describe| unsafe { CStr::from_ptr(describe(status)) })
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Err(GpuError::Driver(format!("{what}: error {status} {text}")))
    }

    /// Load `code_object`, copy the arguments in, run `kernel` over `dims`, wait for it, copy
    /// the arrays back.
    pub fn launch(
        &self,
        code_object: &[u8],
        kernel: &str,
        dims: LaunchDims,
        params: &[ParamKind],
        args: &mut [Arg],
    ) -> Result<(), GpuError> {
        check_args(params, args).map_err(GpuError::Argument)?;
        dims.check()?;
        type Malloc = unsafe extern "C" fn(*mut *mut c_void, usize) -> Status;
        type Copy = unsafe extern "C" fn(*mut c_void, *const c_void, usize) -> Status;
        type Free = unsafe extern "C" fn(*mut c_void) -> Status;
        let load: Symbol<unsafe extern "C" fn(*mut *mut c_void, *const c_void) -> Status> =
            self.symbol(b"hipModuleLoadData\0")?;
        let get: Symbol<
            unsafe extern "C" fn(*mut *mut c_void, *mut c_void, *const c_char) -> Status,
        > = self.symbol(b"hipModuleGetFunction\0")?;
        let unload: Symbol<unsafe extern "C" fn(*mut c_void) -> Status> =
            self.symbol(b"hipModuleUnload\0")?;
        let malloc: Symbol<Malloc> = self.symbol(b"hipMalloc\0")?;
        let to_device: Symbol<Copy> = self.symbol(b"hipMemcpyHtoD\0")?;
        let to_host: Symbol<Copy> = self.symbol(b"hipMemcpyDtoH\0")?;
        let free: Symbol<Free> = self.symbol(b"hipFree\0")?;
        #[allow(clippy::type_complexity)]
        let launch: Symbol<
            unsafe extern "C" fn(
                *mut c_void,
                u32,
                u32,
                u32,
                u32,
                u32,
                u32,
                u32,
                *mut c_void,
                *mut *mut c_void,
                *mut *mut c_void,
            ) -> Status,
        > = self.symbol(b"hipModuleLaunchKernel\0")?;
        let synchronize: Symbol<unsafe extern "C" fn() -> Status> =
            self.symbol(b"hipDeviceSynchronize\0")?;

        let mut module: *mut c_void = std::ptr::null_mut();
        // SAFETY: `code_object` is a complete code object (an ELF image) that outlives the call.
        let status = unsafe { load(&mut module, code_object.as_ptr() as *const c_void) };
        self.check(
            status,
            "loading the code object (is BLACKBIRD_ROCM_ARCH the GPU's gfx chip?)",
        )?;
        let name = CString::new(kernel).expect("kernel names have no NUL");
        let mut function: *mut c_void = std::ptr::null_mut();
        // SAFETY: `module` was loaded above; `name` is NUL-terminated.
        let found = unsafe { get(&mut function, module, name.as_ptr()) };
        // Device copies of the arrays, in argument order; freed (and the module unloaded)
        // whatever happens next.
        struct Allocations<'d> {
            free: &'d Symbol<'d, Free>,
            unload: &'d Symbol<'d, unsafe extern "C" fn(*mut c_void) -> Status>,
            module: *mut c_void,
            buffers: Vec<*mut c_void>,
        }
        impl Drop for Allocations<'_> {
            fn drop(&mut self) {
                // SAFETY: each buffer came from hipMalloc, the module from hipModuleLoadData.
                unsafe {
                    for b in &self.buffers {
                        (self.free)(*b);
                    }
                    (self.unload)(self.module);
                }
            }
        }
        let mut held = Allocations {
            free: &free,
            unload: &unload,
            module,
            buffers: vec![],
        };
        self.check(found, "finding the kernel")?;
        // The array arguments' positions and sizes in bytes, in order.
        let mut copied: Vec<(usize, usize)> = vec![];
        let mut addresses = vec![];
        for (i, arg) in args.iter().enumerate() {
            if let Arg::Array(a) = arg {
                let host = upload_bytes(a);
                // An empty array still gets a (one-byte) allocation: a valid pointer.
                let size = host.len().max(1);
                let mut device: *mut c_void = std::ptr::null_mut();
                // SAFETY: hipMalloc writes a device pointer of `size` bytes.
                self.check(
                    unsafe { malloc(&mut device, size) },
                    "allocating an argument",
                )?;
                held.buffers.push(device);
                if !host.is_empty() {
                    // SAFETY: `device` holds `host.len()` bytes.
                    let status =
                        unsafe { to_device(device, host.as_ptr() as *const c_void, host.len()) };
                    self.check(status, "copying an argument to the device")?;
                }
                addresses.push(device as u64);
                copied.push((i, host.len()));
            }
        }
        let mut words = kernel_words(args, params, &addresses);
        let mut pointers: Vec<*mut c_void> = words
            .iter_mut()
            .map(|w| w as *mut u64 as *mut c_void)
            .collect();
        // SAFETY: one pointer per kernel parameter, in order, each to a live 8-byte slot (the
        // runtime reads each parameter's own size from the kernel, from the slot's low bytes);
        // every array pointer is a live device allocation.
        let status = unsafe {
            launch(
                function,
                dims.blocks[0],
                dims.blocks[1],
                dims.blocks[2],
                dims.threads[0],
                dims.threads[1],
                dims.threads[2],
                0,
                std::ptr::null_mut(),
                pointers.as_mut_ptr(),
                std::ptr::null_mut(),
            )
        };
        self.check(status, "launching the kernel")?;
        // SAFETY: no arguments.
        self.check(unsafe { synchronize() }, "running the kernel")?;
        for ((i, len), device) in copied.into_iter().zip(held.buffers.clone()) {
            let Arg::Array(a) = &mut args[i] else {
                unreachable!("copied are the array arguments")
            };
            download(a, len, |bytes| {
                // SAFETY: `device` holds `bytes.len()` bytes written by the kernel.
                let status =
                    unsafe { to_host(bytes.as_mut_ptr() as *mut c_void, device, bytes.len()) };
                self.check(status, "copying an argument back")
            })?;
        }
        Ok(())
    }
}
