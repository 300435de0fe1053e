//! Functions as values, resolved at compile time (as Numba's dispatcher types are).
//!
//! - An inner function (`def` inside a function) or a lambda bound to a name is lifted to a
//!   module-level function `OUTER.NAME` whose first parameters are the variables of the
//!   enclosing function it reads (its captures). A call passes their values at the call, so a
//!   capture reassigned after the `def` is read as CPython reads it (late binding). Inner
//!   functions can only be called (or passed to a function that calls them): they cannot be
//!   stored or returned.
//! - A module function that calls one of its parameters (`def apply(f, x): return f(x)`) is a
//!   template: each call with function arguments (a module function, an inner function, a
//!   lambda) lowers a specialisation `apply$f$square` in which `f` names that function; the
//!   captures of the functions passed come first among its parameters.

use ruff_python_ast::visitor::{self, Visitor};

use super::*;

/// A function known at compile time, callable by a local name.
#[derive(Clone, Debug)]
pub(super) struct FunctionRef {
    /// The IR symbol called.
    symbol: String,
    /// Its name in messages.
    shown: String,
    params: Params,
    /// The variables (of the function that holds this reference) passed first.
    captures: Vec<String>,
}

/// What a function is lowered as: its symbol, parameters (captures first) and the functions it
/// can call by a local name.
pub(super) struct Header {
    pub(super) symbol: String,
    pub(super) params: Vec<String>,
    pub(super) names: ModuleNames,
    pub(super) local_functions: HashMap<String, FunctionRef>,
}

impl Header {
    pub(super) fn module_function(scope: &ModuleScope, f: &ast::StmtFunctionDef) -> Header {
        Header {
            symbol: format!("{}{}", scope.prefix, f.name),
            params: scope.functions[f.name.as_str()].names.clone(),
            names: scope.names.clone(),
            local_functions: HashMap::new(),
        }
    }
}

/// A specialisation of a template for the functions its call passes.
#[derive(Clone, Debug)]
pub(super) struct Specialization {
    template: String,
    symbol: String,
    /// Parameter name → the function passed (its captures named by the specialisation's
    /// leading parameters).
    bound: Vec<(String, FunctionRef)>,
}

/// A lowered function and what lowering it produced besides.
pub(super) struct Lowered {
    pub(super) op: OpId,
    /// Its inner functions, lifted: (symbol, op).
    pub(super) lifted: Vec<(String, OpId)>,
    pub(super) requests: Vec<Specialization>,
}

impl Lowered {
    /// Appends the function and its lifted inner functions to the module; returns the
    /// specialisations it needs.
    pub(super) fn add_to(
        self,
        ctx: &mut Context,
        body: BlockId,
        functions: &mut Vec<FunctionDecl>,
        name: &str,
        decorator: Option<Decorator>,
    ) -> Vec<Specialization> {
        ctx.append_op(body, self.op);
        functions.push(FunctionDecl {
            name: name.to_string(),
            op: self.op,
            decorator,
        });
        for (symbol, op) in self.lifted {
            ctx.append_op(body, op);
            functions.push(FunctionDecl {
                name: symbol,
                op,
                decorator: None,
            });
        }
        self.requests
    }
}

