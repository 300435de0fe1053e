//! From one block's IR to an e-graph: which ops become terms, which values are leaves, and
//! which values are roots (used by ops that stay).
//!
//! Terms: scalar `arith`/`math` ops (pure, one result, scalar operands), `arith.constant`,
//! `tensor.map`s whose body is such scalar code (the body's ops, applied to the operands'
//! terms: elementwise arithmetic over tensors), `tensor.matmul` with an array result, and
//! `tensor.extract` of a single-use rank-0 `tensor.matmul` (a dot product) or full sum/prod
//! `tensor.reduce` (a scalar). Every other value a term uses is a leaf.

use std::collections::{HashMap, HashSet};

use blackbird_dialects::ir::{
    AttrKind, BlockId, Context, FloatKind, Location, OpId, TypeKind, Value,
};
use blackbird_dialects::tensor::ReduceKind;
use blackbird_dialects::{arith, tensor};
use egg::{EGraph, FromOp, Id, Symbol};

use super::analysis::{EqsatAnalysis, OtherOp};
use super::language::{Constant, LeafRef, ScalarKind, TensorLang, NAMED_OPS};

/// A value the rewritten terms must replace, and the op to build them before.
pub struct Root {
    pub value: Value,
    pub anchor: OpId,
}

/// One block as an e-graph.
pub struct Translation {
    pub egraph: EGraph<TensorLang, EqsatAnalysis>,
    pub leaves: Vec<Value>,
    /// The class of every value that is a term or a leaf.
    pub class_of: HashMap<Value, Id>,
    /// The input term of each translated value: its node and the values of its children.
    pub original: HashMap<Value, (TensorLang, Vec<Value>)>,
    /// Translated map results and body arguments stand for other values.
    alias: HashMap<Value, Value>,
    pub roots: Vec<Root>,
    /// The ops the terms stand for.
    pub translated: HashSet<OpId>,
    /// Source location of the op each class came from.
    pub locs: HashMap<Id, Location>,
    other_keys: HashMap<String, Symbol>,
}

/// The eqsat kind and rank of a value's type (`None` rank: a scalar).
pub fn term_type(ctx: &Context, v: Value) -> Option<(ScalarKind, Option<usize>)> {
    let t = ctx.value_type(v);
    match ctx.type_kind(t) {
        TypeKind::Tensor { shape, elem } => {
            Some((scalar_kind(ctx.type_kind(*elem))?, Some(shape.len())))
        }
        kind => Some((scalar_kind(kind)?, None)),
    }
}

fn scalar_kind(kind: &TypeKind) -> Option<ScalarKind> {
    Some(match kind {
        TypeKind::Int { width: 1, .. } => ScalarKind::I1,
        TypeKind::Int { width: 8, .. } => ScalarKind::I8,
        TypeKind::Int { width: 16, .. } => ScalarKind::I16,
        TypeKind::Int { width: 32, .. } => ScalarKind::I32,
        TypeKind::Int { width: 64, .. } => ScalarKind::I64,
        TypeKind::Index => ScalarKind::Index,
        TypeKind::Float(FloatKind::F32) => ScalarKind::F32,
        TypeKind::Float(FloatKind::F64) => ScalarKind::F64,
        _ => return None,
    })
}

/// The named node for an `arith`/`math` op whose result has its first operand's type.
fn named(ctx: &Context, op: OpId, children: &[Id]) -> Option<TensorLang> {
    let (name, _) = NAMED_OPS.iter().find(|(_, def)| ctx.is_op(op, def))?;
    Some(TensorLang::from_op(name, children.to_vec()).expect("a named op's arity"))
}

/// Is `op` scalar code a term can stand for?
fn is_scalar_term(ctx: &Context, op: OpId) -> bool {
    matches!(ctx.op_def(op).dialect(), "arith" | "math")
        && ctx.op_def(op).is_pure()
        && ctx.regions(op).is_empty()
        && ctx.results(op).len() == 1
        && term_type(ctx, ctx.result(op, 0)).is_some_and(|(_, r)| r.is_none())
        && ctx
            .operands(op)
            .iter()
            .all(|v| term_type(ctx, *v).is_some_and(|(_, r)| r.is_none()))
}

fn constant(ctx: &Context, op: OpId) -> Option<Constant> {
    let (kind, _) = term_type(ctx, ctx.result(op, 0))?;
    match arith::constant::VALUE.get(ctx, op)? {
        AttrKind::Float(bits, _) => Some(Constant::float(f64::from_bits(bits), kind)),
        AttrKind::Int(v, _) => Some(Constant::int(v, kind)),
        AttrKind::Bool(b) => Some(Constant::int(i64::from(b), kind)),
        _ => None,
    }
}

