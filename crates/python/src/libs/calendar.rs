//! `time`'s calendar: `gmtime` and `localtime` (the model's machine keeps UTC), `mktime`,
//! `strftime` with the C locale's names and formats, `asctime` and `ctime`. A broken-down time
//! is a `time.struct_time` (`structtime.py`); a plain tuple of the nine fields is taken too.

use crate::builtins::args::{Kw, count, no_kw};
use crate::value::Value;
use crate::value::num;
use crate::vm::{Flow, NativeFn, Vm};

type R = Result<Value, Flow>;

pub const TABLE: &[(&str, NativeFn)] = &[
    ("gmtime", gmtime),
    ("localtime", gmtime),
    ("mktime", mktime),
    ("strftime", strftime),
    ("asctime", asctime),
    ("ctime", ctime),
];

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A broken-down time: CPython's nine fields (weekday 0 = Monday, yearday from 1, no DST).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tm {
    year: i64,
    mon: i64,
    mday: i64,
    hour: i64,
    min: i64,
    sec: i64,
    wday: i64,
    yday: i64,
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day counted from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn tm_of(secs: i64) -> Tm {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (year, mon, mday) = civil_from_days(days);
    Tm {
        year,
        mon,
        mday,
        hour: rest / 3600,
        min: rest % 3600 / 60,
        sec: rest % 60,
        wday: (days + 3).rem_euclid(7),
        yday: days - days_from_civil(year, 1, 1) + 1,
    }
}

/// A `time.struct_time` of the nine fields (`structtime.py`).
fn struct_of(vm: &mut Vm, t: &Tm) -> R {
    let fields = Value::tuple(
        [
            t.year, t.mon, t.mday, t.hour, t.min, t.sec, t.wday, t.yday, 0,
        ]
        .into_iter()
        .map(Value::Int)
        .collect(),
    );
    let Some(m) = vm.module("_structtime")? else {
        return Err(Flow::Refuse(
            "`time.struct_time` is not modelled by GIL Lab".into(),
        ));
    };
    let class = vm.getattr(&m, "struct_time")?;
    vm.call_value(class, vec![fields], Vec::new())
}

/// A broken-down time's nine fields: a tuple as given, or a `struct_time`'s.
fn fields_of(vm: &mut Vm, v: &Value) -> Result<Value, Flow> {
    match v {
        Value::Instance(_) => match vm.getattr(v, "_fields") {
            Ok(f) => Ok(f),
            Err(_) => Err(vm.raise("TypeError", "Tuple or struct_time argument required")),
        },
        other => Ok(other.clone()),
    }
}

/// A broken-down time from a tuple of nine ints, checked as CPython's `strftime` checks it
/// (a month, a day of the month and a day of the year of 0 are taken as 1).
fn tm_from(vm: &Vm, v: &Value) -> Result<Tm, Flow> {
    let items: Vec<i64> = match v {
        Value::Tuple(t) if t.len() == 9 => t
            .iter()
            .map(|x| match x {
                Value::Int(i) => Ok(*i),
                Value::Bool(b) => Ok(i64::from(*b)),
                other => Err(vm.raise(
                    "TypeError",
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        other.type_name()
                    ),
                )),
            })
            .collect::<Result<_, _>>()?,
        Value::Tuple(_) => {
            return Err(vm.raise("TypeError", "time tuple must have exactly 9 elements"));
        }
        _ => {
            return Err(vm.raise("TypeError", "Tuple or struct_time argument required"));
        }
    };
    let field = |i: usize, lo: i64, hi: i64, what: &str| -> Result<i64, Flow> {
        let v = if items[i] == 0 && lo == 1 {
            1
        } else {
            items[i]
        };
        if (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(vm.raise("ValueError", format!("{what} out of range")))
        }
    };
    if !(-999_999_999..=999_999_999).contains(&items[0]) {
        return Err(vm.raise("OverflowError", "year out of range"));
    }
    Ok(Tm {
        year: items[0],
        mon: field(1, 1, 12, "month")?,
        mday: field(2, 1, 31, "day of month")?,
        hour: field(3, 0, 23, "hour")?,
        min: field(4, 0, 59, "minute")?,
        sec: field(5, 0, 61, "seconds")?,
        wday: items[6].rem_euclid(7),
        yday: field(7, 1, 366, "day of year")?,
    })
}

/// Seconds of the run's clock as `time.time()` gives them, or the argument.
fn seconds(vm: &mut Vm, args: &[Value]) -> Result<i64, Flow> {
    match args.first() {
        None | Some(Value::None) => Ok(super::time::now_secs(vm).floor() as i64),
        Some(v) if v.is_number() => {
            let s = num::to_f64(v).map_err(|e| vm.num_err(e))?;
            if !s.is_finite() || s.abs() > 6.7e16 {
                return Err(vm.raise(
                    "OverflowError",
                    "timestamp out of range for platform time_t",
                ));
            }
            Ok(s.floor() as i64)
        }
        Some(v) => Err(vm.raise(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ),
        )),
    }
}

fn gmtime(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "gmtime", &kw)?;
    count(vm, "gmtime", &args, 0, 1)?;
    let s = seconds(vm, &args)?;
    struct_of(vm, &tm_of(s))
}

