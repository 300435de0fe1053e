//! Conversions between levels: `convert-py-to-tensor` (typed `py` → `func`/`arith`/`math`/`loop`,
//! with `tensor.map`s for elementwise array code), `convert-tensor-to-loop` (each materialized
//! or stored map → one loop nest) and `convert-loop-to-mlir` (our upstream-mirroring ops →
//! upstream MLIR text for the runtime to parse with melior). [`emit`] holds the loop-level
//! building blocks the first two share.

pub mod emit;
mod located_text;
pub mod loop_to_mlir;
pub mod pairwise;
pub mod py_to_tensor;
pub mod tensor_to_loop;
pub mod vector_math;
