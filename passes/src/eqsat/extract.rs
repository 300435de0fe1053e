//! From the e-graph back to IR: the cheapest term of each root is built before the root's op
//! (elementwise tensor terms become one `tensor.map` each, with the scalar subterms computed
//! once outside and constants inside the body), and the root's uses are redirected. Each op
//! gets the source location of the input op its class came from.

use std::collections::{BTreeMap, HashMap};

use blackbird_dialects::ir::{
    AttrKind, Builder, Context, Location, OpDef, OpId, Type, TypeKind, Value,
};
use blackbird_dialects::{arith, tensor};
use egg::{EGraph, Extractor, Id, Language, RecExpr};

use super::analysis::EqsatAnalysis;
use super::cost::ShapeCost;
use super::language::{is_elementwise, Constant, ScalarKind, TensorLang, NAMED_OPS};
use super::translate::Translation;

type Graph = EGraph<TensorLang, EqsatAnalysis>;

/// Where new ops go: before an op, or at the end of a map body.
#[derive(Copy, Clone)]
enum At {
    Before(OpId),
    End(blackbird_dialects::ir::BlockId),
}

pub struct Writer<'a> {
    ctx: &'a mut Context,
    t: &'a Translation,
    egraph: &'a Graph,
    extractor: &'a Extractor<'a, ShapeCost<'a>, TensorLang, EqsatAnalysis>,
    locs: HashMap<Id, Location>,
    built: HashMap<Id, Value>,
    unchanged: HashMap<Value, bool>,
}

impl<'a> Writer<'a> {
    pub fn new(
        ctx: &'a mut Context,
        t: &'a Translation,
        egraph: &'a Graph,
        extractor: &'a Extractor<'a, ShapeCost<'a>, TensorLang, EqsatAnalysis>,
    ) -> Self {
        // The earliest input op of a class names its location.
        let ordered: BTreeMap<Id, &Location> = t.locs.iter().map(|(k, v)| (*k, v)).collect();
        let mut locs = HashMap::new();
        for (id, loc) in ordered {
            locs.entry(egraph.find(id)).or_insert_with(|| loc.clone());
        }
        Writer {
            ctx,
            t,
            egraph,
            extractor,
            locs,
            built: HashMap::new(),
            unchanged: HashMap::new(),
        }
    }

    fn best(&self, class: Id) -> TensorLang {
        self.extractor.find_best_node(class).clone()
    }

    fn canonical(&self, node: &TensorLang) -> TensorLang {
        node.clone().map_children(|c| self.egraph.find(c))
    }

    /// Is the cheapest term for `v` the input term?
    pub fn unchanged(&mut self, v: Value) -> bool {
        let v = self.t.resolve(v);
        if let Some(u) = self.unchanged.get(&v) {
            return *u;
        }
        let class = self.egraph.find(self.t.class_of[&v]);
        let best = self.canonical(&self.best(class));
        let u = match self.t.original.get(&v) {
            None => matches!(best, TensorLang::Leaf(l) if self.t.leaves[l.0 as usize] == v),
            Some((node, children)) => {
                self.canonical(node) == best && children.iter().all(|c| self.unchanged(*c))
            }
        };
        self.unchanged.insert(v, u);
        u
    }

    /// The input term of `v` and its cheapest equivalent (for explanations).
    pub fn terms(&self, v: Value) -> (RecExpr<TensorLang>, RecExpr<TensorLang>) {
        let mut input = RecExpr::default();
        self.input_term(v, &mut input, &mut HashMap::new());
        let class = self.egraph.find(self.t.class_of[&self.t.resolve(v)]);
        (input, self.extractor.find_best(class).1)
    }

    fn input_term(
        &self,
        v: Value,
        expr: &mut RecExpr<TensorLang>,
        memo: &mut HashMap<Value, Id>,
    ) -> Id {
        let v = self.t.resolve(v);
        if let Some(id) = memo.get(&v) {
            return *id;
        }
        let id = match self.t.original.get(&v) {
            None => {
                let class = self.t.class_of[&v];
                let leaf = self.egraph[class]
                    .nodes
                    .iter()
                    .find(|n| matches!(n, TensorLang::Leaf(l) if self.t.leaves[l.0 as usize] == v))
                    .expect("a leaf's class holds the leaf")
                    .clone();
                expr.add(leaf)
            }
            Some((node, children)) => {
                let ids: Vec<Id> = children
                    .iter()
                    .map(|c| self.input_term(*c, expr, memo))
                    .collect();
                let mut k = 0;
                expr.add(node.clone().map_children(|_| {
                    k += 1;
                    ids[k - 1]
                }))
            }
        };
        memo.insert(v, id);
        id
    }

