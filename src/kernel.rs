//! GPU kernels (`@cuda.jit`): typed and lowered per argument types (or for their eager
//! signatures) to a `gpu.module`, compiled to PTX or AMDGCN for the chip they run on, and
//! launched over a grid of blocks of threads.
//!
//! ```
//! use blackbird::{Arg, ArrayArg, Module};
//! use blackbird::runtime::gpu::{GpuTarget, GpuVendor};
//! use ndarray::Array1;
//!
//! let src = "from numba import cuda\n\n@cuda.jit\ndef double(x):\n    i = cuda.grid(1)\n    if i < x.size:\n        x[i] *= 2.0\n";
//! let module = Module::from_source(src, "double.py").unwrap();
//! let kernel = module.kernel("double").unwrap();
//! let mut x = Array1::<f32>::ones(1000);
//! let args = [Arg::Array(ArrayArg::new(x.view_mut()))];
//! let ptx = kernel.assembly(&args, &GpuTarget::default_for(GpuVendor::Cuda)).unwrap();
//! assert!(ptx.contains(".entry double"));
//! // On a machine with an NVIDIA GPU: `kernel.launch([4, 1, 1], [256, 1, 1], &mut args)`.
//! ```

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::abi::{arg_type, has_array_input, ufunc_operands};
use crate::callable::Callable;
use crate::dialects::ir::{type_to_string, Context, Type, TypeKind};
use crate::driver::{
    compile_signature, lower_vectorized_kernel, with_compiler_stack, Lowered, ModuleIr, StageDumps,
};
use crate::module::Module;
use crate::runtime::gpu::{self, cuda, hip, GpuTarget, GpuVendor};
use crate::runtime::{check_args, Arg, ArgKey, ParamKind};
use crate::{Error, Options};

/// A kernel typed for one signature and lowered to a `gpu.module` (MLIR text).
pub struct LoweredKernel {
    /// The module holding the kernel as a `gpu.func … kernel`.
    pub mlir: String,
    pub params: Vec<ParamKind>,
    pub stages: StageDumps,
    /// The function type it was typed for, as text.
    pub signature: String,
}

/// What GPU code is compiled for: a kernel's signature (as text) and the target.
type Compiled = (String, GpuTarget);

/// A `@cuda.jit` function of a [`Module`].
pub struct Kernel<'m> {
    module: &'m Module,
    name: String,
    options: Options,
    vendor: GpuVendor,
    /// One per eager signature; a kernel without signatures is lowered per argument types.
    eager: Vec<Arc<LoweredKernel>>,
    lowered: Mutex<HashMap<Vec<ArgKey>, Arc<LoweredKernel>>>,
    /// Assembly by (signature, target).
    assembled: Mutex<HashMap<Compiled, Arc<String>>>,
    device: Mutex<Option<Arc<cuda::Device>>>,
    /// AMD code objects by (signature, target), and the HIP runtime once opened.
    code_objects: Mutex<HashMap<Compiled, Arc<Vec<u8>>>>,
    rocm: Mutex<Option<Arc<hip::Device>>>,
    /// For the kernel of a GPU ufunc (`@vectorize(..., target='cuda')`): how many inputs the
    /// ufunc takes (see [`crate::gpu_ufunc`]).
    ufunc_inputs: Option<usize>,
}

impl Module {
    /// The GPU kernel `name` (a `@cuda.jit` function); its eager signatures are typed and
    /// lowered now.
    pub fn kernel(&self, name: &str) -> Result<Kernel<'_>, Error> {
        let mut ir = self.ir();
        let decorator = ir.declaration(name)?.decorator.as_ref();
        let Some(vendor) = decorator.and_then(|d| d.options.gpu) else {
            return Err(Error::NotAvailable(format!(
                "`{name}` is not a GPU kernel (decorate it with @cuda.jit)"
            )));
        };
        if decorator.is_some_and(|d| d.kind == crate::frontend::DecoratorKind::Vectorize) {
            return Err(Error::NotAvailable(format!(
                "`{name}` is a GPU ufunc (@vectorize(..., target=...)): call it with arrays \
                 (Module::function)"
            )));
        }
        if decorator.is_some_and(|d| d.device) {
            return Err(Error::NotAvailable(format!(
                "`{name}` is a device function (@cuda.jit(device=True)): call it from a kernel"
            )));
        }
        let options = decorator.map(|d| d.options.clone()).unwrap_or_default();
        let signatures = decorator.map(|d| d.signatures.clone()).unwrap_or_default();
        let mut kernel = Kernel::new(self, name, options, vendor, None);
        for sig in signatures {
            let lowered = kernel.lower_kernel(&mut ir, sig)?;
            kernel.eager.push(Arc::new(lowered));
        }
        Ok(kernel)
    }
}

