//! Expressions: names, operators, comparisons, subscripts, attributes and calls, lowered to
//! `py` ops by the function lowerer.

use super::*;
use crate::passes::library::prelude::{generator_methods, GENERATOR_METHOD_PREFIX};

impl FunctionLowerer<'_> {
    pub(super) fn lookup(&mut self, n: &ast::ExprName) -> LResult<Value> {
        let name = n.id.as_str();
        if self.env.contains_key(name) {
            self.check_defined(n)?;
            return Ok(self.env[name]);
        }
        if let Some(why) = self.maybe_undefined.get(name) {
            return Err(self.file.error(
                n,
                format!("variable `{name}` might be undefined here: {why}"),
            ));
        }
        if let Some(c) = self.scope.constants.get(name) {
            let c = c.clone();
            return self.expr(&c);
        }
        if self.scope.functions.contains_key(name) || self.local_functions.contains_key(name) {
            return Err(self
                .file
                .error(
                    n,
                    format!("function `{name}` can only be called here, not used as a value"),
                )
                .with_note("a function can be called, or passed to a function that calls it; it cannot be stored, returned or escape the function that defines it"));
        }
        if let Some(q) = self.names.imports.get(name) {
            let (module, last) = q.rsplit_once('.').unwrap_or(("", q));
            if let Some(v) = names::constant(module, last) {
                return Ok(self.float_constant(n, v));
            }
            if q.starts_with("numba.") || q.starts_with("np.") {
                if let Some(t) = super::super::decorators::scalar_type(self.ctx, last) {
                    return Ok(self.constant(n, AttrKind::Type(t)));
                }
            }
        }
        if self.names.imports.contains_key(name) || names::is_builtin(name) {
            return Err(self.file.error(
                n,
                format!("`{name}` can only be called or used with an attribute here"),
            ));
        }
        Err(self.file.error(n, format!("unknown name `{name}`")))
    }

    /// The canonical dotted name of an expression naming an imported thing (`np.sum`).
    pub(super) fn qualified(&self, e: &Expr) -> Option<String> {
        let parts = dotted(e)?;
        if self.env.contains_key(parts[0]) {
            return None;
        }
        self.names.resolve(&parts)
    }

    pub(super) fn exprs(&mut self, es: &[Expr]) -> LResult<Vec<Value>> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    pub(super) fn expr(&mut self, e: &Expr) -> LResult<Value> {
        if self.expr_depth == MAX_EXPR_DEPTH {
            return Err(self.file.error(
                e,
                format!("expression nested too deeply (more than {MAX_EXPR_DEPTH} levels)"),
            ));
        }
        self.expr_depth += 1;
        let value = self.expr_node(e);
        self.expr_depth -= 1;
        value
    }

    /// `a + b + c + …` is a tree as deep as it is long, leaning left: its spine is lowered with
    /// a loop, so a long sum nests no deeper than its terms.
    pub(super) fn binop_chain(&mut self, top: &ast::ExprBinOp) -> LResult<Value> {
        let mut spine = vec![top];
        let mut first = &*top.left;
        while let Expr::BinOp(b) = first {
            spine.push(b);
            first = &b.left;
        }
        let mut acc = self.expr(first)?;
        for b in spine.into_iter().rev() {
            let rhs = self.expr(&b.right)?;
            let op = self.str_attr(binop_name(b.op));
            acc = self.value(b, &py::BINOP, &[acc, rhs], &[("op", op)]);
        }
        Ok(acc)
    }

    pub(super) fn expr_node(&mut self, e: &Expr) -> LResult<Value> {
        let file = self.file;
        Ok(match e {
            Expr::Name(n) => self.lookup(n)?,
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => {
                    let v = i
                        .as_i64()
                        .ok_or_else(|| file.error(e, "integer literal does not fit in int64"))?;
                    let i64t = self.ctx.i64();
                    self.constant(e, AttrKind::Int(v, i64t))
                }
                Number::Float(f) => self.float_constant(e, *f),
                // `2j` is `complex(0.0, 2.0)`.
                Number::Complex { real, imag } => {
                    let parts = [self.float_constant(e, *real), self.float_constant(e, *imag)];
                    let name = self.str_attr("complex");
                    self.value(e, &py::CALL_BUILTIN, &parts, &[("name", name)])
                }
            },
            Expr::BooleanLiteral(b) => self.constant(e, AttrKind::Bool(b.value)),
            Expr::NoneLiteral(_) => self.none(e),
            // A string is a compile-time constant (Numba's `Literal[str]`): compared, passed
            // to functions and printed, never built or changed at run time.
            Expr::StringLiteral(s) => self.constant(e, AttrKind::Str(s.value.to_str().into())),
            Expr::FString(_) | Expr::TString(_) => {
                return Err(file
                    .error(e, "f-strings are not supported in compiled code")
                    .with_note(
                        "compiled code knows strings only as literals (compile-time constants)",
                    ))
            }
            Expr::BytesLiteral(_) => {
                return Err(file.error(e, "bytes are not supported in compiled code"))
            }
            Expr::BinOp(b) => self.binop_chain(b)?,
            Expr::UnaryOp(u) => {
                let x = self.expr(&u.operand)?;
                let name = match u.op {
                    UnaryOp::USub => "neg",
                    UnaryOp::UAdd => "pos",
                    UnaryOp::Not => "not",
                    UnaryOp::Invert => "invert",
                };
                let op = self.str_attr(name);
                self.value(e, &py::UNARYOP, &[x], &[("op", op)])
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::BoolOp(b) => self.bool_op(b)?,
            Expr::If(i) => {
                let cond = self.expr(&i.test)?;
                let body = self.yielding_region(&i.body)?;
                let orelse = self.yielding_region(&i.orelse)?;
                let loc = file.loc(e);
                let op = self.emit_at(&py::IF, &[cond], 1, &[], vec![body, orelse], loc);
                self.ctx.result(op, 0)
            }
            Expr::Tuple(t) => {
                let vs = self.exprs(&t.elts)?;
                self.value(e, &py::TUPLE, &vs, &[])
            }
            Expr::List(l) => {
                let vs = self.exprs(&l.elts)?;
                self.value(e, &py::LIST, &vs, &[])
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let mut operands = vec![obj];
                operands.extend(self.indices(&s.slice)?);
                self.value(e, &py::GETITEM, &operands, &[])
            }
            Expr::Attribute(a) => self.attribute(a)?,
            Expr::Call(c) => self.call(c)?,
            Expr::Slice(_) => {
                return Err(file.error(e, "a slice can only appear inside a subscript"))
            }
            Expr::Starred(_) => return Err(file.error(e, "starred expressions are not supported")),
            Expr::Lambda(_) => return Err(file
                .error(
                    e,
                    "a lambda can only be bound to a name or passed to a function that calls it",
                )
                .with_note(
                    "a function cannot be stored, returned or escape the function that defines it",
                )),
            Expr::Dict(d) => {
                let mut vs = vec![];
                for item in &d.items {
                    let Some(key) = &item.key else {
                        return Err(
                            file.error(&item.value, "`**` in a dict literal is not supported")
                        );
                    };
                    vs.push(self.expr(key)?);
                    vs.push(self.expr(&item.value)?);
                }
                self.value(e, &py::DICT, &vs, &[])
            }
            Expr::Set(st) => {
                let vs = self.exprs(&st.elts)?;
                self.value(e, &py::SET, &vs, &[])
            }
            Expr::DictComp(dc) => {
                let Some(key) = dc.key.clone() else {
                    return Err(file.error(e, "`**` in a dict comprehension is not supported"));
                };
                let store = |target: Expr| {
                    Stmt::Assign(ast::StmtAssign {
                        node_index: Default::default(),
                        range: dc.range,
                        targets: vec![Expr::Subscript(ast::ExprSubscript {
                            node_index: Default::default(),
                            range: key.range(),
                            value: Box::new(target),
                            slice: key.clone(),
                            ctx: ast::ExprContext::Store,
                        })],
                        value: dc.value.clone(),
                    })
                };
                self.comprehension(dc.range, &py::DICT, &dc.generators, &store)?
            }
            Expr::SetComp(sc) => {
                let add = |target: Expr| {
                    let elt = (*sc.elt).clone();
                    Stmt::Expr(ast::StmtExpr {
                        node_index: Default::default(),
                        range: elt.range(),
                        value: Box::new(method_call(target, "add", vec![elt])),
                    })
                };
                self.comprehension(sc.range, &py::SET, &sc.generators, &add)?
            }
            Expr::ListComp(lc) => {
                let append = |target: Expr| {
                    let elt = (*lc.elt).clone();
                    Stmt::Expr(ast::StmtExpr {
                        node_index: Default::default(),
                        range: elt.range(),
                        value: Box::new(method_call(target, "append", vec![elt])),
                    })
                };
                self.comprehension(lc.range, &py::LIST, &lc.generators, &append)?
            }
            Expr::Generator(_) | Expr::Yield(_) | Expr::YieldFrom(_) => {
                return Err(file.error(e, "generators are not supported"))
            }
            Expr::Await(_) => return Err(file.error(e, "await is not supported")),
            Expr::Named(_) => {
                return Err(file.error(e, "assignment expressions (`:=`) are not supported"))
            }
            Expr::EllipsisLiteral(_) => {
                return Err(file.error(e, "`...` is not supported in compiled code"))
            }
            Expr::IpyEscapeCommand(_) => {
                return Err(file.error(e, "IPython escape commands are not Python"))
            }
        })
    }

    /// A region computing `e` and yielding it (for conditional expressions and short-circuits).
    pub(super) fn yielding_region(&mut self, e: &Expr) -> LResult<crate::dialects::ir::RegionId> {
        let (region, block) = self.ctx.create_region_with_block(&[]);
        let saved = std::mem::replace(&mut self.block, block);
        let v = self.expr(e);
        if let Ok(v) = v {
            let loc = self.file.loc(e);
            self.emit_at(&py::YIELD, &[v], 0, &[], vec![], loc);
        }
        self.block = saved;
        v.map(|_| region)
    }

    pub(super) fn region_yielding(
        &mut self,
        v: Value,
        loc: Location,
    ) -> crate::dialects::ir::RegionId {
        let (region, block) = self.ctx.create_region_with_block(&[]);
        let op = self
            .ctx
            .create_op(OperationState::new(&py::YIELD, loc).operands(&[v]));
        self.ctx.append_op(block, op);
        region
    }

    /// `a < b < c` is `a < b and b < c` with `b` evaluated once.
    pub(super) fn compare(&mut self, c: &ast::ExprCompare) -> LResult<Value> {
        let mut lhs = self.expr(&c.left)?;
        let mut result: Option<Value> = None;
        let mut pending: Vec<(CmpOp, &Expr)> =
            c.ops.iter().copied().zip(c.comparators.iter()).collect();
        pending.reverse();
        // Evaluate left to right; each later comparison runs only when the previous was true.
        let (op, rhs_expr) = pending.pop().expect("a comparison has an operator");
        let rhs = self.expr(rhs_expr)?;
        let name = self.str_attr(cmp_name(op));
        let first = self.value(c, &py::COMPARE, &[lhs, rhs], &[("op", name)]);
        lhs = rhs;
        result.replace(first);
        while let Some((op, rhs_expr)) = pending.pop() {
            let prev = result.unwrap();
            let (region, block) = self.ctx.create_region_with_block(&[]);
            let saved = std::mem::replace(&mut self.block, block);
            let rhs = self.expr(rhs_expr);
            let rhs = match rhs {
                Ok(v) => v,
                Err(d) => {
                    self.block = saved;
                    return Err(d);
                }
            };
            let name = self.str_attr(cmp_name(op));
            let next = self.value(rhs_expr, &py::COMPARE, &[lhs, rhs], &[("op", name)]);
            let loc = self.file.loc(rhs_expr);
            self.emit_at(&py::YIELD, &[next], 0, &[], vec![], loc.clone());
            self.block = saved;
            let else_region = self.region_yielding(prev, loc.clone());
            let op = self.emit_at(&py::IF, &[prev], 1, &[], vec![region, else_region], loc);
            result = Some(self.ctx.result(op, 0));
            lhs = rhs;
        }
        Ok(result.unwrap())
    }

    /// `a and b` / `a or b`, short-circuiting and returning an operand as Python does.
    pub(super) fn bool_op(&mut self, b: &ast::ExprBoolOp) -> LResult<Value> {
        let mut acc = self.expr(&b.values[0])?;
        for e in &b.values[1..] {
            let rest = self.yielding_region(e)?;
            let loc = self.file.loc(e);
            let keep = self.region_yielding(acc, loc.clone());
            let regions = match b.op {
                BoolOp::And => vec![rest, keep],
                BoolOp::Or => vec![keep, rest],
            };
            let op = self.emit_at(&py::IF, &[acc], 1, &[], regions, loc);
            acc = self.ctx.result(op, 0);
        }
        Ok(acc)
    }

    /// The operands of a subscript: one per index (`A[i, j]`), slices as `py.slice`,
    /// `None`/`np.newaxis` as none constants.
    pub(super) fn indices(&mut self, slice: &Expr) -> LResult<Vec<Value>> {
        let parts: Vec<&Expr> = match slice {
            Expr::Tuple(t) => t.elts.iter().collect(),
            e => vec![e],
        };
        let mut out = vec![];
        for p in parts {
            out.push(match p {
                Expr::Slice(s) => {
                    let mut bound = |b: &Option<Box<Expr>>| -> LResult<Value> {
                        match b {
                            Some(e) => self.expr(e),
                            None => Ok(self.none(p)),
                        }
                    };
                    let lo = bound(&s.lower)?;
                    let hi = bound(&s.upper)?;
                    let step = bound(&s.step)?;
                    self.value(p, &py::SLICE, &[lo, hi, step], &[])
                }
                Expr::EllipsisLiteral(_) => {
                    return Err(self
                        .file
                        .error(p, "`...` in subscripts is not supported yet"))
                }
                e => self.expr(e)?,
            });
        }
        Ok(out)
    }

    pub(super) fn attribute(&mut self, a: &ast::ExprAttribute) -> LResult<Value> {
        if let Some(q) = self.qualified(&Expr::Attribute(a.clone())) {
            let (module, name) = q.rsplit_once('.').unwrap_or(("", q.as_str()));
            if let Some(v) = names::constant(module, name) {
                return Ok(self.float_constant(a, v));
            }
            if q == "np.newaxis" {
                return Ok(self.none(a));
            }
            // `cuda.threadIdx.x`: a special register of the running kernel.
            if let Some(reg) = q.strip_prefix("numba.cuda.") {
                if let Some((r, axis)) = reg.split_once('.') {
                    if names::CUDA_REGISTERS.contains(&r) && matches!(axis, "x" | "y" | "z") {
                        let name = self.str_attr(&format!("cuda.{reg}"));
                        return Ok(self.value(a, &py::CALL_BUILTIN, &[], &[("name", name)]));
                    }
                }
            }
            if module == "np" {
                if let Some(t) = super::super::decorators::scalar_type(self.ctx, name) {
                    return Ok(self.constant(a, AttrKind::Type(t)));
                }
            }
            return Err(self
                .file
                .error(a, format!("unsupported module attribute `{q}`")));
        }
        let obj = self.expr(&a.value)?;
        let attr = a.attr.as_str();
        if !names::ARRAY_ATTRIBUTES.contains(&attr) {
            return Err(self
                .file
                .error(&a.attr, format!("unsupported attribute `.{attr}`"))
                .with_note(format!(
                    "supported array attributes: {}",
                    names::ARRAY_ATTRIBUTES.join(", ")
                )));
        }
        let name = self.str_attr(attr);
        Ok(self.value(a, &py::GETATTR, &[obj], &[("name", name)]))
    }

    pub(super) fn call(&mut self, c: &ast::ExprCall) -> LResult<Value> {
        let file = self.file;
        if c.arguments
            .args
            .iter()
            .any(|a| matches!(a, Expr::Starred(_)))
        {
            return Err(file.error(c, "star-args in calls are not supported"));
        }
        if c.arguments.keywords.iter().any(|k| k.arg.is_none()) {
            return Err(file.error(c, "`**kwargs` in calls are not supported"));
        }
        // A function of this module, or one known by a local name.
        if let Expr::Name(n) = &*c.func {
            let name = n.id.as_str();
            if let Some(f) = self.local_function(name) {
                return self.call_local(c, &f);
            }
            if let Some(why) = self
                .maybe_undefined
                .get(name)
                .filter(|_| !self.env.contains_key(name))
            {
                return Err(file.error(n, format!("`{name}` might be undefined here: {why}")));
            }
            if !self.env.contains_key(name) && self.scope.functions.contains_key(name) {
                return self.module_call(c, name);
            }
        }
        // `sorted(x)`: a prelude function.
        if let Expr::Name(n) = &*c.func {
            if n.id.as_str() == "sorted" && !self.env.contains_key("sorted") {
                // `_sorted(list(x))`.
                let mut copy = c.clone();
                copy.func = Box::new(Expr::Name(ast::ExprName {
                    node_index: Default::default(),
                    range: n.range,
                    id: ast::name::Name::new("list"),
                    ctx: ast::ExprContext::Load,
                }));
                let mut call = c.clone();
                call.arguments.args = Box::new([Expr::Call(copy)]);
                return self.prelude_call(&call, "np._sorted", None);
            }
        }
        if let Expr::Name(n) = &*c.func {
            let name = n.id.as_str();
            if !self.env.contains_key(name) && !self.names.imports.contains_key(name) {
                if let Some(v) = self.builtin_form(c, name)? {
                    return Ok(v);
                }
            }
        }
        // A builtin, math or NumPy function.
        let qualified = match &*c.func {
            Expr::Name(n)
                if !self.env.contains_key(n.id.as_str())
                    && !self.names.imports.contains_key(n.id.as_str()) =>
            {
                let name = n.id.as_str();
                if !names::is_builtin(name) {
                    return Err(file.error(&*c.func, format!("unknown function `{name}`")));
                }
                Some(name.to_string())
            }
            f => self.qualified(f),
        };
        if let Some(q) = qualified {
            let q = match q.as_str() {
                "numba.prange" => "prange".to_string(),
                _ => q
                    .strip_prefix("numba.")
                    .filter(|r| r.starts_with("cuda."))
                    .map_or(q.clone(), str::to_string),
            };
            // `np.where(condition)` alone is `np.nonzero(condition)`, as NumPy documents.
            let q = match q.as_str() {
                "np.where" if c.arguments.args.len() == 1 && c.arguments.keywords.is_empty() => {
                    "np.nonzero".to_string()
                }
                _ => q,
            };
            let Some(callable) = library::lookup(&q) else {
                let scope = self.scope;
                return match scope.prelude.get(&q) {
                    Some(params) => self.call_function(c, &q, params, &q, vec![]),
                    None => Err(names::unsupported_function(file, c, &q)),
                };
            };
            if q == "print" {
                return self.print_call(c);
            }
            // `list()`: an empty list, typed from its first item as `[]` is.
            if q == "list" && c.arguments.args.is_empty() && c.arguments.keywords.is_empty() {
                return Ok(self.value(c, &py::LIST, &[], &[]));
            }
            // `dict()`, `set()`: empty, typed from the first item stored, as `{}` is.
            if (q == "dict" || q == "set")
                && c.arguments.args.is_empty()
                && c.arguments.keywords.is_empty()
            {
                let op = if q == "dict" { &py::DICT } else { &py::SET };
                return Ok(self.value(c, op, &[], &[]));
            }
            names::check_arguments(file, c, callable, 0)?;
            return self.builtin_call(c, &q, None);
        }
        // A method of a value: `A.sum()`, `l.append(x)` (an array's method where both have
        // one: typing picks the list's for a list).
        if let Expr::Attribute(a) = &*c.func {
            let method = a.attr.as_str();
            // `l.sort()` (a list or a vector, in place): a prelude function.
            if method == "sort" && c.arguments.args.is_empty() && c.arguments.keywords.is_empty() {
                return self.prelude_call(c, "np._list_sort", Some(&a.value));
            }
            let callable = ["ndarray", "list", "dict", "set"]
                .iter()
                .find_map(|kind| library::lookup(&format!("{kind}.{method}")));
            // A `Generator`'s method (`rng.integers(…)`): a random prelude function taking
            // the generator first; typing refuses any other receiver.
            let generator_method = format!("np.random.{GENERATOR_METHOD_PREFIX}{method}");
            if let (None, Some(params)) = (callable, self.scope.prelude.get(&generator_method)) {
                let mut call = c.clone();
                call.arguments.args = std::iter::once((*a.value).clone())
                    .chain(c.arguments.args.iter().cloned())
                    .collect();
                let shown = format!("Generator.{method}");
                return self.call_function(&call, &shown, params, &generator_method, vec![]);
            }
            let Some(callable) = callable else {
                let generator_methods: Vec<&str> = generator_methods()
                    .into_iter()
                    .map(|(name, _)| name)
                    .collect();
                return Err(file
                    .error(&a.attr, format!("unsupported method `.{method}()`"))
                    .with_note(format!(
                        "supported array methods: {}; list methods: {}; dict methods: {}; set \
                         methods: {}; Generator methods: {}",
                        library::names_under("ndarray.").join(", "),
                        library::names_under("list.").join(", "),
                        library::names_under("dict.").join(", "),
                        library::names_under("set.").join(", "),
                        generator_methods.join(", ")
                    )));
            };
            // A method dicts or sets have too is checked once typing knows the receiver.
            let of_containers = ["dict", "set"]
                .iter()
                .any(|kind| library::lookup(&format!("{kind}.{method}")).is_some());
            if !of_containers {
                names::check_arguments(file, c, callable, 1)?;
            }
            let obj = self.expr(&a.value)?;
            return self.builtin_call(c, callable.name, Some(obj));
        }
        Err(file.error(&*c.func, "only named functions can be called"))
    }

    pub(super) fn builtin_call(
        &mut self,
        c: &ast::ExprCall,
        name: &str,
        receiver: Option<Value>,
    ) -> LResult<Value> {
        let mut operands: Vec<Value> = receiver.into_iter().collect();
        operands.extend(self.exprs(&c.arguments.args)?);
        let mut kw_names = vec![];
        for k in &c.arguments.keywords {
            let key = k.arg.as_ref().expect("checked by the caller");
            operands.push(self.expr(&k.value)?);
            kw_names.push(self.ctx.str_attr(key.as_str()));
        }
        let name_attr = self.str_attr(name);
        let mut attrs = vec![("name", name_attr)];
        if !kw_names.is_empty() {
            attrs.push(("kwargs", self.ctx.intern_attr(AttrKind::Array(kw_names))));
        }
        Ok(self.value(c, &py::CALL_BUILTIN, &operands, &attrs))
    }

    /// `print(x, "text", y, sep=" ", end="\n")`: the string literals, `sep` and `end` fold
    /// into a `format` attribute (`str.format` syntax) whose `{}` take the other arguments.
    pub(super) fn print_call(&mut self, c: &ast::ExprCall) -> LResult<Value> {
        let file = self.file;
        let literal = |e: &Expr| match e {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            _ => None,
        };
        let escape = |text: &str| text.replace('{', "{{").replace('}', "}}");
        let (mut sep, mut end) = (" ".to_string(), "\n".to_string());
        for k in &c.arguments.keywords {
            let key = k.arg.as_ref().expect("checked by the caller").as_str();
            let slot = match key {
                "sep" => &mut sep,
                "end" => &mut end,
                _ => {
                    return Err(file
                        .error(k, format!("print() got an unsupported keyword argument `{key}`"))
                        .with_note("compiled code prints to standard output; `sep=` and `end=` take string literals"))
                }
            };
            *slot = literal(&k.value).ok_or_else(|| {
                file.error(&k.value, format!("`{key}=` must be a string literal"))
            })?;
        }
        let mut format = String::new();
        let mut operands = vec![];
        for (i, a) in c.arguments.args.iter().enumerate() {
            if i > 0 {
                format.push_str(&escape(&sep));
            }
            match literal(a) {
                Some(text) => format.push_str(&escape(&text)),
                None => {
                    operands.push(self.expr(a)?);
                    format.push_str("{}");
                }
            }
        }
        format.push_str(&escape(&end));
        let name = self.str_attr("print");
        let format = self.str_attr(&format);
        Ok(self.value(
            c,
            &py::CALL_BUILTIN,
            &operands,
            &[("name", name), ("format", format)],
        ))
    }

    pub(super) fn module_call(&mut self, c: &ast::ExprCall, callee: &str) -> LResult<Value> {
        let scope = self.scope;
        let symbol = format!("{}{callee}", scope.prefix);
        if scope.templates.contains_key(callee) {
            return self.template_call(c, callee);
        }
        self.call_function(c, callee, &scope.functions[callee], &symbol, vec![])
    }

    /// A call of the function `symbol` (shown as `callee`) with `params`: `leading` (the
    /// captures of an inner function), then the arguments bound by position and keyword,
    /// defaults filled in.
    pub(super) fn call_function(
        &mut self,
        c: &ast::ExprCall,
        callee: &str,
        params: &Params,
        symbol: &str,
        leading: Vec<Value>,
    ) -> LResult<Value> {
        let mut args = leading;
        for e in self.bind_arguments(c, callee, params)? {
            args.push(self.expr(&e)?);
        }
        let callee_attr = self.ctx.intern_attr(AttrKind::Symbol(symbol.to_string()));
        Ok(self.value(c, &py::CALL, &args, &[("callee", callee_attr)]))
    }

    /// The argument expressions of call `c` in the order of `params`, bound by position and
    /// keyword, defaults filled in.
    pub(super) fn bind_arguments(
        &self,
        c: &ast::ExprCall,
        callee: &str,
        params: &Params,
    ) -> LResult<Vec<Expr>> {
        let file = self.file;
        let n = params.names.len();
        let given = c.arguments.args.len();
        if given > n {
            return Err(file.error(
                c,
                format!("{callee}() takes {n} positional arguments but {given} were given"),
            ));
        }
        let mut slots: Vec<Option<&Expr>> = c.arguments.args.iter().map(Some).collect();
        slots.resize(n, None);
        for k in &c.arguments.keywords {
            let key = k.arg.as_ref().expect("checked by the caller").as_str();
            let Some(i) = params.names.iter().position(|p| p == key) else {
                return Err(file.error(
                    k,
                    format!("{callee}() got an unexpected keyword argument `{key}`"),
                ));
            };
            if slots[i].is_some() {
                return Err(file.error(
                    k,
                    format!("{callee}() got multiple values for argument `{key}`"),
                ));
            }
            slots[i] = Some(&k.value);
        }
        let mut args = vec![];
        for (i, slot) in slots.iter().enumerate() {
            args.push(match (slot, &params.defaults[i]) {
                (Some(e), _) => (*e).clone(),
                (None, Some(d)) => d.clone(),
                (None, None) => {
                    return Err(file.error(
                        c,
                        format!("{callee}() missing required argument `{}`", params.names[i]),
                    ))
                }
            });
        }
        Ok(args)
    }

    /// `[elt for t in it if c ...]` (and `{k: v for ...}`, `{x for ...}`): a new, empty list
    /// (dict, set) filled by the loops the comprehension names, as `tmp = []` then `for t in
    /// it: if c: ... tmp.append(elt)` (`store` makes the innermost statement from `tmp`; the
    /// loop variables stay inside, as Python 3's comprehension scope keeps them).
    pub(super) fn comprehension(
        &mut self,
        range: ruff_text_size::TextRange,
        empty: &'static crate::dialects::ir::OpDef,
        generators: &[ast::Comprehension],
        store: &dyn Fn(Expr) -> Stmt,
    ) -> LResult<Value> {
        if let Some(g) = generators.iter().find(|g| g.is_async) {
            return Err(self.file.error(g, "async comprehensions are not supported"));
        }
        // Not a Python name: no user variable can be it.
        let tmp = format!("comprehension at {}", u32::from(range.start()));
        let loc = self.file.loc(&range);
        let made = self.emit_at(empty, &[], 1, &[], vec![], loc);
        let made = self.ctx.result(made, 0);
        self.env.insert(tmp.clone(), made);
        let mut body = store(Expr::Name(ast::ExprName {
            node_index: Default::default(),
            range,
            id: ast::name::Name::new(&tmp),
            ctx: ast::ExprContext::Load,
        }));
        for g in generators.iter().rev() {
            for cond in g.ifs.iter().rev() {
                body = Stmt::If(ast::StmtIf {
                    node_index: Default::default(),
                    range: g.range,
                    test: Box::new(cond.clone()),
                    body: vec![body].into(),
                    elif_else_clauses: vec![],
                });
            }
            body = Stmt::For(ast::StmtFor {
                node_index: Default::default(),
                range: g.range,
                is_async: false,
                target: Box::new(g.target.clone()),
                iter: Box::new(g.iter.clone()),
                body: vec![body].into(),
                orelse: Default::default(),
            });
        }
        // The variables the comprehension's loops bind, as they are outside it.
        let outside: Vec<(String, Option<Value>)> = generators
            .iter()
            .flat_map(|g| target_names(&g.target))
            .flat_map(|n| [format!("{n}.defined"), n])
            .map(|n| {
                let v = self.env.get(&n).copied();
                (n, v)
            })
            .collect();
        self.comprehensions += 1;
        let lowered = self.stmt(&body);
        self.comprehensions -= 1;
        lowered?;
        for (n, v) in outside {
            match v {
                Some(v) => self.env.insert(n, v),
                None => self.env.remove(&n),
            };
        }
        Ok(self
            .env
            .remove(&tmp)
            .expect("the comprehension's container"))
    }

    /// A call of the prelude function `symbol` (`np._sorted`), with `receiver` (a method's
    /// object) before the call's own arguments.
    fn prelude_call(
        &mut self,
        c: &ast::ExprCall,
        symbol: &str,
        receiver: Option<&Expr>,
    ) -> LResult<Value> {
        let params = self
            .scope
            .prelude
            .get(symbol)
            .expect("the prelude defines it");
        let mut call = c.clone();
        if let Some(r) = receiver {
            let args: Vec<Expr> = std::iter::once(r.clone())
                .chain(c.arguments.args.iter().cloned())
                .collect();
            call.arguments.args = args.into_boxed_slice();
        }
        let shown = symbol.strip_prefix("np._").unwrap_or(symbol);
        self.call_function(&call, shown, params, symbol, vec![])
    }
}

/// The expression `target.method(args)` (located at the first argument, else the target).
pub(super) fn method_call(target: Expr, method: &str, args: Vec<Expr>) -> Expr {
    let range = args.first().map_or(target.range(), Ranged::range);
    Expr::Call(ast::ExprCall {
        node_index: Default::default(),
        range_start: range.start(),
        func: Box::new(Expr::Attribute(ast::ExprAttribute {
            node_index: Default::default(),
            range,
            value: Box::new(target),
            attr: ast::Identifier::new(method, range),
            ctx: ast::ExprContext::Load,
        })),
        arguments: ast::Arguments {
            range,
            node_index: Default::default(),
            args: args.into_boxed_slice(),
            keywords: Default::default(),
        },
    })
}
