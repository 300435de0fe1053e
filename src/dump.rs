//! The IR of a function at one stage of the table ([`crate::Stage`]), whatever its kind: what
//! `blackbird dump --stage` prints.

use crate::callable::Callable;
use crate::driver::{gpu_assembly_vendor, later_stage, with_compiler_stack, Stage};
use crate::frontend::DecoratorKind;
use crate::function::Function;
use crate::kernel::Kernel;
use crate::module::Module;
use crate::{Error, Options};

/// The IR of `function` (and the module functions it calls) at `stage`; `signature` chooses
/// the argument types for the typed stages.
pub fn dump(
    source: &str,
    filename: &str,
    function: &str,
    stage: &str,
    signature: Option<&str>,
) -> Result<String, Error> {
    dump_with(source, filename, function, stage, signature, |_| {})
}

/// [`dump`] with the function's decorator options changed by `adjust` first (e.g.
/// [`Options::explain`]).
pub fn dump_with(
    source: &str,
    filename: &str,
    function: &str,
    stage: &str,
    signature: Option<&str>,
    adjust: impl FnOnce(&mut Options),
) -> Result<String, Error> {
    let stage = Stage::from_name(stage)?;
    Module::from_source(source, filename)?.dump_with(function, stage, signature, adjust)
}

impl Module {
    /// The IR of `function` (and the module functions it calls) at `stage`, for the signature
    /// `signature` names (Numba's notation; else its first eager signature).
    pub fn dump(
        &self,
        function: &str,
        stage: Stage,
        signature: Option<&str>,
    ) -> Result<String, Error> {
        self.dump_with(function, stage, signature, |_| {})
    }

    /// [`Module::dump`] with the function's decorator options changed by `adjust` first.
    pub fn dump_with(
        &self,
        function: &str,
        stage: Stage,
        signature: Option<&str>,
        adjust: impl FnOnce(&mut Options),
    ) -> Result<String, Error> {
        with_compiler_stack(|| {
            let mut ir = self.ir();
            if stage == Stage::Py {
                return ir.py_stage(function);
            }
            let decl = ir.declaration(function)?;
            let kernel = decl
                .decorator
                .as_ref()
                .is_some_and(|d| d.kind == DecoratorKind::CudaJit);
            let mut options = decl.options();
            adjust(&mut options);
            // GPU assembly of a kernel for either vendor: the same kernel compiles for both.
            if let Some(vendor) = gpu_assembly_vendor(stage) {
                if options.gpu.is_none() {
                    return Err(Error::NotAvailable(format!(
                        "stage '{}' is GPU assembly: `{function}` is not a GPU kernel \
                         (@cuda.jit) or GPU ufunc (@vectorize(..., target='cuda'))",
                        stage.name()
                    )));
                }
                options.gpu = Some(vendor);
            }
            let callable: Box<dyn Callable> = match options.gpu {
                Some(vendor) if kernel => {
                    Box::new(Kernel::new(self, function, options, vendor, None))
                }
                _ => Box::new(Function::declared(self, &ir, function, options)?),
            };
            let sig = ir.signature(function, signature)?;
            if stage == Stage::Typed && !callable.elementwise(&ir.ctx, sig) {
                return ir.typed_stage(function, sig);
            }
            let lowered = callable.lower(&mut ir, sig)?;
            match lowered.stages.get(stage) {
                Some(text) => Ok(text.to_string()),
                None => later_stage(stage, callable.name(), &lowered, callable.options()),
            }
        })
    }
}