    fn loc(&self, class: Id, anchor: OpId) -> Location {
        self.locs
            .get(&self.egraph.find(class))
            .cloned()
            .unwrap_or_else(|| self.ctx.loc(anchor).clone())
    }

    fn scalar_type(&mut self, kind: ScalarKind) -> Type {
        match kind {
            ScalarKind::Index => self.ctx.index(),
            ScalarKind::F32 => self.ctx.f32(),
            ScalarKind::F64 => self.ctx.f64(),
            k => self.ctx.int_type(k.int_width()),
        }
    }

    fn tensor_type(&mut self, kind: ScalarKind, rank: usize) -> Type {
        let elem = self.scalar_type(kind);
        self.ctx.intern_type(TypeKind::Tensor {
            shape: vec![None; rank],
            elem,
        })
    }

    #[allow(clippy::too_many_arguments)] // the fields of the op it builds, one each
    fn emit(
        &mut self,
        at: At,
        def: &'static OpDef,
        operands: &[Value],
        result: Type,
        attrs: &[(&str, blackbird_dialects::ir::Attr)],
        regions: &[blackbird_dialects::ir::RegionId],
        loc: Location,
    ) -> Value {
        let mut b = match at {
            At::Before(op) => Builder::before(self.ctx, op),
            At::End(block) => Builder::at_end(self.ctx, block),
        }
        .with_loc(loc);
        let op = b.build(def, operands, &[result], attrs, regions);
        self.ctx.result(op, 0)
    }

    fn constant(&mut self, c: Constant, at: At, loc: Location) -> Value {
        let t = self.scalar_type(c.kind);
        let attr = if c.kind.is_float() {
            self.ctx.float_attr(c.as_f64(), t)
        } else if c.kind == ScalarKind::I1 {
            self.ctx.intern_attr(AttrKind::Bool(c.as_i64() != 0))
        } else {
            self.ctx.int_attr(c.as_i64(), t)
        };
        self.emit(at, &arith::CONSTANT, &[], t, &[("value", attr)], &[], loc)
    }

    /// An elementwise op on scalar `operands`.
    fn scalar_op(
        &mut self,
        node: &TensorLang,
        operands: &[Value],
        kind: ScalarKind,
        at: At,
        loc: Location,
    ) -> Value {
        let t = self.scalar_type(kind);
        if let TensorLang::Other(key, _) = node {
            let other = self.egraph.analysis.facts.other(*key).clone();
            let attrs: Vec<(&str, _)> = other.attrs.iter().map(|(k, a)| (k.as_str(), *a)).collect();
            return self.emit(at, other.def, operands, t, &attrs, &[], loc);
        }
        let op = node.to_string();
        let (_, def) = NAMED_OPS
            .iter()
            .find(|(name, _)| *name == op)
            .unwrap_or_else(|| unreachable!("not elementwise: {node}"));
        self.emit(at, def, operands, t, &[], &[], loc)
    }

