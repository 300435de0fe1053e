//! Parser for the text form written by the [printer](super::printer). It parses back exactly what
//! the printer writes (print → parse → print is the identity) and reports errors as
//! [`Diagnostic`]s at `file:line:col` of the IR text.
//!
//! The parts of one op (results, name, operands, attributes, types, regions, location) must be
//! on the op's line (regions open there); ops are separated by newlines.

use std::collections::HashMap;
use std::sync::Arc;

use super::{
    ArrayLayout, AttrKind, BlockId, Context, Diagnostic, FloatKind, Location, MemLayout, OpId,
    OperationState, RegionId, Signedness, Type, TypeKind, Value,
};

/// Parse a whole file. A single top-level `builtin.module` is returned as is; any other list of
/// top-level ops is wrapped in a new `builtin.module`.
pub fn parse_module(ctx: &mut Context, src: &str, filename: &str) -> Result<OpId, Diagnostic> {
    let mut p = Parser::new(ctx, src, filename);
    let (region, block) = p.ctx.create_region_with_block(&[]);
    p.scopes.push(HashMap::new());
    p.skip_ws();
    while !p.at_end() {
        p.op(block)?;
        p.skip_ws();
    }
    let ops = p.ctx.block_ops(block).to_vec();
    if let [only] = ops[..] {
        if p.ctx.op_name(only) == crate::builtin::MODULE.name {
            p.ctx.detach_op(only);
            return Ok(only);
        }
    }
    let state =
        OperationState::new(&crate::builtin::MODULE, Location::new(filename, 1, 1)).region(region);
    Ok(p.ctx.create_op(state))
}

/// Parse a type written alone, e.g. `tensor<?x3xf64>` (used by the CLI and tests).
pub fn parse_type(ctx: &mut Context, src: &str) -> Result<Type, Diagnostic> {
    let mut p = Parser::new(ctx, src, "<type>");
    p.skip_ws();
    let t = p.ty()?;
    p.skip_ws();
    if !p.at_end() {
        return Err(p.error("unexpected text after type"));
    }
    Ok(t)
}

type PResult<T> = Result<T, Diagnostic>;

/// How deeply regions may nest. Deeper IR is refused with a located error rather than
/// exhausting the stack of the passes that recurse into regions.
pub const MAX_REGION_DEPTH: usize = 4096;

struct Parser<'a> {
    ctx: &'a mut Context,
    src: &'a str,
    pos: usize,
    file: Arc<str>,
    line_starts: Vec<usize>,
    /// Value names visible at the current point, innermost scope last.
    scopes: Vec<HashMap<String, Vec<Value>>>,
}

impl<'a> Parser<'a> {
    fn new(ctx: &'a mut Context, src: &'a str, filename: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Parser {
            ctx,
            src,
            pos: 0,
            file: filename.into(),
            line_starts,
            scopes: vec![],
        }
    }

    // ----- positions and errors -----

