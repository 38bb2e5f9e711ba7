//! Statements about exceptions and cleanup: `try` with its handlers, `else` and `finally`
//! (the `finally` body compiled on the normal path and on the exception path, and where
//! `return`, `break` and `continue` leave through it), `raise`, `assert`, and `with` (one
//! item at a time, `__exit__` called on every way out).

use ruff_python_ast as ast;
use ruff_text_size::Ranged;

use super::{Block, Compiler, Kind, Op, Res};
use crate::value::Value;

impl<'p> Compiler<'p> {
    pub(super) fn try_stmt(&mut self, t: &'p ast::StmtTry) -> Res {
        if t.is_star {
            return Err(self.error(t.start(), "`except*` is not modelled by GIL Lab"));
        }
        if t.finalbody.is_empty() {
            return self.try_except(t);
        }
        let handler = self.emit(Op::PushHandler(0, 0));
        self.unit().blocks.push(Block::Finally(&t.finalbody));
        if t.handlers.is_empty() {
            self.body(&t.body)?;
        } else {
            self.try_except(t)?;
        }
        self.unit().blocks.pop();
        self.emit(Op::PopHandler);
        self.body(&t.finalbody)?;
        let end = self.emit(Op::Jump(0));
        self.patch(handler);
        // The exception on its way out is the one being handled in the `finally` body (for
        // a bare `raise` there, and as the context of one raised there).
        self.emit(Op::BeginExcept);
        self.body(&t.finalbody)?;
        self.emit(Op::EndExcept);
        self.emit(Op::Reraise);
        self.patch(end);
        Ok(())
    }

    fn try_except(&mut self, t: &'p ast::StmtTry) -> Res {
        let handler = self.emit(Op::PushHandler(0, 0));
        self.body(&t.body)?;
        self.emit(Op::PopHandler);
        self.body(&t.orelse)?;
        let mut ends = vec![self.emit(Op::Jump(0))];
        self.patch(handler);
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.at(h);
            let next = match &h.type_ {
                Some(ty) => {
                    self.expr(ty)?;
                    self.emit(Op::ExcMatch);
                    Some(self.emit(Op::PopJumpIfFalse(0)))
                }
                None => None,
            };
            self.emit(Op::BeginExcept);
            match &h.name {
                Some(n) => self.store_name(&n.id),
                None => {
                    self.emit(Op::Pop);
                }
            }
            self.unit().blocks.push(Block::Except);
            // An exception in the body still ends the handling of this one.
            let inner = self.emit(Op::PushHandler(0, 0));
            self.body(&h.body)?;
            self.emit(Op::PopHandler);
            self.unit().blocks.pop();
            self.emit(Op::EndExcept);
            if let Some(n) = &h.name {
                // CPython ends the handler with `name = None; del name`.
                self.emit_const(Value::None);
                self.store_name(&n.id);
                self.delete_name(&n.id, n.start())?;
            }
            ends.push(self.emit(Op::Jump(0)));
            self.patch(inner);
            self.emit(Op::EndExcept);
            self.emit(Op::Reraise);
            if let Some(next) = next {
                self.patch(next);
            }
        }
        self.emit(Op::Reraise);
        ends.into_iter().for_each(|e| self.patch(e));
        Ok(())
    }

    pub(super) fn raise(&mut self, r: &'p ast::StmtRaise) -> Res {
        let mut n = 0;
        if let Some(e) = &r.exc {
            self.expr(e)?;
            n = 1;
            if let Some(c) = &r.cause {
                self.expr(c)?;
                n = 2;
            }
        }
        self.emit(Op::Raise(n));
        Ok(())
    }

    pub(super) fn assert(&mut self, a: &'p ast::StmtAssert) -> Res {
        self.expr(&a.test)?;
        let ok = self.emit(Op::PopJumpIfTrue(0));
        self.load_builtin("AssertionError");
        let mut n = 0;
        if let Some(m) = &a.msg {
            self.expr(m)?;
            n = 1;
        }
        self.emit(Op::Call(n));
        self.emit(Op::Raise(1));
        self.patch(ok);
        Ok(())
    }

    pub(super) fn with_stmt(&mut self, w: &'p ast::StmtWith, from: usize) -> Res {
        if w.is_async && self.unit().code.kind != Kind::Coroutine {
            return Err(self.error(w.start(), "'async with' outside async function"));
        }
        let Some(item) = w.items.get(from) else {
            return self.body(&w.body);
        };
        self.at(item);
        self.expr(&item.context_expr)?;
        if w.is_async {
            // `__aenter__()` is awaited; `__aexit__` waits on the stack as `__exit__` does.
            self.emit(Op::EnterAsyncWith);
            self.emit(Op::Await);
        } else {
            self.emit(Op::EnterWith);
        }
        let handler = self.emit(Op::PushHandler(0, 1));
        match &item.optional_vars {
            Some(v) => self.store(v)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        self.unit().blocks.push(Block::With);
        self.with_stmt(w, from + 1)?;
        self.unit().blocks.pop();
        self.emit(Op::PopHandler);
        self.emit(Op::ExitWith);
        if w.is_async {
            self.emit(Op::Await);
        }
        self.emit(Op::Pop);
        let end = self.emit(Op::Jump(0));
        self.patch(handler);
        self.emit(if w.is_async {
            Op::ExitAsyncWithExc
        } else {
            Op::ExitWithExc
        });
        self.patch(end);
        Ok(())
    }
}