/// Is `op` one of `ops` or nested in one?
fn within(ctx: &Context, ops: &HashSet<OpId>, mut op: OpId) -> bool {
    loop {
        if ops.contains(&op) {
            return true;
        }
        match ctx.parent_op(op) {
            Some(parent) => op = parent,
            None => return false,
        }
    }
}

/// The single-use rank-0 matmul or full sum/prod reduction an extract reads, if any.
fn contraction(ctx: &Context, extract: OpId) -> Option<OpId> {
    if !ctx.is_op(extract, &tensor::EXTRACT) || ctx.operands(extract).len() != 1 {
        return None;
    }
    let t = ctx.operand(extract, 0);
    let producer = ctx.defining_op(t)?;
    if ctx.uses(t).len() != 1 || ctx.parent_block(producer) != ctx.parent_block(extract) {
        return None;
    }
    let full_reduction = ctx.is_op(producer, &tensor::REDUCE)
        && matches!(
            tensor::reduce::KIND.get(ctx, producer),
            Some(ReduceKind::Sum | ReduceKind::Prod)
        )
        && tensor::reduce::AXES.get(ctx, producer).is_some_and(|axes| {
            Some(axes.len())
                == ctx
                    .type_kind(ctx.value_type(ctx.operand(producer, 0)))
                    .rank()
        });
    (ctx.is_op(producer, &tensor::MATMUL) || full_reduction).then_some(producer)
}

impl Translation {
    /// Translate the ops of `block` (not the blocks nested in them).
    pub fn new(ctx: &Context, block: BlockId, explanations: bool) -> Self {
        let mut egraph = EGraph::new(EqsatAnalysis::default());
        if explanations {
            egraph = egraph.with_explanations_enabled();
        }
        let mut t = Translation {
            egraph,
            leaves: vec![],
            class_of: HashMap::new(),
            original: HashMap::new(),
            alias: HashMap::new(),
            roots: vec![],
            translated: HashSet::new(),
            locs: HashMap::new(),
            other_keys: HashMap::new(),
        };
        let mut translated = HashSet::new();
        let mut results: Vec<(Value, OpId)> = vec![];
        for &op in ctx.block_ops(block) {
            if translated.contains(&op) {
                continue;
            }
            if let Some(ops) = t.translate(ctx, op) {
                let anchor = *ops.last().expect("at least the op");
                results.push((ctx.result(anchor, 0), anchor));
                translated.extend(ops);
            }
        }
        for (value, anchor) in results {
            let escapes = ctx
                .uses(value)
                .iter()
                .any(|u| !within(ctx, &translated, u.op));
            if escapes {
                t.roots.push(Root { value, anchor });
            }
        }
        t.translated = translated;
        t
    }

    /// Translate `op` (with the ops it absorbs); returns them, the result's op last.
    fn translate(&mut self, ctx: &Context, op: OpId) -> Option<Vec<OpId>> {
        if ctx.is_op(op, &tensor::MAP) {
            return self.translate_map(ctx, op).then(|| vec![op]);
        }
        if ctx.is_op(op, &tensor::MATMUL) {
            let rank = ctx.type_kind(ctx.value_type(ctx.result(op, 0))).rank()?;
            if rank == 0 {
                return None;
            }
            let [a, b] = [ctx.operand(op, 0), ctx.operand(op, 1)];
            let node = TensorLang::Matmul([self.operand(ctx, a)?, self.operand(ctx, b)?]);
            self.add(ctx, op, ctx.result(op, 0), node, vec![a, b]);
            return Some(vec![op]);
        }
        if let Some(producer) = contraction(ctx, op) {
            let operands = ctx.operands(producer).to_vec();
            let mut children = vec![];
            for v in &operands {
                children.push(self.operand(ctx, *v)?);
            }
            let node = if ctx.is_op(producer, &tensor::MATMUL) {
                TensorLang::Matmul([children[0], children[1]])
            } else if tensor::reduce::KIND.of(ctx, producer) == ReduceKind::Sum {
                TensorLang::Sum(children[0])
            } else {
                TensorLang::Prod(children[0])
            };
            self.add(ctx, op, ctx.result(op, 0), node, operands);
            return Some(vec![producer, op]);
        }
        self.translate_scalar(ctx, op).then(|| vec![op])
    }

