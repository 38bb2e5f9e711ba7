//! asyncio: coroutines, tasks on fibers of the loop's thread, and the loop's tools, against
//! CPython (each case also runs in `python3`), alone and under the model; under the model the
//! loop's waits are the model's time, so what a program measures is the model's.

mod common;

use common::cpython;
use gil_python::{End, Simulated, Simulation, default_scenario, run_alone, simulate};
use gil_sim::check_trace;

fn model(text: &str) -> Simulated {
    let setup = Simulation::new(default_scenario());
    let s = simulate(text, &setup);
    if let Some(tr) = &s.trace {
        check_trace(tr).unwrap();
    }
    s
}

/// GIL Lab prints what CPython prints, alone and under the model (CPython gets three runs: a
/// busy machine can push a timer past another).
fn same_as_cpython(text: &str) -> String {
    let alone = run_alone(text);
    assert_eq!(alone.end, End::Finished, "{}\n{text}", alone.stdout);
    let m = model(text);
    assert_eq!(m.end, End::Finished, "{text}");
    assert_eq!(m.stdout, alone.stdout, "under the model\n{text}");
    let mut theirs = String::new();
    for _ in 0..3 {
        theirs = cpython(text);
        if theirs == alone.stdout {
            break;
        }
    }
    assert_eq!(alone.stdout, theirs, "{text}");
    alone.stdout
}

#[test]
fn tasks_run_in_turn_and_gather_keeps_the_order_of_its_arguments() {
    same_as_cpython(
        "import asyncio\n\nasync def brew(kind, minutes):\n    print('start', kind)\n    await asyncio.sleep(minutes / 100)\n    print('ready', kind)\n    return kind.upper()\n\nasync def main():\n    first = asyncio.create_task(brew('tea', 3))\n    print('created')\n    cups = await asyncio.gather(brew('coffee', 2), first, brew('cocoa', 1))\n    print(cups)\n    print(await brew('water', 0))\n\nasyncio.run(main())\n",
    );
}

#[test]
fn sleep_zero_lets_every_other_ready_task_run_once() {
    same_as_cpython(
        "import asyncio\n\nasync def counter(name, n):\n    for i in range(n):\n        print(name, i)\n        await asyncio.sleep(0)\n\nasync def main():\n    await asyncio.gather(counter('a', 3), counter('b', 2), counter('c', 3))\n\nasyncio.run(main())\n",
    );
}

#[test]
fn cancelling_a_task_raises_where_it_waits_and_runs_its_cleanup() {
    same_as_cpython(
        "import asyncio\n\nasync def worker():\n    try:\n        print('working')\n        await asyncio.sleep(10)\n        print('never')\n    except asyncio.CancelledError:\n        print('cancelled while sleeping')\n        raise\n    finally:\n        print('cleanup')\n\nasync def main():\n    t = asyncio.create_task(worker())\n    await asyncio.sleep(0.01)\n    print('cancel ->', t.cancel())\n    try:\n        await t\n    except asyncio.CancelledError:\n        print('main saw it')\n    print(t.cancelled(), t.done())\n    u = asyncio.create_task(worker())\n    u.cancel()\n    results = await asyncio.gather(u, return_exceptions=True)\n    print([type(r).__name__ for r in results])\n\nasyncio.run(main())\n",
    );
}

#[test]
fn wait_for_gives_up_and_a_queue_hands_items_over() {
    same_as_cpython(
        "import asyncio\n\nasync def slow():\n    await asyncio.sleep(1)\n    return 'late'\n\nasync def producer(q):\n    for i in range(4):\n        await q.put(i)\n        print('put', i)\n    await q.put(None)\n\nasync def consumer(q):\n    while True:\n        item = await q.get()\n        if item is None:\n            break\n        print('got', item)\n        await asyncio.sleep(0.01)\n\nasync def main():\n    try:\n        await asyncio.wait_for(slow(), timeout=0.05)\n    except TimeoutError:\n        print('timeout')\n    q = asyncio.Queue(maxsize=1)\n    await asyncio.gather(producer(q), consumer(q))\n    done, pending = await asyncio.wait([asyncio.create_task(asyncio.sleep(d, d)) for d in (0.03, 0.01, 0.02)], return_when=asyncio.FIRST_COMPLETED)\n    print([t.result() for t in done], len(pending))\n\nasyncio.run(main())\n",
    );
}

