use frugal_middleware::small_talk::Classifier;
#[test]
fn scratch_r8() {
    let c = Classifier::new();
    let text = std::fs::read_to_string("/tmp/r8/probe.txt").unwrap();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (label, msg) = line.split_once('\t').unwrap();
        let got = c.classify(msg);
        let ok = (label == "s") == got.is_some();
        if !ok { println!("WRONG {label} {msg:?} -> {:?}", got.map(|g| g.category)); }
    }
}
