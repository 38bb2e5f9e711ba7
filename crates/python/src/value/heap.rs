//! The objects a run makes that can hold other objects (lists, dicts, sets, instances,
//! classes, cells, iterators), noted so that the run can break their reference cycles when it
//! ends: `Rc` alone never frees a list that holds itself, a function in the globals it refers
//! to, or an instance whose attribute points back at it. A run enters its own heap
//! ([`Heap::enter`]); what it makes while inside is noted there, and cleared when it leaves.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use super::{Class, Dict, Instance, Iter, Set, Value};

/// An object noted for clearing.
enum Noted {
    List(Weak<RefCell<Vec<Value>>>),
    Dict(Weak<RefCell<Dict>>),
    Set(Weak<RefCell<Set>>),
    Instance(Weak<Instance>),
    Class(Weak<Class>),
    Cell(Weak<RefCell<Option<Value>>>),
    Iter(Weak<RefCell<Iter>>),
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<RefCell<Vec<Noted>>>>> = const { RefCell::new(None) };
    /// The number of instances made in the current heap (their order: `Instance::serial`).
    static SERIAL: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn note(n: Noted) {
    CURRENT.with(|c| {
        if let Some(h) = &*c.borrow() {
            let mut h = h.borrow_mut();
            // Forget the objects already freed now and then, so the list follows what lives.
            if h.len() >= 4096 && h.len().is_power_of_two() {
                h.retain(Noted::alive);
            }
            h.push(n);
        }
    });
}

impl Noted {
    fn alive(&self) -> bool {
        match self {
            Noted::List(w) => w.strong_count() > 0,
            Noted::Dict(w) => w.strong_count() > 0,
            Noted::Set(w) => w.strong_count() > 0,
            Noted::Instance(w) => w.strong_count() > 0,
            Noted::Class(w) => w.strong_count() > 0,
            Noted::Cell(w) => w.strong_count() > 0,
            Noted::Iter(w) => w.strong_count() > 0,
        }
    }

    /// Empties the object (its contents are dropped after its borrow ends).
    fn clear(&self) {
        match self {
            Noted::List(w) => drop(w.upgrade().map(|l| std::mem::take(&mut *l.borrow_mut()))),
            Noted::Dict(w) => drop(w.upgrade().map(|d| std::mem::take(&mut *d.borrow_mut()))),
            Noted::Set(w) => drop(w.upgrade().map(|s| std::mem::take(&mut *s.borrow_mut()))),
            Noted::Instance(w) => drop(
                w.upgrade()
                    .map(|i| std::mem::take(&mut *i.attrs.borrow_mut())),
            ),
            Noted::Class(w) => drop(
                w.upgrade()
                    .map(|c| std::mem::take(&mut *c.attrs.borrow_mut())),
            ),
            Noted::Cell(w) => drop(w.upgrade().map(|c| c.borrow_mut().take())),
            Noted::Iter(w) => drop(
                w.upgrade()
                    .map(|i| std::mem::replace(&mut *i.borrow_mut(), Iter::Range(0, 0, 1))),
            ),
        }
    }
}

/// A run's heap, entered for as long as the value lives.
pub struct Heap {
    noted: Rc<RefCell<Vec<Noted>>>,
    outer: Option<Rc<RefCell<Vec<Noted>>>>,
    /// The outer heap's count of instances, given back when this one ends.
    serial: u64,
}

impl Heap {
    /// Notes what is made from now on in a heap of its own.
    pub fn enter() -> Heap {
        let noted = Rc::new(RefCell::new(Vec::new()));
        let outer = CURRENT.with(|c| c.borrow_mut().replace(noted.clone()));
        let serial = SERIAL.with(|s| s.replace(0));
        Heap {
            noted,
            outer,
            serial,
        }
    }
}

impl Drop for Heap {
    /// Leaves the heap and clears every object it noted that still lives (breaking cycles).
    fn drop(&mut self) {
        CURRENT.with(|c| *c.borrow_mut() = self.outer.take());
        SERIAL.with(|s| s.set(self.serial));
        let noted = std::mem::take(&mut *self.noted.borrow_mut());
        for n in &noted {
            n.clear();
        }
    }
}

pub fn list(items: Vec<Value>) -> Value {
    let rc = Rc::new(RefCell::new(items));
    note(Noted::List(Rc::downgrade(&rc)));
    Value::List(rc)
}

pub fn dict(d: Dict) -> Value {
    Value::Dict(dict_rc(d))
}

pub fn dict_rc(d: Dict) -> Rc<RefCell<Dict>> {
    let rc = Rc::new(RefCell::new(d));
    note(Noted::Dict(Rc::downgrade(&rc)));
    rc
}

pub fn set(s: Set) -> Value {
    let rc = Rc::new(RefCell::new(s));
    note(Noted::Set(Rc::downgrade(&rc)));
    Value::Set(rc)
}

pub fn instance(i: Instance) -> Rc<Instance> {
    let rc = Rc::new(i);
    SERIAL.with(|s| {
        s.set(s.get() + 1);
        rc.serial.set(s.get());
    });
    note(Noted::Instance(Rc::downgrade(&rc)));
    rc
}

pub fn class(c: Class) -> Rc<Class> {
    let rc = Rc::new(c);
    note(Noted::Class(Rc::downgrade(&rc)));
    rc
}

pub fn cell() -> super::Cell {
    let rc = Rc::new(RefCell::new(None));
    note(Noted::Cell(Rc::downgrade(&rc)));
    rc
}

pub fn iter(it: Iter) -> Value {
    let rc = Rc::new(RefCell::new(it));
    note(Noted::Iter(Rc::downgrade(&rc)));
    Value::Iter(rc)
}
