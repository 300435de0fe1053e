//! `cuda.*` inside GPU kernels: launch positions (`cuda.grid`, `cuda.threadIdx.x`, …) become
//! `gpu` launch-value ops, `cuda.syncthreads()` a `gpu.barrier`, `cuda.shared.array` a
//! `gpu.shared_array` and `cuda.local.array` a `loop.alloca` (both of constant shape), and
//! `cuda.atomic.add/sub/max/min` a `loop.atomic_rmw` returning the old value, as Numba does.

use blackbird_dialects::ir::{Location, MemLayout, OpDef, OpId, TypeKind, Value};
use blackbird_dialects::{arith, gpu, loops, py};

use super::{error, not_yet, CResult, Converter, L};

impl Converter<'_> {
    pub(super) fn cuda_call(&mut self, op: OpId, name: &str) -> CResult<L> {
        let call = name.strip_prefix("cuda.").unwrap_or(name);
        if !self.gpu {
            return Err(error(
                self.e.ctx,
                op,
                format!("`cuda.{call}` is only available in GPU kernels (@cuda.jit)"),
            ));
        }
        let loc = self.e.ctx.loc(op).clone();
        let operands = self.e.ctx.operands(op).to_vec();
        let result_type = self
            .e
            .ctx
            .results(op)
            .first()
            .map(|r| self.e.ctx.value_type(*r));
        if let Some((register, dimension)) = call.split_once('.') {
            if let Some(def) = gpu::launch_value_op(register) {
                let v = self.launch_value(def, dimension, &loc);
                let int = result_type.expect("typed: an integer");
                return Ok(L::V(self.e.value(&arith::INDEX_CAST, &[v], int, &loc)));
            }
        }
        Ok(match call {
            "grid" | "gridsize" => {
                let n = py::int_constant(self.e.ctx, operands[0]).expect("typed: a constant 1..3");
                let i64t = self.e.ctx.i64();
                let mut items = vec![];
                for dimension in ["x", "y", "z"].into_iter().take(n as usize) {
                    let v = if call == "grid" {
                        self.grid_index(dimension, &loc)
                    } else {
                        let block_dim = self.launch_value(&gpu::BLOCK_DIM, dimension, &loc);
                        let grid_dim = self.launch_value(&gpu::GRID_DIM, dimension, &loc);
                        self.e.binary(&arith::MULI, block_dim, grid_dim, &loc)
                    };
                    items.push(L::V(self.e.value(&arith::INDEX_CAST, &[v], i64t, &loc)));
                }
                if n == 1 {
                    items.pop().expect("one dimension")
                } else {
                    L::Tuple(items)
                }
            }
            "syncthreads" => {
                self.e.emit(&gpu::BARRIER, &[], &[], &[], vec![], &loc);
                L::None
            }
            "shared.array" | "local.array" => {
                let shape = constant_shape(self, op, operands[0])?;
                let elem = self
                    .e
                    .ctx
                    .type_kind(result_type.expect("typed"))
                    .element_type()
                    .expect("typed: an array");
                let fixed = self.e.ctx.intern_type(TypeKind::MemRef {
                    shape: shape.iter().map(|d| Some(*d)).collect(),
                    elem,
                    layout: MemLayout::Identity,
                });
                let def = if call == "shared.array" {
                    if !self.is_entry {
                        return Err(error(
                            self.e.ctx,
                            op,
                            "cuda.shared.array is only supported in the kernel itself, not in device functions",
                        ));
                    }
                    &gpu::SHARED_ARRAY
                } else {
                    &loops::ALLOCA
                };
                let buffer = self.e.value(def, &[], fixed, &loc);
                let strided = self.e.ctx.intern_type(TypeKind::MemRef {
                    shape: vec![None; shape.len()],
                    elem,
                    layout: MemLayout::Strided,
                });
                L::V(self.e.value(&loops::CAST, &[buffer], strided, &loc))
            }
            "atomic.add" | "atomic.sub" | "atomic.max" | "atomic.min" => {
                self.atomic(op, call, &operands, &loc)?
            }
            other => return Err(not_yet(self.e.ctx, op, &format!("`cuda.{other}`"))),
        })
    }

    /// The thread's global position along `dimension` (`cuda.grid`): `blockIdx * blockDim +
    /// threadIdx`, as an `index`.
    pub(super) fn grid_index(&mut self, dimension: &str, loc: &Location) -> Value {
        let block_dim = self.launch_value(&gpu::BLOCK_DIM, dimension, loc);
        let block = self.launch_value(&gpu::BLOCK_ID, dimension, loc);
        let thread = self.launch_value(&gpu::THREAD_ID, dimension, loc);
        let first = self.e.binary(&arith::MULI, block, block_dim, loc);
        self.e.binary(&arith::ADDI, first, thread, loc)
    }

    /// `gpu.thread_id {dimension = "x"}` and its kin, as an `index`.
    fn launch_value(&mut self, def: &'static OpDef, dimension: &str, loc: &Location) -> Value {
        let index = self.e.ctx.index();
        let d = self.e.ctx.str_attr(dimension);
        let op = self
            .e
            .emit(def, &[], &[index], &[(gpu::DIMENSION.name, d)], vec![], loc);
        self.e.ctx.result(op, 0)
    }

    /// `cuda.atomic.add(array, index, value)`: the element's old value. The index is an integer
    /// or a tuple of integers (negative ones wrap); the value is cast to the array's dtype.
    fn atomic(&mut self, op: OpId, call: &str, operands: &[Value], loc: &Location) -> CResult<L> {
        let L::V(m) = self.get(operands[0]) else {
            return Err(not_yet(self.e.ctx, op, "this atomic target"));
        };
        let indices = match self.get(operands[1]) {
            L::Tuple(items) => items
                .into_iter()
                .map(|i| match i {
                    L::V(v) => Ok(v),
                    _ => Err(not_yet(self.e.ctx, op, "this atomic index")),
                })
                .collect::<CResult<Vec<_>>>()?,
            L::V(v) => vec![v],
            _ => return Err(not_yet(self.e.ctx, op, "this atomic index")),
        };
        let (idx, in_bounds) = self.lowered_element_indices(op, m, indices)?;
        let elem = self.e.element_type(m);
        let float = self.e.is_float(elem);
        let value = self.scalar(op, operands[2])?;
        let mut value = self.e.coerce(value, elem, loc);
        let unsigned = self.e.is_unsigned(elem);
        let kind = match (call, float) {
            ("atomic.add" | "atomic.sub", true) => "addf",
            ("atomic.add" | "atomic.sub", false) => "addi",
            ("atomic.max", true) => "maximumf",
            ("atomic.max", false) if unsigned => "maxu",
            ("atomic.max", false) => "maxs",
            ("atomic.min", true) => "minimumf",
            _ if unsigned => "minu",
            _ => "mins",
        };
        if call == "atomic.sub" {
            value = if float {
                self.e.value(&arith::NEGF, &[value], elem, loc)
            } else {
                let zero = self.e.const_int(0, elem, loc);
                self.e.binary(&arith::SUBI, zero, value, loc)
            };
        }
        let kind = self.e.ctx.str_attr(kind);
        let mut rmw = vec![value, m];
        rmw.extend(idx);
        let mut atomic = |s: &mut crate::conversion::emit::Emitter| {
            let op = s.emit(
                &loops::ATOMIC_RMW,
                &rmw,
                &[elem],
                &[(loops::atomic_rmw::KIND.name, kind)],
                vec![],
                loc,
            );
            s.ctx.result(op, 0)
        };
        // With boundscheck, only touch memory in bounds (the IndexError is already raised).
        Ok(L::V(match in_bounds {
            Some(ok) => self.e.when_or_zero(ok, elem, loc, &mut atomic),
            None => atomic(&mut self.e),
        }))
    }
}

/// The constant shape of a shared or local array: an integer or a tuple of integers.
fn constant_shape(c: &Converter<'_>, op: OpId, shape: Value) -> CResult<Vec<u64>> {
    let ctx = &*c.e.ctx;
    let items: Vec<Value> = match ctx.defining_op(shape) {
        Some(d) if ctx.is_op(d, &py::TUPLE) => ctx.operands(d).to_vec(),
        _ => vec![shape],
    };
    items
        .iter()
        .map(|v| match py::int_constant(ctx, *v) {
            Some(n) if n > 0 => Ok(n as u64),
            _ => Err(error(
                ctx,
                op,
                "the shape of a shared or local array must be a positive constant (or a tuple of them)",
            )),
        })
        .collect()
}
