//! [`Builder`]: creates operations at an insertion point with a current location.

use super::{Attr, BlockId, Context, Location, OpDef, OpId, OperationState, RegionId, Type, Value};

/// Where new ops go.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum InsertPoint {
    /// Append to the end of a block.
    End(BlockId),
    /// Insert before an op.
    Before(OpId),
}

/// Creates ops at an insertion point. Dialect modules add typed helpers on top of [`Builder::build`].
pub struct Builder<'c> {
    pub ctx: &'c mut Context,
    pub point: InsertPoint,
    pub loc: Location,
}

impl<'c> Builder<'c> {
    pub fn at_end(ctx: &'c mut Context, block: BlockId) -> Self {
        Builder {
            ctx,
            point: InsertPoint::End(block),
            loc: Location::Unknown,
        }
    }
    pub fn before(ctx: &'c mut Context, op: OpId) -> Self {
        let loc = ctx.loc(op).clone();
        Builder {
            ctx,
            point: InsertPoint::Before(op),
            loc,
        }
    }
    pub fn with_loc(mut self, loc: Location) -> Self {
        self.loc = loc;
        self
    }

    /// Insert an already created, detached op at the insertion point.
    pub fn insert(&mut self, op: OpId) -> OpId {
        match self.point {
            InsertPoint::End(block) => self.ctx.append_op(block, op),
            InsertPoint::Before(anchor) => self.ctx.insert_op_before(anchor, op),
        }
        op
    }

    /// Create and insert an op.
    pub fn build(
        &mut self,
        def: &'static OpDef,
        operands: &[Value],
        result_types: &[Type],
        attrs: &[(&str, Attr)],
        regions: &[RegionId],
    ) -> OpId {
        let mut state = OperationState::new(def, self.loc.clone())
            .operands(operands)
            .results(result_types);
        for (name, attr) in attrs {
            state = state.attr(name, *attr);
        }
        for r in regions {
            state = state.region(*r);
        }
        let op = self.ctx.create_op(state);
        self.insert(op)
    }

    /// Create an op with one result and return that result.
    pub fn build_value(
        &mut self,
        def: &'static OpDef,
        operands: &[Value],
        result_type: Type,
        attrs: &[(&str, Attr)],
    ) -> Value {
        let op = self.build(def, operands, &[result_type], attrs, &[]);
        self.ctx.result(op, 0)
    }
}
