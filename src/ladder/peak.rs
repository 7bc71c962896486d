//! What one core can compute at best: its measured peak rate of `f32` operations.
//!
//! The measurement follows the peers' `peak_fma.c`: 16 independent chains of vector
//! multiply-adds, so the processor never waits for one result before starting the next, timed
//! many times in short runs; the best run counts (other programs on a shared machine can only
//! slow a run down, and a short run is more likely to get the core to itself).
//! It is done once for each instruction set a program might compile its loops to:
//!
//! * `AVX-512 FMA`: 16 floats per instruction, multiply and add fused, the machine's true peak;
//! * `AVX2 FMA`: 8 floats per fused multiply-add, the widest kernel `matrixmultiply` (ndarray's
//!   `dot`) picks at run time;
//! * `SSE2`: 4 floats per instruction, multiply and add separate, all that a program built for
//!   generic x86-64 (as this library and its loops are, by default) may use.
//!
//! Only code that exists for this measurement lives here; the vector instructions are called
//! only after the CPU has been asked whether it has them.

use crate::error::Result;

/// Independent chains of multiply-adds per measurement (as in `peak_fma.c`).
const CHAINS: usize = 16;
/// Steps of every chain per timed run: 16 chains × 2¹⁸ steps, about a millisecond at AVX-512 peak.
const STEPS: usize = 1 << 18;
/// Timed runs per instruction set; the fastest one counts.
const RUNS: usize = 25;

/// The measured peak of one instruction set on one core.
#[derive(Clone, Debug, PartialEq)]
pub struct Peak {
    /// The instructions measured, e.g. `AVX-512 FMA`.
    pub instructions: &'static str,
    /// `f32` lanes per instruction.
    pub lanes: usize,
    /// The best measured rate, in 10⁹ floating-point operations per second.
    pub gflops: f64,
}

/// Measures this core's peak for every instruction set it supports, widest first.
///
/// Fails on a CPU that is not x86-64 (there is no measurement for it yet).
pub fn measure_peaks() -> Result<Vec<Peak>> {
    imp::measure()
}

/// `flops / seconds / 10⁹` for the fastest of `RUNS` timed calls of `chains(STEPS)`, where
/// one call does `CHAINS · STEPS` vector steps of `lanes` floats and `flops_per_lane` each.
/// The chains' final values go through `black_box`, so no step can be optimised away.
fn best_rate<T>(lanes: usize, flops_per_lane: usize, chains: impl Fn(usize) -> T) -> f64 {
    let flops = (CHAINS * STEPS * lanes * flops_per_lane) as f64;
    std::hint::black_box(chains(STEPS / 16)); // warm-up: wake the vector units
    (0..RUNS)
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(chains(std::hint::black_box(STEPS)));
            flops / start.elapsed().as_secs_f64() / 1e9 // GFLOP/s of this run
        })
        .fold(0.0, f64::max)
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use std::arch::x86_64::*;

    use super::{CHAINS, Peak, best_rate};
    use crate::error::Result;

    /// Runs the chains of every instruction set this CPU has.
    pub(super) fn measure() -> Result<Vec<Peak>> {
        let mut peaks = Vec::new();
        if is_x86_feature_detected!("avx512f") {
            // SAFETY: `fma512` only needs AVX-512F, which the CPU reported just above.
            let gflops = best_rate(16, 2, |steps| unsafe { fma512(steps) });
            peaks.push(Peak {
                instructions: "AVX-512 FMA",
                lanes: 16,
                gflops,
            });
        }
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: `fma256` only needs AVX2 and FMA, which the CPU reported just above.
            let gflops = best_rate(8, 2, |steps| unsafe { fma256(steps) });
            peaks.push(Peak {
                instructions: "AVX2 FMA",
                lanes: 8,
                gflops,
            });
        }
        // SAFETY: `sse2` only needs SSE2, which every x86-64 CPU has.
        let gflops = best_rate(4, 2, |steps| unsafe { sse2(steps) });
        peaks.push(Peak {
            instructions: "SSE2 (multiply, then add)",
            lanes: 4,
            gflops,
        });
        Ok(peaks)
    }

    /// `acc = acc · a + b` on 16 × 16 floats, `steps` times, as fused multiply-adds.
    #[target_feature(enable = "avx512f")]
    fn fma512(steps: usize) -> [__m512; CHAINS] {
        let (a, b) = (_mm512_set1_ps(0.999_999), _mm512_set1_ps(1e-7));
        let mut acc = [_mm512_set1_ps(1.0); CHAINS];
        for _ in 0..steps {
            for x in &mut acc {
                *x = _mm512_fmadd_ps(*x, a, b); // x = x·a + b, 16 lanes, one instruction
            }
        }
        acc
    }

    /// `acc = acc · a + b` on 16 × 8 floats, `steps` times, as fused multiply-adds.
    #[target_feature(enable = "avx2,fma")]
    fn fma256(steps: usize) -> [__m256; CHAINS] {
        let (a, b) = (_mm256_set1_ps(0.999_999), _mm256_set1_ps(1e-7));
        let mut acc = [_mm256_set1_ps(1.0); CHAINS];
        for _ in 0..steps {
            for x in &mut acc {
                *x = _mm256_fmadd_ps(*x, a, b); // x = x·a + b, 8 lanes, one instruction
            }
        }
        acc
    }

    /// `acc = acc · a + b` on 16 × 4 floats, `steps` times, a multiply then an add.
    #[target_feature(enable = "sse2")]
    fn sse2(steps: usize) -> [__m128; CHAINS] {
        let (a, b) = (_mm_set1_ps(0.999_999), _mm_set1_ps(1e-7));
        let mut acc = [_mm_set1_ps(1.0); CHAINS];
        for _ in 0..steps {
            for x in &mut acc {
                *x = _mm_add_ps(_mm_mul_ps(*x, a), b); // x = x·a + b, 4 lanes, two instructions
            }
        }
        acc
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod imp {
    use super::Peak;
    use crate::error::{Error, Result};

    /// No measurement exists for this architecture yet.
    pub(super) fn measure() -> Result<Vec<Peak>> {
        Err(Error::Invalid(format!(
            "measure_peaks: no peak measurement for {}; expected an x86-64 CPU",
            std::env::consts::ARCH
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_x86_64_core_has_an_sse2_peak_and_wider_units_are_faster() {
        let peaks = measure_peaks().unwrap();
        let sse2 = peaks.last().unwrap();
        assert_eq!(sse2.lanes, 4);
        assert!(sse2.gflops > 0.5, "{peaks:?}");
        // Widest first: lanes fall along the list.
        assert!(
            peaks.windows(2).all(|w| w[0].lanes > w[1].lanes),
            "{peaks:?}"
        );
    }
}
