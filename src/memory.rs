//! Handing freed memory back to the operating system between phases.

/// Returns the memory freed so far to the system, so that the next phase's
/// peak does not sit on top of the last one's leftovers.
///
/// glibc keeps what a thread frees in that thread's arena: the notes read
/// on rayon's workers stay resident after they are dropped while the PDF is
/// set on another thread. `malloc_trim` releases the free pages of every
/// arena. Elsewhere this does nothing.
pub(crate) fn return_freed_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only releases free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}
