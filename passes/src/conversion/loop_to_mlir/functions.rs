//! Functions: a program function, a GPU kernel, the ABI wrapper of the entry function, and
//! parallel loops outlined into functions of their own.

use blackbird_dialects::ir::{BlockId, Context, Diagnostic, OpId, TypeKind, Value, ValueDef};
use blackbird_dialects::{arith, func, gpu};

use super::emitter::Emitter;
use super::{ENTRY_SYMBOL, LISTS_MARK_SYMBOL, LISTS_RELEASE_SYMBOL};

impl Emitter<'_> {
    /// Start emitting function `f`: its name, entry block and typed parameters.
    pub(super) fn begin_function(&mut self, f: OpId) -> (String, BlockId, Vec<String>) {
        let ctx = self.ctx;
        let name = blackbird_dialects::func::function_name(ctx, f)
            .unwrap_or_default()
            .to_string();
        self.function_name = name.clone();
        (self.next, self.next_value) = (0, 0);
        let entry = ctx.entry_block(ctx.region(f, 0));
        let params: Vec<String> = ctx
            .block_args(entry)
            .to_vec()
            .into_iter()
            .map(|a| format!("{}: {}", self.name(a), self.vty(a)))
            .collect();
        (name, entry, params)
    }

    /// The symbol of the program's function `name` on the CPU: `py.NAME`, which no C library
    /// function (`sin`, `fmod`, `free`…), no runtime symbol and no outlined loop body
    /// (`py.NAME.parallel0`) can have, as a Python name cannot contain a dot. Without it a
    /// function named `sin` would be called by LLVM for `math.sin` (endless recursion) and one
    /// named `free` by every deallocation. GPU kernels keep their names: the launcher looks
    /// them up by name, and device code calls no C library.
    pub(super) fn symbol(&self, name: &str) -> String {
        if self.gpu {
            name.to_string()
        } else {
            format!("py.{name}")
        }
    }

    pub(super) fn function(&mut self, f: OpId) -> Result<(), Diagnostic> {
        let (name, entry, params) = self.begin_function(f);
        let (_, results) = blackbird_dialects::func::function_signature(self.ctx, f)
            .expect("func.func has a type");
        let res: Vec<String> = results.iter().map(|t| self.ty(*t)).collect();
        let attributes = if self.gpu {
            ""
        } else {
            " attributes {llvm.emit_c_interface}"
        };
        let symbol = self.symbol(&name);
        self.line(
            1,
            &format!(
                "func.func @{symbol}({}) -> ({}){attributes} {{",
                params.join(", "),
                res.join(", ")
            ),
        );
        self.block(entry, 2)?;
        self.line(1, "}");
        Ok(())
    }

    /// A kernel as `gpu.func @name(…) workgroup(…) kernel`.
    pub(super) fn kernel(&mut self, f: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (name, entry, params) = self.begin_function(f);
        let mut attributions = vec![];
        for op in ctx.walk_preorder(f) {
            if ctx.is_op(op, &gpu::SHARED_ARRAY) {
                let buffer = ctx.result(op, 0);
                let name = format!("%wg{}", attributions.len());
                self.names.insert(buffer, name.clone());
                self.workgroup.insert(buffer);
                attributions.push(format!("{name}: {}", self.vty(buffer)));
            }
        }
        let workgroup = if attributions.is_empty() {
            String::new()
        } else {
            format!(" workgroup({})", attributions.join(", "))
        };
        self.line(
            1,
            &format!(
                "gpu.func @{name}({}){workgroup} kernel {{",
                params.join(", ")
            ),
        );
        self.in_kernel = true;
        let body = self.block(entry, 2);
        self.in_kernel = false;
        body?;
        self.line(1, "}");
        Ok(())
    }

    pub(super) fn entry_wrapper(&mut self, f: OpId) {
        let ctx = self.ctx;
        let name = blackbird_dialects::func::function_name(ctx, f)
            .unwrap_or_default()
            .to_string();
        let (inputs, results) =
            blackbird_dialects::func::function_signature(ctx, f).expect("func.func has a type");
        let params: Vec<String> = inputs
            .iter()
            .enumerate()
            .map(|(i, t)| format!("%a{i}: {}", self.ty(*t)))
            .collect();
        let args: Vec<String> = (0..inputs.len()).map(|i| format!("%a{i}")).collect();
        let in_types: Vec<String> = inputs.iter().map(|t| self.ty(*t)).collect();
        let res_types: Vec<String> = results.iter().map(|t| self.ty(*t)).collect();
        let slots: Vec<usize> = results
            .iter()
            .map(|t| match ctx.type_kind(*t) {
                TypeKind::MemRef { shape, .. } => 2 + 2 * shape.len(),
                _ => 1,
            })
            .collect();
        let k = slots.iter().sum::<usize>().max(1);
        let mut sep = if params.is_empty() { "" } else { ", " }.to_string();
        sep.push_str(&format!("%out: memref<{k}xi64>"));
        self.line(
            1,
            &format!(
                "func.func @{ENTRY_SYMBOL}({}{sep}) attributes {{llvm.emit_c_interface}} {{",
                params.join(", ")
            ),
        );
        let call = format!(
            "func.call @{}({}) : ({}) -> ({})",
            self.symbol(&name),
            args.join(", "),
            in_types.join(", "),
            res_types.join(", ")
        );
        // The lists the call makes are freed when it ends (see `loop::LIST_NEW`).
        if self.uses_lists {
            self.line(
                2,
                &format!("%lists = func.call @{LISTS_MARK_SYMBOL}() : () -> i64"),
            );
        }
        match results.len() {
            0 => self.line(2, &call),
            1 => self.line(2, &format!("%r = {call}")),
            n => self.line(2, &format!("%r:{n} = {call}")),
        }
        let mut slot = 0;
        for (i, t) in results.iter().enumerate() {
            let r = if results.len() == 1 {
                "%r".to_string()
            } else {
                format!("%r#{i}")
            };
            let mut words: Vec<String> = vec![];
            match ctx.type_kind(*t).clone() {
                TypeKind::MemRef { shape, elem, .. } => {
                    let rank = shape.len();
                    let ty = self.ty(*t);
                    let meta: Vec<String> =
                        (0..1 + 2 * rank).map(|j| format!("%md{i}_{j}")).collect();
                    let idx = vec!["index"; meta.len()].join(", ");
                    self.line(2, &format!("%mb{i}, {} = memref.extract_strided_metadata {r} : {ty} -> memref<{}>, {idx}", meta.join(", "), self.ty(elem)));
                    self.line(
                        2,
                        &format!(
                            "%mp{i} = memref.extract_aligned_pointer_as_index {r} : {ty} -> index"
                        ),
                    );
                    for (j, v) in std::iter::once(format!("%mp{i}")).chain(meta).enumerate() {
                        self.line(
                            2,
                            &format!("%w{i}_{j} = arith.index_cast {v} : index to i64"),
                        );
                        words.push(format!("%w{i}_{j}"));
                    }
                }
                kind => {
                    let word = match kind {
                        TypeKind::Float(blackbird_dialects::ir::FloatKind::F64) => {
                            format!("arith.bitcast {r} : f64 to i64")
                        }
                        TypeKind::Float(_) => {
                            self.line(
                                2,
                                &format!("%b{i} = arith.bitcast {r} : {} to i32", self.ty(*t)),
                            );
                            format!("arith.extui %b{i} : i32 to i64")
                        }
                        TypeKind::Int { width: 64, .. } => {
                            self.line(2, &format!("%zero{i} = arith.constant 0 : i64"));
                            format!("arith.addi {r}, %zero{i} : i64")
                        }
                        TypeKind::Int { width: 1, .. } => format!("arith.extui {r} : i1 to i64"),
                        TypeKind::Int {
                            signedness: blackbird_dialects::ir::Signedness::Unsigned,
                            ..
                        } => format!("arith.extui {r} : {} to i64", self.ty(*t)),
                        _ => format!("arith.extsi {r} : {} to i64", self.ty(*t)),
                    };
                    self.line(2, &format!("%s{i} = {word}"));
                    words.push(format!("%s{i}"));
                }
            }
            for w in words {
                self.line(2, &format!("%c{slot} = arith.constant {slot} : index"));
                self.line(
                    2,
                    &format!("memref.store {w}, %out[%c{slot}] : memref<{k}xi64>"),
                );
                slot += 1;
            }
        }
        if self.uses_lists {
            self.line(
                2,
                &format!("func.call @{LISTS_RELEASE_SYMBOL}(%lists) : (i64) -> ()"),
            );
        }
        self.line(2, func::RETURN.name);
        self.line(1, "}");
    }

    /// `v` as an `index` value (cast from an integer when needed).
    pub(super) fn as_index(&mut self, v: Value, indent: usize) -> String {
        let t = self.vty(v);
        let name = self.name(v);
        if t == "index" {
            return name;
        }
        let cast = self.fresh();
        self.line(
            indent,
            &format!("{cast} = arith.index_cast {name} : {t} to index"),
        );
        cast
    }

    /// `loop.parallel` as `scf.parallel` whose body calls the loop body outlined into a
    /// function of the induction variable and the values it captures (which returns the
    /// iteration's contributions), then `scf.reduce`s them. Outlining keeps the body's own
    /// loops out of the single-block region `convert-scf-to-openmp` wraps around it; LLVM
    /// inlines the call again.
    pub(super) fn parallel(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let operands = ctx.operands(op).to_vec();
        let r = self.results(op);
        let bounds: Vec<String> = (0..3).map(|i| self.as_index(operands[i], indent)).collect();
        let inits = &operands[3..];
        let init = if inits.is_empty() {
            String::new()
        } else {
            format!(" init ({}) -> ({})", self.list(inits), self.types(inits))
        };
        let body = ctx.entry_block(ctx.region(op, 0));
        let iv = ctx.block_args(body)[0];
        // Captured constants are defined again in the outlined function; other values are
        // passed.
        let (constants, captured): (Vec<Value>, Vec<Value>) =
            captures(ctx, op).into_iter().partition(|v| {
                ctx.defining_op(*v)
                    .is_some_and(|d| ctx.is_op(d, &arith::CONSTANT))
            });
        let mut params = vec![iv];
        params.extend(captured);
        let callee = format!(
            "{}.parallel{}",
            self.symbol(&self.function_name),
            self.outlined.len()
        );
        self.outline(&callee, body, &params, &constants)?;
        let iv_index = self.fresh();
        self.line(
            indent,
            &format!(
                "{r}scf.parallel ({iv_index}) = ({}) to ({}) step ({}){init} {{",
                bounds[0], bounds[1], bounds[2]
            ),
        );
        let iv_type = self.vty(iv);
        let iv_value = if iv_type == "index" {
            iv_index
        } else {
            let v = self.fresh();
            self.line(
                indent + 1,
                &format!("{v} = arith.index_cast {iv_index} : index to {iv_type}"),
            );
            v
        };
        let mut args = vec![iv_value];
        args.extend(params[1..].iter().map(|v| self.name(*v)));
        let mut arg_types = vec![iv_type];
        arg_types.extend(params[1..].iter().map(|v| self.vty(*v)));
        let result_types = self.types(inits);
        let call = format!(
            "func.call @{callee}({}) : ({}) -> ({result_types})",
            args.join(", "),
            arg_types.join(", ")
        );
        let contributions: Vec<String> = match inits.len() {
            0 => {
                self.line(indent + 1, &call);
                vec![]
            }
            1 => {
                let c = self.fresh();
                self.line(indent + 1, &format!("{c} = {call}"));
                vec![c]
            }
            n => {
                let c = self.fresh();
                self.line(indent + 1, &format!("{c}:{n} = {call}"));
                (0..n).map(|i| format!("{c}#{i}")).collect()
            }
        };
        if contributions.is_empty() {
            self.line(indent + 1, "scf.reduce");
        } else {
            let kinds = blackbird_dialects::loops::parallel_reductions(ctx, op);
            self.line(
                indent + 1,
                &format!(
                    "scf.reduce({} : {result_types}) {{",
                    contributions.join(", ")
                ),
            );
            for (i, (kind, v)) in kinds.iter().zip(inits).enumerate() {
                let t = self.vty(*v);
                let (a, b, c) = (self.fresh(), self.fresh(), self.fresh());
                if i > 0 {
                    self.line(indent + 1, "}, {");
                }
                self.line(indent + 1, &format!("^bb0({a}: {t}, {b}: {t}):"));
                // Minimum and maximum as compare + select: the form convert-scf-to-openmp
                // recognises as a reduction.
                let predicate = match kind.as_str() {
                    "minsi" => Some("slt"),
                    "maxsi" => Some("sgt"),
                    "minui" => Some("ult"),
                    "maxui" => Some("ugt"),
                    _ => None,
                };
                if let Some(predicate) = predicate {
                    let p = self.fresh();
                    self.line(
                        indent + 2,
                        &format!("{p} = arith.cmpi {predicate}, {a}, {b} : {t}"),
                    );
                    self.line(
                        indent + 2,
                        &format!("{c} = arith.select {p}, {a}, {b} : {t}"),
                    );
                } else {
                    self.line(indent + 2, &format!("{c} = arith.{kind} {a}, {b} : {t}"));
                }
                self.line(indent + 2, &format!("scf.reduce.return {c} : {t}"));
            }
            self.line(indent + 1, "}");
        }
        self.line(indent, "}");
        Ok(())
    }

    /// Emit `body` (ending in `loop.yield`) as the private function `name` whose parameters are
    /// `params` and which starts by defining the `constants` it uses (all keeping their names:
    /// the function is a scope of its own), into [`Emitter::outlined`].
    pub(super) fn outline(
        &mut self,
        name: &str,
        body: BlockId,
        params: &[Value],
        constants: &[Value],
    ) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let outer = std::mem::take(&mut self.out);
        // A parameter is named like the value it receives, unless that is one result of
        // several (`%m3#1` is no argument name): then a fresh name inside the function.
        let mut renamed = vec![];
        for v in params {
            let name = self.name(*v);
            if name.contains('#') {
                let fresh = self.fresh();
                renamed.push((*v, std::mem::replace(self.names.get_mut(v).unwrap(), fresh)));
            }
        }
        let typed: Vec<String> = params
            .iter()
            .map(|v| format!("{}: {}", self.name(*v), self.vty(*v)))
            .collect();
        let ops = ctx.block_ops(body).to_vec();
        let (terminator, ops) = ops.split_last().expect("loop.yield ends the body");
        let yielded = ctx.operands(*terminator).to_vec();
        self.line(
            1,
            &format!(
                "func.func private @{name}({}) -> ({}) {{",
                typed.join(", "),
                self.types(&yielded)
            ),
        );
        // Lists made by an iteration (on whichever thread runs it) cannot leave it: they are
        // freed when it ends.
        let makes_lists = ops.iter().any(|op| {
            ctx.walk_preorder(*op).into_iter().any(|o| {
                ctx.is_op(o, &blackbird_dialects::loops::LIST_NEW)
                    || ctx.is_op(o, &blackbird_dialects::loops::DICT_MAKE)
            })
        });
        if makes_lists {
            self.line(
                2,
                &format!("%lists = func.call @{LISTS_MARK_SYMBOL}() : () -> i64"),
            );
        }
        let mut result = Ok(());
        let constant_ops = constants.iter().filter_map(|c| ctx.defining_op(*c));
        for op in constant_ops.collect::<Vec<_>>().iter().chain(ops) {
            result = self.op(*op, 2);
            if result.is_err() {
                break;
            }
        }
        let ret = if yielded.is_empty() {
            func::RETURN.name.to_string()
        } else {
            format!(
                "{} {} : {}",
                func::RETURN.name,
                self.list(&yielded),
                self.types(&yielded)
            )
        };
        if makes_lists {
            self.line(
                2,
                &format!("func.call @{LISTS_RELEASE_SYMBOL}(%lists) : (i64) -> ()"),
            );
        }
        self.line(2, &ret);
        self.line(1, "}");
        let text = std::mem::replace(&mut self.out, outer);
        self.outlined.push(text);
        self.names.extend(renamed);
        result
    }
}

/// A memref type string in the GPU's workgroup (shared) memory space.
pub(super) fn in_workgroup_memory(memref: &str) -> String {
    let inner = memref.strip_suffix('>').unwrap_or(memref);
    format!("{inner}, #gpu.address_space<workgroup>>")
}

/// The values used inside `op`'s regions but defined outside them, in order of first use.
pub(super) fn captures(ctx: &Context, op: OpId) -> Vec<Value> {
    let inside = |v: Value| match ctx.value_def(v) {
        ValueDef::OpResult { op: def, .. } => ctx.is_ancestor(op, def),
        ValueDef::BlockArg { block, .. } => ctx
            .block_parent_op(block)
            .is_some_and(|owner| ctx.is_ancestor(op, owner)),
    };
    let mut out: Vec<Value> = vec![];
    for inner in ctx.walk_preorder(op).into_iter().skip(1) {
        for v in ctx.operands(inner) {
            if !inside(*v) && !out.contains(v) {
                out.push(*v);
            }
        }
    }
    out
}
