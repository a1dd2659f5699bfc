//! Calendar maths on unix time for SigV4 dates (ISO 8601 basic, AWS SigV4 "x-amz-date"),
//! HTTP `Date` headers (RFC 9110 section 5.6.7) and JS `Date.toJSON` strings (RFC 3339).
//!
//! Pure functions of their arguments: the crate never reads a clock, so the caller passes the
//! time in. Proleptic Gregorian calendar, UTC, no leap seconds (as unix time itself).
//!
//! Numbers are written by hand ([`push_padded`]) and dates parsed byte by byte, without
//! `core::fmt` or string searchers: they would pull KB of machinery into the `.wasm`.

use alloc::string::String;

use crate::text;

/// Seconds at 0000-01-01T00:00:00Z, the earliest instant the 4-digit formats can write.
const MIN_UNIX_SECS: i64 = -62_167_219_200;
/// Seconds at 9999-12-31T23:59:59Z, the latest instant the 4-digit formats can write.
const MAX_UNIX_SECS: i64 = 253_402_300_799;
const SECS_PER_DAY: i64 = 86_400;

/// A UTC instant broken into calendar fields, with the year limited to 0..=9999.
struct DateTime {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl DateTime {
    /// Out-of-range instants are clamped to the nearest writable one: a signature made with a
    /// clamped date is rejected by AWS like any other wrong clock, which beats a panic in wasm.
    fn from_unix_secs(unix_secs: i64) -> Self {
        let secs = unix_secs.clamp(MIN_UNIX_SECS, MAX_UNIX_SECS);
        let (year, month, day) = civil_from_days(secs.div_euclid(SECS_PER_DAY));
        let of_day = secs.rem_euclid(SECS_PER_DAY);
        DateTime {
            year,
            month,
            day,
            // `of_day` is in 0..86400, so the casts are lossless.
            hour: (of_day / 3600) as u32,
            minute: (of_day % 3600 / 60) as u32,
            second: (of_day % 60) as u32,
        }
    }

    fn push_date(&self, out: &mut String, separator: &str) {
        push_padded(out, self.year.unsigned_abs(), 4);
        out.push_str(separator);
        push_padded(out, u64::from(self.month), 2);
        out.push_str(separator);
        push_padded(out, u64::from(self.day), 2);
    }

    fn push_time(&self, out: &mut String, separator: &str) {
        push_padded(out, u64::from(self.hour), 2);
        out.push_str(separator);
        push_padded(out, u64::from(self.minute), 2);
        out.push_str(separator);
        push_padded(out, u64::from(self.second), 2);
    }
}

/// The SigV4 timestamp, `20150830T123600Z`, as sent in `x-amz-date`.
pub fn format_amz_date(unix_secs: i64) -> String {
    let mut out = String::with_capacity(16);
    push_amz_date(&mut out, unix_secs);
    out
}

/// Appends the SigV4 timestamp (16 bytes, its first 8 the scope date).
pub(crate) fn push_amz_date(out: &mut String, unix_secs: i64) {
    let t = DateTime::from_unix_secs(unix_secs);
    t.push_date(out, "");
    out.push('T');
    t.push_time(out, "");
    out.push('Z');
}

/// The date part of the SigV4 credential scope, `20150830`.
pub fn format_date(unix_secs: i64) -> String {
    let mut out = String::with_capacity(8);
    DateTime::from_unix_secs(unix_secs).push_date(&mut out, "");
    out
}

/// RFC 3339 with milliseconds, `2026-11-26T19:19:51.123Z`: the shape JS `Date.toJSON` gives.
pub fn format_rfc3339(unix_millis: i64) -> String {
    let t = DateTime::from_unix_secs(unix_millis.div_euclid(1000));
    let millis = if (MIN_UNIX_SECS..=MAX_UNIX_SECS).contains(&unix_millis.div_euclid(1000)) {
        unix_millis.rem_euclid(1000).unsigned_abs()
    } else {
        // Clamped to the first or last second: keep the millis consistent with that end.
        if unix_millis < 0 {
            0
        } else {
            999
        }
    };
    let mut out = String::with_capacity(24);
    t.push_date(&mut out, "-");
    out.push('T');
    t.push_time(&mut out, ":");
    out.push('.');
    push_padded(&mut out, millis, 3);
    out.push('Z');
    out
}

/// Parses an HTTP `Date` header into unix seconds: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// and the obsolete RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`) forms that RFC 9110 says recipients must accept.
///
/// The weekday must be a real name but is not checked against the date: the header is only used
/// to learn clock skew, and the date fields alone say when the server thinks it is.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let bytes = s.as_bytes();
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes.iter().position(|b| !is_blank(b))?;
    let end = bytes.iter().rposition(|b| !is_blank(b))?;
    let text = bytes.get(start..=end)?;
    // The weekday runs to the first `,` (IMF-fixdate, RFC 850) or space (asctime).
    let weekday_end = text.iter().position(|&b| b == b',' || b == b' ')?;
    let (weekday, rest) = text.split_at_checked(weekday_end)?;
    let is_one_of = |names: &[&str]| names.iter().any(|name| name.as_bytes() == weekday);
    // `get`, not `<[u8]>::strip_prefix`, whose `split_at` is a panic path.
    let after = |prefix: &[u8]| {
        rest.get(prefix.len()..)
            .filter(|_| rest.starts_with(prefix))
    };
    let (rest, layout) = match after(b", ") {
        Some(rest) if is_one_of(&SHORT_WEEKDAYS) => (rest, IMF_FIXDATE),
        Some(rest) if is_one_of(&LONG_WEEKDAYS) => (rest, RFC_850),
        Some(_) => return None,
        None if is_one_of(&SHORT_WEEKDAYS) => (after(b" ")?, ASCTIME),
        None => return None,
    };
    let [mut year, month, day, hour, minute, second] = parse_layout(rest, layout)?;
    if layout == RFC_850 {
        // RFC 9110 pivots two-digit years on the current date; without a clock, use the usual
        // fixed pivot (POSIX strptime's): 69 and below are 20xx. Senders have not used this
        // form since the 1990s anyway.
        year += if year < 69 { 2000 } else { 1900 };
    }
    unix_secs(i64::from(year), month, day, hour, minute, second)
}

