//! Matrix products (`@`, `np.dot`, `np.matmul`, `np.vdot`) and full reductions (`np.sum`,
//! `np.prod`, `np.mean`) as tensor ops, for `tensor-eqsat` to rewrite and
//! `convert-tensor-to-loop` to lower.

use blackbird_dialects::ir::{AttrKind, Location, Type, TypeKind, Value};
use blackbird_dialects::tensor;

use super::{CResult, Converter, L};

impl Converter<'_> {
    /// Buffer `m` as a tensor of element type `elem` (converted elementwise if it differs).
    pub(crate) fn tensor_of(&mut self, m: Value, elem: Type, loc: &Location) -> CResult<Value> {
        if self.e.element_type(m) == elem {
            let rank = self.e.rank(m);
            let t = self.e.ctx.intern_type(TypeKind::Tensor {
                shape: vec![None; rank],
                elem,
            });
            return Ok(self.e.value(&tensor::READ, &[m], t, loc));
        }
        self.elementwise(&[L::V(m)], elem, loc, &mut |s, xs| {
            Ok(s.e.coerce(xs[0], elem, loc))
        })
    }

    /// NumPy's `a @ b` for 1-D and 2-D operands: a new array, or a scalar for two vectors
    /// (ValueError at run time when the contracted sizes differ).
    pub(crate) fn matmul(
        &mut self,
        a: Value,
        b: Value,
        elem: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let rank = self.e.rank(a) + self.e.rank(b) - 2;
        let (ta, tb) = (self.tensor_of(a, elem, loc)?, self.tensor_of(b, elem, loc)?);
        let ty = self.e.ctx.intern_type(TypeKind::Tensor {
            shape: vec![None; rank],
            elem,
        });
        let product = self.e.value(&tensor::MATMUL, &[ta, tb], ty, loc);
        Ok(if rank == 0 {
            self.e.value(&tensor::EXTRACT, &[product], elem, loc)
        } else {
            self.materialize(product, loc)
        })
    }

    /// `kind` ("sum" or "prod") of every element of buffer `m`, accumulated in type `acc`.
    pub(crate) fn reduce_to_scalar(
        &mut self,
        m: Value,
        kind: &str,
        acc: Type,
        loc: &Location,
    ) -> CResult<Value> {
        let source = self.tensor_of(m, acc, loc)?;
        let axes: Vec<i64> = (0..self.e.rank(m) as i64).collect();
        let reduced = self.reduce_tensor(source, axes, kind, loc);
        Ok(self.e.value(&tensor::EXTRACT, &[reduced], acc, loc))
    }

    /// The sum of all elements of tensor `t` (a `tensor.reduce` over every axis).
    pub(crate) fn sum_of_tensor(&mut self, t: Value, loc: &Location) -> Value {
        let TypeKind::Tensor { shape, elem } =
            self.e.ctx.type_kind(self.e.ctx.value_type(t)).clone()
        else {
            unreachable!("a tensor")
        };
        let axes: Vec<i64> = (0..shape.len() as i64).collect();
        let reduced = self.reduce_tensor(t, axes, "sum", loc);
        self.e.value(&tensor::EXTRACT, &[reduced], elem, loc)
    }

    /// `tensor.reduce` of `source` over `axes` by `kind` ("sum" or "prod"): the source
    /// without those axes.
    pub(crate) fn reduce_tensor(
        &mut self,
        source: Value,
        axes: Vec<i64>,
        kind: &str,
        loc: &Location,
    ) -> Value {
        let TypeKind::Tensor { shape, elem } =
            self.e.ctx.type_kind(self.e.ctx.value_type(source)).clone()
        else {
            unreachable!("a tensor")
        };
        let kept = shape
            .iter()
            .enumerate()
            .filter(|(d, _)| !axes.contains(&(*d as i64)))
            .map(|(_, n)| *n)
            .collect();
        let ty = self
            .e
            .ctx
            .intern_type(TypeKind::Tensor { shape: kept, elem });
        let axes = self.e.ctx.intern_attr(AttrKind::I64Array(axes));
        let kind = self.e.ctx.str_attr(kind);
        let attrs = [("axes", axes), ("kind", kind)];
        let op = self
            .e
            .emit(&tensor::REDUCE, &[source], &[ty], &attrs, vec![], loc);
        self.e.ctx.result(op, 0)
    }
}
