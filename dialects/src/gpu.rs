//! The `gpu` dialect: what a kernel asks of the GPU it runs on, a mirror of MLIR's upstream `gpu`
//! ops (same names and semantics, so `convert-loop-to-mlir` emits them one to one). A kernel is a
//! `func.func` whose body reads its position with these ops; the emitter places the module's
//! functions in a `gpu.module` and the kernel becomes a `gpu.func … kernel`.

use crate::ir::Arity::Exactly;
use crate::ir::AttrKey;
use crate::ir::{check_value_type, Context, OpDef, OpId, Trait, TypeKind, VerifyErrorKind};

crate::attr_enum! {
    /// The dimension of the launch grid an id or size refers to.
    pub enum Dimension {
        X = "x",
        Y = "y",
        Z = "z",
    }
}

/// The `dimension` of the launch values (`gpu.thread_id`, …).
pub const DIMENSION: AttrKey<Dimension> = AttrKey::new("dimension");

macro_rules! launch_value {
    ($(#[$doc:meta])* $id:ident, $name:literal) => {
        $(#[$doc])*
        pub const $id: OpDef = OpDef {
            name: $name,
            summary: stringify!($($doc)*),
            example: concat!("%0 = ", $name, " {dimension = \"x\"} : index"),
            results: Exactly(1),
            attrs: &[DIMENSION.required()],
            traits: &[Trait::Pure],
            verify: Some(verify_index_result),
            ..OpDef::DEFAULT
        };
    };
}

launch_value!(/// The thread's index within its block (`threadIdx`).
    THREAD_ID, "gpu.thread_id");
launch_value!(/// The block's index within the grid (`blockIdx`).
    BLOCK_ID, "gpu.block_id");
launch_value!(/// The number of threads per block (`blockDim`).
    BLOCK_DIM, "gpu.block_dim");
launch_value!(/// The number of blocks in the grid (`gridDim`).
    GRID_DIM, "gpu.grid_dim");

/// Wait until every thread of the block reaches this point; their writes to shared (workgroup)
/// memory are then visible to each other (`cuda.syncthreads()`).
pub const BARRIER: OpDef = OpDef {
    name: "gpu.barrier",
    summary: "synchronize the threads of a block",
    example: "gpu.barrier",
    ..OpDef::DEFAULT
};

/// A buffer in the block's shared memory (`cuda.shared.array(128, float32)`): static shape, one
/// per block, alive while the kernel runs. Upstream MLIR has no op for it: the emitter turns each
/// into a workgroup attribution of the kernel (`workgroup(%wg0 : memref<128xf32,
/// #gpu.address_space<workgroup>>)`), so only a kernel's body may hold one.
pub const SHARED_ARRAY: OpDef = OpDef {
    name: "gpu.shared_array",
    summary: "buffer in the block's shared memory",
    example: "%0 = gpu.shared_array : () -> memref<128xf32>",
    results: Exactly(1),
    verify: Some(verify_shared_array),
    ..OpDef::DEFAULT
};

pub const OPS: &[&OpDef] = &[
    &THREAD_ID,
    &BLOCK_ID,
    &BLOCK_DIM,
    &GRID_DIM,
    &BARRIER,
    &SHARED_ARRAY,
];

/// The launch-value op (`gpu.thread_id`, …) of a `cuda.threadIdx`-style name.
pub fn launch_value_op(register: &str) -> Option<&'static OpDef> {
    match register {
        "threadIdx" => Some(&THREAD_ID),
        "blockIdx" => Some(&BLOCK_ID),
        "blockDim" => Some(&BLOCK_DIM),
        "gridDim" => Some(&GRID_DIM),
        _ => None,
    }
}

fn verify_index_result(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(
        ctx,
        ctx.results(op)[0],
        "result",
        "index",
        TypeKind::is_index,
    )
}

fn verify_shared_array(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    match ctx.type_kind(ctx.value_type(ctx.results(op)[0])) {
        TypeKind::MemRef { shape, .. } if shape.iter().all(|d| d.is_some()) => Ok(()),
        _ => Err(VerifyErrorKind::Shapes("expects a memref of static shape")),
    }
}