// The HTTP date layouts after the weekday, for `parse_layout`.
const IMF_FIXDATE: &[u8] = b"DD MMM YYYY hh:mm:ss GMT";
const RFC_850: &[u8] = b"DD-MMM-YY hh:mm:ss GMT";
/// A one-digit day is padded with a space.
const ASCTIME: &[u8] = b"MMM ED hh:mm:ss YYYY";

/// Reads `text` laid out as `layout`, whose letters stand for a digit of a field: `Y` year, `O`
/// month, `D` day (`E` a day digit or a padding space), `h` hour, `m` minute, `s` second; `MMM`
/// is a month name (`Nov`, case-sensitive as RFC 9110 section 5.6.7 has it); any other byte
/// stands for itself. Returns `[year, month, day, hour, minute, second]`, not range-checked.
fn parse_layout(text: &[u8], layout: &[u8]) -> Option<[u32; 6]> {
    if text.len() != layout.len() {
        return None;
    }
    let mut fields = [0u32; 6];
    let mut month_name = None;
    for (i, (&b, &l)) in text.iter().zip(layout).enumerate() {
        let slot = match l {
            b'Y' => 0,
            b'O' => 1,
            b'D' | b'E' => 2,
            b'h' => 3,
            b'm' => 4,
            b's' => 5,
            b'M' => {
                month_name.get_or_insert(i);
                continue;
            }
            _ if b == l => continue,
            _ => return None,
        };
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b' ' if l == b'E' => 0,
            _ => return None,
        };
        if let Some(field) = fields.get_mut(slot) {
            *field = *field * 10 + u32::from(digit);
        }
    }
    if let Some(at) = month_name {
        let name = text.get(at..at + 3)?;
        let index = MONTHS.iter().position(|m| m.as_bytes() == name)?;
        fields[1] = u32::try_from(index + 1).ok()?;
    }
    Some(fields)
}

/// Parses RFC 3339 (`2026-11-26T19:19:51.123Z`, `2026-11-26T20:19:51+01:00`,
/// `2026-11-26T19:19:51Z`) into unix **milliseconds**. Fraction digits past the third are
/// truncated, as JS `Date` does.
pub fn parse_rfc3339_millis(s: &str) -> Option<i64> {
    let (date, rest) = text::split_once(s, b"Tt")?;
    let [year, month, day, ..] = parse_layout(date.as_bytes(), b"YYYY-OO-DD")?;

    // The offset starts at the first of `Z`, `+`, `-` after the time.
    let zone_at = text::find_byte(rest, b"Zz+-")?;
    let (clock, zone) = rest.split_at_checked(zone_at)?;
    let (time, fraction) = match text::split_once(clock, b".") {
        Some((time, fraction)) => (time, Some(fraction)),
        None => (clock, None),
    };
    let [.., hour, minute, second] = parse_layout(time.as_bytes(), b"hh:mm:ss")?;
    let millis = match fraction {
        None => 0,
        Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => return None,
        // Pad or cut to exactly three digits: ".5" is 500 ms, ".123456" is 123 ms.
        Some(f) => f
            .bytes()
            .chain(core::iter::repeat(b'0'))
            .take(3)
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0')),
    };
    let offset_secs = parse_utc_offset(zone)?;
    let secs = unix_secs(i64::from(year), month, day, hour, minute, second)? - offset_secs;
    Some(secs * 1000 + millis)
}

