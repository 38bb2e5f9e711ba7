//! Typed ids for the engine's records, so a thread can't be used where a core is meant, and
//! `Option` instead of a sentinel where there may be none. Each id is an index stored as
//! index + 1 in a `NonZeroU32`, so `Option<Id>` is as small as the id. Indexing a record vector
//! by its id type is the only way in.

use std::num::NonZeroU32;
use std::ops::{Index, IndexMut};

use super::state::{Core, Gil, Lock, Proc, Th};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident, $record:ty) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(super) struct $name(NonZeroU32);

        impl $name {
            /// The id of record `index` (indices are bounded far below `u32::MAX` by the caps).
            pub(super) fn new(index: u32) -> Self {
                Self(NonZeroU32::MIN.saturating_add(index))
            }

            /// The index, as the trace and the queues number records.
            pub(super) fn raw(self) -> u32 {
                self.0.get() - 1
            }
        }

        $crate::engine::ids::id!(@index $name, $record);
    };
    (@index $name:ident, ()) => {};
    (@index $name:ident, $record:ty) => {
        impl Index<$name> for Vec<$record> {
            type Output = $record;
            #[inline]
            fn index(&self, id: $name) -> &$record {
                &self[id.raw() as usize]
            }
        }

        impl IndexMut<$name> for Vec<$record> {
            #[inline]
            fn index_mut(&mut self, id: $name) -> &mut $record {
                &mut self[id.raw() as usize]
            }
        }
    };
}
pub(super) use id;

id!(/// A thread, numbered over all processes in scenario order.
    ThreadId, Th);
id!(/// A CPU core.
    CoreId, Core);
id!(/// A GIL: one per process, or one per interpreter.
    GilId, Gil);
id!(/// A process, in scenario order (0 is the main process).
    ProcId, Proc);
id!(/// A lock, numbered over all processes (a name is a lock per process).
    LockId, Lock);
id!(/// An asyncio task of the event loop its thread runs.
    TaskId, ());
