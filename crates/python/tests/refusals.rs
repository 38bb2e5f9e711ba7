//! What GIL Lab does not run is refused in one line at its place, never run differently from
//! CPython: the natives its libraries are written over, a blocking call made by built-in code
//! (the call could not stop halfway), an `__await__` written as a generator, binary files.

use gil_python::{End, Limits, run_alone, run_alone_input};

fn refused(text: &str) -> String {
    let ran = run_alone(text);
    match ran.end {
        End::Refused(e) => {
            assert!(e.line >= 1 && e.col >= 1, "{e:?}");
            e.message
        }
        other => panic!("{other:?} for\n{text}\nprinted {:?}", ran.stdout),
    }
}

#[test]
fn the_libraries_natives_are_not_the_programs() {
    for name in ["_fiber", "_fs", "_fileio", "_thread", "_structtime"] {
        let why = refused(&format!("import {name}\n"));
        assert!(why.contains(name), "{why}");
    }
    // Reached through built-in code, a fiber switch once left the stack unbalanced.
    let why = refused(
        "import _fiber\nasync def c():\n    return 5\nfid = _fiber.new(c())\nfor x in map(_fiber.switch, [fid]):\n    print(x)\n",
    );
    assert!(why.contains("_fiber"), "{why}");
}

#[test]
fn a_blocking_call_made_by_built_in_code_is_refused() {
    let ran = run_alone_input(
        "x = list(map(input, ['a? ', 'b? ']))\nprint(x)\n",
        Limits::default(),
        "1\n2\n",
    );
    let End::Refused(e) = &ran.end else {
        panic!("{:?} printed {:?}", ran.end, ran.stdout)
    };
    assert!(e.message.contains("built-in code"), "{e}");
    for text in [
        "import time\nlist(map(time.sleep, [0.1]))\n",
        "open('a.txt', 'w').close()\nprint(sorted(['a.txt'], key=open))\n",
        "import threading\nlock = threading.Lock()\nlock.acquire()\nprint(list(map(lambda _: lock.acquire(), [1])))\n",
    ] {
        let why = refused(text);
        assert!(
            why.contains("built-in code") || why.contains("blocking"),
            "{why}\n{text}"
        );
    }
}

#[test]
fn an_await_written_as_a_generator_and_binary_files_are_refused() {
    let why = refused(
        "import asyncio\n\nclass A:\n    def __await__(self):\n        yield\n        return 42\n\nasync def main():\n    print(await A())\n\nasyncio.run(main())\n",
    );
    assert!(why.contains("__await__"), "{why}");
    for mode in ["wb", "r+"] {
        let why = refused(&format!("open('x.bin', '{mode}')\n"));
        assert!(why.contains("not modelled"), "{why}");
    }
}
