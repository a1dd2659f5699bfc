//! The few float operations the core needs, written out: `f64::floor`, `round` and `fract` live
//! in std (they call libm), and the wasm build links no std.

/// 2^52: from here on every `f64` is an integer.
const INTEGRAL_ABOVE: f64 = 4_503_599_627_370_496.0;

/// `x` without its fraction (toward zero).
pub fn trunc(x: f64) -> f64 {
    if x.is_finite() && x.abs() < INTEGRAL_ABOVE {
        // Exact: |x| < 2^52 fits an i64, and the cast drops the fraction toward zero.
        x as i64 as f64
    } else {
        x
    }
}

/// Whether `x` is a whole number (infinities and NaN are not).
pub fn is_integral(x: f64) -> bool {
    x.is_finite() && trunc(x) == x
}

/// The largest whole number not above `x`.
pub fn floor(x: f64) -> f64 {
    let t = trunc(x);
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// The nearest whole number, halves away from zero (as `f64::round`).
pub fn round(x: f64) -> f64 {
    let t = trunc(x);
    let rest = x - t;
    if rest >= 0.5 {
        t + 1.0
    } else if rest <= -0.5 {
        t - 1.0
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_std() {
        for x in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.4999,
            -2.4999,
            1e15 + 0.5,
            -7.75,
            123.0,
            9.0e15,
            -9.0e15,
            1e300,
            f64::MIN_POSITIVE,
            0.49999999999999994,
            4503599627370495.5,
        ] {
            assert_eq!(floor(x), x.floor(), "floor {x}");
            assert_eq!(trunc(x), x.trunc(), "trunc {x}");
            assert_eq!(round(x), x.round(), "round {x}");
            assert_eq!(is_integral(x), x.fract() == 0.0, "integral {x}");
        }
        assert!(!is_integral(f64::NAN) && !is_integral(f64::INFINITY));
    }
}
