//! `convert-tensor-to-loop`: each tensor sink becomes loop nests over buffers.
//!
//! Input: tensor values built from `tensor.read`s of buffers, scalars, `tensor.splat`s (read
//! by a map as their scalar over their sizes: `np.ones(n) * 2` needs no temporary),
//! `tensor.iota`s (read as the loop index along their dimension: `np.arange(n) * 2` neither),
//! `tensor.empty`s (a bare allocation), `tensor.map`s, `tensor.matmul`s and `tensor.reduce`s
//! (sum, prod; a partial one is folded lane by lane inside the nest that reads it, unless that
//! nest broadcasts it to a higher rank), consumed by sinks:
//! - `tensor.materialize`: a fresh buffer (`loop.alloc`) filled by one nest (a map: its body
//!   per element, with the NumPy broadcast of its operands, ValueError when sizes differ and
//!   neither is 1), or by the matmul's loops;
//! - `tensor.store`: a check that the value broadcasts into the destination (ValueError), then
//!   the nest writing straight into the destination when no operand can overlap it (the same
//!   SSA buffer or a distinct allocation, known statically; otherwise checked at run time
//!   from base addresses, offsets, sizes and strides, as NumPy does), else into a temporary
//!   that is then copied. So the value is always complete before it overwrites its sources;
//! - `tensor.extract` of a rank-0 tensor: a scalar. A reduction folds its operand's elements
//!   in one nest (a map operand is computed element by element inside it: no temporary); a
//!   matmul of two vectors is a dot product.
//!
//! Sibling materializations (maps over the same buffers, nothing written between them, see
//! `siblings.rs`) share one nest that fills each buffer.
//!
//! A map or matmul operand that is not a `tensor.read` (a matmul feeding a map, a map feeding
//! a matmul) is first materialized into a temporary freed after the sink. Output: no
//! `tensor` ops. Option `parallel` (for `parallel=True` functions): the nests that fill
//! buffers (maps, copies, matrix products) get a `loop.parallel` outermost loop, except inside
//! a parallel loop; reductions stay serial. Option `threaded-products` (CPU code): matrix
//! products with at least [`THREADED_PRODUCT_WORK`] multiply-adds run their rows on threads,
//! as BLAS does for NumPy's and Numba's `@` (again, not inside a parallel loop).

mod contiguous;
mod contract;
mod overlap;
mod reductions;
mod siblings;
mod sums;
mod walk;

use std::collections::HashMap;

use blackbird_dialects::ir::{BlockId, Context, Diagnostic, Location, OpId, RegionId, Value};
use blackbird_dialects::{arith, loops, tensor};

use super::emit::{loop_nest, parallel_loop_nest, Emitter, NestBody};
use crate::pipeline::{Change, OptionSpec, Pass, PassError, PassOptions, PipelineError};
use overlap::distinct_allocations;

pub struct ConvertTensorToLoop {
    pub options: LoweringOptions,
}

/// What the lowering does beyond serial loops in index order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoweringOptions {
    pub threads: Threads,
    /// Float sums along a run of elements in NumPy's pairwise order (see
    /// [`crate::conversion::pairwise`]) rather than one after another.
    pub pairwise_sums: bool,
}

/// Which nests run their outermost loop on threads (a `loop.parallel`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Threads {
    /// Every nest that fills a buffer (`parallel=True` functions).
    pub fills: bool,
    /// Matrix products with at least [`THREADED_PRODUCT_WORK`] multiply-adds.
    pub products: bool,
    /// Float sums of runs of at least
    /// [`THREADED_SUM_ELEMENTS`](crate::conversion::pairwise::THREADED_SUM_ELEMENTS) elements
    /// (in parts of NumPy's pairwise tree, so with its result).
    pub sums: bool,
}

/// The multiply-adds from which a matrix product runs on threads (when
/// [`Threads::products`]): 2^16, about 20 µs of work on one core, where starting the other
/// threads costs a few microseconds. (OpenBLAS threads `gemv` from 9216.)
pub const THREADED_PRODUCT_WORK: i64 = 1 << 16;

pub const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "parallel",
        help: "run the outermost loop of elementwise and matrix-product nests in parallel",
        default: "false",
    },
    OptionSpec {
        name: "threaded-products",
        help: "run the rows of large matrix products on threads, as BLAS does",
        default: "false",
    },
    OptionSpec {
        name: "threaded-sums",
        help: "add long float sums in parts of NumPy's pairwise tree on threads",
        default: "false",
    },
    OptionSpec {
        name: "pairwise-sums",
        help: "add float sums along runs of elements in NumPy's pairwise order",
        default: "true",
    },
];