#[test]
fn await_errors_are_cpythons() {
    same_as_cpython(
        "import asyncio\n\nasync def one():\n    return 1\n\nasync def main():\n    c = one()\n    print(await c)\n    try:\n        await c\n    except RuntimeError as e:\n        print('RuntimeError:', e)\n    try:\n        await 5\n    except TypeError as e:\n        print('TypeError:', e)\n    print(type(one()).__name__)\n\nasyncio.run(main())\n",
    );
    let s = model("async def f():\n    pass\n\ndef g():\n    await f()\n");
    let End::Refused(e) = &s.end else {
        panic!("{:?}", s.end)
    };
    assert_eq!((e.line, e.col), (5, 5), "{e}");
    assert!(e.message.contains("'await' outside async function"), "{e}");
}

#[test]
fn under_the_model_a_blocking_call_holds_up_the_loop_and_awaits_overlap() {
    let text = "import asyncio\nimport time\n\nasync def blocking(n):\n    time.sleep(0.2)\n\nasync def polite(n):\n    await asyncio.sleep(0.2)\n\nasync def timed(job):\n    start = time.perf_counter()\n    await asyncio.gather(*(job(n) for n in range(3)))\n    return time.perf_counter() - start\n\nprint('blocking', round(asyncio.run(timed(blocking)), 2))\nprint('polite', round(asyncio.run(timed(polite)), 2))\n";
    let m = model(text);
    assert_eq!(m.end, End::Finished);
    assert_eq!(m.stdout, "blocking 0.6\npolite 0.2\n");
}

#[test]
fn a_thread_hands_its_result_to_the_loop() {
    let text = "import asyncio\nimport time\n\ndef read_disk(name):\n    time.sleep(0.1)\n    return name + ' read'\n\nasync def main():\n    start = time.perf_counter()\n    a, b = await asyncio.gather(asyncio.to_thread(read_disk, 'a'), asyncio.to_thread(read_disk, 'b'))\n    print(a, b, round(time.perf_counter() - start, 1))\n\nasyncio.run(main())\n";
    assert_eq!(same_as_cpython(text), "a read b read 0.1\n");
    let m = model(text);
    assert!(
        m.trace.unwrap().threads.len() >= 3,
        "the pool's threads are the model's"
    );
}

#[test]
fn async_with_a_task_cancelling_itself_and_logging_errors_are_cpythons() {
    // `__aexit__` returning True swallows the exception; a plain `with` whose `__exit__` is a
    // coroutine swallows it too (the coroutine object is true); a task that cancels itself is
    // cancelled at its next await, before a ticker's second; a bad logging format is reported
    // on stderr and the program goes on; a dict argument is the format's mapping.
    same_as_cpython(
        "import asyncio\nimport logging\nimport sys\n\nclass Ctx:\n    async def __aenter__(self):\n        return self\n    async def __aexit__(self, et, e, tb):\n        print(\"aexit saw\", et.__name__)\n        return True\n\nclass Plain:\n    def __enter__(self):\n        return self\n    async def __exit__(self, et, e, tb):\n        return False\n\nasync def ticker():\n    await asyncio.sleep(1)\n    print(\"tick\")\n\nasync def selfcancel():\n    asyncio.current_task().cancel()\n    try:\n        await asyncio.sleep(2)\n    except asyncio.CancelledError:\n        print(\"cancelled\")\n        raise\n\nasync def main():\n    async with Ctx():\n        raise ValueError(\"swallowed\")\n    print(\"after async with\")\n    t = asyncio.create_task(ticker())\n    s = asyncio.create_task(selfcancel())\n    await asyncio.gather(t, s, return_exceptions=True)\n\nasyncio.run(main())\nloop = asyncio.new_event_loop()\nprint(loop.run_until_complete(asyncio.sleep(0.01, \"idiom ok\")))\nlogging.basicConfig(stream=sys.stdout)\nlogging.warning(\"x=%d\", \"a\")\nlogging.warning(\"%(a)s and %(b)s\", {\"a\": 1, \"b\": 2})\nprint(\"after\")\ntry:\n    with Plain():\n        print(\"body\")\n        raise KeyError(\"k\")\nexcept KeyError:\n    print(\"not swallowed?\")\n",
    );
}

#[test]
fn an_event_loop_got_and_run_by_hand_is_cpythons() {
    same_as_cpython(
        "import asyncio\nloop = asyncio.get_event_loop()\nprint(loop.run_until_complete(asyncio.sleep(0.01, \"idiom ok\")))\nloop.close()\nasync def main():\n    return \"run ok\"\nprint(asyncio.run(main()))\ntry:\n    asyncio.get_event_loop()\nexcept RuntimeError as e:\n    print(\"RuntimeError:\", e)\n",
    );
}
