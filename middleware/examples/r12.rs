use std::io::BufRead;
fn main() {
    let c = frugal_middleware::small_talk::Classifier::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let text = line.rsplit('\t').next().unwrap();
        match c.classify(text) {
            Some(k) => println!("{:?}\t{}", k.category, line),
            None => println!("-\t{}", line),
        }
    }
}
