//! The panels beside the timeline: the live state at the playhead, the metrics, the same work
//! four ways with its verdict, and the legend.

pub mod compare;
pub mod legend;
pub mod live;
pub mod metrics;

pub use compare::ComparePanel;
pub use legend::Legend;
pub use live::LivePanel;
pub use metrics::MetricsPanel;

use super::run::ModelRun;
use std::rc::Rc;
use yew::Properties;

/// Props of a panel that shows one run (equal when it is the same run).
#[derive(Properties)]
pub struct RunProps {
    pub run: Rc<ModelRun>,
}

impl PartialEq for RunProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
    }
}
