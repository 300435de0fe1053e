//! Compiled functions: `@jit`/`@njit` functions, `@vectorize` ufuncs (on the CPU or a GPU) and
//! `@guvectorize` gufuncs, specialised per argument types or for their eager signatures.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::abi::{arg_type, has_array_input, split_operands, ufunc_operands};
use crate::callable::Callable;
use crate::dialects::ir::{type_to_string, Context, Type, TypeKind};
use crate::driver::{
    cache, compile_signature, jit, lower_vectorized, with_compiler_stack, CompiledFunction,
    Lowered, ModuleIr,
};
use crate::frontend::DecoratorKind;
use crate::kernel::Kernel;
use crate::module::Module;
use crate::runtime::disk_cache::DiskCache;
use crate::runtime::{Arg, ArgKey, Entry};
use crate::values::PyValue;
use crate::{gpu_ufunc, gufunc, Error, Options};

/// What a function's decorator makes of it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// `@jit`, `@njit` (or an undecorated helper): called as it is.
    Jit,
    /// `@vectorize`: called with arrays, applied element by element, as a NumPy ufunc.
    Ufunc,
    /// `@guvectorize`: a generalized ufunc; calls loop its kernels over the outer dimensions.
    Gufunc,
    /// `@vectorize(..., target='cuda'|'rocm')`: a ufunc whose loop runs on a GPU.
    GpuUfunc,
}

/// A function's kind, with what calls of that kind need.
enum Kind<'m> {
    Jit,
    /// How many inputs the scalar function takes (a call may add an output array).
    Ufunc {
        inputs: usize,
    },
    /// The layout of its core dimensions.
    Gufunc(gufunc::Layout),
    /// The ufunc's GPU kernel, lowered per operand types.
    GpuUfunc(Box<Kernel<'m>>),
}

/// What a specialisation is compiled for: a vectorized call or not, and the arguments' keys.
type SpecializationKey = (bool, Vec<ArgKey>);

/// A compiled (or compilable) function: specialised per argument types. `Send + Sync`:
/// threads share it, compiling under the module's lock, calling its specialisations
/// ([`Arc`]s of immutable code) without any.
pub struct Function<'m> {
    module: &'m Module,
    name: String,
    options: Options,
    kind: Kind<'m>,
    /// Where compiled specialisations are kept across processes (`cache=True`).
    disk_cache: Option<DiskCache>,
    /// The eager signatures' specialisations (a `@guvectorize` function's kernels).
    eager: Vec<Arc<CompiledFunction>>,
    /// Specialisations by (vectorized call, argument keys).
    cache: Mutex<HashMap<SpecializationKey, Arc<CompiledFunction>>>,
}

impl Module {
    /// A function of the module. Functions with eager signatures are compiled now, for each
    /// signature; others are compiled on each call with new argument types.
    pub fn function(&self, name: &str) -> Result<Function<'_>, Error> {
        self.function_with(name, |_| {})
    }

    /// [`Module::function`] with its decorator's options changed by `adjust` first, e.g. the
    /// number of threads of its parallel loops:
    ///
    /// ```
    /// use blackbird::{Arg, Module, PyValue};
    ///
    /// let src = "from numba import njit, prange\n\n@njit(parallel=True)\ndef tri(n):\n    s = 0\n    for i in prange(n):\n        s += i\n    return s\n";
    /// let module = Module::from_source(src, "tri.py").unwrap();
    /// let tri = module.function_with("tri", |o| o.num_threads = Some(2)).unwrap();
    /// assert_eq!(tri.call(&mut [Arg::Int(100)]).unwrap(), PyValue::Int(4950));
    /// ```
    pub fn function_with(
        &self,
        name: &str,
        adjust: impl FnOnce(&mut Options),
    ) -> Result<Function<'_>, Error> {
        let mut ir = self.ir();
        let decl = ir.declaration(name)?;
        let mut options = decl.options();
        adjust(&mut options);
        let signatures = decl
            .decorator
            .as_ref()
            .map(|d| d.signatures.clone())
            .unwrap_or_default();
        let mut f = Function::declared(self, &ir, name, options)?;
        if let Kind::GpuUfunc(_) = f.kind {
            // Its kernels are lowered per operand types when it is called.
            return Ok(f);
        }
        for sig in signatures {
            let compiled = f.compile(&mut ir, sig)?;
            f.eager.push(Arc::new(compiled));
        }
        Ok(f)
    }
}

