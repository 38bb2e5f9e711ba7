//! What Python work costs: each operation is of a kind ([`CostKind`]), and [`OpCosts`] gives
//! each kind its time (ps), fitted to what CPython takes on a machine (`crate::calib`). The
//! interpreter adds up the time of what a thread runs: that is its CPU time in the model.

use crate::compile::Op;

/// The kinds of operation, by what they cost in CPython.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostKind {
    /// Moving a value: constants, fast locals, the stack, jumps.
    Basic = 0,
    /// A lookup by name: globals, builtins, attributes, imports.
    Lookup = 1,
    /// Arithmetic and the other operators but comparisons.
    Arith = 2,
    /// A call and its return (the callee's own operations count apart).
    Call = 3,
    /// A Python frame made for a call (on top of the call: a built-in needs none).
    Frame = 4,
    /// One step of a `for` loop's iterator.
    Iter = 5,
    /// Building a value: a list, a tuple, a dict, a set, a function, a class.
    Build = 6,
    /// Text: an f-string's or `format`'s field, and joining the pieces.
    Text = 7,
    /// Exceptions and `with`: raising, matching, handling.
    Except = 8,
    /// An item by key or index (`d[k]`, `d[k] = v`, `del`), and unpacking.
    Item = 9,
    /// A comparison (`<`, `==`, `in`, `is`, ...).
    Compare = 10,
    /// One step of an iteration a built-in makes (`sum`, `list`, `sorted`, `str.join`, ...).
    Step = 11,
}

/// How many kinds there are.
pub const KINDS: usize = 12;

/// The kinds' names, in order (the calibration's report).
pub const KIND_NAMES: [&str; KINDS] = [
    "basic", "lookup", "arith", "call", "frame", "iter", "build", "text", "except", "item",
    "compare", "step",
];

/// A code's entries that run cold: CPython 3.11 specialises a code's instructions when it is
/// entered the 8th time (`_PyCode_Warmup`), so a function called once (a thread's target, the
/// module's own code) runs its loops unspecialised, and slower.
pub const WARMUP: u32 = 8;

/// The time each kind of operation takes, ps: in code CPython has specialised, and in code it
/// has not (cold).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpCosts {
    pub ps: [u64; KINDS],
    pub cold_ps: [u64; KINDS],
}

/// [`OpCosts::default`], ps, in `CostKind`'s order.
const DEFAULT_PS: [u64; KINDS] = [
    1436, 2092, 5407, 1031, 10886, 3236, 8060, 33288, 17226, 10270, 5795, 10242,
];
/// The same in cold code.
const DEFAULT_COLD_PS: [u64; KINDS] = [
    1766, 2574, 6650, 1268, 13390, 3980, 9914, 40945, 21188, 12631, 7128, 12598,
];

impl Default for OpCosts {
    /// CPython 3.11 on this machine kind (2 vCPUs): the fit of `calib` to the shipped
    /// machine profile's kernels (`tests/calib.rs` checks that they agree).
    fn default() -> OpCosts {
        OpCosts {
            ps: DEFAULT_PS,
            cold_ps: DEFAULT_COLD_PS,
        }
    }
}

impl OpCosts {
    /// Every kind at the same cost (a plain count of operations).
    pub fn flat(ps: u64) -> OpCosts {
        OpCosts {
            ps: [ps; KINDS],
            cold_ps: [ps; KINDS],
        }
    }
}

/// The kind of an operation.
pub fn kind_of(op: Op) -> CostKind {
    use CostKind::*;
    match op {
        Op::Const(_)
        | Op::Pop
        | Op::Dup
        | Op::DupTwo
        | Op::LoadFast(_)
        | Op::StoreFast(_)
        | Op::DelFast(_)
        | Op::LoadCell(_)
        | Op::StoreCell(_)
        | Op::DelCell(_)
        | Op::LoadClosure(_)
        | Op::Jump(_)
        | Op::PopJumpIfFalse(_)
        | Op::PopJumpIfTrue(_)
        | Op::JumpIfFalseOrPop(_)
        | Op::JumpIfTrueOrPop(_)
        | Op::Nop
        | Op::Not
        | Op::PushHandler(..)
        | Op::PopHandler => Basic,
        Op::LoadGlobal(_)
        | Op::LoadBuiltin
        | Op::StoreGlobal(_)
        | Op::DelGlobal(_)
        | Op::LoadName(_)
        | Op::StoreName(_)
        | Op::DelName(_)
        | Op::LoadAttr(_)
        | Op::StoreAttr(_)
        | Op::DelAttr(_)
        | Op::Super
        | Op::Import(_)
        | Op::ImportFrom(_) => Lookup,
        Op::Subscr | Op::StoreSubscr | Op::DelSubscr | Op::Unpack(_) | Op::UnpackEx(..) => Item,
        Op::Binary(_) | Op::Inplace(_) | Op::MatMul | Op::Neg | Op::Pos | Op::Invert => Arith,
        Op::Compare(_) => Compare,
        Op::Call(_)
        | Op::CallKw(..)
        | Op::CallEx(_)
        | Op::Return
        | Op::Yield
        | Op::GenResult
        | Op::Await => Call,
        Op::GetIter | Op::ForIter(_) | Op::ForIterKeep(_) => Iter,
        Op::Format(..) | Op::BuildString(_) => Text,
        Op::BeginExcept
        | Op::EndExcept
        | Op::ExcMatch
        | Op::Raise(_)
        | Op::Reraise
        | Op::EnterWith
        | Op::ExitWith
        | Op::ExitWithExc
        | Op::ExitAsyncWithExc
        | Op::EnterAsyncWith => Except,
        _ => Build,
    }
}
