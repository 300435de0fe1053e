//! Blackbird's runtime: the [MLIR JIT engine](engine) and [calls](call) of compiled functions
//! with scalars and ndarray views; parallel loops run on the OpenMP runtime; dispatch
//! and the GPU runtimes join it as the code generator grows.

pub mod call;
pub mod dicts;
pub mod disk_cache;
pub mod engine;
pub mod gpu;
pub mod huge_pages;
pub mod lapack;
pub mod lists;
pub mod native;
pub mod print;
pub mod random;
pub mod returned;
pub mod sort;

pub use call::{
    check_args, exception_text, layout_of, take_buffer_balance, Arg, ArgKey, ArrayArg,
    BufferBalance, CallError, Code, DType, Element, Entry, Layout, ParamKind, RawArg, RawArray,
    ResultKind, Returned, Scalar, ScalarKind,
};
pub use engine::{
    count_heap_buffers, lower_to_llvm_text, CpuTarget, EngineError, JitModule, JitTimes, PackedFn,
};
pub use returned::{ArrayData, Elements, LentArray, OwnedArray};
