//! `loop` and `gpu` ops: structured control flow onto `scf`, buffers onto `memref`, raising,
//! printing and thread counts onto calls of the runtime's hooks.

use blackbird_dialects::ir::{Diagnostic, OpDef, OpId};
use blackbird_dialects::{gpu, loops};

use super::emitter::Emitter;
use super::hooks::typed_print_format;
use super::{
    CATCH_SYMBOL, LINALG_SYMBOL, NUM_THREADS_SYMBOL, PRINT_SYMBOL, RAISED_SYMBOL, RAISE_SYMBOL,
    SITE_KIND_SYMBOL,
};

impl Emitter<'_> {
    /// Emit a `loop` or `gpu` op.
    pub(super) fn loop_op(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let def = ctx.op_def(op);
        // Upstream's op of the same name (`gpu`).
        let name = def.name;
        let operands = ctx.operands(op).to_vec();
        let o = |e: &mut Self, i: usize| e.name(operands[i]);
        let is = |def: &OpDef| ctx.is_op(op, def);
        if self.list_op(op, indent)? || self.dict_op(op, indent)? {
        } else if is(&loops::YIELD) {
            self.terminator("scf.yield", &operands, indent);
        } else if is(&loops::CONDITION) {
            let rest = &operands[1..];
            let tail = if rest.is_empty() {
                String::new()
            } else {
                format!(" {} : {}", self.list(rest), self.types(rest))
            };
            let line = format!("scf.condition({}){tail}", o(self, 0));
            self.line(indent, &line);
        } else if is(&loops::PARALLEL) && self.gpu {
            return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    "parallel loops (prange) inside GPU code are not supported: the kernel's threads are the parallelism",
                ));
        } else if is(&loops::PARALLEL) {
            self.parallel(op, indent)?;
        } else if is(&gpu::THREAD_ID)
            || is(&gpu::BLOCK_ID)
            || is(&gpu::BLOCK_DIM)
            || is(&gpu::GRID_DIM)
        {
            let r = self.results(op);
            let line = format!("{r}{name} {}", gpu::DIMENSION.of(ctx, op));
            self.line(indent, &line);
        } else if is(&gpu::BARRIER) {
            self.line(indent, gpu::BARRIER.name);
        } else if is(&gpu::SHARED_ARRAY) && self.in_kernel {
            // A workgroup attribution of the kernel (see `kernel`).
        } else if is(&loops::ATOMIC_RMW) {
            let r = self.results(op);
            let line = format!(
                "{r}memref.atomic_rmw {} {}, {}[{}] : ({}, {}) -> {}",
                loops::atomic_rmw::KIND.of(ctx, op),
                o(self, 0),
                o(self, 1),
                self.list(&operands[2..]),
                self.vty(operands[0]),
                self.vty(operands[1]),
                self.vty(operands[0])
            );
            self.line(indent, &line);
        } else if (is(&loops::ALLOC) || is(&loops::DEALLOC)) && self.gpu {
            return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    "arrays cannot be allocated in GPU code (whole-array expressions and np.empty/np.zeros need one); use cuda.local.array or cuda.shared.array",
                ));
        } else if is(&loops::RAISE) && self.gpu {
            // Kernels do not report exceptions (see `emit_gpu_mlir`).
        } else if is(&loops::FOR) {
            let r = self.results(op);
            let body = ctx.entry_block(ctx.region(op, 0));
            let args = ctx.block_args(body).to_vec();
            let iv = self.name(args[0]);
            let inits = &operands[3..];
            let iter = if inits.is_empty() {
                String::new()
            } else {
                let pairs: Vec<String> = args[1..]
                    .iter()
                    .zip(inits)
                    .map(|(a, i)| format!("{} = {}", self.name(*a), self.name(*i)))
                    .collect();
                format!(
                    " iter_args({}) -> ({})",
                    pairs.join(", "),
                    self.types(inits)
                )
            };
            let line = format!(
                "{r}scf.for {iv} = {} to {} step {}{iter} : {} {{",
                o(self, 0),
                o(self, 1),
                o(self, 2),
                self.vty(operands[0])
            );
            self.line(indent, &line);
            self.block(body, indent + 1)?;
            self.line(indent, "}");
        } else if is(&loops::IF) {
            let r = self.results(op);
            let results = ctx.results(op).to_vec();
            let ret = if results.is_empty() {
                String::new()
            } else {
                format!(" -> ({})", self.types(&results))
            };
            let line = format!("{r}scf.if {}{ret} {{", o(self, 0));
            self.line(indent, &line);
            self.block(ctx.entry_block(ctx.region(op, 0)), indent + 1)?;
            self.line(indent, "} else {");
            self.block(ctx.entry_block(ctx.region(op, 1)), indent + 1)?;
            self.line(indent, "}");
        } else if is(&loops::ALLOCA_SCOPE) {
            // The stack pointer saved before the region and restored after it frees the
            // stack buffers made inside (what `memref.alloca_scope` lowers to; that op
            // needs a one-block region until it is lowered, which the `scf` ops inside
            // it lose first).
            let saved = self.fresh();
            self.line(
                indent,
                &format!("{saved} = llvm.intr.stacksave : !llvm.ptr"),
            );
            let body = ctx.entry_block(ctx.region(op, 0));
            let (terminator, ops) = ctx.block_ops(body).split_last().expect("a loop.yield");
            for inner in ops {
                self.op(*inner, indent)?;
            }
            for (r, v) in ctx.results(op).iter().zip(ctx.operands(*terminator)) {
                let name = self.name(*v);
                self.names.insert(*r, name);
            }
            self.line(
                indent,
                &format!("llvm.intr.stackrestore {saved} : !llvm.ptr"),
            );
        } else if is(&loops::WHILE) {
            let r = self.results(op);
            let before = ctx.entry_block(ctx.region(op, 0));
            let after = ctx.entry_block(ctx.region(op, 1));
            let bargs = ctx.block_args(before).to_vec();
            let pairs: Vec<String> = bargs
                .iter()
                .zip(&operands)
                .map(|(a, i)| format!("{} = {}", self.name(*a), self.name(*i)))
                .collect();
            let results = ctx.results(op).to_vec();
            let line = format!(
                "{r}scf.while ({}) : ({}) -> ({}) {{",
                pairs.join(", "),
                self.types(&operands),
                self.types(&results)
            );
            self.line(indent, &line);
            self.block(before, indent + 1)?;
            self.line(indent, "} do {");
            let aargs = ctx.block_args(after).to_vec();
            let params: Vec<String> = aargs
                .iter()
                .map(|a| format!("{}: {}", self.name(*a), self.vty(*a)))
                .collect();
            self.line(indent, &format!("^bb0({}):", params.join(", ")));
            self.block(after, indent + 1)?;
            self.line(indent, "}");
        } else if is(&loops::LOAD) {
            let r = self.results(op);
            let line = format!(
                "{r}memref.load {}[{}] : {}",
                o(self, 0),
                self.list(&operands[1..]),
                self.vty(operands[0])
            );
            self.line(indent, &line);
        } else if is(&loops::PREFETCH) {
            let line = format!(
                "memref.prefetch {}[{}], read, locality<3>, data : {}",
                o(self, 0),
                self.list(&operands[1..]),
                self.vty(operands[0])
            );
            self.line(indent, &line);
        } else if is(&loops::STORE) {
            let line = format!(
                "memref.store {}, {}[{}] : {}",
                o(self, 0),
                o(self, 1),
                self.list(&operands[2..]),
                self.vty(operands[1])
            );
            self.line(indent, &line);
        } else if is(&loops::DIM) {
            let d = loops::dim::DIM.of(ctx, op);
            let c = self.fresh();
            self.line(indent, &format!("{c} = arith.constant {d} : index"));
            let r = self.results(op);
            let line = format!(
                "{r}memref.dim {}, {c} : {}",
                o(self, 0),
                self.vty(operands[0])
            );
            self.line(indent, &line);
        } else if is(&loops::ALLOC) && !operands.is_empty() && operands.len() == self.rank_of(op) {
            self.checked_alloc(op, &operands, indent);
        } else if is(&loops::ALLOCA) || is(&loops::ALLOC) {
            let r = self.results(op);
            let kw = if is(&loops::ALLOCA) {
                "memref.alloca"
            } else {
                "memref.alloc"
            };
            let line = format!(
                "{r}{kw}({}) : {}",
                self.list(&operands),
                self.vty(ctx.result(op, 0))
            );
            self.line(indent, &line);
        } else if is(&loops::METADATA) || is(&loops::VIEW) {
            if self.workgroup.contains(&operands[0]) {
                return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    "views of shared arrays are not supported yet: index their elements",
                ));
            }
            let src = o(self, 0);
            let src_ty = self.vty(operands[0]);
            let rank = ctx
                .type_kind(ctx.value_type(operands[0]))
                .rank()
                .unwrap_or(0);
            let elem = self.ty(ctx
                .type_kind(ctx.value_type(operands[0]))
                .element_type()
                .unwrap());
            let base = self.fresh();
            // Plain names for the metadata values (multi-result `%x#i` cannot be defined here).
            let meta: Vec<String> = if is(&loops::METADATA) {
                ctx.results(op)
                    .to_vec()
                    .into_iter()
                    .map(|r| {
                        let n = self.fresh();
                        self.names.insert(r, n.clone());
                        n
                    })
                    .collect()
            } else {
                (0..1 + 2 * rank).map(|_| self.fresh()).collect()
            };
            let idx = vec!["index"; meta.len()].join(", ");
            self.line(indent, &format!("{base}, {} = memref.extract_strided_metadata {src} : {src_ty} -> memref<{elem}>, {idx}", meta.join(", ")));
            if is(&loops::VIEW) {
                let r = self.results(op);
                let result_rank = (operands.len() - 2) / 2;
                let sizes = self.list(&operands[2..2 + result_rank]);
                let strides = self.list(&operands[2 + result_rank..]);
                let line = format!(
                        "{r}memref.reinterpret_cast {base} to offset: [{}], sizes: [{sizes}], strides: [{strides}] : memref<{elem}> to {}",
                        o(self, 1),
                        self.vty(ctx.result(op, 0))
                    );
                self.line(indent, &line);
            }
        } else if is(&loops::CAST) {
            if self.workgroup.contains(&operands[0]) {
                self.workgroup.insert(ctx.result(op, 0));
            }
            let r = self.results(op);
            let line = format!(
                "{r}memref.cast {} : {} to {}",
                o(self, 0),
                self.vty(operands[0]),
                self.vty(ctx.result(op, 0))
            );
            self.line(indent, &line);
        } else if is(&loops::ADDRESS) {
            let r = self.results(op);
            let line = format!(
                "{r}memref.extract_aligned_pointer_as_index {} : {} -> index",
                o(self, 0),
                self.vty(operands[0])
            );
            self.line(indent, &line);
        } else if is(&loops::DEALLOC) {
            let line = format!("memref.dealloc {} : {}", o(self, 0), self.vty(operands[0]));
            self.line(indent, &line);
        } else if is(&loops::NUM_THREADS) {
            if self.gpu {
                return Err(Diagnostic::error(
                        ctx.loc(op).clone(),
                        "loop.num_threads (a prange loop carrying arrays) is not available in a GPU kernel",
                    ));
            }
            self.asks_num_threads = true;
            let r = self.results(op);
            let count = self.fresh();
            self.line(
                indent,
                &format!("{count} = func.call @{NUM_THREADS_SYMBOL}() : () -> i32"),
            );
            self.line(indent, &format!("{r}arith.extsi {count} : i32 to i64"));
        } else if is(&loops::RAISED) {
            if self.gpu {
                return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    "loop.raised is not available in a GPU kernel",
                ));
            }
            self.asks_raised = true;
            let r = self.results(op);
            let (count, zero) = (self.fresh(), self.fresh());
            self.line(
                indent,
                &format!("{count} = func.call @{RAISED_SYMBOL}() : () -> i64"),
            );
            self.line(indent, &format!("{zero} = arith.constant 0 : i64"));
            self.line(indent, &format!("{r}arith.cmpi ne, {count}, {zero} : i64"));
        } else if (is(&loops::CATCH) || is(&loops::EXCEPTION_IS) || is(&loops::RETHROW)) && self.gpu
        {
            return Err(Diagnostic::error(
                ctx.loc(op).clone(),
                "try/except is not supported in GPU code",
            ));
        } else if is(&loops::CATCH) {
            self.catches = true;
            let r = self.results(op);
            self.line(
                indent,
                &format!("{r}func.call @{CATCH_SYMBOL}() : () -> i64"),
            );
        } else if is(&loops::EXCEPTION_IS) {
            self.catches = true;
            let classes = blackbird_dialects::py::exception_is::CLASSES.of(ctx, op);
            let mask = blackbird_dialects::exceptions::class_mask(&classes) as i64;
            let r = self.results(op);
            let (kind, m, shifted, one, bit, zero) = (
                self.fresh(),
                self.fresh(),
                self.fresh(),
                self.fresh(),
                self.fresh(),
                self.fresh(),
            );
            let site = o(self, 0);
            self.line(
                indent,
                &format!("{kind} = func.call @{SITE_KIND_SYMBOL}({site}) : (i64) -> i64"),
            );
            self.line(indent, &format!("{m} = arith.constant {mask} : i64"));
            self.line(
                indent,
                &format!("{shifted} = arith.shrui {m}, {kind} : i64"),
            );
            self.line(indent, &format!("{one} = arith.constant 1 : i64"));
            self.line(
                indent,
                &format!("{bit} = arith.andi {shifted}, {one} : i64"),
            );
            self.line(indent, &format!("{zero} = arith.constant 0 : i64"));
            self.line(indent, &format!("{r}arith.cmpi ne, {bit}, {zero} : i64"));
        } else if is(&loops::RETHROW) {
            self.catches = true;
            let site = o(self, 0);
            self.line(
                indent,
                &format!("func.call @{RAISE_SYMBOL}({site}) : (i64) -> ()"),
            );
        } else if is(&loops::RANDOM) {
            if self.gpu {
                return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    "np.random in a GPU kernel is not supported",
                ));
            }
            let kind = loops::random::KIND.of(ctx, op);
            let symbol = super::random_hook_symbol(&kind);
            self.random_kinds.insert(kind);
            let args: Vec<String> = (0..operands.len()).map(|k| o(self, k)).collect();
            let types: Vec<String> = operands.iter().map(|v| self.vty(*v)).collect();
            let result = match ctx.results(op).first() {
                Some(r) => self.vty(*r),
                None => "()".to_string(),
            };
            let (address, function) = (self.fresh(), self.fresh());
            self.line(
                indent,
                &format!("{address} = llvm.mlir.addressof @{symbol} : !llvm.ptr"),
            );
            self.line(
                indent,
                &format!("{function} = llvm.load {address} : !llvm.ptr -> !llvm.ptr"),
            );
            let r = self.results(op);
            let line = format!(
                "{r}llvm.call {function}({}) : !llvm.ptr, ({}) -> {result}",
                args.join(", "),
                types.join(", ")
            );
            self.line(indent, &line);
        } else if is(&loops::PRINT) {
            if self.gpu {
                return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    "print() in a GPU kernel is not supported yet",
                ));
            }
            let format = typed_print_format(ctx, &loops::print::FORMAT.of(ctx, op), &operands);
            let global = format!("@blackbird_print_format{}", self.print_formats.len());
            self.print_formats.push(format);
            let slots_ty = format!("memref<{}xi64>", operands.len().max(1));
            let (fmt, slots) = (self.fresh(), self.fresh());
            self.line(
                indent,
                &format!("{fmt} = llvm.mlir.addressof {global} : !llvm.ptr"),
            );
            self.line(indent, &format!("{slots} = memref.alloca() : {slots_ty}"));
            for (k, v) in operands.iter().enumerate() {
                let slot = self.print_slot(*v, indent);
                let c = self.fresh();
                self.line(indent, &format!("{c} = arith.constant {k} : index"));
                self.line(
                    indent,
                    &format!("memref.store {slot}, {slots}[{c}] : {slots_ty}"),
                );
            }
            let (address, word, pointer) = (self.fresh(), self.fresh(), self.fresh());
            self.line(indent, &format!("{address} = memref.extract_aligned_pointer_as_index {slots} : {slots_ty} -> index"));
            self.line(
                indent,
                &format!("{word} = arith.index_cast {address} : index to i64"),
            );
            self.line(
                indent,
                &format!("{pointer} = llvm.inttoptr {word} : i64 to !llvm.ptr"),
            );
            self.line(
                indent,
                &format!(
                    "func.call @{PRINT_SYMBOL}({fmt}, {pointer}) : (!llvm.ptr, !llvm.ptr) -> ()"
                ),
            );
        } else if is(&loops::LINALG) {
            self.linalg_call(op, indent)?;
        } else if is(&loops::RAISE) {
            let kind = loops::raise::KIND.of(ctx, op);
            let message = loops::raise::MESSAGE.of(ctx, op);
            let code = self.raise_sites.len();
            self.raise_sites.push((kind, message, ctx.loc(op).clone()));
            let c = self.fresh();
            self.line(indent, &format!("{c} = arith.constant {code} : i64"));
            self.line(
                indent,
                &format!("func.call @{RAISE_SYMBOL}({c}) : (i64) -> ()"),
            );
        } else {
            return Err(Diagnostic::error(
                ctx.loc(op).clone(),
                format!("`{name}` cannot be emitted as upstream MLIR yet"),
            ));
        }
        Ok(())
    }
}

