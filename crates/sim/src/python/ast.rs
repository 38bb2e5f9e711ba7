//! The syntax tree of the Python subset and its parser: statements (`def`, `async def`, `for`,
//! `with`, `if`, imports, `global`, `pass`, assignments, expressions) and expressions (names,
//! attributes, calls with keyword arguments, `await`, `==`, strings, numbers, `True`/`False`,
//! dicts). What the statements *mean* is `build`'s job.

use super::PyError;
use super::lex::{StrLit, Tok, Token};

/// Where a node starts (1-based line and column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn err(self, msg: impl Into<String>) -> PyError {
        PyError::new(self.line, self.col, msg)
    }
}

/// An expression.
#[derive(Clone, Debug)]
pub(super) enum ExprKind {
    Name(String),
    Attr(Box<Expr>, String),
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        kwargs: Vec<(String, Expr)>,
    },
    Await(Box<Expr>),
    Eq(Box<Expr>, Box<Expr>),
    Str(String),
    Num(String),
    Bool(bool),
    Dict(Vec<(Expr, Expr)>),
}

#[derive(Clone, Debug)]
pub(super) struct Expr {
    pub kind: ExprKind,
    pub pos: Pos,
}

impl Expr {
    /// `a.b.c` as "a.b.c" (names and attributes only).
    pub fn dotted(&self) -> Option<String> {
        match &self.kind {
            ExprKind::Name(n) => Some(n.clone()),
            ExprKind::Attr(e, a) => Some(format!("{}.{a}", e.dotted()?)),
            _ => None,
        }
    }
}

/// A call's positional and keyword arguments.
type CallArgs = (Vec<Expr>, Vec<(String, Expr)>);

/// A statement.
#[derive(Clone, Debug)]
pub(super) enum StmtKind {
    Expr(Expr),
    Assign(String, Expr),
    Def {
        name: String,
        is_async: bool,
        body: Vec<Stmt>,
    },
    For {
        count: Expr,
        body: Vec<Stmt>,
    },
    With {
        ctx: Expr,
        body: Vec<Stmt>,
    },
    If {
        test: Expr,
        body: Vec<Stmt>,
    },
    Import(Vec<String>),
    FromImport {
        module: String,
        names: Vec<(String, Pos)>,
    },
    /// `global a, b`: the names.
    Global(Vec<String>),
    Pass,
}

#[derive(Clone, Debug)]
pub(super) struct Stmt {
    pub kind: StmtKind,
    pub pos: Pos,
}

/// Cap: nesting of expressions (`await await ...`, calls in calls).
const MAX_EXPR_DEPTH: u32 = 64;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Whether `s` is a Python keyword.
pub(super) fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

pub(super) struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: u32,
}

/// Parses a module.
pub(super) fn parse_module(toks: Vec<Token>) -> Result<Vec<Stmt>, PyError> {
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
    };
    let mut out = Vec::new();
    while !p.at(&Tok::Eof) {
        if p.at(&Tok::Indent) {
            return Err(p.pos().err("unexpected indentation"));
        }
        out.push(p.stmt()?);
    }
    Ok(out)
}

impl Parser {
    fn tok(&self) -> &Tok {
        &self.toks[self.i.min(self.toks.len() - 1)].tok
    }

    fn pos(&self) -> Pos {
        let t = &self.toks[self.i.min(self.toks.len() - 1)];
        Pos {
            line: t.line,
            col: t.col,
        }
    }

    fn at(&self, t: &Tok) -> bool {
        self.tok() == t
    }

    fn at_name(&self, n: &str) -> bool {
        matches!(self.tok(), Tok::Name(s) if s == n)
    }

