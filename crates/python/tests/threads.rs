//! Threads run by GIL Lab's Python alone: what each case prints is what CPython prints (each
//! case is also run in `python3` here), and a program that can never end is refused.

mod common;

use common::cpython;
use gil_python::{End, Simulation, default_scenario, run_alone, simulate};

/// GIL Lab's run is deterministic; CPython's threads race on a busy machine, so CPython gets
/// up to three runs to print what GIL Lab printed (the cases leave wide margins).
/// The same holds under the model (its engine deciding who runs, `gil_python::simulate`).
fn same_as_cpython(text: &str) {
    let ran = run_alone(text);
    assert_eq!(ran.end, End::Finished, "{text}");
    let setup = Simulation::new(default_scenario());
    let model = simulate(text, &setup);
    assert_eq!(model.end, End::Finished, "{text}");
    for ours in [&ran.stdout, &model.stdout] {
        let mut theirs = String::new();
        for _ in 0..3 {
            theirs = cpython(text);
            if &theirs == ours {
                break;
            }
        }
        assert_eq!(ours, &theirs, "{text}");
    }
}

#[test]
fn a_read_modify_write_is_not_cut_by_a_switch_but_a_call_between_is() {
    // `counter += 1` has no eval-breaker check inside (CPython 3.10+): nothing is lost.
    // With a call between the read and the write, another thread can run there.
    let text = "import threading\n\ncounter = 0\nlost = 0\n\ndef add(n):\n    global counter\n    for _ in range(n):\n        counter += 1\n\nshared = [0]\n\ndef slow_add(n):\n    for _ in range(n):\n        v = shared[0]\n        v = abs(v)\n        shared[0] = v + 1\n\nts = [threading.Thread(target=add, args=(200_000,)) for _ in range(4)]\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint(counter)\nts = [threading.Thread(target=slow_add, args=(200_000,)) for _ in range(4)]\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint(shared[0] < 800_000)\n";
    let ran = run_alone(text);
    assert_eq!(ran.end, End::Finished);
    assert_eq!(ran.stdout, "800000\nTrue\n");
}

#[test]
fn threads_lock_join_and_name_as_in_cpython() {
    same_as_cpython(
        "import threading\n\nlock = threading.Lock()\nlog = []\n\ndef work(tag, n):\n    for i in range(n):\n        with lock:\n            log.append((tag, i))\n\nts = [threading.Thread(target=work, args=(c, 3), name=c) for c in 'abc']\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(sorted(log))\nprint([t.name for t in ts], [t.is_alive() for t in ts])\nprint(threading.current_thread().name, threading.active_count())\n",
    );
}

#[test]
fn sleep_orders_the_threads_and_join_can_time_out() {
    same_as_cpython(
        "import threading, time\n\ndef nap(s, tag):\n    time.sleep(s)\n    print(tag)\n\nts = [threading.Thread(target=nap, args=(0.3 - 0.1 * i, i)) for i in range(3)]\nfor t in ts: t.start()\nfor t in ts: t.join()\nslow = threading.Thread(target=nap, args=(0.5, 'late'))\nslow.start()\nslow.join(timeout=0.1)\nprint('alive after a short join:', slow.is_alive())\nslow.join()\n",
    );
}

#[test]
fn an_event_a_condition_and_a_queue_hand_work_over() {
    same_as_cpython(
        "import threading, queue\n\nready = threading.Event()\nq = queue.Queue()\nresults = []\n\ndef consumer():\n    ready.wait()\n    while True:\n        item = q.get()\n        if item is None:\n            break\n        results.append(item * item)\n        q.task_done()\n\nc = threading.Thread(target=consumer)\nc.start()\nfor i in range(5):\n    q.put(i)\nready.set()\nq.join()\nq.put(None)\nc.join()\nprint(results)\n",
    );
}

#[test]
fn a_thread_that_raises_does_not_end_the_program() {
    let text = "import threading\n\ndef boom():\n    raise ValueError('in a thread')\n\nt = threading.Thread(target=boom)\nt.start()\nt.join()\nprint('main goes on')\n";
    same_as_cpython(text);
}

