//! `try` statements, built on the runtime's record of the exception raised during the current
//! call (see `py-propagate-raises`).
//!
//! The body runs as a one-trip `py.for` over `range(1)` marked `try_body`, carrying the
//! variables it reassigns that exist before it. An exception raised in it *breaks* out of it
//! with the variables' values at that point: a `raise` is `py.throw` (record) and `py.break`;
//! before each statement of the body (and of the blocks nested in it) the frontend emits a
//! *check template*, `py.if py.raised {try_check} { py.break <values here> }`, which
//! `py-propagate-raises` copies after each op that may raise and then drops where no op
//! before it may. A loop inside the body breaks out of itself the same way, and the template
//! after it goes on to the body's end. After the body, `py.catch` takes the exception's site
//! (-1: none) and clears the record; an `if` chain runs `else` (no exception) or the first
//! handler whose classes match (`py.exception_is`, CPython's hierarchy), or, when none does,
//! `py.rethrow` records it again and it leaves as a raise does (`py.raise
//! {pending}` or a `py.break` in an enclosing `try` body). A `try` with `finally` runs all
//! that inside a second one-trip body whose exception `finally` keeps aside: `py.catch`,
//! `finally`, then `py.rethrow` when there was one.
//!
//! Refused with a located error: `except*`, classes other than the builtin exceptions,
//! `except ... as NAME`, and `return` in a `try` that has `finally`. A `break` or `continue`
//! in a `try` body sets the body's hidden exit flag (`try-exit.N`) and leaves it; after the
//! `try` (and its `finally`) the loop around it is left the same way.

use super::*;
use crate::dialects::exceptions;

/// Why a variable first assigned in a `try` body is undefined after it.
const BODY_ONLY: &str = "it is first assigned inside the body of a `try` statement above, and compiled code keeps only the variables assigned before the `try` (assign it before the `try`)";

/// One `except` clause: the classes it catches (`BaseException` for a bare `except:`) and its
/// body.
struct Handler<'s> {
    classes: Vec<String>,
    body: &'s [Stmt],
}

