//! Statements to ops: assignments and their targets, control flow (with what `break`,
//! `continue` and `return` undo on the way out), `try`, `with`, functions, classes, imports.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::{Block, Compiler, Kind, Op, Res, scope};
use crate::value::Value;

impl<'p> Compiler<'p> {
    pub(super) fn body(&mut self, body: &'p [Stmt]) -> Res {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &'p Stmt) -> Res {
        self.at(s);
        match s {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                self.emit(Op::Pop);
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.store(t)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.store(&a.target)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::Break(b) => self.break_continue(true, b.start())?,
            Stmt::Continue(c) => self.break_continue(false, c.start())?,
            Stmt::Return(r) => self.return_stmt(r)?,
            Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::FunctionDef(f) => self.function_def(f)?,
            Stmt::ClassDef(c) => self.class_def(c)?,
            Stmt::Try(t) => self.try_stmt(t)?,
            Stmt::Raise(r) => self.raise(r)?,
            Stmt::Assert(a) => self.assert(a)?,
            Stmt::With(w) => self.with_stmt(w, 0)?,
            Stmt::Import(i) => self.import(i)?,
            Stmt::ImportFrom(i) => self.import_from(i)?,
            Stmt::Delete(d) => d.targets.iter().try_for_each(|t| self.delete(t))?,
            Stmt::Match(m) => {
                return Err(self.error(
                    m.start(),
                    "`match` is not modelled by GIL Lab: write it with `if`/`elif`",
                ));
            }
            other => {
                return Err(self.error(other.start(), "this statement is not modelled by GIL Lab"));
            }
        }
        Ok(())
    }

    /// Stores the value on top of the stack into a target.
    pub(super) fn store(&mut self, t: &'p Expr) -> Res {
        match t {
            Expr::Name(n) => self.store_name(&n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.name_index(&a.attr.id);
                self.emit(Op::StoreAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::StoreSubscr);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                self.unpack(elts, t)?;
            }
            other => {
                return Err(self.error(other.start(), "cannot assign to this expression"));
            }
        }
        Ok(())
    }

    fn unpack(&mut self, elts: &'p [Expr], t: &Expr) -> Res {
        let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
        match star {
            None => self.emit(Op::Unpack(elts.len() as u32)),
            Some(i) => {
                if elts
                    .iter()
                    .filter(|e| matches!(e, Expr::Starred(_)))
                    .count()
                    > 1
                {
                    return Err(self.error(t.start(), "multiple starred expressions in assignment"));
                }
                self.emit(Op::UnpackEx(i as u32, (elts.len() - i - 1) as u32))
            }
        };
        for e in elts {
            match e {
                Expr::Starred(s) => self.store(&s.value)?,
                e => self.store(e)?,
            }
        }
        Ok(())
    }