#[test]
fn a_deadlock_is_refused_not_run_forever() {
    let text = "import threading, time\n\na = threading.Lock()\nb = threading.Lock()\n\ndef one():\n    with a:\n        time.sleep(0.1)\n        with b:\n            pass\n\ndef two():\n    with b:\n        time.sleep(0.1)\n        with a:\n            pass\n\nt1 = threading.Thread(target=one)\nt2 = threading.Thread(target=two)\nt1.start(); t2.start()\nt1.join(); t2.join()\n";
    let ran = run_alone(text);
    match ran.end {
        End::Refused(e) => assert!(e.message.contains("deadlock"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn daemon_threads_are_cut_off_when_the_main_thread_ends() {
    same_as_cpython(
        "import threading, time\n\ndef forever():\n    while True:\n        time.sleep(0.05)\n\nt = threading.Thread(target=forever, daemon=True)\nt.start()\ntime.sleep(0.2)\nprint('daemon', t.daemon, 'alive', t.is_alive())\n",
    );
}

#[test]
fn each_thread_sees_its_own_threading_local() {
    same_as_cpython(
        "import threading\n\nctx = threading.local()\nctx.who = 'main'\nseen = {}\n\ndef work(name):\n    print(hasattr(ctx, 'who'), end=' ')\n    ctx.who = name\n    seen[name] = ctx.who\n\nts = [threading.Thread(target=work, args=(n,)) for n in 'xyz']\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint()\nprint(sorted(seen.items()), ctx.who)\n",
    );
}

#[test]
fn a_generator_can_wait_inside_a_for_loop() {
    same_as_cpython(
        "import threading, time\n\ndef ticks(n, pause):\n    for i in range(n):\n        time.sleep(pause)\n        yield i\n\nout = []\n\ndef worker(tag, pause):\n    for i in ticks(3, pause):\n        out.append((tag, i))\n    print(tag, 'done')\n\nts = [threading.Thread(target=worker, args=(c, p)) for c, p in [('a', 0.05), ('b', 0.01)]]\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint(sorted(out))\n",
    );
}

#[test]
fn a_thread_pool_submits_maps_and_completes_in_order_of_finishing() {
    same_as_cpython(
        "import time\nimport concurrent.futures as cf\n\ndef job(name, pause):\n    time.sleep(pause)\n    if name == 'bad':\n        raise KeyError(name)\n    return name.upper()\n\nwith cf.ThreadPoolExecutor(max_workers=3) as pool:\n    fs = [pool.submit(job, n, p) for n, p in [('slow', 0.3), ('bad', 0.1), ('quick', 0.05)]]\n    for f in cf.as_completed(fs):\n        try:\n            print('got', f.result())\n        except KeyError as e:\n            print('failed', repr(e))\n    print(list(pool.map(job, ['a', 'b'], [0.02, 0.01])))\n    done, rest = cf.wait([pool.submit(job, 'x', 0.2), pool.submit(job, 'y', 0.01)], return_when=cf.FIRST_COMPLETED)\n    print(len(done), len(rest), [f.result() for f in done])\n",
    );
}

#[test]
fn a_thread_started_by_a_step_that_then_raises_still_runs() {
    let text = "import threading\nts = [threading.Thread(target=print, args=('worker',))]\nlist(map(lambda t: (t.start(), 1 / 0), ts))\n";
    let ran = run_alone(text);
    let setup = Simulation::new(default_scenario());
    let model = simulate(text, &setup);
    for (stdout, end) in [(&ran.stdout, &ran.end), (&model.stdout, &model.end)] {
        assert_eq!(stdout, "worker\n");
        let End::Raised(r) = end else {
            panic!("{end:?}")
        };
        assert_eq!(r.kind, "ZeroDivisionError");
    }
    assert_eq!(model.trace.unwrap().threads.len(), 2);
}
