//! The program editor: the run's program in a code editor (CodeMirror 6 with Python
//! highlighting, line numbers, undo/redo, errors at their line; loaded on first use from
//! `editor.js`, which the build bundles and the service worker keeps offline; a plain text area
//! if it cannot load). Every edit re-simulates after a short pause; an error is shown at its
//! line and the last good run stays. The text is saved on this device (when storage works), and
//! "Start from this lesson" puts the lesson's program back (undoably).

use super::state::ProgramError;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Pause after the last keystroke before the program is run again, ms.
pub const DEBOUNCE_MS: u32 = 250;
/// Where the program is saved on this device.
const STORAGE_KEY: &str = "gil-lab:program";

#[wasm_bindgen(inline_js = "export function import_module(url) { return import(url); }")]
extern "C" {
    fn import_module(url: &str) -> js_sys::Promise;
}

/// The program saved on this device, if storage works and holds one.
pub fn saved() -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(STORAGE_KEY).ok()?
}

/// Saves the program on this device; false if storage is off or full (private windows,
/// sandboxed frames).
pub fn save(text: &str) -> bool {
    let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) else {
        return false;
    };
    storage.set_item(STORAGE_KEY, text).is_ok()
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text the editor opens with.
    pub initial: Rc<String>,
    /// The current lesson's program ("Start from this lesson"), and its title.
    pub lesson: Rc<String>,
    pub lesson_name: String,
    /// Why the last text did not run, if it did not.
    pub error: Option<ProgramError>,
    /// Called with the text after each pause in typing.
    pub on_program: Callback<Rc<String>>,
    /// Back to the program view.
    pub on_done: Callback<()>,
}

/// A CodeMirror editor's handle (the object `GilLabEditor.mount` returns), with the change
/// callback it calls (kept alive as long as the editor, dropped with it).
struct Cm(JsValue, #[allow(dead_code)] Closure<dyn FnMut(String)>);

impl Cm {
    fn call(&self, name: &str, args: &[JsValue]) -> Option<JsValue> {
        let f: js_sys::Function = js_sys::Reflect::get(&self.0, &name.into())
            .ok()?
            .dyn_into()
            .ok()?;
        let a = js_sys::Array::new();
        for x in args {
            a.push(x);
        }
        f.apply(&self.0, &a).ok()
    }

    fn set_error(&self, error: &Option<ProgramError>) {
        let list = js_sys::Array::new();
        if let Some(ProgramError {
            line: Some(line),
            col,
            message,
        }) = error
        {
            let d = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&d, &"line".into(), &(*line).into());
            let _ = js_sys::Reflect::set(&d, &"col".into(), &(*col).into());
            let _ = js_sys::Reflect::set(&d, &"message".into(), &message.as_str().into());
            list.push(&d);
        }
        self.call("setDiagnostics", &[list.into()]);
    }
}

