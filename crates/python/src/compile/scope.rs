//! Which names a function's body binds, declares `global` or `nonlocal`, and reads, and which
//! names the functions nested in it read from outside themselves: enough to decide, as CPython
//! does, whether a name is a fast local, a cell shared with nested functions, a free variable
//! of an enclosing function, or a global.

use std::collections::BTreeSet;

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{self as ast, Expr, Stmt};

/// What one scope does with names.
#[derive(Debug, Default)]
pub struct Scope {
    /// Names bound here (assigned, imported, defined, loop and `as` targets), in order.
    pub bound: Vec<String>,
    pub globals: BTreeSet<String>,
    pub nonlocals: BTreeSet<String>,
    /// Names read here (in this scope's own code).
    pub used: BTreeSet<String>,
    /// Names the scopes nested here read from outside themselves.
    pub child_free: BTreeSet<String>,
    /// Whether the body yields (a generator function).
    pub yields: bool,
}

impl Scope {
    fn bind(&mut self, name: &str) {
        if !self.bound.iter().any(|b| b == name) {
            self.bound.push(name.to_string());
        }
    }

    /// Whether `name` is a local of this (function) scope.
    pub fn is_local(&self, name: &str) -> bool {
        !self.globals.contains(name)
            && !self.nonlocals.contains(name)
            && self.bound.iter().any(|b| b == name)
    }

    /// Names this scope needs from the scopes around it.
    pub fn free_candidates(&self) -> BTreeSet<String> {
        self.used
            .iter()
            .chain(&self.child_free)
            .chain(&self.nonlocals)
            .filter(|n| !self.is_local(n) && !self.globals.contains(*n))
            .cloned()
            .collect()
    }
}

/// The scope of a function: its parameters and body.
pub fn of_function(params: Option<&ast::Parameters>, body: &[Stmt]) -> Scope {
    let mut s = Scope::default();
    if let Some(p) = params {
        for name in param_names(p) {
            s.bind(&name);
        }
    }
    let mut w = Walker { s };
    for stmt in body {
        w.visit_stmt(stmt);
    }
    w.s
}

/// The scope of a lambda's body.
pub fn of_lambda(params: Option<&ast::Parameters>, body: &Expr) -> Scope {
    let mut w = Walker {
        s: of_function(params, &[]),
    };
    w.visit_expr(body);
    w.s
}

/// The scope of a comprehension: its targets, conditions and element (the first iterable is
/// read by the enclosing scope). `.0` stands for the iterator it is given.
pub fn of_comprehension(generators: &[ast::Comprehension], elts: &[&Expr]) -> Scope {
    let mut w = Walker {
        s: Scope::default(),
    };
    w.s.bind(".0");
    for (i, g) in generators.iter().enumerate() {
        if i > 0 {
            w.visit_expr(&g.iter);
        }
        w.target(&g.target);
        for cond in &g.ifs {
            w.visit_expr(cond);
        }
    }
    for e in elts {
        w.visit_expr(e);
    }
    w.s
}

/// Parameter names in the order of a frame's locals: positional, `*args`, keyword-only,
/// `**kwargs` (as CPython orders them: positional, keyword-only, then the two collectors).
pub fn param_names(p: &ast::Parameters) -> Vec<String> {
    let mut names: Vec<String> = p
        .posonlyargs
        .iter()
        .chain(&p.args)
        .chain(&p.kwonlyargs)
        .map(|a| a.parameter.name.id.to_string())
        .collect();
    names.extend(p.vararg.iter().map(|a| a.name.id.to_string()));
    names.extend(p.kwarg.iter().map(|a| a.name.id.to_string()));
    names
}

struct Walker {
    s: Scope,
}

impl Walker {
    fn target(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => self.s.bind(&n.id),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
            Expr::List(t) => t.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            other => self.visit_expr(other),
        }
    }

    fn child(&mut self, child: &Scope) {
        self.s.child_free.extend(child.free_candidates());
    }

    fn defaults(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            if let Some(d) = &a.default {
                self.visit_expr(d);
            }
        }
    }
}

impl<'a> Visitor<'a> for Walker {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                f.decorator_list
                    .iter()
                    .for_each(|d| self.visit_expr(&d.expression));
                self.defaults(&f.parameters);
                self.s.bind(&f.name.id);
                let child = of_function(Some(&f.parameters), &f.body);
                self.child(&child);
            }
            Stmt::ClassDef(c) => {
                c.decorator_list
                    .iter()
                    .for_each(|d| self.visit_expr(&d.expression));
                if let Some(args) = &c.arguments {
                    args.args.iter().for_each(|a| self.visit_expr(a));
                }
                self.s.bind(&c.name.id);
                let mut child = of_function(None, &c.body);
                // A class body's own names are not closed over by its methods.
                let body_names: Vec<String> = child.bound.drain(..).collect();
                child.used.retain(|n| !body_names.contains(n));
                self.child(&child);
            }
            Stmt::Global(g) => g.names.iter().for_each(|n| {
                self.s.globals.insert(n.id.to_string());
            }),
            Stmt::Nonlocal(g) => g.names.iter().for_each(|n| {
                self.s.nonlocals.insert(n.id.to_string());
            }),
            Stmt::Import(i) => i.names.iter().for_each(|a| {
                let name = a.asname.as_ref().unwrap_or(&a.name).id.to_string();
                self.s.bind(name.split('.').next().unwrap_or(&name));
            }),
            Stmt::ImportFrom(i) => i.names.iter().for_each(|a| {
                self.s.bind(&a.asname.as_ref().unwrap_or(&a.name).id);
            }),
            Stmt::For(f) => {
                self.target(&f.target);
                self.visit_expr(&f.iter);
                f.body.iter().for_each(|s| self.visit_stmt(s));
                f.orelse.iter().for_each(|s| self.visit_stmt(s));
            }
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.s.bind(&n.id);
                    }
                }
                walk_stmt(self, stmt);
            }
            Stmt::AugAssign(a) => {
                self.target(&a.target);
                if let Expr::Name(n) = &*a.target {
                    self.s.used.insert(n.id.to_string());
                }
                self.visit_expr(&a.value);
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => match n.ctx {
                ast::ExprContext::Load => {
                    self.s.used.insert(n.id.to_string());
                }
                _ => self.s.bind(&n.id),
            },
            Expr::Named(n) => {
                self.target(&n.target);
                self.visit_expr(&n.value);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(p);
                }
                let child = of_lambda(l.parameters.as_deref(), &l.body);
                self.child(&child);
            }
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::Generator(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::DictComp(c) => match &c.key {
                Some(k) => self.comprehension(&c.generators, &[k, &c.value]),
                None => self.comprehension(&c.generators, &[&c.value]),
            },
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.s.yields = true;
                walk_expr(self, expr);
            }
            _ => walk_expr(self, expr),
        }
    }
}

impl Walker {
    fn comprehension(&mut self, generators: &[ast::Comprehension], elts: &[&Expr]) {
        if let Some(first) = generators.first() {
            self.visit_expr(&first.iter);
        }
        let child = of_comprehension(generators, elts);
        self.child(&child);
    }
}
