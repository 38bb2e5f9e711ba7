//! Which step of its program each thread is on over time: one mark per step begun (time, step
//! number in the pre-order numbering of `python::SourceMap`; [`DONE_STEP`] once the program
//! ended). Recorded with the trace, kept out of its JSON and hash, and read by binary search.

/// The step number of "the program has ended".
pub const DONE_STEP: u32 = u32::MAX;

/// One thread's step marks, in time order; the last mark at one instant wins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepMarks {
    marks: Vec<(u64, u32)>,
}

impl StepMarks {
    /// The thread began step `step` at `t` (times never go back). A mark at the same instant
    /// as the last one replaces it: zero-time steps (`repeat` bookkeeping) leave no mark.
    pub fn mark(&mut self, t: u64, step: u32) {
        match self.marks.last_mut() {
            Some(last) if last.1 == step => {}
            Some(last) if last.0 == t => {
                last.1 = step;
                if self.marks.len() >= 2 && self.marks[self.marks.len() - 2].1 == step {
                    self.marks.pop();
                }
            }
            _ => self.marks.push((t, step)),
        }
    }

    /// Every mark, in time order.
    pub fn marks(&self) -> &[(u64, u32)] {
        &self.marks
    }

    /// The step the thread is on at `t`, and since when (none before its first step, and
    /// [`DONE_STEP`] after its program ended).
    pub fn at(&self, t: u64) -> Option<(u32, u64)> {
        let i = self.marks.partition_point(|m| m.0 <= t);
        let (since, step) = *self.marks.get(i.checked_sub(1)?)?;
        Some((step, since))
    }

    /// The first time after `t` (strictly) that the thread begins one of `steps`.
    pub fn next_start(&self, t: u64, steps: &[u32]) -> Option<u64> {
        let i = self.marks.partition_point(|m| m.0 <= t);
        self.marks[i..]
            .iter()
            .find(|m| steps.contains(&m.1))
            .map(|m| m.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_keep_the_last_step_of_an_instant_and_answer_by_time() {
        let mut m = StepMarks::default();
        m.mark(0, 0); // repeat
        m.mark(0, 1); // its body, same instant: replaces
        m.mark(10, 1); // same step again: nothing
        m.mark(20, 2);
        m.mark(30, 1);
        m.mark(40, DONE_STEP);
        assert_eq!(m.marks(), &[(0, 1), (20, 2), (30, 1), (40, DONE_STEP)]);
        assert_eq!(m.at(25), Some((2, 20)));
        assert_eq!(m.at(20), Some((2, 20)));
        assert_eq!(m.at(99), Some((DONE_STEP, 40)));
        assert_eq!(m.next_start(0, &[1]), Some(30));
        assert_eq!(m.next_start(30, &[1]), None);
        let empty = StepMarks::default();
        assert_eq!(empty.at(5), None);
    }
}
