//! The timeline's legend: each thread state's colour and pattern, and the GIL markers.

use crate::timeline::{LEGEND, style};
use yew::prelude::*;

/// What each state's colour and pattern means, and the GIL lane's markers.
#[function_component(Legend)]
pub fn legend() -> Html {
    html! {
        <ul class="legend" aria-label="Legend">
            { for LEGEND.iter().map(|&s| {
                let st = style(s);
                html! {
                    <li>
                        <span class={classes!("swatch", format!("marks-{:?}", st.marks).to_lowercase())}
                              style={format!("background-color: {}", st.base)} aria-hidden="true"></span>
                        { s.label() }
                    </li>
                }
            }) }
            <li><span class="marker marker-drop" aria-hidden="true">{ "▼" }</span>{ "drop request" }</li>
            <li><span class="marker marker-forced" aria-hidden="true">{ "◆" }</span>{ "forced switch" }</li>
        </ul>
    }
}