impl ConvertTensorToLoop {
    pub fn parse(options: &PassOptions) -> Result<Self, PipelineError> {
        Ok(ConvertTensorToLoop {
            options: LoweringOptions {
                threads: Threads {
                    fills: options.get_bool("parallel", false)?,
                    products: options.get_bool("threaded-products", false)?,
                    sums: options.get_bool("threaded-sums", false)?,
                },
                pairwise_sums: options.get_bool("pairwise-sums", true)?,
            },
        })
    }
}

impl Pass for ConvertTensorToLoop {
    fn name(&self) -> &'static str {
        "convert-tensor-to-loop"
    }
    fn run(&mut self, ctx: &mut Context, module: OpId) -> Result<Change, PassError> {
        lower_tensor_ops(ctx, module, self.options)
            .map(Change::from_bool)
            .map_err(|diagnostic| PassError::Failed {
                pass: "convert-tensor-to-loop",
                diagnostic,
            })
    }
}

fn is_sink(ctx: &Context, op: OpId) -> bool {
    ctx.is_op(op, &tensor::MATERIALIZE)
        || ctx.is_op(op, &tensor::STORE)
        || (ctx.is_op(op, &tensor::EXTRACT) && ctx.operands(op).len() == 1)
}

/// Lower every sink under `root`; returns whether there was any. The nests `options.threads`
/// names run their outermost loop in parallel (except inside parallel loops).
pub fn lower_tensor_ops(
    ctx: &mut Context,
    root: OpId,
    options: LoweringOptions,
) -> Result<bool, Diagnostic> {
    for op in ctx.walk_preorder(root) {
        check_reduction(ctx, op)?;
    }
    let sinks: Vec<OpId> = ctx
        .walk_preorder(root)
        .into_iter()
        .filter(|op| is_sink(ctx, *op))
        .collect();
    let mut orders = walk::NumpyOrders::default();
    for sink in &sinks {
        if ctx.is_erased(*sink) {
            continue; // lowered in an earlier sibling's nest
        }
        let in_parallel_loop = std::iter::successors(ctx.parent_op(*sink), |op| ctx.parent_op(*op))
            .any(|op| ctx.is_op(op, &loops::PARALLEL));
        let options = match in_parallel_loop {
            true => LoweringOptions {
                threads: Threads::default(),
                ..options
            },
            false => options,
        };
        let siblings = siblings::siblings(ctx, *sink);
        if siblings.is_empty() {
            lower_sink(ctx, *sink, options, &mut orders)?;
        } else {
            lower_siblings(ctx, *sink, &siblings, options, &mut orders)?;
        }
    }
    // The tensor values the sinks consumed are dead now.
    for op in ctx.walk_preorder(root).into_iter().rev() {
        if !ctx.is_erased(op)
            && ctx.op_def(op).dialect() == "tensor"
            && !ctx.results(op).is_empty()
            && ctx.results_unused(op)
        {
            ctx.erase_op(op);
        }
    }
    if let Some(left) = ctx
        .walk_preorder(root)
        .into_iter()
        .find(|op| ctx.op_def(*op).dialect() == "tensor")
    {
        return Err(Diagnostic::error(
            ctx.loc(left).clone(),
            format!(
                "convert-tensor-to-loop: `{}` is not consumed by a tensor.materialize, tensor.store or tensor.extract",
                ctx.op_name(left)
            ),
        ));
    }
    Ok(!sinks.is_empty())
}

/// Reductions lower for sums, products, minima and maxima.
fn check_reduction(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    match ctx.is_op(op, &tensor::REDUCE) {
        true if tensor::reduce::KIND.get(ctx, op).is_none() => Err(Diagnostic::error(
            ctx.loc(op).clone(),
            format!(
                "convert-tensor-to-loop: a `{}` reduction is not supported",
                ctx.attr_str(op, "kind")
            ),
        )),
        _ => Ok(()),
    }
}

