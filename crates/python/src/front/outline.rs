//! The statements of a program as CPython's `ast` names and places them, in pre-order: each
//! statement's class name (`FunctionDef`, `AsyncFor`, `TryStar`, ...) and line, then the
//! statements inside it in CPython's field order (body, handlers, orelse, finalbody; an `elif`
//! as an `If` inside the `orelse`; a decorated definition at its `def` or `class` line). Used to
//! check the parser against CPython (`tests/parse.rs`).

use ruff_python_ast::{ExceptHandler, Stmt};
use ruff_text_size::Ranged;

use super::Parsed;

impl Parsed {
    /// The outline of the program (see the module doc).
    pub fn outline(&self) -> Vec<(&'static str, u32)> {
        let mut out = Vec::new();
        self.block(&self.module.body, &mut out);
        out
    }

    fn block(&self, body: &[Stmt], out: &mut Vec<(&'static str, u32)>) {
        for s in body {
            self.stmt(s, out);
        }
    }

    fn stmt(&self, s: &Stmt, out: &mut Vec<(&'static str, u32)>) {
        let line = |r: &dyn Ranged| self.line_col(r.range().start()).0;
        match s {
            Stmt::FunctionDef(f) => {
                let kind = if f.is_async {
                    "AsyncFunctionDef"
                } else {
                    "FunctionDef"
                };
                out.push((kind, line(&f.name)));
                self.block(&f.body, out);
            }
            Stmt::ClassDef(c) => {
                out.push(("ClassDef", line(&c.name)));
                self.block(&c.body, out);
            }
            Stmt::For(f) => {
                out.push((if f.is_async { "AsyncFor" } else { "For" }, line(s)));
                self.block(&f.body, out);
                self.block(&f.orelse, out);
            }
            Stmt::While(w) => {
                out.push(("While", line(s)));
                self.block(&w.body, out);
                self.block(&w.orelse, out);
            }
            Stmt::If(i) => {
                out.push(("If", line(s)));
                self.block(&i.body, out);
                for clause in &i.elif_else_clauses {
                    if clause.test.is_some() {
                        out.push(("If", line(clause)));
                    }
                    self.block(&clause.body, out);
                }
            }
            Stmt::With(w) => {
                out.push((if w.is_async { "AsyncWith" } else { "With" }, line(s)));
                self.block(&w.body, out);
            }
            Stmt::Match(m) => {
                out.push(("Match", line(s)));
                for case in &m.cases {
                    self.block(&case.body, out);
                }
            }
            Stmt::Try(t) => {
                out.push((if t.is_star { "TryStar" } else { "Try" }, line(s)));
                self.block(&t.body, out);
                for ExceptHandler::ExceptHandler(h) in &t.handlers {
                    self.block(&h.body, out);
                }
                self.block(&t.orelse, out);
                self.block(&t.finalbody, out);
            }
            other => out.push((simple_kind(other), line(other))),
        }
    }
}

/// The class name of a statement without a body.
fn simple_kind(s: &Stmt) -> &'static str {
    match s {
        Stmt::Return(_) => "Return",
        Stmt::Delete(_) => "Delete",
        Stmt::Assign(_) => "Assign",
        Stmt::AugAssign(_) => "AugAssign",
        Stmt::AnnAssign(_) => "AnnAssign",
        Stmt::TypeAlias(_) => "TypeAlias",
        Stmt::Raise(_) => "Raise",
        Stmt::Assert(_) => "Assert",
        Stmt::Import(_) => "Import",
        Stmt::ImportFrom(_) => "ImportFrom",
        Stmt::Global(_) => "Global",
        Stmt::Nonlocal(_) => "Nonlocal",
        Stmt::Expr(_) => "Expr",
        Stmt::Pass(_) => "Pass",
        Stmt::Break(_) => "Break",
        Stmt::Continue(_) => "Continue",
        _ => "?",
    }
}
