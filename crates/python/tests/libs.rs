//! The libraries other than the threads': `random` draws what CPython draws (the same numbers,
//! shuffles and samples after the same `random.seed(n)`), `sys` gives and takes the switch
//! interval and writes to `sys.stdout` (each case also run in `python3` here).

mod common;

use common::cpython;
use gil_python::{End, run_alone};

#[test]
fn sys_switch_interval_and_stdout_are_cpythons() {
    let text = "import sys\nprint(sys.getswitchinterval())\nsys.setswitchinterval(0.001)\nprint(sys.getswitchinterval(), sys.maxsize)\nprint(sys.stdout.write('hello\\n'))\ntry:\n    sys.setswitchinterval(0)\nexcept ValueError as e:\n    print('ValueError:', e)\n";
    let ran = run_alone(text);
    assert_eq!(ran.end, End::Finished);
    assert_eq!(ran.stdout, cpython(text));
}

#[test]
fn seeded_draws_are_cpythons() {
    let text = "import random\nfor s in [0, 1, 42, 2**40 + 7, 12345678901234567890, -5]:\n    random.seed(s)\n    print(random.random(), random.randint(1, 100), random.randrange(10, 1000, 7), random.randrange(50), random.getrandbits(70))\n    xs = list(range(30))\n    random.shuffle(xs)\n    print(xs)\n    print(random.sample(range(100), 8), random.sample(list('abcdefghij'), 3), random.choice('xyz'), random.uniform(2, 5))\n    print(random.sample(range(10**6), 5), [random.randint(-3, 3) for _ in range(12)])\n";
    let ran = run_alone(text);
    assert_eq!(ran.end, End::Finished);
    assert_eq!(ran.stdout, cpython(text));
}

#[test]
fn an_unseeded_run_is_the_same_every_time() {
    let text = "import random\nprint([random.random() for _ in range(3)])\n";
    assert_eq!(run_alone(text), run_alone(text));
}