/// An operand of an elementwise computation: a buffer read elementwise (broadcast) or a scalar.
#[derive(Clone)]
enum Operand {
    Buffer(Value),
    Scalar(Value),
    /// A `tensor.splat`: its scalar everywhere over its sizes (i64).
    Splat(Value, Vec<Value>),
    /// A `tensor.iota`: the index along dimension `dim` of its sizes (i64).
    Iota {
        dim: usize,
        sizes: Vec<Value>,
    },
    /// A `tensor.reduce` over some axes (`reduce`): each element folds its `source` along
    /// `axes`, inside the nest that reads it (a reduction epilogue needs no temporary).
    Reduce {
        reduce: OpId,
        source: Box<Elementwise>,
        /// The source's shape (i64) and the reduced axes of it.
        source_shape: Vec<Value>,
        axes: Vec<usize>,
    },
}

impl Operand {
    /// The sizes (i64) of a splat, iota or reduction operand; `None` for buffers (their
    /// sizes are read from them) and scalars.
    fn own_sizes(&self) -> Option<Vec<Value>> {
        match self {
            Operand::Splat(_, sizes) | Operand::Iota { sizes, .. } => Some(sizes.clone()),
            Operand::Reduce {
                source_shape, axes, ..
            } => Some(
                source_shape
                    .iter()
                    .enumerate()
                    .filter(|(d, _)| !axes.contains(d))
                    .map(|(_, n)| *n)
                    .collect(),
            ),
            Operand::Buffer(_) | Operand::Scalar(_) => None,
        }
    }
}

/// How to compute a tensor element by element: a map's body over its operands, or (no map)
/// the one operand's elements.
#[derive(Clone)]
struct Elementwise {
    map: Option<OpId>,
    operands: Vec<Operand>,
    /// Its buffers have exactly the nest's trailing sizes: read without broadcasting.
    exact: bool,
}

impl Elementwise {
    /// Every buffer the computation reads, those its reductions fold included.
    fn read_buffers(&self) -> Vec<Value> {
        let mut out = self.buffers();
        for o in &self.operands {
            if let Operand::Reduce { source, .. } = o {
                out.extend(source.read_buffers());
            }
        }
        out
    }

    /// The buffers it reads elementwise (their shapes broadcast into its shape).
    fn buffers(&self) -> Vec<Value> {
        self.operands
            .iter()
            .filter_map(|o| match o {
                Operand::Buffer(m) => Some(*m),
                Operand::Scalar(_)
                | Operand::Splat(..)
                | Operand::Iota { .. }
                | Operand::Reduce { .. } => None,
            })
            .collect()
    }
}

fn lower_sink(
    ctx: &mut Context,
    sink: OpId,
    options: LoweringOptions,
    orders: &mut walk::NumpyOrders,
) -> Result<(), Diagnostic> {
    let loc = ctx.loc(sink).clone();
    let t = ctx.operand(sink, 0);
    lower_before(ctx, sink, options, orders, |l| {
        if l.ctx.is_op(sink, &tensor::MATERIALIZE) {
            let buffer = l.materialize(t, &loc)?;
            l.orders.forget_if_c_order(l.e.ctx, sink, buffer);
            let result = l.ctx.result(sink, 0);
            l.ctx.replace_all_uses(result, buffer);
        } else if l.ctx.is_op(sink, &tensor::STORE) {
            let dest = l.ctx.operand(sink, 1);
            l.store(t, dest, &loc)?;
        } else {
            let x = l.scalar(t, &loc)?;
            let result = l.ctx.result(sink, 0);
            l.ctx.replace_all_uses(result, x);
        }
        Ok(())
    })?;
    ctx.erase_op(sink);
    Ok(())
}

