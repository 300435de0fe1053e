//! Blackbird's runtime: the [MLIR JIT engine](engine) and [calls](call) of compiled functions
//! with scalars and ndarray views; dispatch, the parallel runtime and the GPU runtimes join it
//! as the code generator grows.

pub mod call;
pub mod engine;

pub use call::{
    Arg, ArgKey, ArrayArg, ArrayData, CallError, DType, Element, Entry, Layout, OwnedArray,
    ParamKind, ResultKind, Returned, Scalar, ScalarKind,
};
pub use engine::{lower_to_llvm_text, EngineError, JitModule, PackedFn, CPU_LOWERING_PIPELINE};
