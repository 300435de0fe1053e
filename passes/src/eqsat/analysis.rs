//! What the e-graph knows about each class: element type, rank (`None` for a scalar, `Some(r)`
//! for a tensor of rank r; dims are symbolic, see [`super::cost`]) and, for scalars, the
//! constant value. Constants are folded only where the fold is exactly what the machine
//! computes (IEEE add/sub/mul/div/neg/sqrt, wrapping integer add/sub/mul).

use std::collections::HashMap;

use blackbird_dialects::ir::{Attr, OpDef};
use egg::{Analysis, DidMerge, EGraph, Id, Language, Symbol};

use super::language::{Constant, ScalarKind, TensorLang};

/// Facts about one class.
#[derive(Clone, Debug, PartialEq)]
pub struct Info {
    pub kind: ScalarKind,
    pub rank: Option<usize>,
    pub constant: Option<Constant>,
}

/// An `Other` op: how to build it again.
#[derive(Clone, Debug)]
pub struct OtherOp {
    pub def: &'static OpDef,
    pub attrs: Vec<(String, Attr)>,
    pub result: ScalarKind,
}

/// The tables of one block's e-graph: leaves (kind, rank) and `Other` ops by key.
#[derive(Default)]
pub struct Facts {
    pub leaves: Vec<(ScalarKind, Option<usize>)>,
    pub others: Vec<OtherOp>,
    pub other_keys: HashMap<Symbol, usize>,
}

impl Facts {
    pub fn other(&self, key: Symbol) -> &OtherOp {
        &self.others[self.other_keys[&key]]
    }
}

/// The facts of `node` from its children's.
pub fn node_info(facts: &Facts, node: &TensorLang, child: &dyn Fn(Id) -> Info) -> Info {
    use TensorLang as T;
    match node {
        T::Const(c) => Info {
            kind: c.kind,
            rank: None,
            constant: Some(*c),
        },
        T::Leaf(l) => {
            let (kind, rank) = facts.leaves[l.0 as usize];
            Info {
                kind,
                rank,
                constant: None,
            }
        }
        T::Matmul([a, b]) => {
            let (a, b) = (child(*a), child(*b));
            let rank = a.rank.unwrap_or(0) + b.rank.unwrap_or(0);
            Info {
                kind: a.kind,
                rank: rank.checked_sub(2).filter(|r| *r > 0),
                constant: None,
            }
        }
        T::Sum(x) | T::Prod(x) => Info {
            kind: child(*x).kind,
            rank: None,
            constant: None,
        },
        _ => {
            let children: Vec<Info> = node.children().iter().map(|c| child(*c)).collect();
            let rank = children.iter().map(|c| c.rank).max().flatten();
            let kind = match node {
                T::Other(key, _) => facts.other(*key).result,
                _ => children[0].kind,
            };
            let constants: Option<Vec<Constant>> = children.iter().map(|c| c.constant).collect();
            Info {
                kind,
                rank,
                constant: constants
                    .filter(|cs| !cs.is_empty())
                    .and_then(|cs: Vec<Constant>| fold(node, &cs)),
            }
        }
    }
}

/// The exact value of `node` applied to constants, where the machine computes just that.
fn fold(node: &TensorLang, cs: &[Constant]) -> Option<Constant> {
    use TensorLang as T;
    let kind = cs[0].kind;
    if kind.is_float() {
        let f32 = kind == ScalarKind::F32;
        let round = |v: f64| if f32 { f64::from(v as f32) } else { v };
        let x = |i: usize| cs[i].as_f64();
        let v = match node {
            T::AddF(_) => x(0) + x(1),
            T::SubF(_) => x(0) - x(1),
            T::MulF(_) => x(0) * x(1),
            T::DivF(_) => x(0) / x(1),
            T::NegF(_) => -x(0),
            T::Sqrt(_) => x(0).sqrt(),
            _ => return None,
        };
        // f32 operands are exact in f64 and one f64 operation then a rounding to f32 gives
        // the correctly rounded f32 result for + - * / sqrt.
        return Some(Constant::float(round(v), kind));
    }
    let x = |i: usize| cs[i].as_i64();
    let v = match node {
        T::AddI(_) => x(0).wrapping_add(x(1)),
        T::SubI(_) => x(0).wrapping_sub(x(1)),
        T::MulI(_) => x(0).wrapping_mul(x(1)),
        _ => return None,
    };
    let width = kind.int_width();
    let v = if width < 64 {
        let shift = 64 - width;
        (v << shift) >> shift
    } else {
        v
    };
    Some(Constant::int(v, kind))
}

/// The analysis egg runs: [`node_info`] per class, constants added to their class.
#[derive(Default)]
pub struct EqsatAnalysis {
    pub facts: Facts,
}

impl Analysis<TensorLang> for EqsatAnalysis {
    type Data = Info;

    fn make(egraph: &mut EGraph<TensorLang, Self>, enode: &TensorLang, _id: Id) -> Info {
        node_info(&egraph.analysis.facts, enode, &|c| egraph[c].data.clone())
    }

    fn merge(&mut self, to: &mut Info, from: Info) -> DidMerge {
        debug_assert_eq!(
            (to.kind, to.rank),
            (from.kind, from.rank),
            "a rewrite merged classes of different types"
        );
        match (to.constant, from.constant) {
            (None, Some(c)) => {
                to.constant = Some(c);
                DidMerge(true, false)
            }
            (Some(_), None) => DidMerge(false, true),
            _ => DidMerge(false, false),
        }
    }

    fn modify(egraph: &mut EGraph<TensorLang, Self>, id: Id) {
        if let Some(c) = egraph[id].data.constant {
            let k = egraph.add(TensorLang::Const(c));
            egraph.union(id, k);
        }
    }
}