impl<'m> Kernel<'m> {
    /// The kernel of the GPU ufunc `name` of `module` (taking `inputs` inputs), lowered per
    /// operand types when called.
    pub(crate) fn for_ufunc(
        module: &'m Module,
        name: &str,
        options: Options,
        vendor: GpuVendor,
        inputs: usize,
    ) -> Self {
        Kernel::new(module, name, options, vendor, Some(inputs))
    }

    /// The kernel `name` of `module`, compiled with `options` for `vendor`'s GPUs (`ufunc_inputs`:
    /// a GPU ufunc's, taking that many inputs); nothing is lowered yet.
    pub(crate) fn new(
        module: &'m Module,
        name: &str,
        options: Options,
        vendor: GpuVendor,
        ufunc_inputs: Option<usize>,
    ) -> Self {
        Kernel {
            module,
            name: name.to_string(),
            options,
            vendor,
            eager: vec![],
            lowered: Mutex::new(HashMap::new()),
            assembled: Mutex::new(HashMap::new()),
            device: Mutex::new(None),
            code_objects: Mutex::new(HashMap::new()),
            rocm: Mutex::new(None),
            ufunc_inputs,
        }
    }
}

impl Kernel<'_> {
    /// The vendor the decorator asked for (`target='rocm'`: AMD; else NVIDIA).
    pub fn vendor(&self) -> GpuVendor {
        self.vendor
    }

    /// The function's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The kernel's symbol in the assembly.
    fn entry(&self) -> &str {
        match self.ufunc_inputs {
            Some(_) => crate::passes::conversion::py_to_tensor::VECTORIZED,
            None => &self.name,
        }
    }

    /// How many inputs the GPU ufunc whose kernel this is takes (`None` for a `@cuda.jit`
    /// kernel).
    pub(crate) fn ufunc_inputs(&self) -> Option<usize> {
        self.ufunc_inputs
    }

    /// The kernel for the function type `sig`, lowered to a `gpu.module`.
    fn lower_kernel(&self, ir: &mut ModuleIr, sig: Type) -> Result<LoweredKernel, Error> {
        let lowered = with_compiler_stack(|| self.lower(ir, sig))?;
        if lowered
            .params
            .iter()
            .any(|p| matches!(p, ParamKind::Tuple(_)))
        {
            return Err(Error::NotAvailable(format!(
                "kernel `{}` takes a tuple: GPU kernels take arrays and scalars (pass the \
                 tuple's items as arguments)",
                self.name
            )));
        }
        Ok(LoweredKernel {
            mlir: lowered.mlir.text,
            params: lowered.params,
            stages: lowered.stages,
            signature: type_to_string(&ir.ctx, sig),
        })
    }

    /// The kernel lowered for `args`: the first eager signature they fit, or (without
    /// signatures) a specialisation for their types.
    pub fn lowered(&self, args: &[Arg]) -> Result<Arc<LoweredKernel>, Error> {
        if !self.eager.is_empty() {
            let mut mismatches = vec![];
            for k in &self.eager {
                match check_args(&k.params, args) {
                    Ok(()) => return Ok(k.clone()),
                    Err(why) => mismatches.push(format!("  {}: {why}", k.signature)),
                }
            }
            let given: Vec<String> = args.iter().map(|a| a.describe()).collect();
            return Err(Error::Typing(format!(
                "no matching definition for argument type(s) ({}) of kernel `{}`:\n{}",
                given.join(", "),
                self.name,
                mismatches.join("\n")
            )));
        }
        let key: Vec<ArgKey> = args.iter().map(Arg::key).collect();
        cached(&self.lowered, key, || {
            let mut ir = self.module.ir();
            let inputs: Vec<Type> = args.iter().map(|a| arg_type(&mut ir.ctx, a)).collect();
            let object = ir.ctx.intern_type(TypeKind::PyObject);
            let sig = ir.ctx.function_type(&inputs, &[object]);
            self.lower_kernel(&mut ir, sig)
        })
    }

    /// The kernel's assembly for `args` on `target` (PTX or AMDGCN), compiled once per
    /// signature and target.
    pub fn assembly(&self, args: &[Arg], target: &GpuTarget) -> Result<Arc<String>, Error> {
        let lowered = self.lowered(args)?;
        self.assemble(&lowered, target)
    }

    /// The assembly of a lowered kernel on `target`, compiled once per signature and target.
    fn assemble(&self, lowered: &LoweredKernel, target: &GpuTarget) -> Result<Arc<String>, Error> {
        let key = (lowered.signature.clone(), target.clone());
        cached(&self.assembled, key, || {
            gpu::compile_to_assembly(&lowered.mlir, target)
                .map_err(|e| Error::NotAvailable(e.to_string()))
        })
    }

    /// Run the kernel over `blocks` × `threads` (Numba's `kernel[blocks, threads](args)`; unused
    /// dimensions are 1) and wait for it. Arrays are copied to the GPU and back: their changes
    /// are visible afterwards. Without a GPU this is [`gpu::GpuError::NoDevice`].
    pub fn launch(
        &self,
        blocks: [u32; 3],
        threads: [u32; 3],
        args: &mut [Arg],
    ) -> Result<(), Error> {
        let lowered = self.lowered(args)?;
        self.launch_lowered(&lowered, blocks, threads, args)
    }

    /// [`launch`](Self::launch) the kernel lowered for `args` (a GPU ufunc's kernel is lowered
    /// for its inputs before its output array exists).
    pub(crate) fn launch_lowered(
        &self,
        lowered: &LoweredKernel,
        blocks: [u32; 3],
        threads: [u32; 3],
        args: &mut [Arg],
    ) -> Result<(), Error> {
        let dims = gpu::LaunchDims { blocks, threads };
        match self.vendor {
            GpuVendor::Rocm => {
                let device = self.rocm_device()?;
                let target = GpuTarget::default_for(GpuVendor::Rocm);
                let code = self.code_object(lowered, &target)?;
                device.launch(&code, self.entry(), dims, &lowered.params, args)?;
                Ok(())
            }
            GpuVendor::Cuda => {
                let device = self.cuda_device()?;
                let target = GpuTarget {
                    chip: device.arch.clone(),
                    ..GpuTarget::default_for(GpuVendor::Cuda)
                };
                let ptx = self.assemble(lowered, &target)?;
                device.launch(&ptx, self.entry(), dims, &lowered.params, args)?;
                Ok(())
            }
        }
    }

    /// The code object (HSACO) of a lowered kernel for an AMD `target`, built once.
    fn code_object(
        &self,
        lowered: &LoweredKernel,
        target: &GpuTarget,
    ) -> Result<Arc<Vec<u8>>, Error> {
        let key = (lowered.signature.clone(), target.clone());
        cached(&self.code_objects, key, || {
            let assembly = self.assemble(lowered, target)?;
            Ok(gpu::hsaco::code_object(&assembly, &target.chip)?)
        })
    }

    fn rocm_device(&self) -> Result<Arc<hip::Device>, Error> {
        opened(&self.rocm, hip::Device::open)
    }

    fn cuda_device(&self) -> Result<Arc<cuda::Device>, Error> {
        opened(&self.device, cuda::Device::open)
    }
}