    fn next(&mut self) -> Tok {
        let t = self.tok().clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    fn describe(&self) -> String {
        match self.tok() {
            Tok::Name(n) => format!("'{n}'"),
            Tok::Num(n) => format!("the number {n}"),
            Tok::Str(_) => "a string".into(),
            Tok::Op(op) => format!("'{op}'"),
            Tok::Newline => "the end of the line".into(),
            Tok::Indent => "an indented line".into(),
            Tok::Dedent => "the end of the block".into(),
            Tok::Eof => "the end of the program".into(),
        }
    }

    fn expect_op(&mut self, c: &'static str) -> Result<(), PyError> {
        if self.at(&Tok::Op(c)) {
            self.next();
            Ok(())
        } else {
            Err(self
                .pos()
                .err(format!("expected '{c}' here, found {}", self.describe())))
        }
    }

    fn expect_newline(&mut self) -> Result<(), PyError> {
        if self.at(&Tok::Newline) {
            self.next();
            Ok(())
        } else if self.at(&Tok::Eof) || self.at(&Tok::Dedent) {
            Ok(())
        } else {
            Err(self.pos().err(format!(
                "expected the end of the line, found {} (one statement per line)",
                self.describe()
            )))
        }
    }

    fn name(&mut self, what: &str) -> Result<String, PyError> {
        match self.tok().clone() {
            Tok::Name(n) if !is_keyword(&n) => {
                self.next();
                Ok(n)
            }
            _ => Err(self
                .pos()
                .err(format!("expected {what}, found {}", self.describe()))),
        }
    }

    fn stmt(&mut self) -> Result<Stmt, PyError> {
        let pos = self.pos();
        let kind = match self.tok().clone() {
            Tok::Name(k) if k == "def" || k == "async" => {
                let is_async = k == "async";
                self.next();
                if is_async && !self.at_name("def") {
                    return Err(self
                        .pos()
                        .err("expected 'def' after 'async' (only `async def` is supported)"));
                }
                if is_async {
                    self.next();
                }
                let name = self.name("a function name")?;
                self.expect_op("(")?;
                if !self.at(&Tok::Op(")")) {
                    return Err(self.pos().err(
                        "functions of a GIL Lab program take no parameters: write `def name():`",
                    ));
                }
                self.next();
                self.expect_op(":")?;
                let body = self.suite()?;
                StmtKind::Def {
                    name,
                    is_async,
                    body,
                }
            }
            Tok::Name(k) if k == "for" => {
                self.next();
                self.name("a loop variable (write `for _ in range(n):`)")?;
                if !self.at_name("in") {
                    return Err(self
                        .pos()
                        .err(format!("expected 'in', found {}", self.describe())));
                }
                self.next();
                let count = self.expr()?;
                self.expect_op(":")?;
                let body = self.suite()?;
                StmtKind::For { count, body }
            }
            Tok::Name(k) if k == "with" => {
                self.next();
                let ctx = self.expr()?;
                if self.at_name("as") {
                    return Err(self
                        .pos()
                        .err("`with lock as name:` is not supported: write `with lock:`"));
                }
                self.expect_op(":")?;
                let body = self.suite()?;
                StmtKind::With { ctx, body }
            }
            Tok::Name(k) if k == "if" => {
                self.next();
                let test = self.expr()?;
                self.expect_op(":")?;
                let body = self.suite()?;
                if self.at_name("else") || self.at_name("elif") {
                    return Err(self
                        .pos()
                        .err("`else`/`elif` is not supported: a GIL Lab program has no branches"));
                }
                StmtKind::If { test, body }
            }
            Tok::Name(k) if k == "import" => {
                self.next();
                let mut names = vec![self.name("a module name")?];
                while self.at(&Tok::Op(",")) {
                    self.next();
                    names.push(self.name("a module name")?);
                }
                if self.at(&Tok::Op(".")) {
                    return Err(self.pos().err(
                        "only `import asyncio`, `multiprocessing`, `sys`, `threading` or `time` are allowed",
                    ));
                }
                self.expect_newline()?;
                StmtKind::Import(names)
            }
            Tok::Name(k) if k == "from" => {
                self.next();
                let module = self.name("a module name")?;
                if !self.at_name("import") {
                    return Err(self
                        .pos()
                        .err(format!("expected 'import', found {}", self.describe())));
                }
                self.next();
                let paren = self.at(&Tok::Op("("));
                if paren {
                    self.next();
                }
                let mut names = Vec::new();
                loop {
                    let p = self.pos();
                    names.push((self.name("a name to import")?, p));
                    if self.at(&Tok::Op(",")) {
                        self.next();
                        if paren && self.at(&Tok::Op(")")) {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                if paren {
                    self.expect_op(")")?;
                }
                self.expect_newline()?;
                StmtKind::FromImport { module, names }
            }
            Tok::Name(k) if k == "global" => {
                self.next();
                let mut names = vec![self.name("a name")?];
                while self.at(&Tok::Op(",")) {
                    self.next();
                    names.push(self.name("a name")?);
                }
                self.expect_newline()?;
                StmtKind::Global(names)
            }
            Tok::Name(k) if k == "pass" => {
                self.next();
                self.expect_newline()?;
                StmtKind::Pass
            }
            Tok::Name(k) if is_keyword(&k) && k != "await" && k != "True" && k != "False" => {
                return Err(pos.err(format!("`{k}` is not part of the GIL Lab subset of Python")));
            }
            Tok::Name(n) if self.peek_is_assign() => {
                self.next();
                self.next();
                let value = self.expr()?;
                self.expect_newline()?;
                StmtKind::Assign(n, value)
            }
            Tok::Newline | Tok::Indent | Tok::Dedent | Tok::Eof => {
                return Err(pos.err(format!("expected a statement, found {}", self.describe())));
            }
            _ => {
                let e = self.expr()?;
                if self.at(&Tok::Op("=")) {
                    return Err(self
                        .pos()
                        .err("only a plain name can be assigned to (`name = ...`)"));
                }
                self.expect_newline()?;
                StmtKind::Expr(e)
            }
        };
        Ok(Stmt { kind, pos })
    }

    fn peek_is_assign(&self) -> bool {
        matches!(
            self.toks.get(self.i + 1).map(|t| &t.tok),
            Some(Tok::Op("="))
        )
    }

    /// The block after a `:`: an indented block, or one simple statement on the same line.
    fn suite(&mut self) -> Result<Vec<Stmt>, PyError> {
        if !self.at(&Tok::Newline) {
            let s = self.stmt()?;
            if matches!(
                s.kind,
                StmtKind::Def { .. }
                    | StmtKind::For { .. }
                    | StmtKind::With { .. }
                    | StmtKind::If { .. }
            ) {
                return Err(s
                    .pos
                    .err("a block statement cannot follow ':' on the same line"));
            }
            return Ok(vec![s]);
        }
        self.next();
        if !self.at(&Tok::Indent) {
            return Err(self
                .pos()
                .err("expected an indented block after ':' (indent it by 4 spaces)"));
        }
        self.next();
        let mut body = Vec::new();
        while !self.at(&Tok::Dedent) && !self.at(&Tok::Eof) {
            if self.at(&Tok::Indent) {
                return Err(self.pos().err("unexpected indentation"));
            }
            body.push(self.stmt()?);
        }
        if self.at(&Tok::Dedent) {
            self.next();
        }
        Ok(body)
    }

    pub fn expr(&mut self) -> Result<Expr, PyError> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return Err(self.pos().err(format!(
                "expressions nested more than {MAX_EXPR_DEPTH} deep"
            )));
        }
        let r = self.expr_inner();
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        if self.at_name("await") {
            self.next();
            let e = self.expr()?;
            return Ok(Expr {
                kind: ExprKind::Await(Box::new(e)),
                pos,
            });
        }
        let left = self.primary()?;
        if self.at(&Tok::Op("==")) {
            self.next();
            let right = self.primary()?;
            return Ok(Expr {
                kind: ExprKind::Eq(Box::new(left), Box::new(right)),
                pos,
            });
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr, PyError> {
        let mut e = self.atom()?;
        // Each `.name` or `(...)` nests the tree one level deeper: counted against the same cap
        // as nested expressions (so no chain makes building or dropping the tree recurse deeply).
        let mut links = 0u32;
        loop {
            if self.at(&Tok::Op(".")) || self.at(&Tok::Op("(")) {
                links += 1;
                if self.depth + links > MAX_EXPR_DEPTH {
                    return Err(self.pos().err(format!(
                        "expressions nested more than {MAX_EXPR_DEPTH} deep (a chain of calls or attributes counts each link)"
                    )));
                }
            }
            if self.at(&Tok::Op(".")) {
                self.next();
                let a = self.name("an attribute name after '.'")?;
                let pos = e.pos;
                e = Expr {
                    kind: ExprKind::Attr(Box::new(e), a),
                    pos,
                };
            } else if self.at(&Tok::Op("(")) {
                self.next();
                self.depth += links;
                let args = self.call_args();
                self.depth -= links;
                let (args, kwargs) = args?;
                let pos = e.pos;
                e = Expr {
                    kind: ExprKind::Call {
                        func: Box::new(e),
                        args,
                        kwargs,
                    },
                    pos,
                };
            } else if self.at(&Tok::Op("[")) {
                return Err(self.pos().err("indexing (`x[...]`) is not supported"));
            } else {
                return Ok(e);
            }
        }
    }

    fn call_args(&mut self) -> Result<CallArgs, PyError> {
        let mut args = Vec::new();
        let mut kwargs: Vec<(String, Expr)> = Vec::new();
        while !self.at(&Tok::Op(")")) {
            let kw = match (self.tok().clone(), self.peek_is_assign()) {
                (Tok::Name(n), true) if !is_keyword(&n) => {
                    let p = self.pos();
                    self.next();
                    self.next();
                    if kwargs.iter().any(|(k, _)| *k == n) {
                        return Err(p.err(format!("keyword argument {n}= given twice")));
                    }
                    Some(n)
                }
                _ => None,
            };
            let v = self.expr()?;
            match kw {
                Some(k) => kwargs.push((k, v)),
                None if !kwargs.is_empty() => {
                    return Err(v
                        .pos
                        .err("a positional argument cannot follow keyword arguments"));
                }
                None => args.push(v),
            }
            if self.at(&Tok::Op(",")) {
                self.next();
            } else if !self.at(&Tok::Op(")")) {
                return Err(self.pos().err(format!(
                    "expected ',' or ')' here, found {}",
                    self.describe()
                )));
            }
        }
        self.next();
        Ok((args, kwargs))
    }

    fn atom(&mut self) -> Result<Expr, PyError> {
        let pos = self.pos();
        let start = self.i;
        let kind = match self.next() {
            Tok::Name(n) if n == "True" => ExprKind::Bool(true),
            Tok::Name(n) if n == "False" => ExprKind::Bool(false),
            Tok::Name(n) if is_keyword(&n) => {
                return Err(pos.err(format!("`{n}` is not supported in an expression")));
            }
            Tok::Name(n) => ExprKind::Name(n),
            Tok::Num(n) => ExprKind::Num(n),
            Tok::Str(first) => {
                let mut s = plain_string(first, pos)?;
                while let Tok::Str(more) = self.tok().clone() {
                    let p = self.pos();
                    self.next();
                    s.push_str(&plain_string(more, p)?);
                }
                ExprKind::Str(s)
            }
            Tok::Op("(") => {
                let e = self.expr()?;
                self.expect_op(")")?;
                return Ok(e);
            }
            Tok::Op("{") => {
                let mut items = Vec::new();
                while !self.at(&Tok::Op("}")) {
                    let k = self.expr()?;
                    self.expect_op(":")?;
                    let v = self.expr()?;
                    items.push((k, v));
                    if self.at(&Tok::Op(",")) {
                        self.next();
                    } else if !self.at(&Tok::Op("}")) {
                        return Err(self.pos().err(format!(
                            "expected ',' or '}}' here, found {}",
                            self.describe()
                        )));
                    }
                }
                self.next();
                ExprKind::Dict(items)
            }
            _ => {
                self.i = start;
                return Err(pos.err(format!("expected a value, found {}", self.describe())));
            }
        };
        Ok(Expr { kind, pos })
    }
}

/// A string literal's text, if it is a plain `str` (raw or not): bytes and f-strings are not
/// part of a GIL Lab program yet.
fn plain_string(s: StrLit, pos: Pos) -> Result<String, PyError> {
    if s.prefix.bytes {
        return Err(
            pos.err("bytes literals (b\"...\") are not supported: write a plain \"...\" string")
        );
    }
    if s.prefix.format {
        return Err(pos.err("f-strings are not supported: write a plain \"...\" string"));
    }
    Ok(s.value)
}
