//! The build epoch: one timestamp for every archive entry and for APP-META's `@packaged`.
//!
//! Taken from `--source-date-epoch`, else `SOURCE_DATE_EPOCH`, else 1980-01-01T00:00:00Z; clamped
//! to the range a ZIP (DOS) timestamp can hold and rounded down to an even second, in UTC.

/// 1980-01-01T00:00:00Z, the earliest DOS timestamp and the default epoch.
pub const MIN: i64 = 315_532_800;
/// 2107-12-31T23:59:58Z, the latest DOS timestamp.
pub const MAX: i64 = 4_354_819_198;

/// A build timestamp in whole seconds since 1970, already clamped and even.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Epoch {
    secs: i64,
}

/// Broken-down UTC time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year, e.g. 2026.
    pub year: i64,
    /// 1..=12.
    pub month: u8,
    /// 1..=31.
    pub day: u8,
    /// 0..=23.
    pub hour: u8,
    /// 0..=59.
    pub minute: u8,
    /// 0..=59.
    pub second: u8,
}

impl Default for Epoch {
    fn default() -> Self {
        Epoch { secs: MIN }
    }
}

impl Epoch {
    /// Clamps `secs` into the DOS range and rounds down to an even second.
    pub fn from_secs(secs: i64) -> Epoch {
        let s = secs.clamp(MIN, MAX);
        Epoch {
            secs: s - s.rem_euclid(2),
        }
    }

    /// The epoch from the command line, else from the `SOURCE_DATE_EPOCH` value, else the default.
    /// A `SOURCE_DATE_EPOCH` that is not an integer is an error, not silently ignored.
    pub fn resolve(flag: Option<i64>, env: Option<&str>) -> Result<Epoch, String> {
        if let Some(secs) = flag {
            return Ok(Epoch::from_secs(secs));
        }
        match env.map(str::trim) {
            None | Some("") => Ok(Epoch::default()),
            Some(v) => v.parse::<i64>().map(Epoch::from_secs).map_err(|_| {
                format!("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not `{v}`")
            }),
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn secs(self) -> i64 {
        self.secs
    }

    /// The UTC date and time.
    pub fn civil(self) -> Civil {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
        }
    }

    /// `YYYY-MM-DDThh:mm:ss` (UTC, no zone), the shape `aps build` writes into `@packaged`.
    pub fn packaged(self) -> String {
        let c = self.civil();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_clamps_and_rounds() {
        assert_eq!(
            Epoch::resolve(None, None).unwrap().packaged(),
            "1980-01-01T00:00:00"
        );
        assert_eq!(Epoch::from_secs(0).secs(), MIN);
        assert_eq!(Epoch::from_secs(i64::MAX).packaged(), "2107-12-31T23:59:58");
        assert_eq!(Epoch::from_secs(1_700_000_001).secs(), 1_700_000_000);
        assert_eq!(
            Epoch::resolve(None, Some("1700000000")).unwrap().packaged(),
            "2023-11-14T22:13:20"
        );
        assert_eq!(
            Epoch::resolve(Some(951_782_400), Some("1"))
                .unwrap()
                .packaged(),
            "2000-02-29T00:00:00"
        );
        assert!(Epoch::resolve(None, Some("yesterday")).is_err());
    }
}
