fn main() -> std::process::ExitCode {
    one_malloc_arena();
    translint::cli::main()
}

/// One malloc arena for every thread. The per-document pass runs on worker threads and the
/// corpus decision on this one; with an arena per thread, what the workers free once the
/// decision is done with it (the names facts, after the names index is built from them) could
/// not be reused by the decision's own allocations, and the peak would hold both. Measured
/// on the 51 MB benchmark corpus: peak RSS 165 -> 147 MB, CPU time unchanged.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_malloc_arena() {
    // SAFETY: sets a malloc parameter, before any other thread exists; no memory is touched.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn one_malloc_arena() {}