    /// The value of `class`'s cheapest term, built before `anchor`.
    pub fn build(&mut self, class: Id, anchor: OpId) -> Value {
        let class = self.egraph.find(class);
        if let Some(v) = self.built.get(&class) {
            return *v;
        }
        let node = self.best(class);
        let info = self.egraph[class].data.clone();
        let loc = self.loc(class, anchor);
        let at = At::Before(anchor);
        let v = match &node {
            TensorLang::Leaf(l) => self.t.leaves[l.0 as usize],
            TensorLang::Const(c) => self.constant(*c, at, loc),
            TensorLang::Matmul([a, b]) => {
                let (a, b) = (self.build(*a, anchor), self.build(*b, anchor));
                let rank = info.rank.unwrap_or(0);
                let t = self.tensor_type(info.kind, rank);
                let product = self.emit(at, &tensor::MATMUL, &[a, b], t, &[], &[], loc.clone());
                if info.rank.is_none() {
                    let t = self.scalar_type(info.kind);
                    self.emit(at, &tensor::EXTRACT, &[product], t, &[], &[], loc)
                } else {
                    product
                }
            }
            TensorLang::Sum(x) | TensorLang::Prod(x) => {
                let rank = self.egraph[*x].data.rank.unwrap_or(0);
                let source = self.build(*x, anchor);
                let kind = if matches!(node, TensorLang::Sum(_)) {
                    "sum"
                } else {
                    "prod"
                };
                let axes = self
                    .ctx
                    .intern_attr(AttrKind::I64Array((0..rank as i64).collect()));
                let kind = self.ctx.str_attr(kind);
                let t = self.tensor_type(info.kind, 0);
                let reduced = self.emit(
                    at,
                    &tensor::REDUCE,
                    &[source],
                    t,
                    &[("axes", axes), ("kind", kind)],
                    &[],
                    loc.clone(),
                );
                let t = self.scalar_type(info.kind);
                self.emit(at, &tensor::EXTRACT, &[reduced], t, &[], &[], loc)
            }
            _ if info.rank.is_some() => self.map(class, anchor),
            _ => {
                let operands: Vec<Value> = node
                    .children()
                    .iter()
                    .map(|c| self.build(*c, anchor))
                    .collect();
                self.scalar_op(&node, &operands, info.kind, at, loc)
            }
        };
        self.built.insert(class, v);
        v
    }

    /// One `tensor.map` computing elementwise tensor class `class`.
    fn map(&mut self, class: Id, anchor: OpId) -> Value {
        let mut inputs = vec![];
        self.map_inputs(class, &mut inputs);
        let operands: Vec<Value> = inputs.iter().map(|c| self.build(*c, anchor)).collect();
        let arg_types: Vec<Type> = inputs
            .iter()
            .map(|c| self.egraph[*c].data.kind)
            .collect::<Vec<_>>()
            .into_iter()
            .map(|k| self.scalar_type(k))
            .collect();
        let (region, body) = self.ctx.create_region_with_block(&arg_types);
        let mut values: HashMap<Id, Value> = inputs
            .iter()
            .copied()
            .zip(self.ctx.block_args(body).to_vec())
            .collect();
        let loc = self.loc(class, anchor);
        let element = self.body_value(class, body, anchor, &mut values);
        Builder::at_end(self.ctx, body).with_loc(loc.clone()).build(
            &tensor::YIELD,
            &[element],
            &[],
            &[],
            &[],
        );
        let info = self.egraph[class].data.clone();
        let t = self.tensor_type(info.kind, info.rank.expect("a tensor"));
        self.emit(
            At::Before(anchor),
            &tensor::MAP,
            &operands,
            t,
            &[],
            &[region],
            loc,
        )
    }

    /// The classes a map over `class` takes as operands: everything below its elementwise
    /// tensor ops except constants.
    fn map_inputs(&self, class: Id, inputs: &mut Vec<Id>) {
        let class = self.egraph.find(class);
        let node = self.best(class);
        if matches!(node, TensorLang::Const(_)) || inputs.contains(&class) {
            return;
        }
        if is_elementwise(&node) && self.egraph[class].data.rank.is_some() {
            for c in node.children() {
                self.map_inputs(*c, inputs);
            }
        } else {
            inputs.push(class);
        }
    }

    fn body_value(
        &mut self,
        class: Id,
        body: blackbird_dialects::ir::BlockId,
        anchor: OpId,
        values: &mut HashMap<Id, Value>,
    ) -> Value {
        let class = self.egraph.find(class);
        if let Some(v) = values.get(&class) {
            return *v;
        }
        let node = self.best(class);
        let loc = self.loc(class, anchor);
        let v = match &node {
            TensorLang::Const(c) => self.constant(*c, At::End(body), loc),
            _ => {
                let operands: Vec<Value> = node
                    .children()
                    .iter()
                    .map(|c| self.body_value(*c, body, anchor, values))
                    .collect();
                let kind = self.egraph[class].data.kind;
                self.scalar_op(&node, &operands, kind, At::End(body), loc)
            }
        };
        values.insert(class, v);
        v
    }
}
