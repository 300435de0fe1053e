//! The shape-aware cost model extraction minimises.
//!
//! Work is counted in element operations: an elementwise op costs its per-element weight
//! times the number of elements of its result, a matrix product `2·m·k·n` flops, a reduction
//! one op per element, and a matmul operand that is not an existing array pays for its
//! temporary (written once, read once). Dimensions are symbolic at compile time, so each
//! dynamic dimension counts as [`DIM_ESTIMATE`] elements: ranks decide, e.g. a
//! matrix–vector product is `DIM_ESTIMATE` times cheaper than a matrix–matrix one. Ties go to
//! the term with fewer nodes that were not in the input, so an unchanged program stays as
//! written.

use std::collections::HashSet;

use egg::{CostFunction, EGraph, Id, Language};

use super::analysis::EqsatAnalysis;
use super::language::TensorLang;

/// Elements assumed per dynamic dimension.
pub const DIM_ESTIMATE: f64 = 1000.0;

/// Bytes are not modelled separately: a temporary costs this many element operations per
/// element (one write and one read).
const TEMPORARY: f64 = 2.0;

/// Work, then how many nodes are new (the tie-breaker).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Cost {
    pub work: f64,
    pub new_nodes: u32,
}

impl std::ops::Add for Cost {
    type Output = Cost;
    fn add(self, other: Cost) -> Cost {
        Cost {
            work: self.work + other.work,
            new_nodes: self.new_nodes + other.new_nodes,
        }
    }
}

/// Per-element weight of an elementwise op.
fn weight(node: &TensorLang) -> f64 {
    use TensorLang as T;
    match node {
        T::AddF(_) | T::SubF(_) | T::MulF(_) | T::NegF(_) | T::AbsF(_) | T::Fma(_) => 1.0,
        T::AddI(_) | T::SubI(_) | T::MulI(_) => 1.0,
        T::DivF(_) | T::Sqrt(_) => 4.0,
        T::Exp(_) | T::Log(_) => 20.0,
        T::PowF(_) => 40.0,
        T::Other(..) => 2.0,
        _ => 0.0,
    }
}

pub struct ShapeCost<'g> {
    egraph: &'g EGraph<TensorLang, EqsatAnalysis>,
    /// The input's nodes, children canonical.
    originals: HashSet<TensorLang>,
}

impl<'g> ShapeCost<'g> {
    pub fn new(
        egraph: &'g EGraph<TensorLang, EqsatAnalysis>,
        originals: impl IntoIterator<Item = TensorLang>,
    ) -> Self {
        let originals = originals
            .into_iter()
            .map(|n| n.map_children(|c| egraph.find(c)))
            .collect();
        ShapeCost { egraph, originals }
    }

    fn elements(&self, class: Id) -> f64 {
        let rank = self.egraph[class].data.rank.unwrap_or(0);
        DIM_ESTIMATE.powi(rank as i32)
    }

    fn is_array(&self, class: Id) -> bool {
        self.egraph[class]
            .nodes
            .iter()
            .any(|n| matches!(n, TensorLang::Leaf(_)))
    }

    /// The work of `node` alone.
    fn own_work(&self, node: &TensorLang) -> f64 {
        use TensorLang as T;
        match node {
            T::Const(_) | T::Leaf(_) => 0.0,
            T::Matmul([a, b]) => {
                let rank = |c: &Id| self.egraph[*c].data.rank.unwrap_or(0) as i32;
                let flops = 2.0 * DIM_ESTIMATE.powi(rank(a) + rank(b) - 1);
                let temporaries: f64 = [*a, *b]
                    .into_iter()
                    .filter(|c| !self.is_array(*c))
                    .map(|c| TEMPORARY * self.elements(c))
                    .sum();
                flops + temporaries
            }
            T::Sum(x) | T::Prod(x) => self.elements(*x),
            _ => {
                let rank = node
                    .children()
                    .iter()
                    .map(|c| self.egraph[*c].data.rank)
                    .max()
                    .flatten()
                    .unwrap_or(0);
                weight(node) * DIM_ESTIMATE.powi(rank as i32)
            }
        }
    }
}

impl CostFunction<TensorLang> for ShapeCost<'_> {
    type Cost = Cost;

    fn cost<C>(&mut self, enode: &TensorLang, mut costs: C) -> Cost
    where
        C: FnMut(Id) -> Cost,
    {
        let canonical = enode.clone().map_children(|c| self.egraph.find(c));
        let own = Cost {
            work: self.own_work(enode),
            new_nodes: u32::from(!self.originals.contains(&canonical)),
        };
        enode.fold(own, |sum, c| sum + costs(c))
    }
}
