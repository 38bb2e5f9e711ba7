//! Expressions to ops: literals, names, operators (chained comparisons, `and`/`or` returning
//! an operand), calls with `*args` and `**kwargs`, displays, comprehensions and generator
//! expressions (each its own function, as in CPython 3.11), lambdas and f-strings.

use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Operator};
use ruff_text_size::Ranged;

use super::{Compiler, Kind, Op, Res, scope};
use crate::value::Value;
use crate::value::num::Op as NumOp;

/// The numeric operator of a binary operator (`None` for `@`).
pub(super) fn num_op(op: Operator) -> Option<NumOp> {
    Some(match op {
        Operator::Add => NumOp::Add,
        Operator::Sub => NumOp::Sub,
        Operator::Mult => NumOp::Mul,
        Operator::Div => NumOp::Div,
        Operator::FloorDiv => NumOp::FloorDiv,
        Operator::Mod => NumOp::Mod,
        Operator::Pow => NumOp::Pow,
        Operator::LShift => NumOp::LShift,
        Operator::RShift => NumOp::RShift,
        Operator::BitAnd => NumOp::And,
        Operator::BitOr => NumOp::Or,
        Operator::BitXor => NumOp::Xor,
        Operator::MatMult => return None,
    })
}

fn cmp_op(op: ast::CmpOp) -> super::Cmp {
    use super::Cmp;
    match op {
        ast::CmpOp::Eq => Cmp::Eq,
        ast::CmpOp::NotEq => Cmp::Ne,
        ast::CmpOp::Lt => Cmp::Lt,
        ast::CmpOp::LtE => Cmp::Le,
        ast::CmpOp::Gt => Cmp::Gt,
        ast::CmpOp::GtE => Cmp::Ge,
        ast::CmpOp::Is => Cmp::Is,
        ast::CmpOp::IsNot => Cmp::IsNot,
        ast::CmpOp::In => Cmp::In,
        ast::CmpOp::NotIn => Cmp::NotIn,
    }
}

/// An int literal's value (Ruff keeps the token of one that does not fit a `u64`).
fn int_literal(i: &ast::Int) -> Value {
    if let Some(v) = i.as_i64() {
        return Value::Int(v);
    }
    let text = i.to_string().replace('_', "").to_ascii_lowercase();
    let (digits, radix) = match text.get(..2) {
        Some("0x") => (&text[2..], 16),
        Some("0o") => (&text[2..], 8),
        Some("0b") => (&text[2..], 2),
        _ => (&text[..], 10),
    };
    BigInt::parse_bytes(digits.as_bytes(), radix).map_or(Value::None, Value::big)
}

impl<'p> Compiler<'p> {
    pub(super) fn expr(&mut self, e: &'p Expr) -> Res {
        let saved = self.place;
        self.at(e);
        let r = self.expr_inner(e);
        self.place = saved;
        r
    }

