//! The compiled form of a function (or module, class body, lambda, comprehension): a list of
//! stack-machine [`Op`]s, their constants and names, and each op's place in the text.

use std::rc::Rc;

use crate::value::Value;
use crate::value::num::Op as NumOp;

/// One instruction. Jumps name an index into [`Code::ops`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Const(u32),
    Pop,
    Dup,
    /// Duplicates the top two values.
    DupTwo,
    Rot2,
    Rot3,
    LoadFast(u32),
    StoreFast(u32),
    DelFast(u32),
    /// A cell of the frame: its own cells first, then those it closes over.
    LoadCell(u32),
    StoreCell(u32),
    DelCell(u32),
    /// Pushes the cell itself, for [`Op::MakeFunction`].
    LoadClosure(u32),
    LoadGlobal(u32),
    /// The builtin named by the text on top (for `assert`'s `AssertionError`).
    LoadBuiltin,
    StoreGlobal(u32),
    DelGlobal(u32),
    /// A class body's names: its namespace, then the globals, then the builtins.
    LoadName(u32),
    StoreName(u32),
    DelName(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DelAttr(u32),
    Subscr,
    StoreSubscr,
    DelSubscr,
    BuildSlice,
    Binary(NumOp),
    /// `a op= b`: in place for lists (`+=` extends), else as `Binary`.
    Inplace(NumOp),
    MatMul,
    Neg,
    Pos,
    Invert,
    Not,
    Compare(Cmp),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    /// Next item of the iterator on top, or pop it and jump.
    ForIter(u32),
    /// Next item of the iterator on top, or jump keeping it (`yield from`).
    ForIterKeep(u32),
    /// Replaces the finished iterator on top with the value it returned (`yield from`'s value).
    GenResult,
    /// Positional arguments on the stack above the callable.
    Call(u32),
    /// Positional then keyword arguments; the constant holds the keyword names (a tuple).
    CallKw(u32, u32),
    /// The callable, a tuple of arguments and (if true) a dict of keyword arguments.
    CallEx(bool),
    BuildList(u32),
    BuildTuple(u32),
    BuildSet(u32),
    /// `n` key, value pairs.
    BuildMap(u32),
    /// Appends the top to the list `n` places below it (comprehensions).
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    /// Extends the list below the top with the iterable on top (`[*a, *b]`, `f(*a)`).
    ListExtend,
    SetExtend,
    /// Merges the mapping on top into the dict below it (`{**a}`, `f(**k)`).
    DictMerge,
    ListToTuple,
    Unpack(u32),
    /// `a, *b, c = ...`: counts before and after the starred name.
    UnpackEx(u32, u32),
    /// Code constant; flags: 1 defaults tuple, 2 keyword defaults dict, 4 closure tuple.
    MakeFunction(u32, u8),
    Return,
    Yield,
    /// Installs an exception handler at the target for the stack as it is less `n` values.
    PushHandler(u32, u32),
    PopHandler,
    /// The exception on top becomes the one being handled (for a bare `raise`).
    BeginExcept,
    EndExcept,
    /// `[exc, class]` → `[exc, matches]`.
    ExcMatch,
    /// `raise` (0), `raise e` (1), `raise e from c` (2).
    Raise(u8),
    /// Raises the exception on top again (no handler matched; end of a `finally`).
    Reraise,
    /// `ctx` → `exit, ctx.__enter__()`.
    EnterWith,
    /// `async with`: as `EnterWith`, with `__aenter__` and `__aexit__` (an `Await` follows).
    EnterAsyncWith,
    /// `async with`'s `ExitWithExc`: `__aexit__`'s coroutine runs to its end there.
    ExitAsyncWithExc,
    /// Runs the coroutine on top (inline, on this stack) and pushes what it returns; for any
    /// other object, calls its `__await__()` (a future's waits until it is done).
    Await,
    /// `exit` → `exit(None, None, None)` (its value, for a `Pop` to drop).
    ExitWith,
    /// `exit, exc` → calls `exit(type, exc, tb)`; raises again unless it returns true.
    ExitWithExc,
    /// A value and (if true) a format spec → the formatted text; the conversion `s`, `r`, `a`.
    Format(u8, bool),
    /// Joins `n` texts.
    BuildString(u32),
    /// The class body's function, its name (constant) and `n` bases → the class.
    BuildClass(u32, u32),
    Import(u32),
    ImportFrom(u32),
    /// A set display of constants (the tuple constant): CPython 3.11 makes a frozenset of them
    /// when compiling; `true` when its strings were interned again (see `value/pyset.rs`),
    /// and `true` again to iterate the frozenset itself (`for x in {...}`).
    ConstSet(u32, bool, bool),
    /// Replaces a default `__class__`-less `super()` call: pushes `super(Class, self)`.
    Super,
    Nop,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Is,
    IsNot,
    In,
    NotIn,
}

/// The kind of code: how its names are looked up and what calling it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Module,
    Function,
    Generator,
    /// An `async def`: calling it makes a coroutine object, which `await` runs.
    Coroutine,
    Class,
}

/// A compiled unit.
#[derive(Debug)]
pub struct Code {
    pub name: Rc<str>,
    /// The name as CPython's messages write it: `Class.method`, `outer.<locals>.inner`.
    pub qualname: Rc<str>,
    pub kind: Kind,
    pub ops: Vec<Op>,
    /// Line and column (1-based) of each op.
    pub places: Vec<(u32, u32)>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<str>>,
    /// Fast locals; the parameters come first.
    pub locals: Vec<Rc<str>>,
    /// Positional parameters (positional-only included), then keyword-only ones.
    pub argcount: u32,
    pub posonly: u32,
    pub kwonly: u32,
    /// Index in `locals` of `*args` and `**kwargs`.
    pub varargs: Option<u32>,
    pub varkw: Option<u32>,
    /// Locals that nested functions close over, with their index in `locals` when they are
    /// parameters (then copied into the cell at the call).
    pub cells: Vec<(Rc<str>, Option<u32>)>,
    /// Names this code closes over from the functions around it.
    pub free: Vec<Rc<str>>,
    /// Whether the code is a library's (`threading`), not the program's: places in it are not
    /// the ones to show.
    pub library: bool,
    /// The docstring: the text the body opens with.
    pub doc: Option<Rc<str>>,
    /// The name of the class whose body this function is in (for `super()`).
    pub class_name: Option<Rc<str>>,
    /// How many frames of this code were entered (CPython specialises a code's instructions
    /// from its 8th entry: `vm::cost::WARMUP`).
    pub entries: std::cell::Cell<u32>,
}