    fn location_at(&self, pos: usize) -> Location {
        let line = self.line_starts.partition_point(|s| *s <= pos);
        let col = self.src[self.line_starts[line - 1]..pos].chars().count() + 1;
        Location::FileLineCol {
            file: self.file.clone(),
            line: line as u32,
            col: col as u32,
        }
    }
    fn error_at(&self, pos: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.location_at(pos), message)
    }
    fn error(&self, message: impl Into<String>) -> Diagnostic {
        self.error_at(self.pos, message)
    }

    // ----- characters -----

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }
    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn starts_with(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, s: &str) -> PResult<()> {
        if self.eat(s) {
            Ok(())
        } else {
            let found = self
                .rest()
                .chars()
                .next()
                .map_or("end of input".to_string(), |c| format!("'{c}'"));
            Err(self.error(format!("expected '{s}', found {found}")))
        }
    }
    /// Skip spaces, newlines and `//` comments.
    fn skip_ws(&mut self) {
        loop {
            let before = self.pos;
            while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
                self.pos += c.len_utf8();
            }
            if self.starts_with("//") {
                self.pos += self.rest().find('\n').unwrap_or(self.rest().len());
            }
            if self.pos == before {
                return;
            }
        }
    }
    /// Skip spaces and tabs only: the parts of one op stay on its line.
    fn skip_inline(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }
    fn word(&mut self, extra: &[char]) -> &'a str {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(&c))
        {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }
    fn identifier(&mut self, what: &str) -> PResult<&'a str> {
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            return Err(self.error(format!("expected {what}")));
        }
        Ok(self.word(&['$', '.']))
    }

    // ----- operations -----

    fn op(&mut self, block: BlockId) -> PResult<OpId> {
        let start = self.pos;
        let mut result_names: Vec<(String, usize)> = vec![];
        let mut n_results = 0;
        if self.peek() == Some('%') {
            let (name, count) = self.result_name()?;
            n_results = count;
            result_names.push((name, count));
            self.skip_inline();
            self.expect("=")?;
            self.skip_inline();
        }
        let name_pos = self.pos;
        let name = self.identifier("an operation name")?;
        let Some(def) = self.ctx.registry().get(name) else {
            return Err(self.error_at(name_pos, format!("unknown operation `{name}`")));
        };
        self.skip_inline();
        let mut operands = vec![];
        let mut operand_pos = vec![];
        if self.peek() == Some('%') {
            loop {
                operand_pos.push(self.pos);
                operands.push(self.value_use()?);
                self.skip_inline();
                if !self.eat(",") {
                    break;
                }
                self.skip_inline();
            }
        }
        let mut attrs = vec![];
        if self.peek() == Some('{') && self.looks_like_attr_dict() {
            attrs = self.attr_dict()?;
            self.skip_inline();
        }
        let mut result_types = vec![];
        if self.eat(":") {
            self.skip_inline();
            let types_pos = self.pos;
            if self.peek() == Some('(') {
                let operand_types = self.type_list()?;
                self.skip_inline();
                self.expect("->")?;
                self.skip_inline();
                result_types = if self.peek() == Some('(') {
                    self.type_list()?
                } else {
                    vec![self.ty()?]
                };
                if operand_types.len() != operands.len() {
                    return Err(self.error_at(
                        types_pos,
                        format!(
                            "{} operands but {} operand types",
                            operands.len(),
                            operand_types.len()
                        ),
                    ));
                }
                for ((v, t), pos) in operands.iter().zip(&operand_types).zip(&operand_pos) {
                    self.check_operand_type(*v, *t, *pos)?;
                }
            } else {
                let t = self.ty()?;
                for (v, pos) in operands.iter().zip(&operand_pos) {
                    self.check_operand_type(*v, t, *pos)?;
                }
                result_types = vec![t; n_results];
            }
            self.skip_inline();
        } else if !operands.is_empty() || n_results > 0 {
            return Err(self.error("expected ':' and the types of the operands and results"));
        }
        if result_types.len() != n_results {
            return Err(self.error_at(
                start,
                format!(
                    "{} result names but {} result types",
                    n_results,
                    result_types.len()
                ),
            ));
        }
        let mut regions = vec![];
        while self.peek() == Some('{') {
            regions.push(self.region()?);
            self.skip_inline();
        }
        let loc = if self.starts_with("loc(") {
            self.location()?
        } else {
            self.location_at(start)
        };
        self.skip_inline();
        if !self.at_end() && !matches!(self.peek(), Some('\n' | '\r')) && !self.starts_with("//") {
            return Err(self.error("expected end of line after operation"));
        }
        let mut state = OperationState::new(def, loc)
            .operands(&operands)
            .results(&result_types);
        for (k, a) in attrs {
            state = state.attr(&k, a);
        }
        for r in regions {
            state = state.region(r);
        }
        let op = self.ctx.create_op(state);
        self.ctx.append_op(block, op);
        if let Some((name, _)) = result_names.pop() {
            let results = self.ctx.results(op).to_vec();
            self.define(name, results, start)?;
        }
        Ok(op)
    }

    fn check_operand_type(&self, v: Value, t: Type, pos: usize) -> PResult<()> {
        let actual = self.ctx.value_type(v);
        if actual == t {
            return Ok(());
        }
        Err(self.error_at(
            pos,
            format!(
                "operand has type {} but the signature says {}",
                super::printer::type_to_string(self.ctx, actual),
                super::printer::type_to_string(self.ctx, t)
            ),
        ))
    }

    fn define(&mut self, name: String, values: Vec<Value>, pos: usize) -> PResult<()> {
        let scope = self.scopes.last_mut().expect("a scope is open");
        if scope.contains_key(&name) {
            return Err(self.error_at(pos, format!("redefinition of value %{name}")));
        }
        scope.insert(name, values);
        Ok(())
    }

    /// `%name` or `%name:N` at a definition.
    fn result_name(&mut self) -> PResult<(String, usize)> {
        self.expect("%")?;
        let name = self.word(&['$', '.']).to_string();
        if name.is_empty() {
            return Err(self.error("expected a value name after '%'"));
        }
        let count = if self.eat(":") {
            self.unsigned("a result count")? as usize
        } else {
            1
        };
        Ok((name, count))
    }

    /// `%name` or `%name#i` at a use.
    fn value_use(&mut self) -> PResult<Value> {
        let start = self.pos;
        self.expect("%")?;
        let name = self.word(&['$', '.']);
        let index = if self.eat("#") {
            Some(self.unsigned("a result index")? as usize)
        } else {
            None
        };
        let Some(values) = self.scopes.iter().rev().find_map(|s| s.get(name)) else {
            return Err(self.error_at(start, format!("use of undefined value %{name}")));
        };
        match (index, values.len()) {
            (None, 1) => Ok(values[0]),
            (None, n) => {
                Err(self.error_at(start, format!("%{name} has {n} results; use %{name}#i")))
            }
            (Some(i), n) if i < n => Ok(values[i]),
            (Some(i), n) => Err(self.error_at(
                start,
                format!("result #{i} out of range: %{name} has {n} results"),
            )),
        }
    }

    fn unsigned(&mut self, what: &str) -> PResult<u64> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.src[start..self.pos]
            .parse()
            .map_err(|_| self.error_at(start, format!("expected {what}")))
    }

    // ----- regions and blocks -----

    fn region(&mut self) -> PResult<RegionId> {
        // The top level and every enclosing block has a scope.
        if self.scopes.len() > MAX_REGION_DEPTH {
            return Err(self.error(format!(
                "regions nested too deeply (more than {MAX_REGION_DEPTH} levels)"
            )));
        }
        self.expect("{")?;
        let region = self.ctx.create_region();
        self.skip_ws();
        if self.eat("}") {
            return Ok(region);
        }
        let mut first = true;
        loop {
            self.skip_ws();
            if self.eat("}") {
                return Ok(region);
            }
            let block = if self.peek() == Some('^') {
                self.block_header()?
            } else if first {
                self.scopes.push(HashMap::new());
                self.ctx.create_block(&[])
            } else {
                return Err(self.error("expected a block label '^bbN:'"));
            };
            first = false;
            self.ctx.append_block(region, block);
            loop {
                self.skip_ws();
                if self.at_end() {
                    return Err(self.error("unterminated region: expected '}'"));
                }
                if matches!(self.peek(), Some('}' | '^')) {
                    break;
                }
                self.op(block)?;
            }
            self.scopes.pop();
        }
    }

    /// `^bb0(%a: T, %b: U):` — opens the block's scope with its arguments.
    fn block_header(&mut self) -> PResult<BlockId> {
        self.expect("^")?;
        self.word(&[]);
        let block = self.ctx.create_block(&[]);
        self.scopes.push(HashMap::new());
        if self.eat("(") {
            loop {
                self.skip_ws();
                let pos = self.pos;
                self.expect("%")?;
                let name = self.word(&['$', '.']).to_string();
                self.skip_ws();
                self.expect(":")?;
                self.skip_ws();
                let ty = self.ty()?;
                let v = self.ctx.add_block_arg(block, ty);
                self.define(name, vec![v], pos)?;
                self.skip_ws();
                if self.eat(")") {
                    break;
                }
                self.expect(",")?;
            }
        }
        self.expect(":")?;
        Ok(block)
    }

    fn location(&mut self) -> PResult<Location> {
        self.expect("loc(")?;
        if self.eat("unknown)") {
            return Ok(Location::Unknown);
        }
        let file = self.string()?;
        self.expect(":")?;
        let line = self.unsigned("a line number")? as u32;
        self.expect(":")?;
        let col = self.unsigned("a column number")? as u32;
        self.expect(")")?;
        Ok(Location::FileLineCol {
            file: file.into(),
            line,
            col,
        })
    }

    // ----- attributes -----

    /// At `{`: an attribute dictionary starts with `key =`, `key,` or `key}` where the key has no
    /// dot; anything else (an op, a value, a block label, `}`) starts a region.
    fn looks_like_attr_dict(&mut self) -> bool {
        let save = self.pos;
        self.pos += 1;
        self.skip_ws();
        let is_dict = if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            let w = self.word(&['$', '.']);
            self.skip_ws();
            !w.contains('.') && matches!(self.peek(), Some('=' | ',' | '}'))
        } else {
            false
        };
        self.pos = save;
        is_dict
    }

    fn attr_dict(&mut self) -> PResult<Vec<(String, super::Attr)>> {
        self.expect("{")?;
        let mut out: Vec<(String, super::Attr)> = vec![];
        loop {
            self.skip_ws();
            let pos = self.pos;
            let key = self.word(&['$']).to_string();
            if key.is_empty() {
                return Err(self.error("expected an attribute name"));
            }
            if out.iter().any(|(k, _)| *k == key) {
                return Err(self.error_at(pos, format!("duplicate attribute `{key}`")));
            }
            self.skip_ws();
            let value = if self.eat("=") {
                self.skip_ws();
                self.attr()?
            } else {
                self.ctx.intern_attr(AttrKind::Unit)
            };
            out.push((key, value));
            self.skip_ws();
            if self.eat("}") {
                return Ok(out);
            }
            self.expect(",")?;
        }
    }

    fn attr(&mut self) -> PResult<super::Attr> {
        let kind = match self.peek() {
            Some('"') => AttrKind::Str(self.string()?),
            Some('@') => {
                self.pos += 1;
                if self.peek() == Some('"') {
                    AttrKind::Symbol(self.string()?)
                } else {
                    AttrKind::Symbol(self.identifier("a symbol name")?.to_string())
                }
            }
            Some('[') => {
                self.pos += 1;
                let mut items = vec![];
                self.skip_ws();
                if !self.eat("]") {
                    loop {
                        self.skip_ws();
                        items.push(self.attr()?);
                        self.skip_ws();
                        if self.eat("]") {
                            break;
                        }
                        self.expect(",")?;
                    }
                }
                AttrKind::Array(items)
            }
            Some(c) if c == '-' || c.is_ascii_digit() => self.number_attr()?,
            _ if self.keyword("true") => AttrKind::Bool(true),
            _ if self.keyword("false") => AttrKind::Bool(false),
            _ if self.keyword("unit") => AttrKind::Unit,
            _ if self.eat("array<i64") => {
                let mut items = vec![];
                if self.eat(":") {
                    loop {
                        self.skip_ws();
                        items.push(self.signed_int()?);
                        self.skip_ws();
                        if !self.eat(",") {
                            break;
                        }
                    }
                }
                self.expect(">")?;
                AttrKind::I64Array(items)
            }
            _ => AttrKind::Type(self.ty()?),
        };
        Ok(self.ctx.intern_attr(kind))
    }

    /// Eat `word` when it is followed by a non-identifier character.
    fn keyword(&mut self, word: &str) -> bool {
        match self.rest().strip_prefix(word) {
            Some(after)
                if !after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                self.pos += word.len();
                true
            }
            _ => false,
        }
    }

    fn signed_int(&mut self) -> PResult<i64> {
        let start = self.pos;
        self.eat("-");
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.src[start..self.pos]
            .parse()
            .map_err(|_| self.error_at(start, "expected an integer"))
    }

    /// `5 : i64`, `-1.5 : f32`, `0x7FF0000000000000 : f64` (float bits), `7` (i64), `2.5` (f64).
    fn number_attr(&mut self) -> PResult<AttrKind> {
        let start = self.pos;
        let negative = self.eat("-");
        let hex = self.eat("0x");
        let digits_start = self.pos;
        let mut is_float = false;
        while let Some(c) = self.peek() {
            let exponent_sign = (c == '+' || c == '-')
                && matches!(self.src[..self.pos].chars().last(), Some('e' | 'E'));
            if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            } else if !hex && (c == '.' || c == 'e' || c == 'E' || exponent_sign) {
                is_float = true;
            } else {
                break;
            }
            self.pos += 1;
        }
        let text = &self.src[start..self.pos];
        let save = self.pos;
        self.skip_inline();
        let ty = if self.eat(":") {
            self.skip_inline();
            Some(self.ty()?)
        } else {
            self.pos = save;
            None
        };
        let bad = |p: &Self| p.error_at(start, format!("invalid number `{text}`"));
        let ty_is_float = ty.is_some_and(|t| self.ctx.type_kind(t).is_float());
        if hex {
            let bits =
                u64::from_str_radix(&self.src[digits_start..save], 16).map_err(|_| bad(self))?;
            if negative {
                return Err(bad(self));
            }
            return Ok(match ty {
                Some(t) if ty_is_float => AttrKind::Float(bits, t),
                t => AttrKind::Int(bits as i64, t.unwrap_or_else(|| self.ctx.i64())),
            });
        }
        if is_float || ty_is_float {
            let v: f64 = text.parse().map_err(|_| bad(self))?;
            let t = match ty {
                Some(t) if ty_is_float => t,
                Some(_) => return Err(self.error_at(start, "a float literal needs a float type")),
                None => self.ctx.f64(),
            };
            return Ok(AttrKind::float(v, t));
        }
        let v: i64 = text.parse().map_err(|_| {
            self.error_at(start, format!("integer `{text}` does not fit in 64 bits"))
        })?;
        let ty = ty.unwrap_or_else(|| self.ctx.i64());
        if !self.ctx.type_kind(ty).holds_int(v) {
            let name = crate::ir::type_to_string(self.ctx, ty);
            return Err(self.error_at(start, format!("integer `{text}` does not fit in {name}")));
        }
        Ok(AttrKind::Int(v, ty))
    }

    fn string(&mut self) -> PResult<String> {
        let start = self.pos;
        self.expect("\"")?;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error_at(start, "unterminated string"));
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    if self.eat("\"") {
                        out.push('"');
                    } else if self.eat("\\") {
                        out.push('\\');
                    } else if self.eat("n") {
                        out.push('\n');
                    } else if self.eat("t") {
                        out.push('\t');
                    } else {
                        let hex = self.rest().get(..2).unwrap_or("");
                        let byte = u8::from_str_radix(hex, 16)
                            .map_err(|_| self.error("invalid escape in string"))?;
                        self.pos += 2;
                        out.push(byte as char);
                    }
                }
                c => out.push(c),
            }
        }
    }

    // ----- types -----

    fn type_list(&mut self) -> PResult<Vec<Type>> {
        self.expect("(")?;
        let mut out = vec![];
        self.skip_ws();
        if self.eat(")") {
            return Ok(out);
        }
        loop {
            self.skip_ws();
            out.push(self.ty()?);
            self.skip_ws();
            if self.eat(")") {
                return Ok(out);
            }
            self.expect(",")?;
        }
    }

    fn ty(&mut self) -> PResult<Type> {
        let start = self.pos;
        if self.peek() == Some('(') {
            let inputs = self.type_list()?;
            self.skip_inline();
            self.expect("->")?;
            self.skip_inline();
            let results = if self.peek() == Some('(') {
                self.type_list()?
            } else {
                vec![self.ty()?]
            };
            return Ok(self.ctx.intern_type(TypeKind::Function { inputs, results }));
        }
        if self.eat("!py.") {
            let kind = match self.word(&[]) {
                "object" => TypeKind::PyObject,
                "undefined" => TypeKind::PyUndefined,
                "slice" => TypeKind::PySlice,
                "random_generator" => TypeKind::PyRandomGenerator,
                "str" => {
                    self.expect("<")?;
                    let s = self.string()?;
                    self.expect(">")?;
                    TypeKind::PyStr(s)
                }
                "dict" => {
                    self.expect("<")?;
                    let k = self.ty()?;
                    self.expect(",")?;
                    self.skip_ws();
                    let v = self.ty()?;
                    self.expect(">")?;
                    TypeKind::PyDict(k, v)
                }
                word @ ("list" | "set" | "iter" | "dtype") => {
                    self.expect("<")?;
                    let e = self.ty()?;
                    self.expect(">")?;
                    match word {
                        "list" => TypeKind::PyList(e),
                        "set" => TypeKind::PySet(e),
                        "iter" => TypeKind::PyIter(e),
                        _ => TypeKind::PyDType(e),
                    }
                }
                "array" => {
                    self.expect("<")?;
                    let elem = self.ty()?;
                    self.expect(",")?;
                    self.skip_ws();
                    let rank = self.unsigned("an array rank")? as u32;
                    self.expect(",")?;
                    self.skip_ws();
                    let layout = match self.word(&[]) {
                        "C" => ArrayLayout::C,
                        "F" => ArrayLayout::F,
                        "A" => ArrayLayout::A,
                        _ => return Err(self.error("expected an array layout C, F or A")),
                    };
                    self.skip_ws();
                    let readonly = self.eat(",");
                    if readonly {
                        self.skip_ws();
                        if self.word(&[]) != "readonly" {
                            return Err(self.error("expected `readonly`"));
                        }
                    }
                    self.expect(">")?;
                    TypeKind::PyArray {
                        elem,
                        rank,
                        layout,
                        readonly,
                    }
                }
                other => return Err(self.error_at(start, format!("unknown type `!py.{other}`"))),
            };
            return Ok(self.ctx.intern_type(kind));
        }
        let word = self.word(&[]);
        let kind = match word {
            "index" => TypeKind::Index,
            "none" => TypeKind::None,
            "f16" => TypeKind::Float(FloatKind::F16),
            "f32" => TypeKind::Float(FloatKind::F32),
            "f64" => TypeKind::Float(FloatKind::F64),
            "complex" => {
                self.expect("<")?;
                let e = self.ty()?;
                self.expect(">")?;
                TypeKind::Complex(e)
            }
            "tuple" => {
                self.expect("<")?;
                let mut elems = vec![];
                if !self.eat(">") {
                    loop {
                        self.skip_ws();
                        elems.push(self.ty()?);
                        self.skip_ws();
                        if self.eat(">") {
                            break;
                        }
                        self.expect(",")?;
                    }
                }
                TypeKind::Tuple(elems)
            }
            "tensor" => {
                self.expect("<")?;
                let shape = self.shape()?;
                let elem = self.ty()?;
                self.expect(">")?;
                TypeKind::Tensor { shape, elem }
            }
            "memref" => {
                self.expect("<")?;
                let shape = self.shape()?;
                let elem = self.ty()?;
                let layout = if self.eat(",") {
                    self.skip_ws();
                    let layouts = [MemLayout::Strided, MemLayout::InnerContiguous];
                    let texts: Vec<String> = layouts
                        .iter()
                        .filter_map(|l| l.attribute(shape.len()))
                        .collect();
                    match texts.iter().position(|t| self.eat(t)) {
                        Some(k) => layouts[k],
                        None => {
                            return Err(self.error(format!(
                                "expected `{}` (only dynamic strided layouts, the innermost stride possibly 1, are supported)",
                                texts.join("` or `")
                            )))
                        }
                    }
                } else {
                    MemLayout::Identity
                };
                self.expect(">")?;
                TypeKind::MemRef {
                    shape,
                    elem,
                    layout,
                }
            }
            w if w.starts_with("ui") && w[2..].parse::<u32>().is_ok() => TypeKind::Int {
                width: w[2..].parse().unwrap(),
                signedness: Signedness::Unsigned,
            },
            w if w.starts_with('i') && w[1..].parse::<u32>().is_ok() => TypeKind::Int {
                width: w[1..].parse().unwrap(),
                signedness: Signedness::Signless,
            },
            "" => return Err(self.error("expected a type")),
            other => return Err(self.error_at(start, format!("unknown type `{other}`"))),
        };
        if let TypeKind::Int { width, .. } = kind {
            if !matches!(width, 1 | 8 | 16 | 32 | 64) {
                return Err(self.error_at(start, format!("unsupported integer width {width}")));
            }
        }
        Ok(self.ctx.intern_type(kind))
    }

    /// Dimensions `?x3x` before an element type.
    fn shape(&mut self) -> PResult<Vec<Option<u64>>> {
        let mut dims = vec![];
        loop {
            if self.starts_with("?x") {
                self.pos += 2;
                dims.push(None);
            } else if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                let n = self.unsigned("a dimension")?;
                self.expect("x")?;
                dims.push(Some(n));
            } else {
                return Ok(dims);
            }
        }
    }
}