impl Callable for Kernel<'_> {
    fn name(&self) -> &str {
        &self.name
    }

    fn options(&self) -> &Options {
        &self.options
    }

    fn elementwise(&self, ctx: &Context, sig: Type) -> bool {
        self.ufunc_inputs.is_some() && has_array_input(ctx, sig)
    }

    /// A `@cuda.jit` kernel compiled for `sig`, or a GPU ufunc's kernel for operands of the
    /// types `sig` takes (one element per thread; see [`crate::gpu_ufunc`]).
    fn lower(&self, ir: &mut ModuleIr, sig: Type) -> Result<Lowered, Error> {
        let ModuleIr { ctx, program } = ir;
        let Some(nin) = self.ufunc_inputs else {
            return compile_signature(ctx, program, &self.name, sig, &self.options);
        };
        if !has_array_input(ctx, sig) {
            return Err(Error::NotAvailable(format!(
                "`{}` is a GPU ufunc: its code is the kernel over arrays; give array types, \
                 e.g. --sig '(float32[:], float32[:])'",
                self.name
            )));
        }
        let (ins, out) = ufunc_operands(ctx, &self.name, nin, sig)?;
        lower_vectorized_kernel(ctx, program, &self.name, &self.options, &ins, out)
    }
}

/// The value `cache` holds for `key`, made by `make` the first time.
fn cached<K: Eq + std::hash::Hash, V>(
    cache: &Mutex<HashMap<K, Arc<V>>>,
    key: K,
    make: impl FnOnce() -> Result<V, Error>,
) -> Result<Arc<V>, Error> {
    if let Some(v) = locked(cache).get(&key) {
        return Ok(v.clone());
    }
    // Made without the lock held (another thread may make the same value meanwhile: the first
    // one kept wins).
    let v = Arc::new(make()?);
    Ok(locked(cache).entry(key).or_insert(v).clone())
}

/// The value behind `m` (a panic while it was held left nothing half-written that matters:
/// the caches only gain complete entries).
fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The device `cell` holds, opened by `open` the first time.
fn opened<D>(
    cell: &Mutex<Option<Arc<D>>>,
    open: impl FnOnce() -> Result<D, gpu::GpuError>,
) -> Result<Arc<D>, Error> {
    let mut cell = locked(cell);
    if let Some(d) = cell.as_ref() {
        return Ok(d.clone());
    }
    let d = Arc::new(open()?);
    *cell = Some(d.clone());
    Ok(d)
}
