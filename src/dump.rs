//! The IR of a function at one stage of the table ([`crate::Stage`]), whatever its kind: what
//! `blackbird dump --stage` prints.

use crate::callable::Callable;
use crate::driver::{gpu_assembly_vendor, later_stage, with_compiler_stack, Stage, StageDumps};
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
        Ok(self.dump_timed(function, stage, signature, adjust)?.0)
    }

    /// [`Module::dump_with`], and the stages compiled on the way with the time each took
    /// (`None` for the `py` and `typed` stages, printed without lowering).
    pub fn dump_timed(
        &self,
        function: &str,
        stage: Stage,
        signature: Option<&str>,
        adjust: impl FnOnce(&mut Options),
    ) -> Result<(String, Option<StageDumps>), Error> {
        with_compiler_stack(|| {
            let mut ir = self.ir();
            if stage == Stage::Py {
                return Ok((ir.py_stage(function)?, None));
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
                return Ok((ir.typed_stage(function, sig)?, None));
            }
            let lowered = callable.lower(&mut ir, sig)?;
            let text = match lowered.stages.get(stage) {
                Some(text) => text.to_string(),
                None => later_stage(stage, callable.name(), &lowered, callable.options())?,
            };
            let mut stages = lowered.stages;
            if stages.get(stage).is_none() {
                // `llvm`, `asm` or GPU assembly: produced from `mlir` just now.
                stages.lap(stage);
            }
            Ok((text, Some(stages)))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Arg, ArrayArg, Module, Stage};

    const SOURCE: &str = "from numba import njit, vectorize\n\n\
        def twice(x):\n    return x * 2.0\n\n\
        @njit\ndef f(x):\n    return twice(x) + 1.0\n\n\
        @vectorize\ndef g(x, y):\n    return twice(x) - y\n";

    #[test]
    fn dumps_read_the_stages_calls_compile() {
        let module = Module::from_source(SOURCE, "m.py").unwrap();
        let mut x = ndarray::Array1::<f64>::ones(3);
        let cases: [(&str, Vec<Arg>, &str); 2] = [
            ("f", vec![Arg::Float(1.0)], "(float64,)"),
            // A ufunc called with an array: its elementwise loop.
            (
                "g",
                vec![Arg::Array(ArrayArg::new(x.view_mut())), Arg::Float(2.0)],
                "(float64[::1], float64)",
            ),
        ];
        for (name, args, sig) in cases {
            let compiled = module
                .function(name)
                .unwrap()
                .specialization(&args)
                .unwrap();
            let kept: Vec<Stage> = compiled.stages.iter().map(|(s, _)| s).collect();
            assert_eq!(
                kept,
                [
                    Stage::Typed,
                    Stage::Tensor,
                    Stage::TensorOpt,
                    Stage::Loop,
                    Stage::Mlir
                ]
            );
            for stage in [Stage::Typed, Stage::Tensor, Stage::TensorOpt, Stage::Loop] {
                let dumped = module.dump(name, stage, Some(sig)).unwrap();
                assert_eq!(
                    Some(dumped.as_str()),
                    compiled.stages.get(stage),
                    "{name} {stage:?}"
                );
                let fresh = crate::dump(SOURCE, "m.py", name, stage.name(), Some(sig)).unwrap();
                assert_eq!(dumped, fresh, "{name} {stage:?}");
            }
        }
        let py = module.dump("f", Stage::Py, None).unwrap();
        assert!(
            py.contains("sym_name = \"f\"") && py.contains("sym_name = \"twice\""),
            "{py}"
        );
        assert!(!py.contains("sym_name = \"g\""), "{py}");
    }
}
