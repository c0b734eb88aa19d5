//! The reference chat Lambda (work in progress).

fn main() {
    println!("frugal-chat: see the README");
}
