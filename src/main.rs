//! The `inkbind` command. All work happens in the library; this only maps results to exit
//! codes.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
