//! Python's `set` with CPython 3.11's iteration order, which is what `print(s)`, `list(s)` and
//! `for x in s` show. CPython keeps a set in an open-addressing hash table
//! (`Objects/setobject.c`) and walks it slot by slot, so the order follows from the members'
//! hashes ([`py_hash`]) and from the table's history: its size (8 slots at first, grown when
//! three fifths are taken), the probe sequence (a run of up to 9 neighbouring slots, then a
//! jump driven by the hash's remaining bits), the dummies left by removals (a later insertion
//! reuses the last one its probe passed), and the way each operation builds its result (`a | b`
//! copies `a` then merges `b`; `a & b` walks the smaller set; ...). [`PySet`] redoes all of
//! that, so the same program prints the same set as CPython run with `PYTHONHASHSEED=0` (the
//! seed fixes the hashes of strings; without it CPython's own order changes from run to run).
//!
//! What the interpreter must do around it, as CPython does:
//! - `set(s)` and `s.copy()` are [`PySet::copy`]; `set(iterable)`, `s.update(iterable)` and a
//!   set comprehension are [`PySet::extend`] (one `add` per item); `set(d)` and `s.update(d)`
//!   of a dict are [`PySet::extend_dict_keys`] (the table is sized first).
//! - A set display `{a, b, c}`: CPython 3.11 folds a display of more than two constants
//!   (numbers, strings, `None`, `True`, tuples of constants, negated numbers) into a frozenset
//!   constant and copies it into a new set: [`PySet::from_const_display`]. Any other display
//!   adds its items in order ([`PySet::extend`]). `for x in {...}` over constants (any number)
//!   iterates the frozenset constant itself: [`PySet::const_frozenset`].
//! - When both operands are the same set object: `s |= s` does nothing, `s -= s` and
//!   `s ^= s` are [`PySet::clear`], `s &= s` is [`PySet::compact`]. The binary operators take
//!   the same object twice as they are.
//! - Non-set arguments of the methods (a dict counts as the list of its keys, except where
//!   said): `s.intersection(it)` is [`PySet::intersection_iter`], `s.intersection_update(it)`
//!   [`PySet::intersection_update_iter`], `s.difference_update(it)`
//!   [`PySet::difference_update_iter`], `s.difference(it)` a copy then
//!   `difference_update_iter` (of a dict: as [`PySet::difference`] with a set of its keys),
//!   `s.union(it)` a copy then `extend` (of a dict: `extend_dict_keys`), and
//!   `s.symmetric_difference(it)` / `s.symmetric_difference_update(it)` make a set of `it`
//!   first (`extend`, or `extend_dict_keys`) and go on as with a set, except that
//!   `s.symmetric_difference_update(d)` of a dict is
//!   [`PySet::symmetric_difference_update_dict_keys`].

use std::fmt;

use super::Key;
pub use super::pyhash::py_hash;

/// The table's smallest size (`PySet_MINSIZE`).
const MIN_SIZE: usize = 8;
/// How many neighbouring slots a probe looks at before it jumps.
const LINEAR_PROBES: u64 = 9;
/// How many bits of the hash each jump brings in.
const PERTURB_SHIFT: u32 = 5;

/// A slot of the table.
#[derive(Clone)]
enum Slot {
    /// Never used since the table was made.
    Empty,
    /// Held a member that was removed: probes go on past it.
    Dummy,
    /// A member and its hash.
    Full(i64, Key),
}

/// The slots a probe for `hash` visits, in order (endless: the caller stops at a free slot,
/// which the table always has). From the slot `hash & mask`, the next 9 slots if they do not
/// run past the end, then a jump to `(i * 5 + 1 + perturb) & mask` from that run's first slot
/// `i`, where `perturb` is the hash (as unsigned 64 bits) shifted right 5 more bits each jump.
struct Probe {
    base: u64,
    offset: u64,
    run: u64,
    perturb: u64,
    mask: u64,
}