impl Emitter<'_> {
    /// `loop.linalg`: the arrays' metadata in 64-bit slots (see [`super::LINALG_HOOK_SYMBOL`]),
    /// then a call of [`LINALG_SYMBOL`] with the routine's name.
    fn linalg_call(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        if self.gpu {
            return Err(Diagnostic::error(
                ctx.loc(op).clone(),
                "linear algebra (LAPACK) in a GPU kernel is not supported",
            ));
        }
        let routine = loops::linalg::ROUTINE.of(ctx, op);
        let global = format!("@blackbird_linalg_routine{}", self.linalg_routines.len());
        self.linalg_routines.push(routine);
        let operands = ctx.operands(op).to_vec();
        let mut words = vec![];
        for v in &operands {
            let (src, src_ty) = (self.name(*v), self.vty(*v));
            let kind = ctx.type_kind(ctx.value_type(*v));
            let rank = kind.rank().unwrap_or(0);
            let elem = self.ty(kind.element_type().expect("a memref"));
            let base = self.fresh();
            let meta: Vec<String> = (0..1 + 2 * rank).map(|_| self.fresh()).collect();
            let idx = vec!["index"; meta.len()].join(", ");
            self.line(indent, &format!("{base}, {} = memref.extract_strided_metadata {src} : {src_ty} -> memref<{elem}>, {idx}", meta.join(", ")));
            let address = self.fresh();
            self.line(
                indent,
                &format!(
                    "{address} = memref.extract_aligned_pointer_as_index {src} : {src_ty} -> index"
                ),
            );
            for index in std::iter::once(address).chain(meta) {
                let word = self.fresh();
                self.line(
                    indent,
                    &format!("{word} = arith.index_cast {index} : index to i64"),
                );
                words.push(word);
            }
        }
        let slots_ty = format!("memref<{}xi64>", words.len().max(1));
        let (name, slots) = (self.fresh(), self.fresh());
        self.line(
            indent,
            &format!("{name} = llvm.mlir.addressof {global} : !llvm.ptr"),
        );
        self.line(indent, &format!("{slots} = memref.alloca() : {slots_ty}"));
        for (k, word) in words.iter().enumerate() {
            let c = self.fresh();
            self.line(indent, &format!("{c} = arith.constant {k} : index"));
            self.line(
                indent,
                &format!("memref.store {word}, {slots}[{c}] : {slots_ty}"),
            );
        }
        let (address, word, pointer) = (self.fresh(), self.fresh(), self.fresh());
        self.line(
            indent,
            &format!(
                "{address} = memref.extract_aligned_pointer_as_index {slots} : {slots_ty} -> index"
            ),
        );
        self.line(
            indent,
            &format!("{word} = arith.index_cast {address} : index to i64"),
        );
        self.line(
            indent,
            &format!("{pointer} = llvm.inttoptr {word} : i64 to !llvm.ptr"),
        );
        let r = self.results(op);
        self.line(
            indent,
            &format!(
                "{r}func.call @{LINALG_SYMBOL}({name}, {pointer}) : (!llvm.ptr, !llvm.ptr) -> i64"
            ),
        );
        Ok(())
    }
}
