//! Blackbird's runtime: the [MLIR JIT engine](engine) today; array descriptors, dispatch and
//! the GPU runtimes join it as the code generator grows.

pub mod engine;

pub use engine::{EngineError, JitModule, CPU_LOWERING_PIPELINE};
