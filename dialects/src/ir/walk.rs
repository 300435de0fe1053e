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

    /// With a stack of its own rather than recursion, so nesting depth costs no call stack.
    fn collect(&self, root: OpId, out: &mut Vec<OpId>, post: bool) {
        // (op, its children already pushed)
        let mut stack = vec![(root, false)];
        while let Some((op, expanded)) = stack.pop() {
            if expanded {
                out.push(op);
                continue;
            }
            if post {
                stack.push((op, true));
            } else {
                out.push(op);
            }
            let first_child = stack.len();
            for region in self.regions(op) {
                for block in self.blocks(*region) {
                    stack.extend(self.block_ops(*block).iter().map(|inner| (*inner, false)));
                }
            }
            stack[first_child..].reverse();
        }
        self.count_visits(out.len());
    }

    /// Ops directly in the body of a single-region, single-block op such as `builtin.module`.
    pub fn body_ops(&self, op: OpId) -> Vec<OpId> {
        let region = self.region(op, 0);
        self.block_ops(self.entry_block(region)).to_vec()
    }
}