    fn expr_inner(&mut self, e: &'p Expr) -> Res {
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => self.emit_const(int_literal(i)),
                ast::Number::Float(f) => self.emit_const(Value::Float(*f)),
                ast::Number::Complex { .. } => {
                    return Err(
                        self.error(e.start(), "complex numbers are not modelled by GIL Lab")
                    );
                }
            },
            Expr::StringLiteral(s) => self.emit_const(Value::str(s.value.to_str())),
            Expr::BooleanLiteral(b) => self.emit_const(Value::Bool(b.value)),
            Expr::NoneLiteral(_) => self.emit_const(Value::None),
            Expr::Name(n) => self.load_name(&n.id),
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.at(e);
                match num_op(b.op) {
                    Some(op) => self.emit(Op::Binary(op)),
                    None => self.emit(Op::MatMul),
                };
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.at(e);
                self.emit(match u.op {
                    ast::UnaryOp::Not => Op::Not,
                    ast::UnaryOp::USub => Op::Neg,
                    ast::UnaryOp::UAdd => Op::Pos,
                    ast::UnaryOp::Invert => Op::Invert,
                });
            }
            Expr::BoolOp(b) => {
                let mut ends = Vec::new();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < b.values.len() {
                        ends.push(self.emit(match b.op {
                            ast::BoolOp::And => Op::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Op::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                ends.into_iter().for_each(|j| self.patch(j));
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::Call(c) => self.call(c)?,
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.at(e);
                let i = self.name_index(&a.attr.id);
                self.emit(Op::LoadAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.at(e);
                self.emit(Op::Subscr);
            }
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => self.emit_const(Value::None),
                    }
                }
                self.emit(Op::BuildSlice);
            }
            Expr::List(l) => self.display(&l.elts, Op::BuildList(0), 0)?,
            Expr::Tuple(t) => self.display(&t.elts, Op::BuildTuple(0), 1)?,
            Expr::Set(s) => {
                if !self.const_set(&s.elts, false) {
                    self.display(&s.elts, Op::BuildSet(0), 2)?;
                }
            }
            Expr::Dict(d) => self.dict(d)?,
            Expr::If(i) => {
                self.expr(&i.test)?;
                let other = self.emit(Op::PopJumpIfFalse(0));
                self.expr(&i.body)?;
                let end = self.emit(Op::Jump(0));
                self.patch(other);
                self.expr(&i.orelse)?;
                self.patch(end);
            }
            Expr::Lambda(l) => self.lambda(l)?,
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt], 0)?,
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt], 1)?,
            Expr::DictComp(c) => match &c.key {
                Some(k) => self.comprehension(&c.generators, &[k, &c.value], 2)?,
                None => return Err(self.error(e.start(), "this comprehension is not Python 3.11")),
            },
            Expr::Generator(c) => self.comprehension(&c.generators, &[&c.elt], 3)?,
            Expr::FString(f) => self.fstring(f)?,
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Op::Dup);
                self.store(&n.target)?;
            }
            Expr::Yield(y) => {
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.emit_const(Value::None),
                }
                self.emit(Op::Yield);
            }
            Expr::YieldFrom(y) => {
                self.expr(&y.value)?;
                self.emit(Op::GetIter);
                let start = self.here();
                let end = self.emit(Op::ForIterKeep(0));
                self.emit(Op::Yield);
                self.emit(Op::Pop);
                self.emit(Op::Jump(start));
                self.patch(end);
                self.emit(Op::GenResult);
            }
            Expr::Starred(s) => {
                return Err(self.error(s.start(), "can't use starred expression here"));
            }
            Expr::BytesLiteral(_) => {
                return Err(self.error(e.start(), "bytes are not modelled by GIL Lab yet"));
            }
            Expr::Await(a) => {
                if self.unit().code.kind != Kind::Coroutine {
                    return Err(self.error(e.start(), "'await' outside async function"));
                }
                self.expr(&a.value)?;
                self.emit(Op::Await);
            }
            _ => {
                return Err(self.error(e.start(), "this expression is not modelled by GIL Lab"));
            }
        }
        Ok(())
    }

    fn compare(&mut self, c: &'p ast::ExprCompare) -> Res {
        self.expr(&c.operands[0])?;
        let n = c.ops.len();
        let mut cleanups = Vec::new();
        for (i, (op, right)) in c.ops.iter().zip(c.operands[1..].iter()).enumerate() {
            self.expr(right)?;
            self.at(c);
            if i + 1 < n {
                self.emit(Op::Dup);
                self.emit(Op::Rot3);
                self.emit(Op::Compare(cmp_op(*op)));
                cleanups.push(self.emit(Op::JumpIfFalseOrPop(0)));
            } else {
                self.emit(Op::Compare(cmp_op(*op)));
            }
        }
        if !cleanups.is_empty() {
            let end = self.emit(Op::Jump(0));
            cleanups.into_iter().for_each(|j| self.patch(j));
            self.emit(Op::Rot2);
            self.emit(Op::Pop);
            self.patch(end);
        }
        Ok(())
    }

    fn call(&mut self, c: &'p ast::ExprCall) -> Res {
        let args = &c.arguments;
        if let Expr::Name(n) = &*c.func
            && &*n.id == "super"
            && args.args.is_empty()
            && args.keywords.is_empty()
            && self.unit().code.class_name.is_some()
            && self.unit().code.argcount > 0
        {
            // The method's first parameter (`self`, or `cls`), wherever it lives.
            let first = self.unit().code.locals[0].clone();
            self.load_name(&first);
            self.emit(Op::Super);
            return Ok(());
        }
        self.expr(&c.func)?;
        let starred = args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || args.keywords.iter().any(|k| k.arg.is_none());
        if starred {
            self.display(&args.args, Op::BuildTuple(0), 1)?;
            let has_kw = !args.keywords.is_empty();
            if has_kw {
                self.emit(Op::BuildMap(0));
                for k in &args.keywords {
                    match &k.arg {
                        Some(name) => {
                            self.emit_const(Value::str(&name.id));
                            self.expr(&k.value)?;
                            self.emit(Op::MapAdd(1));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Op::DictMerge);
                        }
                    }
                }
            }
            self.at(c);
            self.emit(Op::CallEx(has_kw));
            return Ok(());
        }
        for a in &args.args {
            self.expr(a)?;
        }
        for k in &args.keywords {
            self.expr(&k.value)?;
        }
        self.at(c);
        let n = (args.args.len() + args.keywords.len()) as u32;
        if args.keywords.is_empty() {
            self.emit(Op::Call(n));
        } else {
            let names: Vec<Value> = args
                .keywords
                .iter()
                .map(|k| Value::str(&k.arg.as_ref().expect("no ** here").id))
                .collect();
            let k = self.konst(Value::tuple(names));
            self.emit(Op::CallKw(n, k));
        }
        Ok(())
    }

    /// A list (0), tuple (1) or set (2) display, with `*` items spread.
    fn display(&mut self, elts: &'p [Expr], build: Op, kind: u8) -> Res {
        let starred = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !starred {
            for e in elts {
                self.expr(e)?;
            }
            let n = elts.len() as u32;
            self.emit(match build {
                Op::BuildList(_) => Op::BuildList(n),
                Op::BuildTuple(_) => Op::BuildTuple(n),
                _ => Op::BuildSet(n),
            });
            return Ok(());
        }
        self.emit(if kind == 2 {
            Op::BuildSet(0)
        } else {
            Op::BuildList(0)
        });
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    self.expr(&s.value)?;
                    self.emit(if kind == 2 {
                        Op::SetExtend
                    } else {
                        Op::ListExtend
                    });
                }
                e => {
                    self.expr(e)?;
                    self.emit(if kind == 2 {
                        Op::SetAdd(1)
                    } else {
                        Op::ListAppend(1)
                    });
                }
            }
        }
        if kind == 1 {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn dict(&mut self, d: &'p ast::ExprDict) -> Res {
        if d.items.iter().all(|i| i.key.is_some()) {
            for item in &d.items {
                self.expr(item.key.as_ref().expect("checked"))?;
                self.expr(&item.value)?;
            }
            self.emit(Op::BuildMap(d.items.len() as u32));
            return Ok(());
        }
        self.emit(Op::BuildMap(0));
        for item in &d.items {
            match &item.key {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(&item.value)?;
                    self.emit(Op::MapAdd(1));
                }
                None => {
                    self.expr(&item.value)?;
                    self.emit(Op::DictMerge);
                }
            }
        }
        Ok(())
    }

    fn lambda(&mut self, l: &'p ast::ExprLambda) -> Res {
        let flags = match &l.parameters {
            Some(p) => self.defaults(p)?,
            None => 0,
        };
        let scope = scope::of_lambda(l.parameters.as_deref(), &l.body);
        let kind = if scope.yields {
            Kind::Generator
        } else {
            Kind::Function
        };
        self.push_unit("<lambda>", kind, scope, l.parameters.as_deref(), None);
        self.expr(&l.body)?;
        self.emit(Op::Return);
        let code = self.pop_unit();
        self.make_function(code, flags);
        Ok(())
    }

    /// A list (0), set (1), dict (2) comprehension or a generator expression (3), as a function
    /// of the first iterable's iterator.
    fn comprehension(
        &mut self,
        gens: &'p [ast::Comprehension],
        elts: &[&'p Expr],
        kind: u8,
    ) -> Res {
        if let Some(g) = gens.iter().find(|g| g.is_async) {
            return Err(self.error(g.start(), "`async for` is not modelled by GIL Lab yet"));
        }
        let scope = scope::of_comprehension(gens, elts);
        let name = ["<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"][kind as usize];
        let unit_kind = if kind == 3 {
            Kind::Generator
        } else {
            Kind::Function
        };
        let class_name = None;
        self.push_unit(name, unit_kind, scope, None, class_name);
        self.code().argcount = 1;
        // `.0` is the first local: the scope binds it first.
        match kind {
            0 => self.emit(Op::BuildList(0)),
            1 => self.emit(Op::BuildSet(0)),
            2 => self.emit(Op::BuildMap(0)),
            _ => self.emit(Op::Nop),
        };
        let mut loops = Vec::new();
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                self.emit(Op::LoadFast(0));
            } else {
                self.expr(&g.iter)?;
                self.emit(Op::GetIter);
            }
            let start = self.here();
            let exit = self.emit(Op::ForIter(0));
            self.store(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
                self.emit(Op::PopJumpIfFalse(start));
            }
            loops.push((start, exit));
        }
        let depth = gens.len() as u32 + 1;
        match kind {
            0 => {
                self.expr(elts[0])?;
                self.emit(Op::ListAppend(depth));
            }
            1 => {
                self.expr(elts[0])?;
                self.emit(Op::SetAdd(depth));
            }
            2 => {
                self.expr(elts[0])?;
                self.expr(elts[1])?;
                self.emit(Op::MapAdd(depth));
            }
            _ => {
                self.expr(elts[0])?;
                self.emit(Op::Yield);
                self.emit(Op::Pop);
            }
        }
        for (start, exit) in loops.into_iter().rev() {
            self.emit(Op::Jump(start));
            self.patch(exit);
        }
        if kind == 3 {
            self.emit_const(Value::None);
        }
        self.emit(Op::Return);
        let code = self.pop_unit();
        self.make_function(code, 0);
        self.iterable(&gens[0].iter)?;
        self.emit(Op::GetIter);
        self.emit(Op::Call(1));
        Ok(())
    }

    fn fstring(&mut self, f: &'p ast::ExprFString) -> Res {
        let mut n = 0;
        for part in f.value.iter() {
            match part {
                ast::FStringPartRef::Literal(l) => {
                    self.emit_const(Value::str(&l.value));
                    n += 1;
                }
                ast::FStringPartRef::FString(fs) => {
                    n += self.fstring_elements(&fs.elements)?;
                }
            }
        }
        self.emit(Op::BuildString(n));
        Ok(())
    }

    fn fstring_elements(
        &mut self,
        elements: &'p ast::InterpolatedStringElements,
    ) -> Result<u32, gil_sim::python::PyError> {
        let mut n = 0;
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    self.emit_const(Value::str(&l.value));
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let mut conv = match i.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => b's',
                        ast::ConversionFlag::Repr => b'r',
                        ast::ConversionFlag::Ascii => b'a',
                    };
                    if let Some(d) = &i.debug_text {
                        let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                        self.emit_const(Value::str(&text));
                        n += 1;
                        if conv == 0 && i.format_spec.is_none() {
                            conv = b'r';
                        }
                    }
                    self.expr(&i.expression)?;
                    if let Some(spec) = &i.format_spec {
                        let k = self.fstring_elements(&spec.elements)?;
                        self.emit(Op::BuildString(k));
                    }
                    self.emit(Op::Format(conv, i.format_spec.is_some()));
                }
            }
            n += 1;
        }
        Ok(n)
    }

    /// An iterable about to be iterated: a set display of constants is CPython's frozenset
    /// constant, iterated as it is.
    pub(super) fn iterable(&mut self, e: &'p Expr) -> Res {
        match e {
            Expr::Set(s) if self.const_set(&s.elts, true) => Ok(()),
            e => self.expr(e),
        }
    }

    /// Emits a set display of constants as CPython 3.11 compiles it (more than two items, or
    /// any number to iterate); false if the display is not one.
    fn const_set(&mut self, elts: &[Expr], frozen: bool) -> bool {
        if elts.len() <= 2 && !frozen {
            return false;
        }
        let Some(items) = elts.iter().map(const_value).collect::<Option<Vec<_>>>() else {
            return false;
        };
        let reinterned = items.iter().any(|v| match v {
            Value::Str(s) => {
                s.chars().count() >= 2
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && (self.parsed.names.contains(&**s) || crate::builtins::interned_at_start(s))
            }
            _ => false,
        });
        let k = self.konst(Value::tuple(items));
        self.emit(Op::ConstSet(k, reinterned, frozen));
        true
    }
}

/// The value of a constant expression as CPython's compiler folds it: literals, negated
/// numbers, tuples of constants.
fn const_value(e: &Expr) -> Option<Value> {
    Some(match e {
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => int_literal(i),
            ast::Number::Float(f) => Value::Float(*f),
            ast::Number::Complex { .. } => return None,
        },
        Expr::StringLiteral(s) => Value::str(s.value.to_str()),
        Expr::BooleanLiteral(b) => Value::Bool(b.value),
        Expr::NoneLiteral(_) => Value::None,
        Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => match const_value(&u.operand)? {
            Value::Int(i) => Value::Int(i.checked_neg()?),
            Value::Float(f) => Value::Float(-f),
            _ => return None,
        },
        Expr::Tuple(t) => Value::tuple(t.elts.iter().map(const_value).collect::<Option<_>>()?),
        _ => return None,
    })
}