impl FunctionLowerer<'_> {
    /// Whether an exception raised here breaks out of the innermost loop (a `try` body, or a
    /// loop inside one) instead of leaving the function.
    pub(super) fn in_try_region(&self) -> bool {
        self.loops.last().is_some_and(|f| f.catches)
    }

    /// Inside a `try` body, before `node`: the check template (see the module doc).
    pub(super) fn try_check(&mut self, node: &impl Ranged) {
        if !self.in_try_region() {
            return;
        }
        let loc = self.file.loc(node);
        let raised = self.emit_at(&py::RAISED, &[], 1, &[], vec![], loc.clone());
        let flag = self.ctx.result(raised, 0);
        let values: Vec<Value> = self.innermost_carried();
        let (leave, leave_block) = self.ctx.create_region_with_block(&[]);
        let brk = self
            .ctx
            .create_op(OperationState::new(&py::BREAK, loc.clone()).operands(&values));
        self.ctx.append_op(leave_block, brk);
        let (go_on, go_on_block) = self.ctx.create_region_with_block(&[]);
        let yield_op = self
            .ctx
            .create_op(OperationState::new(&py::YIELD, loc.clone()));
        self.ctx.append_op(go_on_block, yield_op);
        let check = self.emit_at(&py::IF, &[flag], 0, &[], vec![leave, go_on], loc);
        py::if_::TRY_CHECK.set(self.ctx, check, true);
    }

    fn innermost_carried(&self) -> Vec<Value> {
        let frame = self.loops.last().expect("inside a loop");
        frame.carried.iter().map(|n| self.env[n]).collect()
    }

    /// `raise kind(message)`: leave the function, or inside a `try` body record it and break
    /// out to the handlers.
    pub(super) fn raise_exit(&mut self, kind: &str, message: &str, loc: Location) {
        let attrs = [
            ("kind", self.str_attr(kind)),
            ("message", self.str_attr(message)),
        ];
        if self.in_try_region() {
            self.emit_at(&py::THROW, &[], 0, &attrs, vec![], loc.clone());
            self.leave_pending(loc);
        } else {
            self.emit_at(&py::RAISE, &[], 0, &attrs, vec![], loc);
        }
    }

    /// Leave with the exception already recorded: out of the function, or out of the
    /// innermost loop inside a `try` body.
    fn leave_pending(&mut self, loc: Location) {
        if self.in_try_region() {
            let values = self.innermost_carried();
            self.emit_at(&py::BREAK, &values, 0, &[], vec![], loc);
        } else {
            let attrs = [("kind", self.str_attr("")), ("message", self.str_attr(""))];
            let op = self.emit_at(&py::RAISE, &[], 0, &attrs, vec![], loc);
            py::raise::PENDING.set(self.ctx, op, true);
        }
    }

    /// A bare `raise` in an `except` handler: the caught exception again.
    pub(super) fn reraise(&mut self, r: &ast::StmtRaise) -> LResult<Flow> {
        let Some(&site) = self.caught.last() else {
            return Err(self
                .file
                .error(r, "a bare `raise` outside an `except` handler is not supported in compiled code")
                .with_note("supported: `raise E`, `raise E()` or `raise E(\"message\")` with E a builtin exception class and a string literal message"));
        };
        let loc = self.file.loc(r);
        self.emit_at(&py::RETHROW, &[site], 0, &[], vec![], loc.clone());
        self.leave_pending(loc);
        Ok(Flow::Terminated)
    }

    /// `break` or `continue`: of the innermost loop, or, directly in a `try` body, set the
    /// body's exit flag and leave it (the `try` then leaves the loop around it, after its
    /// `finally`).
    pub(super) fn leave_loop(&mut self, node: &impl Ranged, exit: LoopExit) -> LResult<Flow> {
        let loc = self.file.loc(node);
        let what = match exit {
            LoopExit::Break => "break",
            LoopExit::Continue => "continue",
        };
        let innermost = self.loops.last();
        if innermost.is_some_and(|f| f.try_body) {
            let Some(flag) = innermost.and_then(|f| f.exit_flag.clone()) else {
                return Err(self.file.error(node, format!("`{what}` outside a loop")));
            };
            let i64t = self.ctx.i64();
            let code = self.constant(node, AttrKind::Int(exit as i64, i64t));
            self.env.insert(flag, code);
            let values = self.innermost_carried();
            self.emit_at(&py::BREAK, &values, 0, &[], vec![], loc);
            return Ok(Flow::Terminated);
        }
        if exit == LoopExit::Break {
            self.mark_break(node);
        }
        let values = self.carried_values(node, what)?;
        let def = match exit {
            LoopExit::Break => &py::BREAK,
            LoopExit::Continue => &py::CONTINUE,
        };
        self.emit_at(def, &values, 0, &[], vec![], loc);
        Ok(Flow::Terminated)
    }

    /// After a `try` body whose exit flag is `code`: leave the loop around the `try` as the
    /// body's `break` or `continue` did.
    fn leave_as_body_did(&mut self, t: &ast::StmtTry, code: Option<Value>) -> LResult<()> {
        let Some(code) = code else {
            return Ok(());
        };
        for exit in [LoopExit::Break, LoopExit::Continue] {
            let i64t = self.ctx.i64();
            let k = self.constant(t, AttrKind::Int(exit as i64, i64t));
            let eq = self.str_attr("eq");
            let left = self.value(t, &py::COMPARE, &[code, k], &[("op", eq)]);
            self.if_with(
                left,
                vec![],
                t,
                |l| l.leave_loop(t, exit),
                |_| Ok(Flow::Continues),
            )?;
        }
        Ok(())
    }

    pub(super) fn try_stmt(&mut self, t: &ast::StmtTry) -> LResult<Flow> {
        if t.is_star {
            return Err(self
                .file
                .error(t, "`except*` is not supported in compiled code"));
        }
        let handlers = self.except_clauses(t)?;
        // Variables first assigned in the statement and used after it (see `undefined.rs`).
        let mut everywhere = assigned_names(&t.body);
        for part in handlers
            .iter()
            .map(|h| h.body)
            .chain([&t.orelse[..], &t.finalbody[..]])
        {
            everywhere.extend(assigned_names(part));
        }
        self.declare_before(&everywhere, t.range(), false);
        if t.finalbody.is_empty() {
            return self.try_except(t, &handlers);
        }
        for part in [&t.body[..], &t.orelse[..]]
            .into_iter()
            .chain(handlers.iter().map(|h| h.body))
        {
            if let Some(s) = returning_stmt(part) {
                return Err(self
                    .file
                    .error(s, "`return` inside a `try` that has `finally` is not supported in compiled code")
                    .with_note("set a variable and return after the `try` statement"));
            }
        }
        let mut assigned = assigned_names(&t.body);
        for h in &handlers {
            assigned.extend(assigned_names(h.body));
        }
        assigned.extend(assigned_names(&t.orelse));
        let (site, exit_code) = if handlers.is_empty() && t.orelse.is_empty() {
            self.try_body(t, assigned, |l| l.stmts(&t.body))?
        } else {
            self.try_body(t, assigned, |l| l.try_except(t, &handlers))?
        };
        if self.stmts(&t.finalbody)? == Flow::Terminated {
            return Ok(Flow::Terminated);
        }
        let flow = self.rethrow_if_any(site, t)?;
        self.leave_as_body_did(t, exit_code)?;
        Ok(flow)
    }

    /// The `except` clauses of `t`, checked.
    fn except_clauses<'s>(&self, t: &'s ast::StmtTry) -> LResult<Vec<Handler<'s>>> {
        let mut out = vec![];
        for (k, ast::ExceptHandler::ExceptHandler(h)) in t.handlers.iter().enumerate() {
            if let Some(name) = &h.name {
                return Err(self
                    .file
                    .error(
                        name,
                        "`except ... as NAME` is not supported in compiled code",
                    )
                    .with_note("catch the exception without a name"));
            }
            let classes = match h.type_.as_deref() {
                None if k + 1 < t.handlers.len() => {
                    return Err(self
                        .file
                        .error(h, "a bare `except:` must be the last handler"))
                }
                None => vec!["BaseException".to_string()],
                Some(Expr::Tuple(tuple)) => tuple
                    .elts
                    .iter()
                    .map(|e| self.catchable(e))
                    .collect::<LResult<_>>()?,
                Some(e) => vec![self.catchable(e)?],
            };
            out.push(Handler {
                classes,
                body: &h.body,
            });
        }
        Ok(out)
    }

    /// The name of the builtin exception class `e` names.
    fn catchable(&self, e: &Expr) -> LResult<String> {
        let names: Vec<&str> = exceptions::CLASSES.iter().map(|(n, _)| *n).collect();
        match e {
            Expr::Name(n)
                if exceptions::is_catchable(n.id.as_str())
                    && n.id.as_str() != "LinAlgError"
                    && !self.env.contains_key(n.id.as_str()) =>
            {
                Ok(n.id.to_string())
            }
            Expr::Attribute(_)
                if self.qualified(e).as_deref() == Some("np.linalg.LinAlgError") =>
            {
                Ok("LinAlgError".to_string())
            }
            _ => Err(self
                .file
                .error(e, "this exception class cannot be caught in compiled code: only the builtin exception classes compiled code raises can")
                .with_note(format!(
                    "the classes are BaseException, {}, np.linalg.LinAlgError",
                    names
                        .iter()
                        .filter(|n| **n != "LinAlgError")
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
        }
    }

    /// `try: body` with its handlers and `else` (no `finally`): after the body, `else` when
    /// nothing was raised, else the first matching handler, else the exception again.
    fn try_except(&mut self, t: &ast::StmtTry, handlers: &[Handler]) -> LResult<Flow> {
        let mut body_flow = Flow::Continues;
        let (site, exit_code) = self.try_body(t, assigned_names(&t.body), |l| {
            body_flow = l.stmts(&t.body)?;
            Ok(body_flow)
        })?;
        self.leave_as_body_did(t, exit_code)?;
        let mut candidates = assigned_names(&t.orelse);
        for h in handlers {
            candidates.extend(assigned_names(h.body));
        }
        let i64t = self.ctx.i64();
        let zero = self.constant(t, AttrKind::Int(0, i64t));
        let lt = self.str_attr("lt");
        let nothing_raised = self.value(t, &py::COMPARE, &[site, zero], &[("op", lt)]);
        let body_only: Vec<String> = assigned_names(&t.body)
            .into_iter()
            .filter(|n| !self.env.contains_key(n))
            .collect();
        let flow = self.if_with(
            nothing_raised,
            candidates,
            t,
            |l| {
                if body_flow == Flow::Terminated {
                    // The body always leaves (`return`, or a raise, which makes the site not
                    // -1): this branch never runs; it leaves too.
                    let loc = l.file.loc(t);
                    l.leave_pending(loc);
                    return Ok(Flow::Terminated);
                }
                l.stmts(&t.orelse)
            },
            |l| l.dispatch(t, site, handlers),
        )?;
        for n in body_only.into_iter().filter(|n| !self.env.contains_key(n)) {
            self.maybe_undefined.insert(n, BODY_ONLY);
        }
        Ok(flow)
    }

    /// The handlers in order: the first whose classes match the exception at `site` runs;
    /// when none matches, the exception is recorded again and leaves.
    fn dispatch(&mut self, t: &ast::StmtTry, site: Value, handlers: &[Handler]) -> LResult<Flow> {
        let Some((first, rest)) = handlers.split_first() else {
            let loc = self.file.loc(t);
            self.emit_at(&py::RETHROW, &[site], 0, &[], vec![], loc.clone());
            self.leave_pending(loc);
            return Ok(Flow::Terminated);
        };
        let handle = |l: &mut Self| -> LResult<Flow> {
            l.caught.push(site);
            let flow = l.stmts(first.body);
            l.caught.pop();
            flow
        };
        if first.classes == ["BaseException"] {
            return handle(self);
        }
        let mut candidates = vec![];
        for h in handlers {
            candidates.extend(assigned_names(h.body));
        }
        let class_attrs: Vec<Attr> = first.classes.iter().map(|c| self.ctx.str_attr(c)).collect();
        let classes = self.ctx.intern_attr(AttrKind::Array(class_attrs));
        let matches = self.value(t, &py::EXCEPTION_IS, &[site], &[("classes", classes)]);
        self.if_with(matches, candidates, t, handle, |l| {
            l.dispatch(t, site, rest)
        })
    }

    /// A one-trip loop running `lower` (a `try` body), carrying the variables among
    /// `assigned` that exist before it (and, inside a loop, the exit flag a `break` or
    /// `continue` in `t` sets); then `py.catch`. Returns its result (the exception's site or
    /// -1) and the exit flag's value after the body.
    fn try_body(
        &mut self,
        t: &ast::StmtTry,
        assigned: Vec<String>,
        lower: impl FnOnce(&mut Self) -> LResult<Flow>,
    ) -> LResult<(Value, Option<Value>)> {
        let carried: Vec<String> = assigned
            .iter()
            .filter(|n| self.env.contains_key(*n))
            .cloned()
            .collect();
        let mut carried = self.with_flags(carried);
        let in_user_loop = self.loops.iter().any(|f| !f.try_body);
        let exit_flag = (in_user_loop && try_exits_loop(t, true))
            .then(|| format!("try-exit.{}", self.loops.len()));
        if let Some(flag) = &exit_flag {
            let i64t = self.ctx.i64();
            let zero = self.constant(t, AttrKind::Int(0, i64t));
            self.env.insert(flag.clone(), zero);
            carried.push(flag.clone());
        }
        let inits: Vec<Value> = carried.iter().map(|n| self.env[n]).collect();
        let i64t = self.ctx.i64();
        let one = self.constant(t, AttrKind::Int(1, i64t));
        let range_name = self.str_attr("range");
        let range = self.value(t, &py::CALL_BUILTIN, &[one], &[("name", range_name)]);
        let (region, block) = self
            .ctx
            .create_region_with_block(&vec![self.object; 1 + carried.len()]);
        let args = self.ctx.block_args(block).to_vec();
        let mut env = self.env.clone();
        for (n, a) in carried.iter().zip(&args[1..]) {
            env.insert(n.clone(), *a);
        }
        let saved_block = std::mem::replace(&mut self.block, block);
        let saved_env = std::mem::replace(&mut self.env, env);
        self.loops.push(LoopFrame {
            carried: carried.clone(),
            nobreak: None,
            try_body: true,
            catches: true,
            exit_flag: exit_flag.clone(),
        });
        let flow = lower(self);
        self.loops.pop();
        let result = flow.map(|flow| {
            if flow == Flow::Continues {
                let values: Vec<Value> = carried.iter().map(|n| self.env[n]).collect();
                let loc = self.file.loc(t);
                self.emit_at(&py::YIELD, &values, 0, &[], vec![], loc);
            }
        });
        self.block = saved_block;
        self.env = saved_env;
        result?;
        let mut operands = vec![range];
        operands.extend(inits);
        let names = self.names_attr(&carried);
        let loc = self.file.loc(t);
        let op = self.emit_at(
            &py::FOR,
            &operands,
            carried.len(),
            &names,
            vec![region],
            loc,
        );
        py::for_::TRY_BODY.set(self.ctx, op, true);
        for (i, n) in carried.iter().enumerate() {
            let r = self.ctx.result(op, i);
            self.env.insert(n.clone(), r);
        }
        for n in assigned.iter().filter(|n| !carried.contains(n)) {
            self.env.remove(n);
            self.maybe_undefined.insert(n.clone(), BODY_ONLY);
        }
        let exit_code = exit_flag.map(|flag| self.env.remove(&flag).expect("carried"));
        Ok((self.value(t, &py::CATCH, &[], &[]), exit_code))
    }

    /// After a `try`: when `site` is not -1, record its exception again and leave.
    fn rethrow_if_any(&mut self, site: Value, t: &ast::StmtTry) -> LResult<Flow> {
        let i64t = self.ctx.i64();
        let zero = self.constant(t, AttrKind::Int(0, i64t));
        let ge = self.str_attr("ge");
        let kept = self.value(t, &py::COMPARE, &[site, zero], &[("op", ge)]);
        let loc = self.file.loc(t);
        self.if_with(
            kept,
            vec![],
            t,
            |l| {
                l.emit_at(&py::RETHROW, &[site], 0, &[], vec![], loc.clone());
                l.leave_pending(loc);
                Ok(Flow::Terminated)
            },
            |_| Ok(Flow::Continues),
        )
    }
}

/// How a `break` or `continue` left a `try` body (the value of its exit flag; 0: neither).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum LoopExit {
    Break = 1,
    Continue = 2,
}

/// The first `return` in `body`, not counting nested functions.
fn returning_stmt(body: &[Stmt]) -> Option<&Stmt> {
    body.iter().find_map(|s| match s {
        Stmt::Return(_) => Some(s),
        Stmt::If(i) => returning_stmt(&i.body).or_else(|| {
            i.elif_else_clauses
                .iter()
                .find_map(|c| returning_stmt(&c.body))
        }),
        Stmt::For(f) => returning_stmt(&f.body).or_else(|| returning_stmt(&f.orelse)),
        Stmt::While(w) => returning_stmt(&w.body).or_else(|| returning_stmt(&w.orelse)),
        Stmt::With(w) => returning_stmt(&w.body),
        Stmt::Try(t) => [&t.body, &t.orelse, &t.finalbody]
            .into_iter()
            .find_map(|b| returning_stmt(b))
            .or_else(|| {
                t.handlers
                    .iter()
                    .find_map(|ast::ExceptHandler::ExceptHandler(h)| returning_stmt(&h.body))
            }),
        _ => None,
    })
}