/// Lower the materialization `first` and its `siblings` (see [`siblings`]) as one nest that
/// fills each one's fresh buffer, all elements of an iteration computed before any is stored.
fn lower_siblings(
    ctx: &mut Context,
    first: OpId,
    siblings: &[OpId],
    options: LoweringOptions,
    orders: &mut walk::NumpyOrders,
) -> Result<(), Diagnostic> {
    let loc = ctx.loc(first).clone();
    let sinks: Vec<OpId> = std::iter::once(first)
        .chain(siblings.iter().copied())
        .collect();
    lower_before(ctx, first, options, orders, |l| {
        let mut parts = vec![];
        for sink in &sinks {
            let t = l.ctx.operand(*sink, 0);
            parts.push((l.elementwise(t, &loc)?, l.element_type(t)));
        }
        let shape = l.shape(&parts[0].0, &loc);
        let (buffers, granted): (Vec<Value>, Vec<Vec<Value>>) = parts
            .iter()
            .map(|(_, elem)| l.alloc_buffer(*elem, &shape, &loc))
            .unzip();
        let shape = l.within(&shape, &granted.concat(), &loc);
        l.filling_nest(&shape, &loc, &mut |s, ivs| {
            let xs: Vec<Value> = parts
                .iter()
                .map(|(ew, _)| s.element(ew, ivs, &loc))
                .collect();
            for (x, buffer) in xs.into_iter().zip(&buffers) {
                s.store_at(x, *buffer, ivs, &loc);
            }
            Ok(())
        })?;
        for ((sink, buffer), (ew, _)) in sinks.iter().zip(&buffers).zip(&parts) {
            if tensor::materialize::C_ORDER.get(l.ctx, *sink) != Some(true) {
                l.note_numpy_order(*buffer, ew);
            }
            let result = l.ctx.result(*sink, 0);
            l.ctx.replace_all_uses(result, *buffer);
        }
        Ok(())
    })?;
    for sink in sinks {
        ctx.erase_op(sink);
    }
    Ok(())
}

/// Run `lower` on a [`Lowering`] whose ops, and then the frees of its temporaries, are
/// placed before `anchor`.
fn lower_before(
    ctx: &mut Context,
    anchor: OpId,
    options: LoweringOptions,
    orders: &mut walk::NumpyOrders,
    lower: impl FnOnce(&mut Lowering) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let loc = ctx.loc(anchor).clone();
    let scratch = ctx.create_block(&[]);
    let mut l = Lowering {
        e: Emitter::new(ctx, scratch, false),
        temps: vec![],
        threads: options.threads,
        pairwise_sums: options.pairwise_sums,
        orders: std::mem::take(orders),
    };
    let lowered = lower(&mut l);
    *orders = std::mem::take(&mut l.orders);
    lowered?;
    for temp in std::mem::take(&mut l.temps) {
        l.emit(&loops::DEALLOC, &[temp], &[], &[], vec![], &loc);
    }
    let ops = ctx.block_ops(scratch).to_vec();
    for op in ops {
        ctx.detach_op(op);
        ctx.insert_op_before(anchor, op);
    }
    Ok(())
}

/// Lowers one sink; `temps` are the buffers to free after it.
struct Lowering<'c> {
    e: Emitter<'c>,
    temps: Vec<Value>,
    /// Which nests run their outermost loop in parallel.
    threads: Threads,
    /// Float sums in NumPy's pairwise order.
    pairwise_sums: bool,
    /// The order NumPy would have laid out each buffer materialized so far in.
    orders: walk::NumpyOrders,
}

impl<'c> super::emit::Emits<'c> for Lowering<'c> {
    fn emitter(&mut self) -> &mut Emitter<'c> {
        &mut self.e
    }
}

impl<'c> std::ops::Deref for Lowering<'c> {
    type Target = Emitter<'c>;
    fn deref(&self) -> &Emitter<'c> {
        &self.e
    }
}

impl std::ops::DerefMut for Lowering<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.e
    }
}

