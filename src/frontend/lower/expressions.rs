//! Expressions: names, operators, comparisons, subscripts, attributes and calls, lowered to
//! `py` ops by the function lowerer.

use super::*;

impl FunctionLowerer<'_> {
    pub(super) fn lookup(&mut self, n: &ast::ExprName) -> LResult<Value> {
        let name = n.id.as_str();
        if let Some(v) = self.env.get(name) {
            return Ok(*v);
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
        if self.scope.functions.contains_key(name) {
            return Err(self.file.error(
                n,
                format!("function `{name}` can only be called here, not used as a value"),
            ));
        }
        if let Some(q) = self.scope.names.imports.get(name) {
            let last = q.rsplit('.').next().unwrap_or(q);
            if q.starts_with("numba.") || q.starts_with("np.") {
                if let Some(t) = super::super::decorators::scalar_type(self.ctx, last) {
                    return Ok(self.constant(n, AttrKind::Type(t)));
                }
            }
        }
        if self.scope.names.imports.contains_key(name) || names::is_builtin(name) {
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
        self.scope.names.resolve(&parts)
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
            Expr::Lambda(_) => {
                return Err(file.error(
                    e,
                    "lambda is not supported; define a function at module level",
                ))
            }
            Expr::Dict(_) | Expr::DictComp(_) => {
                return Err(file.error(e, "dictionaries are not supported in compiled code"))
            }
            Expr::Set(_) | Expr::SetComp(_) => {
                return Err(file.error(e, "sets are not supported in compiled code"))
            }
            Expr::ListComp(_) => {
                return Err(file
                    .error(e, "list comprehensions are not supported yet")
                    .with_note("use a loop that fills an array made with np.empty"))
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
            let constants = match module {
                "math" => names::MATH_CONSTANTS,
                "np" => names::NUMPY_CONSTANTS,
                _ => &[],
            };
            if let Some((_, v)) = constants.iter().find(|(n, _)| *n == name) {
                return Ok(self.float_constant(a, *v));
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
        // A function of this module.
        if let Expr::Name(n) = &*c.func {
            let name = n.id.as_str();
            if !self.env.contains_key(name) && self.scope.functions.contains_key(name) {
                return self.module_call(c, name);
            }
        }
        // A builtin, math or NumPy function.
        let qualified = match &*c.func {
            Expr::Name(n)
                if !self.env.contains_key(n.id.as_str())
                    && !self.scope.names.imports.contains_key(n.id.as_str()) =>
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
            let Some(callable) = library::lookup(&q) else {
                let scope = self.scope;
                return match scope.prelude.get(&q) {
                    Some(params) => self.call_function(c, &q, params, &q),
                    None => Err(names::unsupported_function(file, c, &q)),
                };
            };
            if q == "print" {
                return self.print_call(c);
            }
            names::check_arguments(file, c, callable, 0)?;
            return self.builtin_call(c, &q, None);
        }
        // A method of a value: `A.sum()`.
        if let Expr::Attribute(a) = &*c.func {
            let method = a.attr.as_str();
            let Some(callable) = library::lookup(&format!("ndarray.{method}")) else {
                return Err(file
                    .error(&a.attr, format!("unsupported method `.{method}()`"))
                    .with_note(format!(
                        "supported array methods: {}",
                        library::names_under("ndarray.").join(", ")
                    )));
            };
            names::check_arguments(file, c, callable, 1)?;
            let obj = self.expr(&a.value)?;
            return self.builtin_call(c, &format!("ndarray.{method}"), Some(obj));
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
        self.call_function(c, callee, &scope.functions[callee], &symbol)
    }

    /// A call of the function `symbol` (shown as `callee`) with `params`: arguments bound
    /// by position and keyword, defaults filled in.
    fn call_function(
        &mut self,
        c: &ast::ExprCall,
        callee: &str,
        params: &Params,
        symbol: &str,
    ) -> LResult<Value> {
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
            let e = match (slot, &params.defaults[i]) {
                (Some(e), _) => (*e).clone(),
                (None, Some(d)) => d.clone(),
                (None, None) => {
                    return Err(file.error(
                        c,
                        format!("{callee}() missing required argument `{}`", params.names[i]),
                    ))
                }
            };
            args.push(self.expr(&e)?);
        }
        let callee_attr = self.ctx.intern_attr(AttrKind::Symbol(symbol.to_string()));
        Ok(self.value(c, &py::CALL, &args, &[("callee", callee_attr)]))
    }
}
