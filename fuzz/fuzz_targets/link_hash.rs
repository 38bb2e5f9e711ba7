//! Any input as a link: the first byte chooses whether the rest is the hash itself (random,
//! truncated, huge, wrong version) or the JSON of the state, packed as a link packs it (so that
//! mutations reach every field behind the checksum). The seeds are every preset's link.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        if let Ok(hash) = std::str::from_utf8(rest) {
            gil_lab_fuzz::check_link(hash);
        }
    } else {
        gil_lab_fuzz::check_link(&gil_lab_fuzz::link_of_json(rest));
    }
});
