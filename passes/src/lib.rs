//! Blackbird's passes: the [pipeline] infrastructure and the [transforms].
//!
//! ```
//! use blackbird_dialects::ir::{parse_module, print_op, Context, PrintOptions};
//! use blackbird_passes::{default_registry, pipeline::PassManager};
//!
//! let mut ctx = Context::new();
//! let text = "func.func {function_type = () -> i64, sym_name = \"f\"} {\n  %0 = arith.constant {value = 2 : i64} : i64\n  %1 = arith.muli %0, %0 : i64\n  func.return %1 : i64\n}\n";
//! let module = parse_module(&mut ctx, text, "f.ir").unwrap();
//! let mut pm = PassManager::parse(&default_registry(), "canonicalize,cse").unwrap();
//! pm.run(&mut ctx, module).unwrap();
//! assert!(print_op(&ctx, module, PrintOptions::default()).contains("value = 4 : i64"));
//! ```

pub mod conversion;
pub mod eqsat;
pub mod fusion;
pub mod library;
pub mod pipeline;
pub mod transforms;

use pipeline::{PassInfo, PassRegistry};

/// A registry holding every Blackbird pass.
pub fn default_registry() -> PassRegistry {
    let mut r = PassRegistry::new();
    r.register(PassInfo {
        name: "canonicalize",
        summary: "fold ops and apply local simplifications to a fixpoint",
        options: transforms::canonicalize::OPTIONS,
        create: |o| {
            Ok(Box::new(
                transforms::canonicalize::Canonicalize::from_options(o)?,
            ))
        },
    });
    r.register(PassInfo {
        name: "cse",
        summary: "eliminate common subexpressions",
        options: &[],
        create: |_| Ok(Box::new(transforms::cse::Cse)),
    });
    r.register(PassInfo {
        name: "dce",
        summary: "erase unused ops without side effects",
        options: &[],
        create: |_| Ok(Box::new(transforms::dce::Dce)),
    });
    r.register(PassInfo {
        name: "tensor-fuse",
        summary: "fuse elementwise tensor.maps (and the assignments they feed) into one",
        options: &[],
        create: |_| Ok(Box::new(fusion::TensorFuse)),
    });
    r.register(PassInfo {
        name: "tensor-eqsat",
        summary: "equality saturation (egg) over tensor and scalar terms, cost-based extraction",
        options: eqsat::OPTIONS,
        create: |o| {
            Ok(Box::new(eqsat::TensorEqsat::new(
                eqsat::EqsatOptions::parse(o)?,
            )))
        },
    });
    r.register(PassInfo {
        name: "py-infer-types",
        summary: "type the untyped py module for one entry function type (Numba's rules)",
        options: transforms::module_passes::INFER_TYPES_OPTIONS,
        create: |o| Ok(Box::new(transforms::module_passes::PyInferTypes::parse(o)?)),
    });
    r.register(PassInfo {
        name: "py-parallelize-prange",
        summary: "mark the outermost prange loops parallel, classifying their carried variables (reductions or private)",
        options: &[],
        create: |_| Ok(Box::new(transforms::parallelize_prange::ParallelizePrange)),
    });
    r.register(PassInfo {
        name: "py-propagate-raises",
        summary: "after each call that may raise, leave the caller when it did (as Python's exceptions propagate)",
        options: &[],
        create: |_| Ok(Box::new(transforms::propagate_raises::PropagateRaises)),
    });
    r.register(PassInfo {
        name: "py-structure-escapes",
        summary: "move the code after an escaping if (return/break/continue) into its branches that go on",
        options: &[],
        create: |_| Ok(Box::new(transforms::structure_escapes::StructureEscapes)),
    });
    r.register(PassInfo {
        name: "convert-py-to-tensor",
        summary: "lower typed py functions to func/tensor/loop/arith/math",
        options: transforms::module_passes::CONVERT_OPTIONS,
        create: |o| {
            Ok(Box::new(
                transforms::module_passes::ConvertPyToTensor::parse(o)?,
            ))
        },
    });
    r.register(PassInfo {
        name: "ownership-based-buffer-deallocation",
        summary: "free each heap buffer at the end of the region owning it, ownership flags through control flow",
        options: &[],
        create: |_| Ok(Box::new(transforms::buffer_deallocation::BufferDeallocation)),
    });
    r.register(PassInfo {
        name: "convert-tensor-to-loop",
        summary: "lower tensor sinks (materialize, store, extract) to loop nests over buffers",
        options: conversion::tensor_to_loop::OPTIONS,
        create: |o| {
            Ok(Box::new(
                conversion::tensor_to_loop::ConvertTensorToLoop::parse(o)?,
            ))
        },
    });
    r.register(PassInfo {
        name: "convert-loop-to-mlir",
        summary: "emit the loop-level module as upstream MLIR text (func, arith, math, scf, memref); ends a pipeline",
        options: conversion::loop_to_mlir::OPTIONS,
        create: |o| {
            Ok(Box::new(
                conversion::loop_to_mlir::ConvertLoopToMlir::parse(o),
            ))
        },
    });
    r
}
