//! Typing of NumPy's advanced indexing (`a[mask]`, `a[idx]`, `a[[2, 0, 1]]`): the index is
//! an array (or a list of integers) rather than integers, slices or `None`. The result is a
//! new C-contiguous array (a copy, never a view), as NumPy gives.
//!
//! Supported: one boolean array indexing the leading axes of `a` (`m` of `a`'s shape selects
//! elements into a 1-D array; a 1-D `m` on a 2-D array selects rows), one 1-D integer array
//! or list of integers on the first axis (a gather: `A[idx]` picks rows), and integer and
//! boolean arrays mixed with integers and slices (`a[i, j]`, `a[m, 1:3]`). `None` and `...`
//! among index arrays are refused with a located error naming them.

use blackbird_dialects::ir::{ArrayLayout, Diagnostic, OpId, Type, TypeKind, Value};

use super::rules::{array, array_parts, is_bool, is_int};
use super::{error, Inference};

/// What kind of advanced index a value's type makes, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FancyIndex {
    /// A boolean array of this rank.
    Mask(u32),
    /// An integer array of this rank, or a list of integers (rank 1).
    Indices(u32),
}

/// The advanced index `t` makes (a boolean or integer array, a list of integers), if any.
pub(crate) fn fancy_index(ctx: &blackbird_dialects::ir::Context, t: Type) -> Option<FancyIndex> {
    if let Some((elem, rank, _)) = array_parts(ctx, t) {
        if is_bool(ctx, elem) {
            return Some(FancyIndex::Mask(rank));
        }
        if is_int(ctx, elem) {
            return Some(FancyIndex::Indices(rank));
        }
        return None;
    }
    match ctx.type_kind(t) {
        TypeKind::PyList(elem) if is_int(ctx, *elem) => Some(FancyIndex::Indices(1)),
        _ => None,
    }
}

impl Inference<'_> {
    /// The type of `obj[indices]` when one of the indices is an advanced index (`None`
    /// otherwise): an array of `obj`'s dtype, C-contiguous.
    pub(crate) fn fancy_getitem(
        &mut self,
        op: OpId,
        obj: Type,
        indices: &[Value],
    ) -> Option<Result<Type, Diagnostic>> {
        let (elem, rank, _) = array_parts(self.ctx, obj)?;
        let kinds: Vec<Option<FancyIndex>> = indices
            .iter()
            .map(|v| fancy_index(self.ctx, self.ty(*v)))
            .collect();
        let first = kinds.iter().flatten().next().copied()?;
        let general = indices.len() > 1 || matches!(first, FancyIndex::Indices(k) if k > 1);
        if general {
            return Some(self.integer_arrays_getitem(op, obj, indices, &kinds));
        }
        let index_type = self.ty(indices[0]);
        let result_rank = match first {
            FancyIndex::Mask(0) => {
                return Some(Err(error(
                    self.ctx,
                    op,
                    format!("cannot index {} with a 0-d boolean array", self.show(obj)),
                )))
            }
            FancyIndex::Mask(k) if k > rank => {
                return Some(Err(error(
                    self.ctx,
                    op,
                    format!(
                    "too many indices for array: array is {rank}-dimensional, but {k} were indexed"
                ),
                )))
            }
            FancyIndex::Mask(k) => rank - k + 1,
            FancyIndex::Indices(1) if rank >= 1 => rank,
            FancyIndex::Indices(_) if rank == 0 => {
                return Some(Err(error(
                    self.ctx,
                    op,
                    "too many indices for array: array is 0-dimensional, but 1 were indexed",
                )))
            }
            FancyIndex::Indices(k) => {
                return Some(Err(error(
                    self.ctx,
                    op,
                    format!(
                        "cannot index {} with {}",
                        self.show(obj),
                        self.show(index_type)
                    ),
                )
                .with_note(format!(
                "integer index arrays must be 1-dimensional for now (this one has {k} dimensions)"
            ))))
            }
        };
        Some(Ok(array(self.ctx, elem, result_rank, ArrayLayout::C)))
    }

    /// `a[i, j]`, `a[idx, 2]`, `a[idx, 1:3]`, `a[idx2d]`, `a[m, 1:3]`: integer arrays (of any
    /// rank, broadcast together) and boolean arrays (as NumPy, the index arrays of their true
    /// elements) mixed with integers and slices. The result has the broadcast shape's axes
    /// (where the first advanced index is when the advanced indices are adjacent, else first)
    /// and the sliced axes.
    fn integer_arrays_getitem(
        &mut self,
        op: OpId,
        obj: Type,
        indices: &[Value],
        kinds: &[Option<FancyIndex>],
    ) -> Result<Type, Diagnostic> {
        let (elem, rank, _) = array_parts(self.ctx, obj).expect("an array");
        let (mut broadcast, mut slices, mut given) = (0, 0, 0);
        for (v, kind) in indices.iter().zip(kinds) {
            let t = self.ty(*v);
            given += 1;
            match (kind, self.ctx.type_kind(t)) {
                (Some(FancyIndex::Indices(k)), _) => broadcast = broadcast.max(*k),
                // A k-D mask among other indices is its k index arrays of true positions.
                (Some(FancyIndex::Mask(k)), _) if *k > 0 => {
                    broadcast = broadcast.max(1);
                    given += k - 1;
                }
                (None, TypeKind::Int { width, .. }) if *width > 1 => {}
                (None, TypeKind::PySlice) => slices += 1,
                _ => {
                    return Err(error(
                        self.ctx,
                        op,
                        format!(
                            "cannot index {} with {}",
                            self.show(obj),
                            self.index_list(indices)
                        ),
                    )
                    .with_note(
                        "index arrays mix with integers and slices, not yet with None or `...`",
                    ))
                }
            }
        }
        if given > rank {
            return Err(error(
                self.ctx,
                op,
                format!(
                    "too many indices for array: array is {rank}-dimensional, but {given} were indexed"
                ),
            ));
        }
        let result_rank = broadcast + slices + (rank - given);
        Ok(array(self.ctx, elem, result_rank, ArrayLayout::C))
    }

    fn index_list(&self, indices: &[Value]) -> String {
        let shown: Vec<String> = indices.iter().map(|v| self.show(self.ty(*v))).collect();
        format!("({})", shown.join(", "))
    }
}
