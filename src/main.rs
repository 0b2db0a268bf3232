use std::process::ExitCode;

use clap::Parser;
use decoupage::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => {
            let mut stdout = std::io::stdout().lock();
            match cli::run(command, &mut stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => {
                    eprintln!("decoupage: {}", failure.message);
                    ExitCode::from(failure.code as u8)
                }
            }
        }
        None => match decoupage::ui::run(args.project) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("decoupage: cannot open the window: {e}");
                ExitCode::from(2)
            }
        },
    }
}
