fn main() {
    std::process::exit(ssmrun::cli::main());
}