impl Lowering<'_> {
    /// A nest whose iterations write disjoint elements: parallel when the lowering is.
    fn filling_nest(
        &mut self,
        sizes: &[Value],
        loc: &Location,
        body: &mut NestBody<Self>,
    ) -> Result<(), Diagnostic> {
        if self.threads.fills {
            parallel_loop_nest(self, sizes, loc, body)
        } else {
            loop_nest(self, sizes, loc, body)
        }
    }

    /// A filling nest over `sizes` (i64) doing `work` (i64); when `threaded` (and the nest is
    /// not parallel anyway), one whose outermost loop runs on threads if `work` reaches
    /// `threshold` (checked at run time), else serial.
    fn threaded_nest(
        &mut self,
        threaded: bool,
        sizes: &[Value],
        work: Value,
        threshold: i64,
        loc: &Location,
        body: &mut NestBody<Self>,
    ) -> Result<(), Diagnostic> {
        if self.threads.fills || !threaded {
            return self.filling_nest(sizes, loc, body);
        }
        let i64t = self.ctx.i64();
        let threshold = self.const_int(threshold, i64t, loc);
        let large = self.cmp(&arith::CMPI, "sge", work, threshold, loc);
        let parallel = self.region(&mut |s| parallel_loop_nest(s, sizes, loc, body))?;
        let serial = self.region(&mut |s| loop_nest(s, sizes, loc, body))?;
        self.emit(&loops::IF, &[large], &[], &[], vec![parallel, serial], loc);
        Ok(())
    }

    fn producer(&self, t: Value, def: &blackbird_dialects::ir::OpDef) -> Option<OpId> {
        self.ctx
            .defining_op(t)
            .filter(|op| self.ctx.is_op(*op, def))
    }

    /// The elementwise form of tensor `t`.
    fn elementwise(&mut self, t: Value, loc: &Location) -> Result<Elementwise, Diagnostic> {
        let Some(map) = self.producer(t, &tensor::MAP) else {
            let rank = self.rank(t);
            let operand = self.operand(t, rank, loc)?;
            return Ok(Elementwise {
                map: None,
                operands: vec![operand],
                exact: false,
            });
        };
        let mut operands = vec![];
        let rank = self.rank(t);
        for v in self.ctx.operands(map).to_vec() {
            operands.push(if self.ctx.type_kind(self.ctx.value_type(v)).is_shaped() {
                self.operand(v, rank, loc)?
            } else {
                Operand::Scalar(v)
            });
        }
        Ok(Elementwise {
            map: Some(map),
            operands,
            exact: false,
        })
    }

    /// How a computation of rank `rank` reads tensor `t`: a splat's scalar, an iota's index, a
    /// reduction folded per element (when it is not broadcast to a higher rank, which would
    /// fold each lane again for every element it is broadcast to), else a buffer holding it.
    fn operand(&mut self, t: Value, rank: usize, loc: &Location) -> Result<Operand, Diagnostic> {
        if let Some(splat) = self.producer(t, &tensor::SPLAT) {
            let operands = self.ctx.operands(splat).to_vec();
            let sizes = self.sizes_of_dims(&operands[1..], loc);
            return Ok(Operand::Splat(operands[0], sizes));
        }
        if let Some(iota) = self.producer(t, &tensor::IOTA) {
            let dim = tensor::iota::DIM.get(self.ctx, iota);
            let dims = self.ctx.operands(iota).to_vec();
            let sizes = self.sizes_of_dims(&dims, loc);
            return Ok(Operand::Iota {
                dim: dim.expect("verified") as usize,
                sizes,
            });
        }
        if let Some(reduce) = self.producer(t, &tensor::REDUCE) {
            if self.rank(t) == 0 {
                // A full reduction: one value, computed once before the nest.
                return Ok(Operand::Scalar(self.reduce(reduce, loc)?));
            }
        }
        if let Some(reduce) = self
            .producer(t, &tensor::REDUCE)
            .filter(|r| self.rank(t) == rank && !self.is_outer_reduction(*r))
        {
            let source = self.ctx.operand(reduce, 0);
            let axes = self.reduced_axes(reduce);
            let ew = self.elementwise(source, loc)?;
            let source_shape = self.shape(&ew, loc);
            return Ok(Operand::Reduce {
                reduce,
                source: Box::new(ew),
                source_shape,
                axes,
            });
        }
        Ok(Operand::Buffer(self.buffer(t, loc)?))
    }

    /// Sizes given as `index` operands (of `tensor.splat`/`tensor.empty`), as i64.
    fn sizes_of_dims(&mut self, dims: &[Value], loc: &Location) -> Vec<Value> {
        let i64t = self.ctx.i64();
        dims.iter()
            .map(|d| self.value(&arith::INDEX_CAST, &[*d], i64t, loc))
            .collect()
    }

    /// A buffer holding tensor `t`: the one it reads, else a temporary.
    fn buffer(&mut self, t: Value, loc: &Location) -> Result<Value, Diagnostic> {
        if let Some(read) = self.producer(t, &tensor::READ) {
            return Ok(self.ctx.operand(read, 0));
        }
        let temp = self.materialize(t, loc)?;
        self.temps.push(temp);
        Ok(temp)
    }

    /// A fresh buffer holding tensor `t`.
    fn materialize(&mut self, t: Value, loc: &Location) -> Result<Value, Diagnostic> {
        if let Some(matmul) = self.producer(t, &tensor::MATMUL) {
            return self.product(matmul, loc);
        }
        if let Some(reduce) = self
            .producer(t, &tensor::REDUCE)
            .filter(|r| self.is_outer_reduction(*r))
        {
            return self.outer_reduction(reduce, loc);
        }
        if let Some(empty) = self.producer(t, &tensor::EMPTY) {
            let elem = self.element_type(t);
            let dims = self.ctx.operands(empty).to_vec();
            let sizes = self.sizes_of_dims(&dims, loc);
            return Ok(self.alloc_buffer(elem, &sizes, loc).0);
        }
        let ew = self.elementwise(t, loc)?;
        let elem = self.element_type(t);
        let shape = self.shape(&ew, loc);
        let (buffer, shape) = self.alloc_buffer(elem, &shape, loc);
        self.fill(&ew, buffer, &shape, loc)?;
        self.note_numpy_order(buffer, &ew);
        Ok(buffer)
    }

    /// The one element of rank-0 tensor `t`.
    fn scalar(&mut self, t: Value, loc: &Location) -> Result<Value, Diagnostic> {
        if let Some(reduce) = self.producer(t, &tensor::REDUCE) {
            return self.reduce(reduce, loc);
        }
        if let Some(matmul) = self.producer(t, &tensor::MATMUL) {
            return self.product(matmul, loc);
        }
        let ew = self.elementwise(t, loc)?;
        Ok(self.element(&ew, &[], loc))
    }

    /// A `tensor.matmul` of its operands' buffers: a fresh buffer, or a scalar for vectors.
    fn product(&mut self, matmul: OpId, loc: &Location) -> Result<Value, Diagnostic> {
        let a = self.buffer(self.ctx.operand(matmul, 0), loc)?;
        let b = self.buffer(self.ctx.operand(matmul, 1), loc)?;
        self.matmul(a, b, loc)
    }

    /// The NumPy broadcast of the buffer operands' shapes (ValueError when they disagree).
    fn shape(&mut self, ew: &Elementwise, loc: &Location) -> Vec<Value> {
        let mut shapes: Vec<Vec<Value>> = ew
            .buffers()
            .into_iter()
            .map(|m| self.sizes(m, loc))
            .collect();
        shapes.extend(ew.operands.iter().filter_map(Operand::own_sizes));
        self.broadcast(&shapes, loc)
    }

    /// The element at `ivs`: the map's body, cloned with the operands' elements.
    fn element(&mut self, ew: &Elementwise, ivs: &[Value], loc: &Location) -> Value {
        let xs: Vec<Value> = ew
            .operands
            .iter()
            .map(|o| match o {
                Operand::Buffer(m) if ew.exact => {
                    let rank = self.rank(*m);
                    self.load_at(*m, &ivs[ivs.len() - rank..], loc)
                }
                Operand::Buffer(m) => self.broadcast_load(*m, ivs, loc),
                Operand::Scalar(v) | Operand::Splat(v, _) => *v,
                Operand::Iota { dim, sizes } => self.broadcast_index(ivs, *dim, sizes, loc),
                reduction @ Operand::Reduce { .. } => self.reduced_element(reduction, ivs, loc),
            })
            .collect();
        let Some(map) = ew.map else {
            return xs[0];
        };
        let body = self.ctx.entry_block(self.ctx.region(map, 0));
        let mut values: HashMap<Value, Value> =
            self.ctx.block_args(body).iter().copied().zip(xs).collect();
        let ops = self.ctx.block_ops(body).to_vec();
        let (terminator, ops) = ops.split_last().expect("a map body ends with tensor.yield");
        for op in ops {
            let copy = self.ctx.clone_op(*op, &mut values);
            let block = self.block;
            self.ctx.append_op(block, copy);
        }
        let yielded = self.ctx.operand(*terminator, 0);
        values.get(&yielded).copied().unwrap_or(yielded)
    }

    /// The index along `dim` of an operand of `sizes` broadcast to the nest at `ivs`: the
    /// nest's index there, or 0 along a size-1 dimension (broadcast, as a load would).
    fn broadcast_index(
        &mut self,
        ivs: &[Value],
        dim: usize,
        sizes: &[Value],
        loc: &Location,
    ) -> Value {
        let iv = ivs[ivs.len() - sizes.len() + dim];
        let i64t = self.ctx.i64();
        let (zero, one) = (self.const_int(0, i64t, loc), self.const_int(1, i64t, loc));
        let is_one = self.cmp(&arith::CMPI, "eq", sizes[dim], one, loc);
        self.select(is_one, zero, iv, loc)
    }

    /// Write the elements into `target` of `shape` (i64 sizes), in one nest.
    fn fill_nest(
        &mut self,
        ew: &Elementwise,
        target: Value,
        shape: &[Value],
        loc: &Location,
    ) -> Result<(), Diagnostic> {
        let mut body = |s: &mut Self, ivs: &[Value]| {
            let x = s.element(ew, ivs, loc);
            s.store_at(x, target, ivs, loc);
            Ok(())
        };
        // A reduction epilogue folds lanes of its source: its rows run on threads when the
        // elements folded reach THREADED_SUM_ELEMENTS.
        let folded = match self.threads.sums {
            true => self.folded_elements(ew, loc),
            false => None,
        };
        match folded {
            Some(work) => {
                let threshold = crate::conversion::pairwise::THREADED_SUM_ELEMENTS;
                self.threaded_nest(true, shape, work, threshold, loc, &mut body)
            }
            None => self.filling_nest(shape, loc, &mut body),
        }
    }

    /// The elements the reductions `ew` reads fold (i64), if it reads any.
    fn folded_elements(&mut self, ew: &Elementwise, loc: &Location) -> Option<Value> {
        let mut total = None;
        for o in &ew.operands {
            if let Operand::Reduce { source_shape, .. } = o {
                let n = self.element_count_of(source_shape, loc);
                total = Some(match total {
                    Some(t) => self.binary(&arith::ADDI, t, n, loc),
                    None => n,
                });
            }
        }
        total
    }

    /// Copy `from` into `to` (same shape).
    fn copy(
        &mut self,
        from: Value,
        to: Value,
        shape: &[Value],
        loc: &Location,
    ) -> Result<(), Diagnostic> {
        self.filling_nest(shape, loc, &mut |s, ivs| {
            let x = s.load_at(from, ivs, loc);
            s.store_at(x, to, ivs, loc);
            Ok(())
        })
    }

    /// `dest[...] = t`: check the broadcast, then fill `dest` directly when no operand can
    /// overlap it, else through a temporary.
    fn store(&mut self, t: Value, dest: Value, loc: &Location) -> Result<(), Diagnostic> {
        let ew = self.elementwise(t, loc)?;
        let shape = self.shape(&ew, loc);
        let dest_shape = self.sizes(dest, loc);
        let joined = self.broadcast(&[dest_shape.clone(), shape], loc);
        let mut shape = vec![];
        for (j, d) in joined.iter().zip(&dest_shape) {
            let same = self.cmp(&arith::CMPI, "eq", *j, *d, loc);
            self.raise_unless(
                same,
                "ValueError",
                "could not broadcast the value into the target's shape",
                loc,
            );
            shape.push(self.size_if(same, *d, loc));
        }
        let unknown: Vec<Value> = ew
            .read_buffers()
            .into_iter()
            .filter(|m| *m != dest && !distinct_allocations(self.ctx, *m, dest))
            .collect();
        if unknown.is_empty() {
            return self.fill(&ew, dest, &shape, loc);
        }
        let i1 = self.ctx.i1();
        let mut safe = self.const_int(1, i1, loc);
        for m in unknown {
            let ok = self.same_or_disjoint(m, dest, loc);
            safe = self.binary(&arith::ANDI, safe, ok, loc);
        }
        let elem = self.element_type(dest);
        let direct = self.region(&mut |s| s.fill(&ew, dest, &shape, loc))?;
        let buffered = self.region(&mut |s| {
            let (temp, shape) = s.alloc_buffer(elem, &shape, loc);
            s.fill(&ew, temp, &shape, loc)?;
            s.copy(temp, dest, &shape, loc)?;
            s.emit(&loops::DEALLOC, &[temp], &[], &[], vec![], loc);
            Ok(())
        })?;
        self.emit(&loops::IF, &[safe], &[], &[], vec![direct, buffered], loc);
        Ok(())
    }

    /// A region of one block built by `body`, ended by `loop.yield`.
    fn region(
        &mut self,
        body: &mut dyn FnMut(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<RegionId, Diagnostic> {
        let (region, block): (RegionId, BlockId) = self.ctx.create_region_with_block(&[]);
        let outer = std::mem::replace(&mut self.block, block);
        let r = body(self);
        self.emit(&loops::YIELD, &[], &[], &[], vec![], &Location::Unknown);
        self.block = outer;
        r.map(|_| region)
    }
}
