//! Statements lowered onto the structured ops of `lower.rs`: `assert` (an `if` that raises)
//! and the `else` clause of `for` and `while` loops (a hidden flag the loop carries).

use super::*;

impl FunctionLowerer<'_> {
    /// `assert test` / `assert test, "message"`: AssertionError (with the message) when `test`
    /// is false, as `if not test: raise AssertionError("message")`.
    pub(super) fn assert_stmt(&mut self, a: &ast::StmtAssert) -> LResult<Flow> {
        let message = match a.msg.as_deref() {
            None => String::new(),
            Some(Expr::StringLiteral(s)) => s.value.to_str().to_string(),
            Some(other) => {
                return Err(self.file.error(
                    other,
                    "the message of an `assert` must be a string literal in compiled code",
                ))
            }
        };
        let loc = self.file.loc(a);
        if matches!(&*a.test, Expr::BooleanLiteral(b) if !b.value) {
            self.raise_exit("AssertionError", &message, loc);
            return Ok(Flow::Terminated);
        }
        let cond = self.expr(&a.test)?;
        let (holds_region, holds) = self.ctx.create_region_with_block(&[]);
        let (fails_region, fails) = self.ctx.create_region_with_block(&[]);
        let yield_op = self
            .ctx
            .create_op(OperationState::new(&py::YIELD, loc.clone()).operands(&[]));
        self.ctx.append_op(holds, yield_op);
        let saved = std::mem::replace(&mut self.block, fails);
        self.raise_exit("AssertionError", &message, loc.clone());
        self.block = saved;
        self.emit_at(
            &py::IF,
            &[cond],
            0,
            &[],
            vec![holds_region, fails_region],
            loc,
        );
        Ok(Flow::Continues)
    }

    /// For a loop with an `else` clause: a hidden variable, true before the loop, that the loop
    /// carries and a `break` sets to false (see [`Self::mark_break`]); its name, which no Python
    /// variable can have.
    pub(super) fn start_loop_else(
        &mut self,
        node: &impl Ranged,
        orelse: &[Stmt],
        carried: &mut Vec<String>,
    ) -> Option<String> {
        if orelse.is_empty() {
            return None;
        }
        let name = format!("loop-else.{}", self.loops.len());
        let yes = self.constant(node, AttrKind::Bool(true));
        self.env.insert(name.clone(), yes);
        carried.push(name.clone());
        Some(name)
    }

    /// Before a `break`: the loop's hidden `else` flag (if it has one) becomes false.
    pub(super) fn mark_break(&mut self, node: &impl Ranged) {
        let Some(name) = self.loops.last().and_then(|l| l.nobreak.clone()) else {
            return;
        };
        let no = self.constant(node, AttrKind::Bool(false));
        self.env.insert(name, no);
    }

    /// After a loop: its `else` clause, run when the loop ended without `break`.
    pub(super) fn loop_else(
        &mut self,
        nobreak: Option<String>,
        orelse: &[Stmt],
        node: &impl Ranged,
    ) -> LResult<Flow> {
        let Some(name) = nobreak else {
            return Ok(Flow::Continues);
        };
        let flag = self.env.remove(&name).expect("carried by the loop");
        self.nested(node, |l| l.if_value(flag, orelse, &[], node))
    }
}
