fn main() -> std::process::ExitCode {
    tune_malloc();
    translint::cli::main()
}

/// glibc's malloc, set for a run that builds much and frees much in phases.
///
/// At most two arenas, shared by every thread. The per-document pass runs on worker threads
/// and the corpus decision on this one; with an arena per thread, what the workers free once
/// the decision is done with it (the names facts, after the names index is built from them)
/// could not be reused by the decision's own allocations, and the peak would hold both. One
/// arena makes the two workers wait on its lock (+15% CPU); two let each worker allocate
/// freely while the decision reuses what one of them freed. Measured on the 51 MB benchmark
/// corpus, an arena per thread / one / two: peak RSS 157 / 130 / 140 MB, CPU time 1.9 / 2.2 /
/// 1.9 s.
///
/// Blocks of 1 MiB and more in their own mappings, always. glibc starts at 128 KiB but
/// raises its threshold to the size of each such block freed (up to 32 MB), so the run's
/// large temporaries (a long file's text, a sort's buffer, a vector grown by doubling) soon
/// came from the arenas, and the holes they left between smaller blocks still in use stayed
/// resident. A fixed threshold returns them on free: peak RSS on the 51 MB corpus 55.7 ->
/// 52.8 MB (medians of 7), the same CPU time. Fixed at 128 KiB, every block from 128 KiB to
/// 1 MiB (many of a run's vectors) was a new mapping, its pages faulted in zeroed and
/// unmapped on free. At 1 MiB, on the 51 MB corpus (21 alternated runs each), `--no-cache`
/// took 0.632 s of wall time instead of 0.665 s and a warm-cache run 0.057 s instead of
/// 0.064 s, for a peak RSS of 49.3-49.7 MiB instead of 48.5-49.5. On the 514 MB corpus the
/// peak RSS and the time did not change.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_malloc() {
    // SAFETY: sets malloc parameters, before any other thread exists; no memory is touched.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_malloc() {}
