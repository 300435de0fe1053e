//! Variables first assigned inside a loop, a `try` body or some branches of an `if`, and used
//! after it (the loop variable after its loop, `found = i` under a condition, `x = f()` in a
//! `try`): Python keeps their value, or leaves them unbound where no assignment ran.
//!
//! Before such a construct, each of its variables that is read after it and has no value yet
//! is *declared*: bound to `py.undef` (typed, after inference, as what the construct assigns)
//! with a hidden flag `NAME.defined` set to false; every assignment sets the flag to true.
//! Both then pass through the loop or `if` as any variable that exists before it does. A use
//! of the variable while its flag is not known to be true checks it first and raises
//! CPython's `UnboundLocalError` when it is false; after the check the flag is known true.
//! Variables read only inside the construct, or assigned again after it before they are read,
//! are not declared (they stay local to it).

use ruff_python_ast::visitor::{self, Visitor};
use ruff_text_size::{TextRange, TextSize};

use super::*;

/// Where each name is read and assigned in a function body: the start offsets of its loads
/// and of its stores, each in order, and its plain assignments (`x = …` statements).
#[derive(Default)]
pub(super) struct Reads {
    loads: HashMap<String, Vec<TextSize>>,
    stores: HashMap<String, Vec<TextSize>>,
    /// `name = …` statements: where each ends and the statement list it is in.
    assignments: HashMap<String, Vec<(TextSize, usize)>>,
    /// The bodies of `for name in …:` statements.
    loop_bodies: HashMap<String, Vec<TextRange>>,
    /// The statement list each statement is in, by the statement's start.
    list_of: HashMap<TextSize, usize>,
    lists: usize,
}

impl Reads {
    pub(super) fn of(body: &[Stmt]) -> Reads {
        let mut reads = Reads::default();
        reads.visit_body(body);
        for offsets in reads.loads.values_mut().chain(reads.stores.values_mut()) {
            offsets.sort();
        }
        reads
    }

    /// Whether the value `name` has after `construct` may be read: it is read after the
    /// construct before a plain assignment that follows the construct in its statement list
    /// (and so always runs after it) replaces it.
    fn read_after(&self, name: &str, construct: TextRange) -> bool {
        let end = construct.end();
        let list = self.list_of.get(&construct.start());
        let replaced = self.assignments.get(name).and_then(|a| {
            a.iter()
                .filter(|(at, l)| *at >= end && Some(l) == list)
                .map(|(at, _)| *at)
                .min()
        });
        // A later loop over the name reads its own items in its body.
        let in_own_loop = |load: TextSize| {
            self.loop_bodies.get(name).is_some_and(|bodies| {
                bodies
                    .iter()
                    .any(|body| body.start() >= end && body.contains(load))
            })
        };
        let loads = self.loads.get(name).map_or(&[][..], |at| &at[..]);
        loads
            .iter()
            .filter(|load| **load >= end)
            .take_while(|load| replaced.is_none_or(|at| **load < at))
            .any(|load| !in_own_loop(*load))
    }