impl<'m> Function<'m> {
    /// `name` of `module` (whose program is `ir`) as its decorator declares it, compiled with
    /// `options`; nothing is compiled yet.
    pub(crate) fn declared(
        module: &'m Module,
        ir: &ModuleIr,
        name: &str,
        options: Options,
    ) -> Result<Self, Error> {
        let decl = ir.declaration(name)?;
        let decorator = decl.decorator.as_ref();
        let inputs = crate::dialects::func::function_signature(&ir.ctx, decl.op)
            .map_or(0, |(params, _)| params.len());
        let kind = match (decorator.map(|d| d.kind), options.gpu) {
            (Some(DecoratorKind::CudaJit), _) => {
                return Err(Error::NotAvailable(format!(
                    "`{name}` is a GPU kernel (@cuda.jit): launch it over a grid \
                     (Module::kernel, or `blackbird run --launch BLOCKS,THREADS`)"
                )))
            }
            (Some(DecoratorKind::Vectorize), Some(vendor)) => Kind::GpuUfunc(Box::new(
                Kernel::for_ufunc(module, name, options.clone(), vendor, inputs),
            )),
            (Some(DecoratorKind::Vectorize), None) => Kind::Ufunc { inputs },
            (Some(DecoratorKind::GuVectorize), _) => {
                let text = decorator.and_then(|d| d.layout.as_deref());
                Kind::Gufunc(
                    gufunc::Layout::parse(text.unwrap_or_default()).map_err(|e| {
                        Error::NotAvailable(format!(
                            "{}: @guvectorize of `{name}`: {e}",
                            module.filename()
                        ))
                    })?,
                )
            }
            _ => Kind::Jit,
        };
        Ok(Function {
            module,
            name: name.to_string(),
            disk_cache: options.disk_cache(),
            options,
            kind,
            eager: vec![],
            cache: Mutex::new(HashMap::new()),
        })
    }
}

impl Callable for Function<'_> {
    fn name(&self) -> &str {
        &self.name
    }

    fn options(&self) -> &Options {
        &self.options
    }

    fn elementwise(&self, ctx: &Context, sig: Type) -> bool {
        matches!(self.kind, Kind::Ufunc { .. } | Kind::GpuUfunc(_)) && has_array_input(ctx, sig)
    }

    fn lower(&self, ir: &mut ModuleIr, sig: Type) -> Result<Lowered, Error> {
        if let Kind::GpuUfunc(kernel) = &self.kind {
            return kernel.lower(ir, sig);
        }
        let ModuleIr { ctx, program } = ir;
        match &self.kind {
            Kind::Ufunc { inputs } if has_array_input(ctx, sig) => {
                let (ins, out) = ufunc_operands(ctx, &self.name, *inputs, sig)?;
                lower_vectorized(ctx, program, &self.name, &self.options, &ins, out)
            }
            _ => compile_signature(ctx, program, &self.name, sig, &self.options),
        }
    }
}