/// Mounts CodeMirror into `parent` (after loading editor.js), or fails.
async fn mount_cm(
    parent: web_sys::HtmlElement,
    doc: String,
    on_change: Closure<dyn FnMut(String)>,
) -> Result<Cm, JsValue> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let url = web_sys::Url::new_with_base("editor.js", &base)?.href();
    wasm_bindgen_futures::JsFuture::from(import_module(&url)).await?;
    let window = web_sys::window().ok_or("no window")?;
    let api = js_sys::Reflect::get(&window, &"GilLabEditor".into())?;
    let mount: js_sys::Function = js_sys::Reflect::get(&api, &"mount".into())?.dyn_into()?;
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"doc".into(), &doc.into())?;
    js_sys::Reflect::set(&opts, &"label".into(), &"Python program".into())?;
    js_sys::Reflect::set(&opts, &"onChange".into(), on_change.as_ref())?;
    Ok(Cm(mount.call2(&api, &parent, &opts)?, on_change))
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let area = use_node_ref();
    let cm: Rc<RefCell<Option<Cm>>> = use_memo((), |_| RefCell::new(None));
    let failed = use_state_eq(|| false);
    let ready = use_state_eq(|| false);
    let saved_text = use_memo((), |_| saved());
    let storage_ok = use_state_eq(|| true);
    let pending: Rc<RefCell<Option<Timeout>>> = use_memo((), |_| RefCell::new(None));
    // The latest error, for an editor that finishes loading after it came.
    let error_now: Rc<RefCell<Option<ProgramError>>> = use_memo((), |_| RefCell::new(None));
    *error_now.borrow_mut() = props.error.clone();
    // Every change: after a pause, save and run (a new change cancels the pending one).
    let changed = {
        let (pending, on_program, storage_ok) = (
            pending.clone(),
            props.on_program.clone(),
            storage_ok.clone(),
        );
        Callback::from(move |text: String| {
            let (cb, storage_ok) = (on_program.clone(), storage_ok.clone());
            let t = Timeout::new(DEBOUNCE_MS, move || {
                storage_ok.set(save(&text));
                cb.emit(Rc::new(text));
            });
            *pending.borrow_mut() = Some(t);
        })
    };
    {
        // Load CodeMirror once; fall back to the text area if it cannot load.
        let (host, cm, failed, ready, changed, doc, pending, error_now) = (
            host.clone(),
            cm.clone(),
            failed.clone(),
            ready.clone(),
            changed.clone(),
            (*props.initial).clone(),
            pending.clone(),
            error_now.clone(),
        );
        use_effect_with((), move |_| {
            let alive = Rc::new(std::cell::Cell::new(true));
            if let Some(parent) = host.cast::<web_sys::HtmlElement>() {
                let on_change = Closure::<dyn FnMut(String)>::new(move |t: String| changed.emit(t));
                let (cm2, alive2) = (cm.clone(), alive.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match mount_cm(parent, doc, on_change).await {
                        // Closed while loading: take it down at once.
                        Ok(handle) if !alive2.get() => {
                            handle.call("destroy", &[]);
                        }
                        Ok(handle) => {
                            handle.set_error(&error_now.borrow());
                            *cm2.borrow_mut() = Some(handle);
                            ready.set(true);
                        }
                        Err(_) if !alive2.get() => {}
                        Err(_) => {
                            failed.set(true);
                            ready.set(true);
                        }
                    }
                });
            }
            move || {
                alive.set(false);
                // A pending run of the text would come after Done: cancelled.
                pending.borrow_mut().take();
                if let Some(h) = cm.borrow_mut().take() {
                    h.call("destroy", &[]);
                }
            }
        });
    }
    {
        let cm = cm.clone();
        use_effect_with(props.error.clone(), move |error| {
            if let Some(h) = cm.borrow().as_ref() {
                h.set_error(error);
            }
        });
    }
    let on_input = {
        let changed = changed.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            changed.emit(t.value());
        })
    };
    // Replaces the text (undoably in CodeMirror); the change runs it.
    let put = |text: Rc<String>| {
        let (cm, area, changed) = (cm.clone(), area.clone(), changed.clone());
        Callback::from(move |_: MouseEvent| {
            let text = (*text).clone();
            if let Some(h) = cm.borrow().as_ref() {
                h.call("setText", &[text.as_str().into()]);
            } else if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                a.set_value(&text);
                changed.emit(text);
            }
        })
    };
    let from_lesson = put(props.lesson.clone());
    let reopen = (*saved_text)
        .clone()
        .filter(|t| *t != *props.initial)
        .map(|t| put(Rc::new(t)));
    let done = {
        let cb = props.on_done.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let error = props.error.as_ref().map(|e| {
        let at = match e.line {
            Some(l) => format!("Line {l}, col {}: ", e.col),
            None => String::new(),
        };
        html! {
            <p class="notice notice-error editor-error" role="alert" data-testid="editor-error"
               data-line={e.line.map(|l| l.to_string()).unwrap_or_default()}>
                <strong>{ at }</strong>{ e.message.clone() }
                { " The last good run is still shown." }
            </p>
        }
    });
    html! {
        <div class="editor-panel">
            <div class="editor-bar">
                <button onclick={from_lesson} data-testid="start-from-lesson"
                        title={format!("Replace the program with the lesson {:?} (Undo brings yours back)", props.lesson_name)}>
                    { format!("Start from lesson: {}", props.lesson_name) }
                </button>
                if let Some(reopen) = reopen {
                    <button onclick={reopen} data-testid="reopen-saved"
                            title="The program you last edited on this device">{ "Reopen my saved program" }</button>
                }
                <button class="primary" onclick={done} data-testid="edit-done">{ "Done" }</button>
            </div>
            <div class="editor" data-testid="editor" data-ready={ready.to_string()} data-kind={if *failed { "textarea" } else { "codemirror" }}>
                <div ref={host} class="cm-host" hidden={*failed}></div>
                if *failed {
                    <textarea ref={area} class="editor-fallback" data-testid="editor-text" spellcheck="false"
                              aria-label="Python program" defaultvalue={(*props.initial).clone()} oninput={on_input} />
                }
            </div>
            { error.unwrap_or_default() }
            <p class="hint" data-testid="editor-saved">
                { if *storage_ok {
                    "Runs as you type. Saved on this device. Ctrl+Z undoes, Ctrl+Y redoes; Esc then Tab leaves the editor."
                } else {
                    "Runs as you type. Not saved: this browser does not allow storage here (share a link to keep it)."
                } }
            </p>
        </div>
    }
}