impl Probe {
    fn new(hash: i64, mask: usize) -> Probe {
        let mask = mask as u64;
        let base = hash as u64 & mask;
        Probe {
            base,
            offset: 0,
            run: Self::run(base, mask),
            perturb: hash as u64,
            mask,
        }
    }

    fn run(base: u64, mask: u64) -> u64 {
        if base + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        }
    }

    fn next_slot(&mut self) -> usize {
        let slot = self.base + self.offset;
        if self.offset < self.run {
            self.offset += 1;
        } else {
            self.perturb >>= PERTURB_SHIFT;
            self.base = self
                .base
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(self.perturb)
                & self.mask;
            self.offset = 0;
            self.run = Self::run(self.base, self.mask);
        }
        slot as usize
    }
}

/// A Python set, laid out as CPython 3.11 lays it out, so that it iterates (and prints) in
/// CPython's order. Members are [`Key`]s (Python's equality), each kept with its
/// [`py_hash`]. `Clone` duplicates the table as it is; [`PySet::copy`] is Python's `s.copy()`.
#[derive(Clone)]
pub struct PySet {
    /// A power of two slots, at least [`MIN_SIZE`].
    table: Vec<Slot>,
    /// Slots not empty (members and dummies).
    fill: usize,
    /// Members.
    used: usize,
    /// Where `pop` starts looking.
    finger: usize,
}

impl Default for PySet {
    fn default() -> Self {
        PySet::new()
    }
}

impl fmt::Debug for PySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Equal as Python sets: the same members, whatever the order.
impl PartialEq for PySet {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.is_subset(other)
    }
}

fn empty_table(size: usize) -> Vec<Slot> {
    (0..size).map(|_| Slot::Empty).collect()
}

/// The size of the table after a resize for `min_used` members.
fn table_size(min_used: usize) -> usize {
    let mut size = MIN_SIZE;
    while size <= min_used {
        size <<= 1;
    }
    size
}

/// How many members a table grows for when `used` fills it.
fn growth(used: usize) -> usize {
    if used > 50_000 { used * 2 } else { used * 4 }
}

