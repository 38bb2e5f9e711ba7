//! A run's objects are freed when it ends, reference cycles included (`Rc` alone would keep a
//! list that holds itself, or a function and the globals that hold it, forever).

use std::rc::Rc;

use gil_python::value::Value;
use gil_python::value::heap::{self, Heap};

#[test]
fn a_list_that_holds_itself_is_freed_when_its_heap_ends() {
    let weak = {
        let _heap = Heap::enter();
        let v = heap::list(Vec::new());
        let Value::List(l) = &v else { unreachable!() };
        l.borrow_mut().push(v.clone());
        Rc::downgrade(l)
    };
    assert_eq!(weak.strong_count(), 0);
}

#[test]
fn without_a_heap_the_cycle_would_stay() {
    // The same cycle made outside any heap: nothing breaks it (what the heap is for).
    let v = heap::list(Vec::new());
    let Value::List(l) = &v else { unreachable!() };
    l.borrow_mut().push(v.clone());
    let weak = Rc::downgrade(l);
    drop(v);
    assert_eq!(weak.strong_count(), 1);
    // Break it by hand so the test itself does not leak.
    if let Some(l) = weak.upgrade() {
        l.borrow_mut().clear();
    }
    assert_eq!(weak.strong_count(), 0);
}

#[test]
fn a_programs_cycles_do_not_outlive_its_run() {
    // Functions in the globals that hold them, an instance pointing at itself, a closure's
    // cell holding its own function: the run ends, and a second run starts clean.
    let text = "class Node:\n    def __init__(self):\n        self.me = self\n\ndef outer():\n    def inner():\n        return inner\n    return inner\n\nn = Node()\nf = outer()\nxs = []\nxs.append(xs)\nprint(len(xs), f() is f)\n";
    for _ in 0..2 {
        let ran = gil_python::run_alone(text);
        assert_eq!(ran.stdout, "1 True\n");
        assert_eq!(ran.end, gil_python::End::Finished);
    }
}
