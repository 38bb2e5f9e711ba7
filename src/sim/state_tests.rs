//! Tests of the simulator screen's reducer (`state.rs`).
use super::*;

#[test]
fn a_program_runs_as_a_custom_lesson_and_a_bad_one_keeps_the_last_good_run() {
    let s = state();
    let text = s.run.program.as_ref().unwrap().text.clone();
    // One more thread: a new lane.
    let more = text.replace(
        "    t_thread_1.start()",
        "    t_extra = threading.Thread(target=work, name=\"extra\")\n    t_extra.start()\n    t_thread_1.start()",
    );
    let next = s
        .clone()
        .reduce(SimAction::RunProgram(Rc::new(more.clone())));
    assert_eq!(next.program_error, None);
    assert_eq!(next.run.trace.threads.len(), s.run.trace.threads.len() + 1);
    assert!(next.custom.is_some() && next.lesson().is_none());
    assert_eq!(
        next.run.program.as_ref().unwrap().text,
        more,
        "the editor's text is kept"
    );
    // A syntax error: its line, and the last good run stays.
    let bad = more.replace("cpu(0.1)", "cpu(0.1");
    let refused = next.clone().reduce(SimAction::RunProgram(Rc::new(bad)));
    let e = refused.program_error.clone().unwrap();
    assert_eq!(e.line, Some(18), "{e:?}");
    assert!(Rc::ptr_eq(&refused.run, &next.run));
}

#[test]
fn imported_files_open_or_name_their_line_or_field() {
    let s = state();
    let py = gil_sim::python::to_python(&gil_sim::presets::get("convoy").unwrap().scenario).text;
    let opened = s
        .clone()
        .reduce(SimAction::Import("convoy.py".into(), py.clone()));
    assert_eq!(opened.error, None);
    assert_eq!(opened.run.scenario.name, "convoy");
    let json = gil_sim::presets::get("io-threads")
        .unwrap()
        .scenario
        .to_json();
    let opened = s.clone().reduce(SimAction::Import("x.json".into(), json));
    assert_eq!(opened.run.scenario.name, "io-threads");
    let bad = s.clone().reduce(SimAction::Import(
        "bad.py".into(),
        py.replace("cpu(10)", "cpu("),
    ));
    let why = bad
        .error
        .as_ref()
        .map(Refusal::why)
        .unwrap_or_default()
        .to_string();
    assert!(why.starts_with("bad.py: line "), "{why}");
    assert!(Rc::ptr_eq(&bad.run, &s.run), "the last good run stays");
    let bad = s.clone().reduce(SimAction::Import(
        "b.json".into(),
        "{\"version\": 1, \"machine\": {\"cores\": 0}, \"processes\": []}".into(),
    ));
    let why = bad
        .error
        .as_ref()
        .map(Refusal::why)
        .unwrap_or_default()
        .to_string();
    assert!(why.contains("machine.cores"), "{why}");
}

#[test]
fn predict_mode_hides_until_revealed_and_a_new_run_hides_again() {
    let s = state().reduce(SimAction::SetPredict(true));
    assert!(s.predict && s.revealed.is_none());
    let r = s.reduce(SimAction::Reveal(Guess {
        wall_ms: 100.0,
        extra: None,
    }));
    assert!(r.revealed.is_some());
    let again = edit(&r, ParamEdit::Cores("2".into()));
    assert!(again.predict && again.revealed.is_none());
}

#[test]
fn showing_a_panel_keeps_the_run_and_the_legend_is_no_panel() {
    let s = state();
    let m = s.clone().reduce(SimAction::ShowPanel(Panel::Metrics));
    assert!(Rc::ptr_eq(&s.run, &m.run), "the same run");
    assert_eq!(m.panel, Some(Panel::Metrics));
    let back = m.reduce(SimAction::ShowPanel(Panel::Legend));
    assert_eq!(back.panel, None);
}

fn state() -> Rc<SimState> {
    Rc::new(SimState::new(Rc::new(presets::all())).expect("the default lesson runs"))
}

fn edit(s: &Rc<SimState>, e: ParamEdit) -> Rc<SimState> {
    s.clone().reduce(SimAction::Edit(e))
}

#[test]
fn it_opens_on_the_default_lesson() {
    let s = state();
    assert_eq!(s.lesson().map(|p| p.name), Some(presets::DEFAULT));
    assert_eq!(s.params, s.lesson().map(|p| Params::of(&p.scenario)));
    assert_eq!(s.error, None);
}

#[test]
fn a_good_change_re_simulates_and_keeps_the_time() {
    let s = state();
    let wall = s.run.metrics.wall_ns;
    let next = edit(&s, ParamEdit::Gil("free_threaded".into()));
    assert_eq!(next.error, None);
    assert!(next.keep_time);
    assert!(
        next.run.metrics.wall_ns < wall,
        "free-threaded threads run in parallel"
    );
    assert_eq!(
        next.params.as_ref().map(|p| p.gil),
        Some(gil_sim::GilMode::FreeThreaded)
    );
}

#[test]
fn a_bad_value_names_the_field_and_keeps_the_last_good_run() {
    let s = state();
    let bad = edit(&s, ParamEdit::Cores("0".into()));
    assert!(
        bad.error
            .as_ref()
            .map(Refusal::why)
            .is_some_and(|e| e.starts_with("cores:"))
    );
    assert!(Rc::ptr_eq(&bad.run, &s.run), "the last good run stays");
    assert_eq!(bad.params, s.params);
    let good = edit(&bad, ParamEdit::Cores("2".into()));
    assert_eq!(good.error, None, "a good value clears the error");
}

#[test]
fn a_run_too_big_for_the_browser_is_refused_naming_the_cap() {
    let s = state();
    let big = edit(&s, ParamEdit::Workers("64".into()));
    assert_eq!(big.error, None, "64 workers is a valid run");
    let refused = edit(&big, ParamEdit::SwitchInterval("1000".into()));
    let why = refused.error.as_ref().map(Refusal::why).unwrap_or_default();
    assert!(why.contains("max_events"), "{why}");
    assert!(why.contains("the browser's limit"), "{why}");
    assert!(Rc::ptr_eq(&refused.run, &big.run));
}

#[test]
fn picking_a_lesson_starts_it_over_with_its_own_parameters() {
    let s = edit(&state(), ParamEdit::Cores("0".into()));
    let i = s
        .presets
        .iter()
        .position(|p| p.name != presets::DEFAULT)
        .unwrap();
    let picked = s.clone().reduce(SimAction::Pick(i));
    assert_eq!(picked.preset, i);
    assert!(!picked.keep_time);
    assert_eq!(picked.error, None);
    assert_eq!(picked.params, Some(Params::of(&picked.presets[i].scenario)));
    let same = picked.clone().reduce(SimAction::Pick(usize::MAX));
    assert!(
        Rc::ptr_eq(&same, &picked),
        "no such lesson: nothing changes"
    );
}

#[test]
fn home_goes_back_to_the_default_lesson_at_its_start_as_a_moment() {
    let s = edit(&state(), ParamEdit::Cores("3".into()));
    let home = s.reduce(SimAction::Home);
    assert_eq!(home.lesson().map(|p| p.name), Some(presets::DEFAULT));
    assert_eq!(home.params, home.lesson().map(|p| Params::of(&p.scenario)));
    let at = home
        .restore
        .expect("a moment, so the history entry is replaced");
    assert_eq!((at.t, at.window), (0, None));
}