    /// Whether `name` is read inside `range` before it is first assigned there (in a loop
    /// body: from the previous iteration).
    fn before_assignment(&self, name: &str, range: TextRange) -> bool {
        let first = |offsets: Option<&Vec<TextSize>>| {
            offsets.and_then(|at| at.iter().copied().find(|o| range.contains(*o)))
        };
        match (first(self.loads.get(name)), first(self.stores.get(name))) {
            (Some(load), Some(store)) => load < store,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

impl<'a> Visitor<'a> for Reads {
    fn visit_body(&mut self, body: &'a [Stmt]) {
        let list = self.lists;
        self.lists += 1;
        for s in body {
            self.list_of.insert(s.start(), list);
            match s {
                Stmt::Assign(a) => {
                    for n in a.targets.iter().flat_map(target_names) {
                        self.assignments.entry(n).or_default().push((s.end(), list));
                    }
                }
                Stmt::For(f) => {
                    if let Some(first) = f.body.first() {
                        let body = TextRange::new(first.start(), f.end());
                        for n in target_names(&f.target) {
                            self.loop_bodies.entry(n).or_default().push(body);
                        }
                    }
                }
                _ => {}
            }
        }
        visitor::walk_body(self, body);
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        if let Expr::Name(n) = e {
            let offsets = match n.ctx.is_load() {
                true => &mut self.loads,
                false => &mut self.stores,
            };
            offsets
                .entry(n.id.to_string())
                .or_default()
                .push(n.range.start());
        }
        visitor::walk_expr(self, e);
    }
}

/// The hidden flag of a declared variable.
fn flag_of(name: &str) -> String {
    format!("{name}.defined")
}

impl FunctionLowerer<'_> {
    /// Declare the variables among `names` that have no value here and are read after
    /// `construct` or, in a loop, inside it before they are assigned (see the module doc).
    /// `construct` is the statement's range (for an `elif` clause, from the clause to the end
    /// of the whole `if` statement).
    pub(super) fn declare_before(&mut self, names: &[String], construct: TextRange, is_loop: bool) {
        if self.comprehensions > 0 {
            // A comprehension's variables stay inside it (Python 3's comprehension scope).
            return;
        }
        for n in names {
            let used = self.reads.read_after(n, construct)
                || (is_loop && self.reads.before_assignment(n, construct));
            if self.env.contains_key(n) || self.local_functions.contains_key(n) || !used {
                continue;
            }
            let loc = self.file.loc(&construct);
            let undef = self.emit_at(&py::UNDEF, &[], 1, &[], vec![], loc);
            let value = self.ctx.result(undef, 0);
            let unset = self.constant(&construct, AttrKind::Bool(false));
            self.env.insert(n.clone(), value);
            self.env.insert(flag_of(n), unset);
            self.defined_flags.insert(n.clone());
            self.maybe_undefined.remove(n);
        }
    }

    /// `names` followed by the flags of those that have one (the flags pass through a loop
    /// or an `if` with their variables).
    pub(super) fn with_flags(&self, names: Vec<String>) -> Vec<String> {
        let flags: Vec<String> = names
            .iter()
            .filter(|n| self.defined_flags.contains(*n))
            .map(|n| flag_of(n))
            .filter(|f| self.env.contains_key(f) && !names.contains(f))
            .collect();
        names.into_iter().chain(flags).collect()
    }

    /// After an assignment to `name`: it is defined.
    pub(super) fn mark_defined(&mut self, name: &str, node: &impl Ranged) {
        if self.defined_flags.contains(name) && self.env.contains_key(&flag_of(name)) {
            let set = self.constant(node, AttrKind::Bool(true));
            self.env.insert(flag_of(name), set);
        }
    }

    /// Before a use of `n`: unless it is known to be defined, raise `UnboundLocalError` when
    /// it is not.
    pub(super) fn check_defined(&mut self, n: &ast::ExprName) -> LResult<()> {
        let name = n.id.as_str();
        let message = format!(
            "cannot access local variable '{name}' where it is not associated with a value"
        );
        self.check_flag(name, n, "UnboundLocalError", &message)
    }

    /// Unless `name` is known to be defined at `node`, raise `kind(message)` when it is not.
    pub(super) fn check_flag(
        &mut self,
        name: &str,
        node: &impl Ranged,
        kind: &str,
        message: &str,
    ) -> LResult<()> {
        if !self.defined_flags.contains(name) {
            return Ok(());
        }
        let Some(&flag) = self.env.get(&flag_of(name)) else {
            return Ok(());
        };
        let known_true = self.ctx.defining_op(flag).is_some_and(|op| {
            self.ctx.is_op(op, &py::CONSTANT)
                && py::constant::VALUE.get(self.ctx, op) == Some(AttrKind::Bool(true))
        });
        if known_true {
            return Ok(());
        }
        self.if_with(
            flag,
            vec![],
            node,
            |_| Ok(Flow::Continues),
            |l| {
                let loc = l.file.loc(node);
                l.raise_exit(kind, message, loc);
                Ok(Flow::Terminated)
            },
        )?;
        self.mark_defined(name, node);
        Ok(())
    }
}