impl PySet {
    /// An empty set (`set()`).
    pub fn new() -> PySet {
        PySet {
            table: empty_table(MIN_SIZE),
            fill: 0,
            used: 0,
            finger: 0,
        }
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// `set.add`: whether `k` was not there. An equal member already there stays (so
    /// `{1, True}` keeps `1`).
    pub fn insert(&mut self, k: Key) -> bool {
        let hash = py_hash(&k.0);
        self.add_hashed(k, hash)
    }

    /// `set.discard`: whether `k` was there.
    pub fn remove(&mut self, k: &Key) -> bool {
        self.discard_hashed(k, py_hash(&k.0))
    }

    /// `k in s`.
    pub fn contains(&self, k: &Key) -> bool {
        self.find(k, py_hash(&k.0)).is_some()
    }

    /// The member equal to `k` (which may be of another type: `1.0` for `1`).
    pub fn get(&self, k: &Key) -> Option<&Key> {
        match self.find(k, py_hash(&k.0)).map(|i| &self.table[i]) {
            Some(Slot::Full(_, m)) => Some(m),
            _ => None,
        }
    }

    /// `len(s)`.
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The members in CPython's order: the table's slots from first to last.
    pub fn iter(&self) -> impl Iterator<Item = &Key> {
        self.entries().map(|(_, k)| k)
    }

    fn entries(&self) -> impl Iterator<Item = (i64, &Key)> {
        self.table.iter().filter_map(|s| match s {
            Slot::Full(h, k) => Some((*h, k)),
            _ => None,
        })
    }

    /// `s.pop()`: the first member at or after the finger (the slot after the last pop),
    /// wrapping around; `None` when the set is empty (CPython's `KeyError`).
    pub fn pop(&mut self) -> Option<Key> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.table[i], Slot::Full(..)) {
            i = if i == mask { 0 } else { i + 1 };
        }
        let Slot::Full(_, k) = std::mem::replace(&mut self.table[i], Slot::Dummy) else {
            return None;
        };
        self.used -= 1;
        self.finger = i + 1;
        Some(k)
    }

    /// `s.clear()`: back to the smallest table (the finger stays, as in CPython).
    pub fn clear(&mut self) {
        self.table = empty_table(MIN_SIZE);
        self.fill = 0;
        self.used = 0;
    }

    /// `s.copy()`, `set(s)`: a new set merged from this one.
    pub fn copy(&self) -> PySet {
        let mut out = PySet::new();
        out.update(self);
        out
    }

    /// `s &= s`: CPython swaps in a copy of the set (the finger stays).
    pub fn compact(&mut self) {
        let copy = self.copy();
        self.replace_body(copy);
    }

    /// `s |= t`, `s.update(t)` of another set (not `s` itself: `s |= s` does nothing):
    /// CPython's merge. The table is sized for both first; an empty set takes `t`'s slots as
    /// they are when the sizes match and `t` has no dummies, else `t`'s members in `t`'s
    /// order into free slots; otherwise each member of `t` is added in `t`'s order.
    pub fn update(&mut self, other: &PySet) {
        if other.used == 0 || std::ptr::eq(self, other) {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.table.len() == other.table.len() && other.fill == other.used {
            self.table = other.table.clone();
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            let mask = self.mask();
            for (h, k) in other.entries() {
                insert_clean(&mut self.table, mask, h, k.clone());
            }
            self.fill = other.used;
            self.used = other.used;
            return;
        }
        for (h, k) in other.entries() {
            self.add_hashed(k.clone(), h);
        }
    }

    /// `set(iterable)`, `s.update(iterable)`, `{x for ...}`: one `add` per item, in order.
    pub fn extend(&mut self, items: impl IntoIterator<Item = Key>) {
        for k in items {
            self.insert(k);
        }
    }

    /// `set(d)`, `s.update(d)` of a dict (its keys in order): the table is first sized for
    /// the set and the dict together, then each key is added.
    pub fn extend_dict_keys<I>(&mut self, keys: I)
    where
        I: IntoIterator<Item = Key>,
        I::IntoIter: ExactSizeIterator,
    {
        let keys = keys.into_iter();
        if (self.fill + keys.len()) * 5 >= self.mask() * 3 {
            self.resize((self.used + keys.len()) * 2);
        }
        self.extend(keys);
    }

    /// `s | t`, `s.union(t)`: a copy of `s`, merged with `t`.
    pub fn union(&self, other: &PySet) -> PySet {
        let mut out = self.copy();
        if !std::ptr::eq(self, other) {
            out.update(other);
        }
        out
    }

    /// `s & t`, `s.intersection(t)`: the members of the smaller set (`t` when the sizes are
    /// equal) that the other holds, added in that set's order (so the members come from it:
    /// `{1} & {1.0}` is `{1.0}`). `s & s` is a copy.
    pub fn intersection(&self, other: &PySet) -> PySet {
        if std::ptr::eq(self, other) {
            return self.copy();
        }
        let (big, small) = if other.len() > self.len() {
            (other, self)
        } else {
            (self, other)
        };
        let mut out = PySet::new();
        for (h, k) in small.entries() {
            if big.find(k, h).is_some() {
                out.add_hashed(k.clone(), h);
            }
        }
        out
    }

    /// `s.intersection(iterable)` of something not a set: the items that `s` holds, added in
    /// the iterable's order (the items themselves, not `s`'s members).
    pub fn intersection_iter(&self, items: impl IntoIterator<Item = Key>) -> PySet {
        let mut out = PySet::new();
        for k in items {
            let h = py_hash(&k.0);
            if self.find(&k, h).is_some() {
                out.add_hashed(k, h);
            }
        }
        out
    }

    /// `s &= t`, `s.intersection_update(t)` (for `s &= s`, see [`PySet::compact`]): `s`
    /// becomes `s & t` (the finger stays).
    pub fn intersection_update(&mut self, other: &PySet) {
        let result = self.intersection(other);
        self.replace_body(result);
    }

    /// `s - t`, `s.difference(t)`: when `s` has more than four times as many members as `t`,
    /// a copy of `s` with `t`'s members removed; otherwise the members of `s` not in `t`,
    /// added in `s`'s order.
    pub fn difference(&self, other: &PySet) -> PySet {
        if (self.len() >> 2) > other.len() {
            let mut out = self.copy();
            out.difference_update(other);
            return out;
        }
        let mut out = PySet::new();
        for (h, k) in self.entries() {
            if other.find(k, h).is_none() {
                out.add_hashed(k.clone(), h);
            }
        }
        out
    }

    /// `s.intersection_update(iterable)` of something not a set (a dict: its keys): `s`
    /// becomes `s.intersection(iterable)` (the finger stays).
    pub fn intersection_update_iter(&mut self, items: impl IntoIterator<Item = Key>) {
        let result = self.intersection_iter(items);
        self.replace_body(result);
    }

    /// `s -= t`, `s.difference_update(t)` (for `s -= s`, see [`PySet::clear`]): `t`'s
    /// members are removed (leaving dummies), then the table is rebuilt if more than a quarter
    /// of it is dummies.
    pub fn difference_update(&mut self, other: &PySet) {
        if (other.len() >> 3) > self.len() {
            // CPython removes `s & t` instead, which leaves the same dummies.
            let common: Vec<(i64, Key)> = self
                .entries()
                .filter(|&(h, k)| other.find(k, h).is_some())
                .map(|(h, k)| (h, k.clone()))
                .collect();
            for (h, k) in common {
                self.discard_hashed(&k, h);
            }
        } else {
            for (h, k) in other.entries() {
                self.discard_hashed(k, h);
            }
        }
        self.shed_dummies();
    }

    /// `s.difference_update(iterable)` of something not a set: each item removed, then the
    /// table rebuilt if more than a quarter of it is dummies.
    pub fn difference_update_iter(&mut self, items: impl IntoIterator<Item = Key>) {
        for k in items {
            self.remove(&k);
        }
        self.shed_dummies();
    }

    /// `s ^ t`, `s.symmetric_difference(t)`: a copy of `t`, updated symmetrically with `s`.
    pub fn symmetric_difference(&self, other: &PySet) -> PySet {
        let mut out = other.copy();
        out.symmetric_difference_update(self);
        out
    }

    /// `s ^= t`, `s.symmetric_difference_update(t)` (for `s ^= s`, see [`PySet::clear`]):
    /// each member of `t`, in `t`'s order, is removed from `s` if there, else added.
    pub fn symmetric_difference_update(&mut self, other: &PySet) {
        for (h, k) in other.entries() {
            if !self.discard_hashed(k, h) {
                self.add_hashed(k.clone(), h);
            }
        }
    }

    /// `s.symmetric_difference_update(d)` of a dict (its keys in order): each key is removed
    /// from `s` if there, else added. (Another iterable is made a set first: see the module's
    /// notes.)
    pub fn symmetric_difference_update_dict_keys(&mut self, keys: impl IntoIterator<Item = Key>) {
        for k in keys {
            let h = py_hash(&k.0);
            if !self.discard_hashed(&k, h) {
                self.add_hashed(k, h);
            }
        }
    }

    /// `s <= t`.
    pub fn is_subset(&self, other: &PySet) -> bool {
        self.len() <= other.len() && self.entries().all(|(h, k)| other.find(k, h).is_some())
    }

    /// The frozenset constant CPython 3.11 compiles for a display of constants (`items` in the
    /// source's order, duplicates included): the frozenset of the items, rebuilt from its own
    /// order when the compiler merges its constants, and rebuilt once more, when the code
    /// object is made, if `reinterned`: if interning replaced one of its strings, which
    /// happens when a member is a str of at least two characters, all ASCII letters, digits
    /// or `_`, and an equal string was interned before (an identifier anywhere in the
    /// program, or one CPython interned at startup, such as a builtin's name); strings inside
    /// tuples do not count. `for x in {...}` iterates this frozenset.
    pub fn const_frozenset(items: impl IntoIterator<Item = Key>, reinterned: bool) -> PySet {
        let mut set = PySet::new();
        set.extend(items);
        for _ in 0..1 + usize::from(reinterned) {
            let mut rebuilt = PySet::new();
            rebuilt.extend(set.iter().cloned());
            set = rebuilt;
        }
        set
    }

    /// The set a display of more than two constants makes in CPython 3.11 (`{3, 1, 2}`): an
    /// empty set updated from [`PySet::const_frozenset`] (see there for `reinterned`).
    pub fn from_const_display(items: impl IntoIterator<Item = Key>, reinterned: bool) -> PySet {
        let mut out = PySet::new();
        out.update(&PySet::const_frozenset(items, reinterned));
        out
    }

    /// Takes `other`'s table, keeping the finger (CPython swaps the bodies of two sets).
    fn replace_body(&mut self, other: PySet) {
        self.table = other.table;
        self.fill = other.fill;
        self.used = other.used;
    }

    /// The slot of the member equal to `k`, whose hash is `hash`.
    fn find(&self, k: &Key, hash: i64) -> Option<usize> {
        let mut probe = Probe::new(hash, self.mask());
        loop {
            let i = probe.next_slot();
            match &self.table[i] {
                Slot::Empty => return None,
                Slot::Full(h, m) if *h == hash && m == k => return Some(i),
                _ => {}
            }
        }
    }

    /// Adds `k` unless an equal member is there: into the last dummy the probe passed, else
    /// into the free slot that ended it (growing the table when 3/5 of it is then taken).
    fn add_hashed(&mut self, k: Key, hash: i64) -> bool {
        let mut probe = Probe::new(hash, self.mask());
        let mut dummy = None;
        let free = loop {
            let i = probe.next_slot();
            match &self.table[i] {
                Slot::Empty => break i,
                Slot::Dummy => dummy = Some(i),
                Slot::Full(h, m) => {
                    if *h == hash && *m == k {
                        return false;
                    }
                }
            }
        };
        self.used += 1;
        if let Some(i) = dummy {
            self.table[i] = Slot::Full(hash, k);
            return true;
        }
        self.table[free] = Slot::Full(hash, k);
        self.fill += 1;
        if self.fill * 5 >= self.mask() * 3 {
            self.resize(growth(self.used));
        }
        true
    }

    /// Removes the member equal to `k`, leaving a dummy; whether it was there.
    fn discard_hashed(&mut self, k: &Key, hash: i64) -> bool {
        match self.find(k, hash) {
            Some(i) => {
                self.table[i] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// After removing many members: rebuilds the table if more than a quarter is dummies.
    fn shed_dummies(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.resize(growth(self.used));
        }
    }

    /// A new table of the smallest power of two above `min_used` (at least 8), with the
    /// members put back in the old table's order, each into the first free slot of its probe.
    fn resize(&mut self, min_used: usize) {
        let size = table_size(min_used);
        let old = std::mem::replace(&mut self.table, empty_table(size));
        let mask = size - 1;
        for slot in old {
            if let Slot::Full(h, k) = slot {
                insert_clean(&mut self.table, mask, h, k);
            }
        }
        self.fill = self.used;
    }
}

/// Puts a member known to be absent into the first empty slot of its probe (the table has no
/// dummies).
fn insert_clean(table: &mut [Slot], mask: usize, hash: i64, k: Key) {
    let mut probe = Probe::new(hash, mask);
    loop {
        let i = probe.next_slot();
        if let Slot::Empty = table[i] {
            table[i] = Slot::Full(hash, k);
            return;
        }
    }
}
