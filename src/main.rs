fn main() -> std::process::ExitCode {
    translint::cli::main()
}
