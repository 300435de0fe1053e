//! Walkers over nested IR. They collect ids first, so callers may mutate the IR while iterating
//! over the returned list (checking [`Context::is_erased`] for ops removed meanwhile).

use super::{Context, OpId};

impl Context {
    /// `root` and every op nested in it, parents before children, in textual order.
    pub fn walk_preorder(&self, root: OpId) -> Vec<OpId> {
        let mut out = vec![];
        self.collect(root, &mut out, false);
        out
    }

    /// Every op nested in `root` and `root` itself, children before parents.
    pub fn walk_postorder(&self, root: OpId) -> Vec<OpId> {
        let mut out = vec![];
        self.collect(root, &mut out, true);
        out
    }

    fn collect(&self, op: OpId, out: &mut Vec<OpId>, post: bool) {
        if !post {
            out.push(op);
        }
        for region in self.regions(op) {
            for block in self.blocks(*region) {
                for inner in self.block_ops(*block) {
                    self.collect(*inner, out, post);
                }
            }
        }
        if post {
            out.push(op);
        }
    }

    /// Ops directly in the body of a single-region, single-block op such as `builtin.module`.
    pub fn body_ops(&self, op: OpId) -> Vec<OpId> {
        let region = self.region(op, 0);
        self.block_ops(self.entry_block(region)).to_vec()
    }
}