    fn delete(&mut self, t: &'p Expr) -> Res {
        match t {
            Expr::Name(n) => self.delete_name(&n.id, n.start())?,
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.name_index(&a.attr.id);
                self.emit(Op::DelAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::DelSubscr);
            }
            Expr::Tuple(tu) => tu.elts.iter().try_for_each(|e| self.delete(e))?,
            other => return Err(self.error(other.start(), "cannot delete this expression")),
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &'p ast::StmtAugAssign) -> Res {
        let op = match super::expr::num_op(a.op) {
            Some(op) => op,
            None => return Err(self.error(a.start(), "`@=` is not modelled by GIL Lab")),
        };
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(&n.id);
                self.expr(&a.value)?;
                self.emit(Op::Inplace(op));
                self.store_name(&n.id);
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Op::Dup);
                let i = self.name_index(&at.attr.id);
                self.emit(Op::LoadAttr(i));
                self.expr(&a.value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Op::DupTwo);
                self.emit(Op::Subscr);
                self.expr(&a.value)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSubscr);
            }
            other => return Err(self.error(other.start(), "cannot assign to this expression")),
        }
        Ok(())
    }

    fn if_stmt(&mut self, i: &'p ast::StmtIf) -> Res {
        let mut ends = Vec::new();
        self.expr(&i.test)?;
        let mut next = self.emit(Op::PopJumpIfFalse(0));
        self.body(&i.body)?;
        for clause in &i.elif_else_clauses {
            ends.push(self.emit(Op::Jump(0)));
            self.patch(next);
            self.at(clause);
            match &clause.test {
                Some(test) => {
                    self.expr(test)?;
                    next = self.emit(Op::PopJumpIfFalse(0));
                }
                None => next = usize::MAX,
            }
            self.body(&clause.body)?;
        }
        if next != usize::MAX {
            self.patch(next);
        }
        ends.into_iter().for_each(|e| self.patch(e));
        Ok(())
    }

    fn while_stmt(&mut self, w: &'p ast::StmtWhile) -> Res {
        let start = self.here();
        self.expr(&w.test)?;
        let exit = self.emit(Op::PopJumpIfFalse(0));
        self.loop_body(start, false, &w.body)?;
        self.emit(Op::Jump(start));
        self.patch(exit);
        let breaks = self.end_loop();
        self.body(&w.orelse)?;
        breaks.into_iter().for_each(|b| self.patch(b));
        Ok(())
    }

    fn for_stmt(&mut self, f: &'p ast::StmtFor) -> Res {
        if f.is_async {
            return Err(self.error(f.start(), "`async for` is not modelled by GIL Lab yet"));
        }
        self.iterable(&f.iter)?;
        self.emit(Op::GetIter);
        let start = self.here();
        let exit = self.emit(Op::ForIter(0));
        self.store(&f.target)?;
        self.loop_body(start, true, &f.body)?;
        self.emit(Op::Jump(start));
        self.patch(exit);
        let breaks = self.end_loop();
        self.body(&f.orelse)?;
        breaks.into_iter().for_each(|b| self.patch(b));
        Ok(())
    }

    fn loop_body(&mut self, start: u32, is_for: bool, body: &'p [Stmt]) -> Res {
        self.unit().blocks.push(Block::Loop {
            start,
            breaks: Vec::new(),
            is_for,
        });
        self.body(body)
    }

    fn end_loop(&mut self) -> Vec<usize> {
        match self.unit().blocks.pop() {
            Some(Block::Loop { breaks, .. }) => breaks,
            _ => unreachable!("the loop's block is on top"),
        }
    }

    /// Undoes the blocks inside the innermost loop (or all of them, for `return`), innermost
    /// first; returns the index of the loop's block.
    fn unwind(&mut self, to_loop: bool) -> Result<Option<usize>, ()> {
        let n = self.unit().blocks.len();
        for i in (0..n).rev() {
            match &self.unit().blocks[i] {
                Block::Loop { .. } if to_loop => return Ok(Some(i)),
                Block::Loop { is_for, .. } => {
                    if *is_for {
                        // The return value is on top; the iterator below it goes.
                        self.emit(Op::Rot2);
                        self.emit(Op::Pop);
                    }
                }
                Block::Finally(body) => {
                    let body: &'p [Stmt] = body;
                    self.emit(Op::PopHandler);
                    let saved = self.unit().blocks.split_off(i);
                    let r = self.body(body);
                    self.unit().blocks.extend(saved);
                    r.map_err(|_| ())?;
                }
                Block::Except => {
                    self.emit(Op::PopHandler);
                    self.emit(Op::EndExcept);
                }
                Block::With => {
                    self.emit(Op::PopHandler);
                    if to_loop {
                        self.emit(Op::ExitWith);
                        self.emit(Op::Pop);
                    } else {
                        self.emit(Op::Rot2);
                        self.emit(Op::ExitWith);
                        self.emit(Op::Pop);
                    }
                }
            }
        }
        if to_loop { Err(()) } else { Ok(None) }
    }

    fn break_continue(&mut self, is_break: bool, at: ruff_text_size::TextSize) -> Res {
        let word = if is_break { "'break'" } else { "'continue'" };
        let Ok(Some(i)) = self.unwind(true) else {
            return Err(self.error(at, format!("{word} outside loop")));
        };
        let Block::Loop { start, is_for, .. } = self.unit().blocks[i] else {
            unreachable!("unwind stops at a loop")
        };
        if !is_break {
            self.emit(Op::Jump(start));
            return Ok(());
        }
        if is_for {
            self.emit(Op::Pop);
        }
        let j = self.emit(Op::Jump(0));
        if let Block::Loop { breaks, .. } = &mut self.unit().blocks[i] {
            breaks.push(j);
        }
        Ok(())
    }

    fn return_stmt(&mut self, r: &'p ast::StmtReturn) -> Res {
        if self.unit().code.kind == Kind::Module || self.unit().code.kind == Kind::Class {
            return Err(self.error(r.start(), "'return' outside function"));
        }
        match &r.value {
            Some(v) => self.expr(v)?,
            None => self.emit_const(Value::None),
        }
        if self.unwind(false).is_err() {
            return Err(self.error(r.start(), "this `return` is not modelled by GIL Lab"));
        }
        self.emit(Op::Return);
        Ok(())
    }

    fn function_def(&mut self, f: &'p ast::StmtFunctionDef) -> Res {
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        let flags = self.defaults(&f.parameters)?;
        let scope = scope::of_function(Some(&f.parameters), &f.body);
        let kind = match (f.is_async, scope.yields) {
            (true, true) => {
                return Err(self.error(
                    f.start(),
                    "an async generator (`async def` with `yield`) is not modelled by GIL Lab: collect the values in a list, or use a plain generator",
                ));
            }
            (true, false) => Kind::Coroutine,
            (false, true) => Kind::Generator,
            (false, false) => Kind::Function,
        };
        let class_name = match self.unit().code.kind {
            Kind::Class => Some(self.unit().code.name.clone()),
            _ => None,
        };
        self.push_unit(&f.name.id, kind, scope, Some(&f.parameters), class_name);
        if let Some(Stmt::Expr(e)) = f.body.first()
            && let Expr::StringLiteral(s) = &*e.value
        {
            self.code().doc = Some(std::rc::Rc::from(s.value.to_str()));
        }
        self.body(&f.body)?;
        self.emit_const(Value::None);
        self.emit(Op::Return);
        let code = self.pop_unit();
        self.at(f);
        self.make_function(code, flags);
        for _ in &f.decorator_list {
            self.emit(Op::Call(1));
        }
        self.store_name(&f.name.id);
        Ok(())
    }

    /// Pushes a function's defaults (a tuple) and keyword-only defaults (a dict); the flags.
    pub(super) fn defaults(
        &mut self,
        p: &'p ast::Parameters,
    ) -> Result<u8, gil_sim::python::PyError> {
        let mut flags = 0;
        let pos: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !pos.is_empty() {
            for d in &pos {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(pos.len() as u32));
            flags |= 1;
        }
        let kw: Vec<_> = p
            .kwonlyargs
            .iter()
            .filter(|a| a.default.is_some())
            .collect();
        if !kw.is_empty() {
            for a in &kw {
                self.emit_const(Value::str(&a.parameter.name.id));
                self.expr(a.default.as_deref().expect("filtered"))?;
            }
            self.emit(Op::BuildMap(kw.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    fn class_def(&mut self, c: &'p ast::StmtClassDef) -> Res {
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        let mut scope = scope::of_function(None, &c.body);
        scope.globals.clear();
        self.push_unit(&c.name.id, Kind::Class, scope, None, None);
        self.body(&c.body)?;
        self.emit_const(Value::None);
        self.emit(Op::Return);
        let code = self.pop_unit();
        self.at(c);
        self.make_function(code, 0);
        let mut nbases = 0;
        if let Some(args) = &c.arguments {
            if let Some(k) = args.keywords.first() {
                return Err(self.error(
                    k.start(),
                    "class keywords (a metaclass) are not modelled by GIL Lab",
                ));
            }
            for b in &args.args {
                self.expr(b)?;
                nbases += 1;
            }
        }
        let name = self.konst(Value::str(&c.name.id));
        self.emit(Op::BuildClass(name, nbases));
        for _ in &c.decorator_list {
            self.emit(Op::Call(1));
        }
        self.store_name(&c.name.id);
        Ok(())
    }

    /// Loads a builtin by name whatever the program calls its own variables.
    pub(super) fn load_builtin(&mut self, name: &str) {
        let k = self.konst(Value::str(name));
        self.emit(Op::Const(k));
        self.emit(Op::LoadBuiltin);
    }

    fn import(&mut self, i: &'p ast::StmtImport) -> Res {
        for a in &i.names {
            let k = self.konst(Value::str(&a.name.id));
            self.emit(Op::Import(k));
            match &a.asname {
                Some(as_) => self.store_name(&as_.id),
                None if a.name.id.contains('.') => {
                    // `import a.b` loads `a.b`, and binds `a` (the package that holds it).
                    self.emit(Op::Pop);
                    let top = a.name.id.split('.').next().unwrap_or_default();
                    let k = self.konst(Value::str(top));
                    self.emit(Op::Import(k));
                    self.store_name(top);
                }
                None => self.store_name(&a.name.id),
            }
        }
        Ok(())
    }

    fn import_from(&mut self, i: &'p ast::StmtImportFrom) -> Res {
        let Some(module) = i.module.as_ref().filter(|_| i.level == 0) else {
            return Err(self.error(i.start(), "relative imports are not modelled by GIL Lab"));
        };
        let k = self.konst(Value::str(&module.id));
        self.emit(Op::Import(k));
        for a in &i.names {
            if &*a.name.id == "*" {
                return Err(self.error(
                    a.start(),
                    "`from ... import *` is not modelled by GIL Lab: name what you import",
                ));
            }
            self.emit(Op::Dup);
            let n = self.name_index(&a.name.id);
            self.emit(Op::ImportFrom(n));
            self.store_name(&a.asname.as_ref().unwrap_or(&a.name).id);
        }
        self.emit(Op::Pop);
        Ok(())
    }
}