impl Function<'_> {
    /// What its decorator makes of it.
    pub fn kind(&self) -> FunctionKind {
        match self.kind {
            Kind::Jit => FunctionKind::Jit,
            Kind::Ufunc { .. } => FunctionKind::Ufunc,
            Kind::Gufunc(_) => FunctionKind::Gufunc,
            Kind::GpuUfunc(_) => FunctionKind::GpuUfunc,
        }
    }

    /// Whether it has eager signatures (compiled by [`Module::function`]; a call must fit one).
    pub fn is_eager(&self) -> bool {
        !self.eager.is_empty()
    }

    /// Whether calls run on a GPU (a ufunc with `target='cuda'|'rocm'`): there is no CPU
    /// [`specialization`](Self::specialization), and each call copies its arrays to the
    /// device and back.
    pub fn runs_on_gpu(&self) -> bool {
        self.kind() == FunctionKind::GpuUfunc
    }

    /// Call with `args` (scalars and ndarray views; array writes are visible afterwards).
    pub fn call(&self, args: &mut [Arg]) -> Result<PyValue, Error> {
        match &self.kind {
            Kind::GpuUfunc(kernel) => gpu_ufunc::call(kernel, args),
            Kind::Gufunc(layout) => {
                let kernels: Vec<&Entry> = self.eager.iter().map(|c| &c.entry).collect();
                gufunc::call(&self.name, layout, &kernels, args)?;
                Ok(PyValue::None)
            }
            _ => Ok(self.specialization(args)?.call(args)?),
        }
    }

    /// The specialisation for `args`, compiling it on first use (for a `@vectorize` function
    /// called with arrays, the elementwise loop over them, broadcasting the arrays and
    /// returning a new one or, when `args` end with an output array (`f(x, out)` as for a
    /// NumPy ufunc), writing into it; for `@guvectorize`, its first kernel).
    pub fn specialization(&self, args: &[Arg]) -> Result<Arc<CompiledFunction>, Error> {
        let is_array = |a: &Arg| matches!(a, Arg::Array(_));
        match &self.kind {
            Kind::GpuUfunc(_) => Err(Error::NotAvailable(format!(
                "`{}` is a GPU ufunc: it has no CPU code (call it with arrays)",
                self.name
            ))),
            Kind::Ufunc { inputs } if args.iter().any(is_array) => {
                split_operands(&self.name, *inputs, args, is_array, Arg::describe)?;
                self.lazy(true, args)
            }
            // The kernels are the eager signatures, compiled by `Module::function`.
            Kind::Gufunc(_) => self.eager.first().cloned().ok_or_else(|| {
                Error::Typing(format!("@guvectorize `{}` has no signatures", self.name))
            }),
            _ if self.is_eager() => self.matching_eager(args),
            _ => self.lazy(false, args),
        }
    }

    /// The specialisation for the types of `args`, compiled on first use (`vectorized`: the
    /// elementwise loop of a ufunc call).
    fn lazy(&self, vectorized: bool, args: &[Arg]) -> Result<Arc<CompiledFunction>, Error> {
        let key = (vectorized, args.iter().map(Arg::key).collect());
        if let Some(c) = self.cached(&key) {
            return Ok(c);
        }
        let mut ir = self.module.ir();
        // Another thread may have compiled it while this one waited for the lock.
        if let Some(c) = self.cached(&key) {
            return Ok(c);
        }
        let inputs: Vec<Type> = args.iter().map(|a| arg_type(&mut ir.ctx, a)).collect();
        let object = ir.ctx.intern_type(TypeKind::PyObject);
        let sig = ir.ctx.function_type(&inputs, &[object]);
        let compiled = Arc::new(self.compile(&mut ir, sig)?);
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, compiled.clone());
        Ok(compiled)
    }

    fn cached(&self, key: &SpecializationKey) -> Option<Arc<CompiledFunction>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.get(key).cloned()
    }

    /// The first eager specialisation that accepts `args` (a function with signatures compiles
    /// no others, as in Numba).
    fn matching_eager(&self, args: &[Arg]) -> Result<Arc<CompiledFunction>, Error> {
        let mut mismatches = vec![];
        for c in &self.eager {
            match c.entry.check_args(args) {
                Ok(()) => return Ok(c.clone()),
                Err(why) => mismatches.push(format!("  {}: {why}", c.signature)),
            }
        }
        let given: Vec<String> = args.iter().map(|a| a.describe()).collect();
        Err(Error::Typing(format!(
            "no matching definition for argument type(s) ({}) of `{}`:\n{}",
            given.join(", "),
            self.name,
            mismatches.join("\n")
        )))
    }

    /// The specialisation for the function type `sig` (of `ir`'s context): loaded from the
    /// on-disk cache, else lowered, JIT-compiled and stored there.
    fn compile(&self, ir: &mut ModuleIr, sig: Type) -> Result<CompiledFunction, Error> {
        with_compiler_stack(|| {
            let request = format!("signature {}", type_to_string(&ir.ctx, sig));
            let cached = match &self.disk_cache {
                Some(disk) => Some((
                    disk,
                    cache::cache_key(ir, &self.name, &request, &self.options)?,
                )),
                None => None,
            };
            if let Some(loaded) = cached
                .as_ref()
                .and_then(|(disk, key)| cache::load(disk, key))
            {
                return Ok(loaded);
            }
            let mut lowered = self.lower(ir, sig)?;
            let entry = jit(
                &self.name,
                &lowered.mlir,
                &self.options,
                lowered.params,
                lowered.results,
            )?;
            lowered.stages.add_jit_times(entry.jit_times);
            let compiled = CompiledFunction::new(
                entry,
                &ir.ctx,
                lowered.result,
                lowered.stages,
                lowered.signature,
            );
            if let Some((disk, key)) = &cached {
                cache::store(disk, key, &self.name, &compiled);
            }
            Ok(compiled)
        })
    }
}

// Compiled handles are shared between threads (the Python package calls specialisations
// without a lock, and compiles under the module's): checked at compile time.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Module>();
    send_sync::<Function<'static>>();
    send_sync::<CompiledFunction>();
    send_sync::<Kernel<'static>>();
};
