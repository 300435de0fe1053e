//! Conversions between levels: `convert-py-to-tensor` (typed `py` → `func`/`arith`/`math`/`loop`,
//! with `tensor` for whole-array operations once they land) and `convert-loop-to-mlir` (our
//! upstream-mirroring ops → upstream MLIR text for the runtime to parse with melior).

pub mod emit;
pub mod loop_to_mlir;
pub mod py_to_tensor;
pub mod tensor_to_loop;
