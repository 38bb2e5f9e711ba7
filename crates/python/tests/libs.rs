//! The libraries other than the threads': `random` draws what CPython draws (the same numbers,
//! shuffles and samples after the same `random.seed(n)`), `sys` gives and takes the switch
//! interval and writes to `sys.stdout`, `time`'s calendar, `logging`, and `input()` (each case
//! also run in `python3` here).

mod common;

use common::{cpython, cpython_with_input};
use gil_python::{End, Limits, Simulation, default_scenario, run_alone, run_alone_input, simulate};

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

#[test]
fn the_calendar_and_strftime_are_cpythons_in_utc() {
    let text = "import time\nfor s in [0, 1, -1, 86399, 951782400, 951868800, 1000000000, 1234567890, -2208988800, 4102444800, 1709251199, 253402300799]:\n    t = time.gmtime(s)\n    print(tuple(t))\n    print(time.strftime('%Y-%m-%d %H:%M:%S %y %j %a %A %b %B %p %I %w %u %e|%c|%x|%X|%D|%F|%R|%%', t))\nprint(time.asctime(time.gmtime(10**9)))\n";
    let ran = run_alone(text);
    assert_eq!(ran.end, End::Finished, "{}", ran.stdout);
    assert_eq!(ran.stdout, cpython(text));
    let bad = run_alone("import time\nprint(time.strftime('%Q', time.gmtime(0)))\n");
    let End::Refused(e) = &bad.end else {
        panic!("{:?}", bad.end)
    };
    assert!(e.message.contains("%Q"), "{e}");
}

#[test]
fn logging_writes_what_cpythons_writes_to_stdout() {
    let text = "import logging\nimport sys\nimport threading\nlogging.warning('to stderr, not kept')\nlogging.basicConfig(stream=sys.stdout, level=logging.INFO, format='%(levelname)-8s %(name)s [%(threadName)s] %(message)s', force=True)\nlog = logging.getLogger('app.db')\nlog.debug('hidden %d', 1)\nlog.info('connected to %s on port %d', 'db1', 5432)\nlogging.getLogger('app').setLevel(logging.WARNING)\nlog.info('now hidden')\nlog.error('failed: %r', ValueError('x'))\nt = threading.Thread(target=log.critical, args=('from %s', 'a thread'), name='worker')\nt.start()\nt.join()\nlogging.info('root %s', 'too')\nprint(logging.getLevelName(logging.ERROR), logging.getLevelName('INFO'), log.getEffectiveLevel(), log.isEnabledFor(logging.ERROR))\nprint(logging.getLogger('app.db') is log, log.parent.name, logging.getLogger().name)\n";
    let ran = run_alone(text);
    assert_eq!(ran.end, End::Finished, "{}", ran.stdout);
    assert_eq!(ran.stdout, cpython(text));
}

#[test]
fn input_reads_standard_input_and_waits_for_it_under_the_model() {
    let text = "import time\nstart = time.perf_counter()\nname = input('Your name? ')\nage = int(input())\nprint(f'{name} is {age}')\ntry:\n    input('more? ')\nexcept EOFError as e:\n    print('EOFError:', e)\nprint(round(time.perf_counter() - start))\n";
    let stdin = "Ada\n36\n";
    let ran = run_alone_input(text, Limits::default(), stdin);
    assert_eq!(ran.end, End::Finished, "{}", ran.stdout);
    let theirs = cpython_with_input(text, stdin);
    // CPython reads at once, GIL Lab waits for a person to type each line: all but the
    // timing's line are the same.
    let but_last = |s: &str| -> Vec<String> { s.lines().rev().skip(1).map(String::from).collect() };
    assert_eq!(but_last(&ran.stdout), but_last(&theirs));
    assert!(
        theirs.starts_with("Your name? Ada is 36\nmore? EOFError: EOF when reading a line\n"),
        "{theirs}"
    );
    let setup = Simulation {
        stdin: stdin.to_string(),
        ..Simulation::new(default_scenario())
    };
    let model = simulate(text, &setup);
    assert_eq!(model.end, End::Finished);
    // Two lines typed, two waits of the default: 4 s on the model's clock.
    assert_eq!(but_last(&model.stdout), but_last(&theirs));
    assert!(model.stdout.ends_with("\n4\n"), "{}", model.stdout);
    let waits = model
        .trace
        .unwrap()
        .events
        .iter()
        .filter(|e| e.kind == gil_sim::EventKind::IoStart)
        .count();
    assert_eq!(waits, 2);
}

#[test]
fn files_in_the_runs_own_folder_behave_as_cpythons() {
    let text = "import os\nname = f'gil-lab-test-{os.getpid()}.txt'\nwith open(name, 'w') as f:\n    print(f.write('first\\n'), f.closed)\nprint(f.closed)\nwith open(name, 'a') as f:\n    f.writelines(['second\\n', 'third'])\nwith open(name) as f:\n    print(repr(f.readline()), f.readlines())\nwith open(name) as f:\n    print([line.strip() for line in f])\nwith open(name, encoding='utf-8') as f:\n    print(f.read(3), f.read())\nprint(os.path.exists(name), os.path.getsize(name), name in os.listdir('.'))\ntry:\n    open(name).write('x')\nexcept OSError as e:\n    print(type(e).__name__, e)\nos.remove(name)\nprint(os.path.exists(name), os.path.join('a', 'b.txt'), os.path.basename('x/y.txt'))\ntry:\n    os.remove(name)\nexcept FileNotFoundError as e:\n    print('FileNotFoundError:', e.__class__.__name__)\nprint(type(os.cpu_count()).__name__, type(os.getpid()).__name__)\n";
    let ran = run_alone(text);
    assert_eq!(ran.end, End::Finished, "{}", ran.stdout);
    assert_eq!(ran.stdout, cpython(text));
    let unknown = run_alone("print(open('/etc/hostname').read())\n");
    assert!(matches!(unknown.end, End::Refused(_)), "{:?}", unknown.end);
    let not_written = run_alone("print(open('data.csv').read())\n");
    let End::Refused(e) = &not_written.end else {
        panic!("{:?}", not_written.end)
    };
    assert!(e.message.contains("did not write"), "{e}");
}

#[test]
fn struct_time_and_the_calendars_checks_are_cpythons() {
    let text = "import time\nt = time.gmtime(0)\nprint(t)\nprint(t.tm_year, t[0], t[-1], len(t), tuple(t)[:3], t == (1970, 1, 1, 0, 0, 0, 3, 1, 0))\nprint(time.strftime('%Y %j', t), time.strftime('%Y', (12345, 1, 1, 0, 0, 0, 0, 1, 0)))\nfor bad in [(2000, 13, 1, 0, 0, 0, 0, 1, 0), (2000, 1, 1, 24, 0, 0, 0, 1, 0), (2000, 1, 32, 0, 0, 0, 0, 1, 0)]:\n    try:\n        time.strftime('%Y', bad)\n    except ValueError as e:\n        print('ValueError:', e)\nfor huge in [10**12, 2**62]:\n    try:\n        time.mktime((huge, 1, 1, 0, 0, 0, 0, 0, 0))\n    except OverflowError as e:\n        print('OverflowError:', e)\n";
    let ran = run_alone(text);
    assert_eq!(ran.end, End::Finished, "{}", ran.stdout);
    assert_eq!(ran.stdout, cpython(text));
    // mktime is local time; the model's machine keeps UTC.
    let utc = run_alone("import time\nprint(time.mktime(time.gmtime(86400 * 400)))\n");
    assert_eq!(utc.stdout, "34560000.0\n");
}