/// The module functions that call one of their parameters, or pass it on to such a parameter
/// of another: name → those parameters.
pub(super) fn templates(module: &ast::ModModule) -> HashMap<String, Vec<String>> {
    let defs = module_functions(module);
    let params: HashMap<&str, Vec<&str>> = defs
        .iter()
        .map(|f| {
            let names = f
                .parameters
                .posonlyargs
                .iter()
                .chain(&f.parameters.args)
                .map(|p| p.parameter.name.as_str())
                .collect();
            (f.name.as_str(), names)
        })
        .collect();
    let uses: Vec<Names> = defs
        .iter()
        .map(|f| {
            let mut names = Names::default();
            for s in &f.body {
                names.visit_stmt(s);
            }
            names
        })
        .collect();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    loop {
        let mut changed = false;
        for (f, uses) in defs.iter().zip(&uses) {
            let mine = &params[f.name.as_str()];
            for p in mine {
                let passed_on = uses.passed.iter().any(|(callee, slot, arg)| {
                    arg == p
                        && out.get(callee).is_some_and(|fs| {
                            let name = match slot {
                                Slot::Position(i) => params
                                    .get(callee.as_str())
                                    .and_then(|ps| ps.get(*i))
                                    .copied(),
                                Slot::Keyword(k) => Some(k.as_str()),
                            };
                            name.is_some_and(|n| fs.iter().any(|x| x == n))
                        })
                });
                let known = out
                    .get(f.name.as_str())
                    .is_some_and(|fs| fs.iter().any(|x| x == p));
                if !known && (uses.called.iter().any(|c| c == p) || passed_on) {
                    out.entry(f.name.to_string())
                        .or_default()
                        .push(p.to_string());
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    out
}

/// The error of compiling the template `f` on its own (its function parameters `params`).
pub(super) fn entry_template_error(
    file: &SourceFile,
    f: &ast::StmtFunctionDef,
    params: &[String],
) -> Diagnostic {
    let param = f
        .parameters
        .posonlyargs
        .iter()
        .chain(&f.parameters.args)
        .find(|p| params.iter().any(|n| n == p.parameter.name.as_str()))
        .expect("a function parameter");
    file.error(
        &param.parameter,
        format!(
            "`{}` takes a function as its argument `{}`: it can be called with one from compiled code, not compiled on its own",
            f.name,
            param.parameter.name
        ),
    )
    .with_note("compiled functions called from Python take numbers, arrays and tuples; pass the function from a compiled caller")
}

/// How many specialisations for function arguments a module may need (a recursive function
/// that passes itself a new lambda at each call would need them without end).
const MAX_SPECIALISATIONS: usize = 500;

/// Lowers the specialisations `requests` ask for (and those they ask for in turn), once each.
#[allow(clippy::too_many_arguments)]
pub(super) fn lower_specialisations(
    ctx: &mut Context,
    file: &SourceFile,
    scope: &ModuleScope,
    defs: &[&ast::StmtFunctionDef],
    body: BlockId,
    mut pending: Vec<Specialization>,
    functions: &mut Vec<FunctionDecl>,
    unlowered: &mut Vec<(String, Diagnostic)>,
) {
    let mut seen = HashSet::new();
    while let Some(spec) = pending.pop() {
        if !seen.insert(spec.symbol.clone()) {
            continue;
        }
        if seen.len() > MAX_SPECIALISATIONS {
            let def = defs.iter().find(|d| d.name.as_str() == spec.template);
            let error = file.error(
                &def.expect("a template of this module").name,
                format!(
                    "more than {MAX_SPECIALISATIONS} specialisations of functions for their function arguments: does `{}` pass itself a new function at each call?",
                    spec.template
                ),
            );
            unlowered.push((spec.symbol, error));
            continue;
        }
        let def = defs
            .iter()
            .find(|d| d.name.as_str() == spec.template)
            .expect("a template of this module");
        let mut params: Vec<String> = spec
            .bound
            .iter()
            .flat_map(|(_, f)| f.captures.clone())
            .collect();
        params.extend(
            scope.functions[&spec.template]
                .names
                .iter()
                .filter(|p| !spec.bound.iter().any(|(b, _)| b == *p))
                .cloned(),
        );
        let header = Header {
            symbol: spec.symbol.clone(),
            params,
            names: scope.names.clone(),
            local_functions: spec.bound.iter().cloned().collect(),
        };
        match FunctionLowerer::lower_in(ctx, file, scope, def, None, header) {
            Ok(lowered) => pending.extend(lowered.add_to(ctx, body, functions, &spec.symbol, None)),
            Err(error) => unlowered.push((spec.symbol, error)),
        }
    }
}

/// Where an argument is passed.
enum Slot {
    Position(usize),
    Keyword(String),
}

/// Names read (`called`: called; `passed`: passed as an argument to a named function, with
/// that function and the slot) in statements, nested functions and lambdas included.
#[derive(Default)]
struct Names {
    read: Vec<String>,
    called: Vec<String>,
    passed: Vec<(String, Slot, String)>,
}

impl<'a> Visitor<'a> for Names {
    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) if n.ctx.is_load() && !self.read.iter().any(|r| r == n.id.as_str()) => {
                self.read.push(n.id.to_string());
            }
            Expr::Call(c) => {
                if let Expr::Name(f) = &*c.func {
                    self.called.push(f.id.to_string());
                    for (i, a) in c.arguments.args.iter().enumerate() {
                        if let Expr::Name(n) = a {
                            self.passed.push((
                                f.id.to_string(),
                                Slot::Position(i),
                                n.id.to_string(),
                            ));
                        }
                    }
                    for k in &c.arguments.keywords {
                        if let (Some(key), Expr::Name(n)) = (&k.arg, &k.value) {
                            let slot = Slot::Keyword(key.to_string());
                            self.passed.push((f.id.to_string(), slot, n.id.to_string()));
                        }
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, e);
    }
}

impl FunctionLowerer<'_> {
    /// `def NAME(...)` inside the function: lowered now, lifted to module level.
    pub(super) fn define_inner(&mut self, f: &ast::StmtFunctionDef) -> LResult<()> {
        if let Some(d) = f.decorator_list.first() {
            return Err(self
                .file
                .error(d, "decorators on inner functions are not supported")
                .with_note("an inner function is compiled with the function that defines it"));
        }
        let name = f.name.to_string();
        let params = params_of(self.file, f, &self.scope.constants)?;
        self.lift(f, name, params).map(|_| ())
    }

    /// `NAME = lambda ...: ...`: as `def NAME(...): return ...`. False when `a` is another
    /// assignment.
    pub(super) fn define_lambda(&mut self, a: &ast::StmtAssign) -> LResult<bool> {
        let ([Expr::Name(n)], Expr::Lambda(lambda)) = (&a.targets[..], &*a.value) else {
            return Ok(false);
        };
        let def = lambda_def(lambda, n.id.as_str());
        let params = params_of(self.file, &def, &self.scope.constants)?;
        self.lift(&def, n.id.to_string(), params)?;
        Ok(true)
    }

    /// Lowers the inner function `f`, callable here as `name`, to a module-level function whose
    /// leading parameters are the variables of this function that it reads.
    fn lift(
        &mut self,
        f: &ast::StmtFunctionDef,
        name: String,
        params: Params,
    ) -> LResult<FunctionRef> {
        let mut read = Names::default();
        for s in &f.body {
            read.visit_stmt(s);
        }
        let locals: Vec<String> = params
            .names
            .iter()
            .cloned()
            .chain(assigned_names(&f.body))
            .collect();
        let mut captures: Vec<String> = vec![];
        for r in read.read.iter().filter(|r| !locals.contains(r)) {
            let needed = if self.env.contains_key(r) {
                vec![r.clone()]
            } else if let Some(g) = self.local_functions.get(r).filter(|_| *r != name) {
                if let Some(c) = g.captures.iter().find(|c| locals.contains(c)) {
                    return Err(self.file.error(
                        &f.name,
                        format!(
                            "`{name}` calls `{r}`, which reads the variable `{c}` of the enclosing function, but `{name}` has its own `{c}`"
                        ),
                    )
                    .with_note(format!("rename `{c}` in `{name}`")));
                }
                g.captures.clone()
            } else {
                vec![]
            };
            for c in needed {
                if !captures.contains(&c) {
                    captures.push(c);
                }
            }
        }
        let mut symbol = format!("{}.{name}", self.symbol);
        let mut k = 1;
        while self.lifted.iter().any(|(s, _)| *s == symbol) {
            k += 1;
            symbol = format!("{}.{name}${k}", self.symbol);
        }
        let function = FunctionRef {
            symbol: symbol.clone(),
            shown: name.clone(),
            params: params.clone(),
            captures: captures.clone(),
        };
        let mut local_functions = self.local_functions.clone();
        local_functions.insert(name.clone(), function.clone());
        let header = Header {
            symbol: symbol.clone(),
            params: captures.iter().cloned().chain(params.names).collect(),
            names: self.names.clone(),
            local_functions,
        };
        let lowered =
            FunctionLowerer::lower_in(&mut *self.ctx, self.file, self.scope, f, None, header)?;
        self.lifted.push((symbol, lowered.op));
        self.lifted.extend(lowered.lifted);
        self.requests.extend(lowered.requests);
        self.env.remove(&name);
        self.maybe_undefined.remove(&name);
        self.local_functions.insert(name, function.clone());
        Ok(function)
    }

    /// The local function names (re)defined since `before`; `before` becomes current again
    /// (a branch's definitions are not seen by the other branch).
    pub(super) fn functions_defined_since(
        &mut self,
        before: &HashMap<String, FunctionRef>,
    ) -> Vec<String> {
        let now = std::mem::replace(&mut self.local_functions, before.clone());
        let mut names: Vec<String> = now
            .iter()
            .filter(|(n, f)| before.get(*n).is_none_or(|b| b.symbol != f.symbol))
            .map(|(n, _)| n.clone())
            .collect();
        names.extend(before.keys().filter(|n| !now.contains_key(*n)).cloned());
        names
    }

    /// After an `if` or a loop: a function (re)defined in a branch or the loop body is not
    /// known after it (`why` says so at a use).
    pub(super) fn forget_functions(&mut self, names: Vec<String>, why: &'static str) {
        for n in names {
            if self.local_functions.remove(&n).is_some() || !self.env.contains_key(&n) {
                self.maybe_undefined.insert(n, why);
            }
        }
    }

    /// The function a local name calls, if it names one (and no variable).
    pub(super) fn local_function(&self, name: &str) -> Option<FunctionRef> {
        if self.env.contains_key(name) {
            return None;
        }
        self.local_functions.get(name).cloned()
    }

    /// A call of a function known by a local name: its captures, then the arguments.
    pub(super) fn call_local(&mut self, c: &ast::ExprCall, f: &FunctionRef) -> LResult<Value> {
        let leading = self.capture_values(c, f)?;
        self.call_function(c, &f.shown, &f.params, &f.symbol, leading)
    }

    fn capture_values(&mut self, node: &impl Ranged, f: &FunctionRef) -> LResult<Vec<Value>> {
        let mut values = vec![];
        for c in &f.captures {
            let Some(&v) = self.env.get(c) else {
                return Err(self.file.error(
                    node,
                    format!(
                        "`{}` reads the variable `{c}`, which is not defined here",
                        f.shown
                    ),
                ));
            };
            // CPython's error for a free variable not assigned yet.
            let message = format!(
                "cannot access free variable '{c}' where it is not associated with a value in enclosing scope"
            );
            self.check_flag(c, node, "NameError", &message)?;
            values.push(v);
        }
        Ok(values)
    }

    /// A call of the template `callee`: the function arguments select (and are compiled
    /// into) a specialisation; the other arguments are passed.
    pub(super) fn template_call(&mut self, c: &ast::ExprCall, callee: &str) -> LResult<Value> {
        let scope = self.scope;
        let params = &scope.functions[callee];
        let arguments = self.bind_arguments(c, callee, params)?;
        let function_params = &scope.templates[callee];
        let mut symbol = format!("{}{callee}", scope.prefix);
        let mut bound = vec![];
        let mut leading = vec![];
        let mut args = vec![];
        for (name, e) in params.names.iter().zip(&arguments) {
            if !function_params.contains(name) {
                args.push(self.expr(e)?);
                continue;
            }
            let f = self.function_value(e)?;
            leading.extend(self.capture_values(e, &f)?);
            symbol.push_str(&format!("${name}${}", f.symbol));
            let captures = f.captures.iter().map(|c| format!("{name}.{c}")).collect();
            bound.push((name.clone(), FunctionRef { captures, ..f }));
        }
        self.requests.push(Specialization {
            template: callee.to_string(),
            symbol: symbol.clone(),
            bound,
        });
        leading.extend(args);
        let callee_attr = self.ctx.intern_attr(AttrKind::Symbol(symbol));
        Ok(self.value(c, &py::CALL, &leading, &[("callee", callee_attr)]))
    }

    /// The function an argument passed for a function parameter names: a module function, a
    /// function known by a local name, or a lambda (lifted here).
    fn function_value(&mut self, e: &Expr) -> LResult<FunctionRef> {
        match e {
            Expr::Name(n) => {
                let name = n.id.as_str();
                if let Some(f) = self.local_function(name) {
                    return Ok(f);
                }
                let scope = self.scope;
                if !self.env.contains_key(name) {
                    if let Some(params) = scope.functions.get(name) {
                        if scope.templates.contains_key(name) {
                            return Err(self.file.error(
                                e,
                                format!("`{name}` takes a function argument itself; it cannot be passed as one"),
                            ));
                        }
                        return Ok(FunctionRef {
                            symbol: format!("{}{name}", scope.prefix),
                            shown: name.to_string(),
                            params: params.clone(),
                            captures: vec![],
                        });
                    }
                }
            }
            Expr::Lambda(lambda) => {
                let def = lambda_def(lambda, "lambda");
                let params = params_of(self.file, &def, &self.scope.constants)?;
                return self.lift(&def, "lambda".to_string(), params);
            }
            _ => {}
        }
        Err(self
            .file
            .error(
                e,
                "expected a function here: the parameter is called as a function",
            )
            .with_note("pass a function of this module, an inner function or a lambda"))
    }
}

/// `lambda PARAMS: BODY` as `def NAME(PARAMS): return BODY`.
fn lambda_def(lambda: &ast::ExprLambda, name: &str) -> ast::StmtFunctionDef {
    let range = lambda.range;
    ast::StmtFunctionDef {
        node_index: Default::default(),
        range,
        is_async: false,
        decorator_list: Default::default(),
        name: ast::Identifier::new(name, range),
        type_params: None,
        parameters: lambda.parameters.clone().unwrap_or_else(|| {
            Box::new(ast::Parameters {
                range,
                node_index: Default::default(),
                posonlyargs: Default::default(),
                args: Default::default(),
                vararg: None,
                kwonlyargs: Default::default(),
                kwarg: None,
            })
        }),
        returns: None,
        body: [Stmt::Return(ast::StmtReturn {
            node_index: Default::default(),
            range: lambda.body.range(),
            value: Some(lambda.body.clone()),
        })]
        .into_iter()
        .collect(),
    }
}