fn mktime(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "mktime", &kw)?;
    count(vm, "mktime", &args, 1, 1)?;
    let given = fields_of(vm, &args[0])?;
    let t = match &given {
        Value::Tuple(items) if items.len() == 9 => items.clone(),
        _ => return Err(vm.raise("TypeError", "Tuple or struct_time argument required")),
    };
    let mut f = [0i64; 6];
    for (i, x) in t.iter().take(6).enumerate() {
        f[i] = match x {
            Value::Int(n) => *n,
            _ => return Err(vm.raise("TypeError", "an integer is required")),
        };
    }
    // Each field is a C int.
    for v in f {
        if v > i64::from(i32::MAX) {
            return Err(vm.raise("OverflowError", "signed integer is greater than maximum"));
        }
        if v < i64::from(i32::MIN) {
            return Err(vm.raise("OverflowError", "signed integer is less than minimum"));
        }
    }
    // Months out of range roll over into years, as C's mktime does.
    let secs = (|| {
        let months = f[0].checked_mul(12)?.checked_add(f[1] - 1)?;
        let (y, m) = (months.div_euclid(12), months.rem_euclid(12) + 1);
        if y.abs() > 1_000_000_000 {
            return None;
        }
        let days = days_from_civil(y, m, 1).checked_add(f[2] - 1)?;
        days.checked_mul(86_400)?
            .checked_add(f[3].checked_mul(3600)?)?
            .checked_add(f[4].checked_mul(60)?)?
            .checked_add(f[5])
    })();
    match secs {
        Some(s) => Ok(Value::Float(s as f64)),
        None => Err(vm.raise("OverflowError", "mktime argument out of range")),
    }
}

fn strftime(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "strftime", &kw)?;
    count(vm, "strftime", &args, 1, 2)?;
    let Value::Str(fmt) = &args[0] else {
        return Err(vm.raise(
            "TypeError",
            format!(
                "strftime() argument 1 must be str, not {}",
                args[0].type_name()
            ),
        ));
    };
    let fmt = fmt.clone();
    let t = match args.get(1) {
        Some(v) => {
            let f = fields_of(vm, v)?;
            tm_from(vm, &f)?
        }
        None => tm_of(seconds(vm, &[])?),
    };
    let text = format_tm(&fmt, &t).map_err(Flow::Refuse)?;
    Ok(Value::str(&text))
}

/// `strftime`'s text in the C locale; a directive it does not know is refused.
fn format_tm(fmt: &str, t: &Tm) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        let day = DAYS[t.wday as usize];
        let month = MONTHS[(t.mon - 1) as usize];
        let piece = match d {
            'Y' => t.year.to_string(),
            'y' => format!("{:02}", t.year % 100),
            'm' => format!("{:02}", t.mon),
            'd' => format!("{:02}", t.mday),
            'e' => format!("{:2}", t.mday),
            'H' => format!("{:02}", t.hour),
            'I' => format!("{:02}", (t.hour + 11) % 12 + 1),
            'M' => format!("{:02}", t.min),
            'S' => format!("{:02}", t.sec),
            'p' => if t.hour < 12 { "AM" } else { "PM" }.to_string(),
            'j' => format!("{:03}", t.yday),
            'w' => ((t.wday + 1) % 7).to_string(),
            'u' => (t.wday + 1).to_string(),
            'a' => day[..3].to_string(),
            'A' => day.to_string(),
            'b' | 'h' => month[..3].to_string(),
            'B' => month.to_string(),
            'Z' => "UTC".to_string(),
            'z' => "+0000".to_string(),
            'c' => format_tm("%a %b %e %H:%M:%S %Y", t)?,
            'x' => format_tm("%m/%d/%y", t)?,
            'X' | 'T' => format_tm("%H:%M:%S", t)?,
            'D' => format_tm("%m/%d/%y", t)?,
            'F' => format_tm("%Y-%m-%d", t)?,
            'R' => format_tm("%H:%M", t)?,
            '%' => "%".to_string(),
            other => {
                return Err(format!(
                    "`time.strftime` directive %{other} is not modelled by GIL Lab"
                ));
            }
        };
        out.push_str(&piece);
    }
    Ok(out)
}

fn asctime(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "asctime", &kw)?;
    count(vm, "asctime", &args, 0, 1)?;
    let t = match args.first() {
        Some(v) => {
            let f = fields_of(vm, v)?;
            tm_from(vm, &f)?
        }
        None => tm_of(seconds(vm, &[])?),
    };
    Ok(Value::str(
        &format_tm("%a %b %e %H:%M:%S %Y", &t).map_err(Flow::Refuse)?,
    ))
}

fn ctime(vm: &mut Vm, args: Vec<Value>, kw: Kw) -> R {
    no_kw(vm, "ctime", &kw)?;
    count(vm, "ctime", &args, 0, 1)?;
    let s = seconds(vm, &args)?;
    Ok(Value::str(
        &format_tm("%a %b %e %H:%M:%S %Y", &tm_of(s)).map_err(Flow::Refuse)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_over_four_centuries() {
        for days in (-200_000..200_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        let t = tm_of(1_000_000_000);
        assert_eq!(
            (t.year, t.mon, t.mday, t.hour, t.min, t.sec),
            (2001, 9, 9, 1, 46, 40)
        );
        assert_eq!((t.wday, t.yday), (6, 252));
        assert_eq!(
            format_tm("%A %d %B %Y %j %I%p", &t).unwrap(),
            "Sunday 09 September 2001 252 01AM"
        );
        assert!(format_tm("%Q", &t).is_err());
    }
}
