fn main() {
    // Behave like other Unix tools when the reader of our output goes away (`| head`):
    // end quietly instead of panicking on a broken pipe.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(ssmrun::cli::main());
}
