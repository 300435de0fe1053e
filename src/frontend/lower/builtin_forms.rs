//! Builtins the frontend writes with other ops: `divmod(a, b)` (the tuple of `a // b` and
//! `a % b`, with CPython's signs and errors), `pow(a, b)` (`a ** b`) and `isinstance(x, C)`
//! (the class names kept in an attribute; the types decide it at compile time, and an `if` on
//! it is pruned as `if x is None:` is).

use super::*;

/// The classes `isinstance` tells apart in compiled code.
const CLASSES: &[&str] = &["int", "float", "bool", "complex"];

impl FunctionLowerer<'_> {
    /// The call `c` of the builtin `name` when the frontend writes it itself.
    pub(super) fn builtin_form(&mut self, c: &ast::ExprCall, name: &str) -> LResult<Option<Value>> {
        if !matches!(name, "divmod" | "pow" | "isinstance") {
            return Ok(None);
        }
        let file = self.file;
        if let Some(k) = c.arguments.keywords.first() {
            return Err(file.error(
                k,
                format!("{name}() takes no keyword arguments in compiled code"),
            ));
        }
        let args = &c.arguments.args;
        let expected = if name == "pow" && args.len() == 3 {
            return Err(file
                .error(
                    &args[2],
                    "pow() with a modulus (a third argument) is not supported in compiled code",
                )
                .with_note("write `a ** b % m` when `a ** b` fits in int64"));
        } else {
            2
        };
        if args.len() != expected {
            return Err(file.error(
                c,
                format!("{name}() takes {expected} arguments, {} given", args.len()),
            ));
        }
        if name == "isinstance" {
            return self.isinstance(c).map(Some);
        }
        let a = self.expr(&args[0])?;
        let b = self.expr(&args[1])?;
        let binop = |l: &mut Self, op: &str| {
            let op = l.str_attr(op);
            l.value(c, &py::BINOP, &[a, b], &[("op", op)])
        };
        Ok(Some(if name == "pow" {
            binop(self, "pow")
        } else {
            let quotient = binop(self, "floordiv");
            let remainder = binop(self, "mod");
            self.value(c, &py::TUPLE, &[quotient, remainder], &[])
        }))
    }

    fn isinstance(&mut self, c: &ast::ExprCall) -> LResult<Value> {
        let classinfo = &c.arguments.args[1];
        let items = match classinfo {
            Expr::Tuple(t) => t.elts.iter().collect(),
            e => vec![e],
        };
        let mut classes = vec![];
        for item in items {
            match item {
                Expr::Name(n)
                    if CLASSES.contains(&n.id.as_str()) && !self.env.contains_key(n.id.as_str()) =>
                {
                    classes.push(self.ctx.str_attr(n.id.as_str()));
                }
                other => {
                    return Err(self
                        .file
                        .error(other, "isinstance() in compiled code takes the classes int, float, bool and complex")
                        .with_note("a class, or a tuple of them, as in `isinstance(x, (int, float))`"))
                }
            }
        }
        let x = self.expr(&c.arguments.args[0])?;
        let name = self.str_attr("isinstance");
        let classes = self.ctx.intern_attr(AttrKind::Array(classes));
        Ok(self.value(
            c,
            &py::CALL_BUILTIN,
            &[x],
            &[("name", name), ("classes", classes)],
        ))
    }
}