/// `Z`, `+01:00` or `-05:30`, as seconds east of UTC.
fn parse_utc_offset(zone: &str) -> Option<i64> {
    if zone == "Z" || zone == "z" {
        return Some(0);
    }
    let (sign, hhmm) = if let Some(hhmm) = zone.strip_prefix('+') {
        (1, hhmm)
    } else {
        (-1, zone.strip_prefix('-')?)
    };
    let [.., hours, minutes, _] = parse_layout(hhmm.as_bytes(), b"hh:mm")?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * i64::from(hours * 3600 + minutes * 60))
}

const SHORT_WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Validates the fields (including the day against the month's length) and converts to unix
/// seconds. A leap second (`:60`) is accepted and lands on the next minute's first second, as
/// unix time has no leap seconds.
fn unix_secs(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second))
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`,
/// which works in 400-year eras so that negative years need no special case).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Years start in March here, so the leap day is the last day of the "year".
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400; // [0, 399]
    let month_from_march = i64::from((month + 9) % 12); // [0, 11]
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1; // [0, 365]
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day) for days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097; // [0, 146096]
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // [0, 11]

    // Both values are small and non-negative, so the casts are lossless.
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Appends `value` in decimal, zero-padded to `width` digits (`width` 1: no padding).
pub(crate) fn push_padded(out: &mut String, value: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut n = value;
    let mut len = 0;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 && len >= width {
            break;
        }
    }
    // One copy of ASCII digits (so `from_utf8` cannot fail), not a `push` per digit.
    let start = digits.len().saturating_sub(len);
    let text = digits
        .get(start..)
        .and_then(|d| core::str::from_utf8(d).ok());
    out.push_str(text.unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUITE_TIME: i64 = 1_440_938_160; // 2015-08-30T12:36:00Z

    #[test]
    fn formats_amz_date_and_scope_date() {
        assert_eq!(format_amz_date(SUITE_TIME), "20150830T123600Z");
        assert_eq!(format_date(SUITE_TIME), "20150830");
        assert_eq!(format_amz_date(0), "19700101T000000Z");
        assert_eq!(format_amz_date(951_782_400), "20000229T000000Z");
        assert_eq!(format_amz_date(1_620_747_645), "20210511T154045Z");
    }

    #[test]
    fn pads_and_writes_decimal_without_fmt() {
        for (value, width, expected) in [
            (0, 1, "0"),
            (7, 2, "07"),
            (2015, 4, "2015"),
            (5, 4, "0005"),
            (604_800, 1, "604800"),
            (123_456, 2, "123456"),
            (u64::MAX, 1, "18446744073709551615"),
            (1, 25, "00000000000000000001"),
        ] {
            let mut out = String::from(">");
            push_padded(&mut out, value, width);
            assert_eq!(out, format!(">{expected}"), "{value} width {width}");
        }
    }

    #[test]
    fn negative_times_are_before_1970() {
        assert_eq!(format_amz_date(-1), "19691231T235959Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_amz_date(-86_400 * 365), "19690101T000000Z");
    }

    #[test]
    fn year_range_ends_and_clamping() {
        assert_eq!(format_amz_date(MIN_UNIX_SECS), "00000101T000000Z");
        assert_eq!(format_amz_date(MAX_UNIX_SECS), "99991231T235959Z");
        assert_eq!(format_amz_date(i64::MIN), "00000101T000000Z");
        assert_eq!(format_amz_date(i64::MAX), "99991231T235959Z");
        assert_eq!(format_rfc3339(i64::MIN), "0000-01-01T00:00:00.000Z");
        assert_eq!(format_rfc3339(i64::MAX), "9999-12-31T23:59:59.999Z");
    }

    #[test]
    fn civil_round_trips_over_every_day_of_the_range() {
        let first = MIN_UNIX_SECS / SECS_PER_DAY;
        let last = MAX_UNIX_SECS / SECS_PER_DAY;
        for days in first..=last {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
            assert!((1..=days_in_month(y, m)).contains(&d), "{y}-{m}-{d}");
        }
    }

    #[test]
    fn formats_rfc3339_millis() {
        assert_eq!(
            format_rfc3339(1_795_720_791_123),
            "2026-11-26T19:19:51.123Z"
        );
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_rfc3339(5), "1970-01-01T00:00:00.005Z");
    }

    #[test]
    fn parses_rfc3339() {
        let t = Some(1_795_720_791_123);
        assert_eq!(parse_rfc3339_millis("2026-11-26T19:19:51.123Z"), t);
        assert_eq!(parse_rfc3339_millis("2026-11-26T20:19:51.123+01:00"), t);
        assert_eq!(parse_rfc3339_millis("2026-11-26T13:49:51.123-05:30"), t);
        assert_eq!(parse_rfc3339_millis("2026-11-26t19:19:51.123z"), t);
        assert_eq!(
            parse_rfc3339_millis("2015-08-30T12:36:00Z"),
            Some(SUITE_TIME * 1000)
        );
        assert_eq!(
            parse_rfc3339_millis("2026-11-26T19:19:51.5Z"),
            Some(1_795_720_791_500)
        );
        assert_eq!(
            parse_rfc3339_millis("2026-11-26T19:19:51.123999Z"),
            Some(1_795_720_791_123)
        );
        assert_eq!(
            parse_rfc3339_millis("0000-01-01T00:00:00Z"),
            Some(MIN_UNIX_SECS * 1000)
        );
        assert_eq!(parse_rfc3339_millis("1969-12-31T23:59:59.999Z"), Some(-1));
    }

    #[test]
    fn rfc3339_round_trips() {
        for millis in [
            0,
            -1,
            1_795_720_791_123,
            MIN_UNIX_SECS * 1000,
            MAX_UNIX_SECS * 1000 + 999,
        ] {
            assert_eq!(parse_rfc3339_millis(&format_rfc3339(millis)), Some(millis));
        }
    }

    #[test]
    fn rejects_malformed_rfc3339() {
        for bad in [
            "",
            "2026-11-26",
            "2026-11-26T19:19:51",
            "2026-11-26T19:19:51.Z",
            "2026-11-26T19:19:51.12aZ",
            "2026-13-26T19:19:51Z",
            "2026-02-29T19:19:51Z",
            "2026-11-31T19:19:51Z",
            "2026-11-26T24:00:00Z",
            "2026-11-26T19:60:00Z",
            "2026-11-26T19:19:51+1:00",
            "2026-11-26T19:19:51+24:00",
            "2026-11-26T19:19:51+01:00x",
            "+02026-11-26T19:19:51Z",
            "2026-1-26T19:19:51Z",
            "2026-11-26T19:19:51ZZ",
            "２026-11-26T19:19:51Z",
            "2026-11-26T19:19:5\u{e9}Z",
        ] {
            assert_eq!(parse_rfc3339_millis(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn parses_the_three_http_date_forms() {
        let t = Some(784_111_777);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), t);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), t);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), t);
        assert_eq!(
            parse_http_date("Sun Nov 16 08:49:37 1994"),
            Some(784_975_777)
        );
        assert_eq!(
            parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT"),
            Some(SUITE_TIME)
        );
        assert_eq!(
            parse_http_date("Thursday, 01-Jan-37 00:00:00 GMT"),
            Some(2_114_380_800)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date(" \tSun, 06 Nov 1994 08:49:37 GMT\t "), t);
        assert_eq!(parse_http_date("Sun Nov 06 08:49:37 1994"), t);
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:60 GMT"),
            Some(784_111_800)
        );
        assert_eq!(parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT"), Some(-1));
    }

    #[test]
    fn rejects_malformed_http_dates() {
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov  6 08:49:37 94",
            "Sun Nov 6 08:49:37",
            "2026-11-26T19:19:51Z",
            "Sun,06 Nov 1994 08:49:37 GMT",
            "Sunday, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT",
            "Sun Nov 166 08:49:37 1994",
            "Sun Nov   6 08:49:37 1994",
            // asctime pads a one-digit day with one space (RFC 9110 `date3`), no other way.
            "Sun Nov 6 08:49:37 1994",
            "Sun Nov  16 08:49:37 1994",
            "Sun Nov 1  08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sun, 06 Nov 1994 08:60:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT,",
            " ",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }
}