    /// A scalar op or constant; false when it is not a term.
    fn translate_scalar(&mut self, ctx: &Context, op: OpId) -> bool {
        if !is_scalar_term(ctx, op) {
            return false;
        }
        let result = ctx.result(op, 0);
        if ctx.is_op(op, &arith::CONSTANT) {
            let Some(c) = constant(ctx, op) else {
                return false;
            };
            self.add(ctx, op, result, TensorLang::Const(c), vec![]);
            return true;
        }
        let operands = ctx.operands(op).to_vec();
        let mut children = vec![];
        for v in &operands {
            match self.operand(ctx, *v) {
                Some(c) => children.push(c),
                None => return false,
            }
        }
        let node = match named(ctx, op, &children) {
            Some(node) => node,
            None => {
                let key = self.other_key(ctx, op);
                TensorLang::Other(key, children)
            }
        };
        self.add(ctx, op, result, node, operands);
        true
    }

    /// A map whose body is scalar terms: its result is the class of the yielded value.
    fn translate_map(&mut self, ctx: &Context, map: OpId) -> bool {
        let body = ctx.entry_block(ctx.region(map, 0));
        let ops = ctx.block_ops(body);
        let Some((terminator, ops)) = ops.split_last() else {
            return false;
        };
        if !ops.iter().all(|op| is_scalar_term(ctx, *op)) {
            return false;
        }
        // An operand the body does not read (a splat fusion folded into it as a constant)
        // still sets the broadcast shape, which the term of the yielded value does not carry:
        // extraction would rebuild the map without it (`ones(1) - zeros(3) // 0` of size 1).
        if ctx.block_args(body).iter().any(|a| !ctx.has_uses(*a)) {
            return false;
        }
        let operands = ctx.operands(map).to_vec();
        if operands.iter().any(|v| self.operand(ctx, *v).is_none()) {
            return false;
        }
        let result = ctx.result(map, 0);
        let rank = ctx.type_kind(ctx.value_type(result)).rank();
        let yielded = ctx.operand(*terminator, 0);
        // Only the yielded value's class must have the map's rank; check before adding.
        let operand_rank = operands
            .iter()
            .filter_map(|v| term_type(ctx, *v).and_then(|(_, r)| r))
            .max();
        if operand_rank != rank {
            return false;
        }
        for (arg, v) in ctx.block_args(body).iter().zip(&operands) {
            self.alias.insert(*arg, *v);
            let class = self.class_of[v];
            self.class_of.insert(*arg, class);
        }
        for op in ops {
            if !self.translate_scalar(ctx, *op) {
                return false;
            }
        }
        let Some(&class) = self.class_of.get(&yielded) else {
            return false;
        };
        if self.egraph[class].data.rank != rank {
            return false;
        }
        self.alias.insert(result, yielded);
        self.class_of.insert(result, class);
        true
    }

    /// The class of an operand value: its term, or a new leaf.
    fn operand(&mut self, ctx: &Context, v: Value) -> Option<Id> {
        if let Some(c) = self.class_of.get(&v) {
            return Some(*c);
        }
        let info = term_type(ctx, v)?;
        let leaf = LeafRef(self.leaves.len() as u32);
        self.leaves.push(v);
        self.egraph.analysis.facts.leaves.push(info);
        let class = self.egraph.add(TensorLang::Leaf(leaf));
        self.class_of.insert(v, class);
        Some(class)
    }

    fn add(&mut self, ctx: &Context, op: OpId, v: Value, node: TensorLang, children: Vec<Value>) {
        let class = self.egraph.add(node.clone());
        self.locs
            .entry(class)
            .or_insert_with(|| ctx.loc(op).clone());
        self.class_of.insert(v, class);
        self.original.insert(v, (node, children));
    }

    /// The `Other` key of `op` (one per op name, attributes and result type).
    fn other_key(&mut self, ctx: &Context, op: OpId) -> Symbol {
        let attrs: Vec<_> = ctx.attrs(op).iter().map(|(k, a)| (k.clone(), *a)).collect();
        let (result, _) = term_type(ctx, ctx.result(op, 0)).expect("checked scalar");
        let signature = format!("{} {:?} {:?}", ctx.op_name(op), attrs, result);
        if let Some(key) = self.other_keys.get(&signature) {
            return *key;
        }
        let facts = &mut self.egraph.analysis.facts;
        let key = Symbol::from(format!("{}#{}", ctx.op_name(op), facts.others.len()));
        facts.other_keys.insert(key, facts.others.len());
        facts.others.push(OtherOp {
            def: ctx.op_def(op),
            attrs,
            result,
        });
        self.other_keys.insert(signature, key);
        key
    }

    /// The value `v` stands for (through map results and body arguments).
    pub fn resolve(&self, mut v: Value) -> Value {
        while let Some(next) = self.alias.get(&v) {
            v = *next;
        }
        v
    }
}
