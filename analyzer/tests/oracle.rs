//! The analyzer against an oracle, on real load shapes: functions of the Azure Functions 2019 sample
//! (Shahrad et al., "Serverless in the Wild", USENIX ATC 2020, CC BY 4.0; see data/README.md).
//!
//! Which functions: a rule, not a hand-picked list — every function of the sample with at least one
//! thousand invocations (a 1 % target then allows ten cold starts) and at most [`MAX_INVOCATIONS`] in the
//! 8 hours (the oracle simulates each one ~100 times), sorted by hash, every [`EVERY`]th. Each is run as
//! three functions: with 0, 60 and 90 % of its duration spent waiting on the model, so compute-bound
//! functions — whose best size can be far from 256 MB, and for which more memory can replace
//! provisioned environments — are in the set alongside model-bound ones; the compute-bound run is
//! repeated with a p99 bound of a fifth of the p99 at 256 MB, which only larger sizes meet. The
//! compute- and mixed-bound runs are repeated at a stricter cold-start target of 0.5 %, at which several
//! functions need provisioned environments at 256 MB and none at a larger size: more memory replaces
//! them (the test requires the analyzer to find at least one such case).
//!
//! For each function: simulate it at 256 MB with no provisioned concurrency (as deployed by someone who
//! kept the defaults), analyse that snapshot, then run the recommended memory × provisioned level through
//! the simulator and price what it bills. The oracle simulates *every* memory size × provisioned level,
//! keeps those that meet the same constraints (cold starts within the target, p99 under the timeout,
//! memory over the peak with headroom) and takes the cheapest, priced by the same bill. The
//! recommendation must cost within 5 % of it, meet the cold-start target under the simulator to
//! within a tenth of it, and meet the other constraints there (p99 under the timeout and the bound,
//! memory over the peak): a recommendation cheap because it breaks one is a miss.
//!
//! The goal's noise floor: the sample gives counts per minute, and the simulator spreads each minute's
//! requests within it, seeded. The snapshot cannot say where in the minute they fell, so neither can the
//! analyzer. Two ignored tests score the exhaustive search itself as if it had seen only the per-minute
//! counts — choosing on other realizations, once or in expectation over five — by the same rule.
//!
//! The rule's functions at even ranks were the development half while the model was written; the odd
//! ranks were scored after. Both halves are reported. The stricter-target runs were added after the
//! model, and are reported (and guarded) apart: they were not looked at while it was written.

use std::path::PathBuf;

use frugal_analyzer::model::{MEMORY_HEADROOM, MEMORY_SIZES};
use frugal_analyzer::recommend::{analyze, Options, Report};
use frugal_analyzer::simulate::{load_azure, simulate_with_usage, SimulateOptions, Trace};
use frugal_analyzer::snapshot::{FunctionSnapshot, Snapshot, SNAPSHOT_VERSION};

const TARGET: f64 = 0.01;
const REGION: &str = "us-east-1";
/// Memory the snapshot is taken at, MB.
const DEPLOYED_MB: u32 = 256;
/// Fewest invocations in the 8 hours for a function to be chosen: enough that a 1 % target allows ten.
const MIN_INVOCATIONS: f64 = 1000.0;
/// Most invocations in the 8 hours for a function to be chosen (test time).
const MAX_INVOCATIONS: f64 = 100_000.0;
/// Every how many eligible functions one is taken.
const EVERY: usize = 2;
/// The waiting shares each function is run with.
const WAIT_SHARES: [f64; 3] = [0.0, 0.6, 0.9];
/// A stricter cold-start target, at which more functions need provisioned environments at 256 MB.
const STRICT_TARGET: f64 = 0.005;
/// The waiting shares run at [`STRICT_TARGET`].
const STRICT_WAIT_SHARES: [f64; 2] = [0.0, 0.6];
/// The compute-bound run is repeated with a p99 bound of the deployed p99 divided by this.
const BOUND_DIVISOR: f64 = 5.0;

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/azure-functions-2019/invocations.csv")
}

/// The functions the rule picks: (hash, rank among the picked). `offset` 0 is the rule's pick; 1 is
/// the functions between them, never looked at while the model was written (scored once, in
/// [`functions_between_the_rules_picks_scored_once`]).
fn chosen(offset: usize) -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(sample()).expect("the Azure sample is in the repository");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let hash_col = header
        .iter()
        .position(|h| *h == "HashFunction")
        .expect("HashFunction column");
    let minutes: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.parse::<u32>().is_ok())
        .map(|(i, _)| i)
        .collect();
    let mut eligible: Vec<String> = lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let total: f64 = minutes
                .iter()
                .filter_map(|&i| cells.get(i)?.parse::<f64>().ok())
                .sum();
            ((MIN_INVOCATIONS..=MAX_INVOCATIONS).contains(&total))
                .then(|| cells[hash_col].to_owned())
        })
        .collect();
    eligible.sort();
    eligible
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % EVERY == offset)
        .map(|(i, hash)| (hash, i / EVERY))
        .collect()
}

fn trace(hash: &str) -> Trace {
    load_azure(&sample(), Some(hash), 7).expect("the Azure sample loads")
}

fn args(memory: u32, provisioned: u32, wait_share: f64) -> SimulateOptions {
    SimulateOptions {
        memory,
        provisioned,
        // The sample's durations are taken as measured at 1 GB.
        trace_memory: Some(1024),
        wait_share,
        ..SimulateOptions::default()
    }
}

/// The prices the simulated (x86_64) functions pay.
fn price() -> &'static frugal_pricing::LambdaPrice {
    frugal_pricing::lambda_price(REGION, frugal_pricing::Architecture::X86_64)
        .expect("the price table covers us-east-1")
}

/// Cost under the simulator, whether the run meets the constraints, and its cold-start rate.
fn run(
    trace: &Trace,
    memory: u32,
    provisioned: u32,
    case: &Case,
    bound: Option<f64>,
) -> (f64, bool, f64) {
    let wait = case.wait;
    let a = args(memory, provisioned, wait);
    let (f, usage) = simulate_with_usage(trace, &a);
    let floor = f.max_memory_used_mb.map_or(0.0, |m| m * MEMORY_HEADROOM);
    let cold_rate = usage.cold_starts / usage.requests.max(1.0);
    let feasible = cold_rate <= case.target
        && f.duration_ms.p99 < f64::from(a.timeout) * 1000.0
        && bound.is_none_or(|b| f.duration_ms.p99 <= b)
        && f64::from(memory) >= floor;
    (
        usage.monthly_cost(memory, provisioned, price()).total,
        feasible,
        cold_rate,
    )
}

/// Every configuration the oracle searches on `trace`: each memory size, and every level up to two
/// over that size's peak (past it, environments only idle).
fn configurations(trace: &Trace, wait: f64) -> Vec<(u32, u32)> {
    MEMORY_SIZES
        .iter()
        .flat_map(|&m| {
            let (at_m, _) = simulate_with_usage(trace, &args(m, 0, wait));
            let peak = at_m.concurrency.iter().copied().fold(0.0, f64::max) as u32;
            (0..=peak + 2).map(move |k| (m, k))
        })
        .collect()
}

/// The cheapest configuration meeting the case's constraints on `trace` under the simulator: (cost,
/// memory, level).
fn cheapest(trace: &Trace, case: &Case, bound: Option<f64>) -> Option<(f64, u32, u32)> {
    configurations(trace, case.wait)
        .into_iter()
        .filter_map(|(m, k)| {
            let (cost, feasible, _) = run(trace, m, k, case, bound);
            feasible.then_some((cost, m, k))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

/// The function as deployed (256 MB, no provisioned environments) on `trace`, and the case's p99
/// bound, taken from it.
fn deployed(trace: &Trace, case: &Case) -> (FunctionSnapshot, Option<f64>) {
    let (observed, _) = simulate_with_usage(trace, &args(DEPLOYED_MB, 0, case.wait));
    let bound = case
        .bounded
        .then(|| observed.duration_ms.p99 / BOUND_DIVISOR);
    (observed, bound)
}

/// The analyzer's report on one simulated function, at the test's target and an optional p99 bound.
fn analyse(observed: FunctionSnapshot, target: f64, bound: Option<f64>) -> Report {
    let snapshot = Snapshot {
        version: SNAPSHOT_VERSION,
        source: format!("simulate:{}", observed.name),
        region: REGION.into(),
        period_seconds: 60,
        functions: vec![observed],
        warnings: Vec::new(),
    };
    analyze(
        &snapshot,
        &Options {
            cold_start_target: target,
            latency_p99_ms: bound,
            allow_arm64: false,
        },
    )
    .expect("us-east-1 is priced")
}

/// One run of a chosen function.
#[derive(Clone, Copy, Debug)]
struct Case {
    /// Share of the duration spent waiting on the model.
    wait: f64,
    /// Cold-start target.
    target: f64,
    /// With a p99 bound of the deployed p99 divided by [`BOUND_DIVISOR`].
    bounded: bool,
}

/// The runs of every chosen function: each waiting share at [`TARGET`], the compute-bound run with a
/// p99 bound, and the compute- and mixed-bound runs at [`STRICT_TARGET`] (added after the model was
/// written; neither half was looked at for it).
fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = WAIT_SHARES
        .iter()
        .map(|&wait| Case {
            wait,
            target: TARGET,
            bounded: false,
        })
        .collect();
    cases.push(Case {
        wait: 0.0,
        target: TARGET,
        bounded: true,
    });
    cases.extend(STRICT_WAIT_SHARES.iter().map(|&wait| Case {
        wait,
        target: STRICT_TARGET,
        bounded: false,
    }));
    cases
}

struct Outcome {
    hash: String,
    rank: usize,
    case: Case,
    gap: f64,
    cold_rate: f64,
    oracle: (u32, u32),
    /// The cheapest qualifying level at the deployed memory is above the oracle's, at a larger size:
    /// more memory replaces provisioned environments.
    memory_replaces_provisioned: bool,
    /// Nothing qualifies (the report must say so).
    unreachable: bool,
    /// The report says no configuration qualifies.
    flagged_unmet: bool,
    /// The recommendation keeps p99 under the timeout and the bound, and memory over the peak, under
    /// the simulator.
    within_bounds: bool,
}

fn evaluate(hash: &str, rank: usize, case: Case, between: bool) -> Outcome {
    let half = match (between, rank.is_multiple_of(2)) {
        (true, _) => "between-the-picks",
        (false, true) => "development",
        (false, false) => "held-out",
    };
    let trace = trace(hash);
    let (observed, bound) = deployed(&trace, &case);
    let report = analyse(observed, case.target, bound);
    let f = &report.functions[0];
    let (memory, level) = (f.recommended.memory_mb, f.recommended.provisioned);
    let (cost, _, cold_rate) = run(&trace, memory, level, &case, bound);
    // The other constraints (p99 under the timeout and the bound, memory over the peak), met under the
    // simulator.
    let (_, within_bounds, _) = run(
        &trace,
        memory,
        level,
        &Case {
            target: f64::INFINITY,
            ..case
        },
        bound,
    );
    let flagged_unmet = f
        .findings
        .iter()
        .any(|x| x.kind == frugal_analyzer::recommend::FindingKind::TargetUnmet);

    let mut best: Option<(f64, u32, u32)> = None;
    let mut best_deployed: Option<(f64, u32)> = None;
    for (m, k) in configurations(&trace, case.wait) {
        let (c, feasible, _) = run(&trace, m, k, &case, bound);
        if feasible && best.is_none_or(|(b, _, _)| c < b) {
            best = Some((c, m, k));
        }
        if feasible && m == DEPLOYED_MB && best_deployed.is_none_or(|(b, _)| c < b) {
            best_deployed = Some((c, k));
        }
    }
    let Some((oracle, om, ok)) = best else {
        println!(
            "{}: no configuration qualifies under the simulator",
            &hash[..10]
        );
        assert!(
            flagged_unmet,
            "{hash}: nothing qualifies, and the report does not say so"
        );
        return Outcome {
            hash: hash[..10].to_owned(),
            rank,
            case,
            gap: 0.0,
            cold_rate: 0.0,
            oracle: (memory, level),
            memory_replaces_provisioned: false,
            unreachable: true,
            flagged_unmet,
            within_bounds,
        };
    };
    let gap = cost / oracle - 1.0;
    println!(
        "{} (rank {rank}, {} half, wait {:.0} %, target {:.1} %{}): {} invocations; recommended {memory} MB × {level} → ${cost:.4}/month ({:.2} % cold); oracle {om} MB × {ok} → ${oracle:.4}; at {DEPLOYED_MB} MB {}; gap {:+.2} %",
        &hash[..10],
        half,
        case.wait * 100.0,
        case.target * 100.0,
        bound.map_or(String::new(), |b| format!(", p99 ≤ {b:.0} ms")),
        trace.invocations.len(),
        cold_rate * 100.0,
        best_deployed.map_or("nothing qualifies".to_owned(), |(c, k)| format!("× {k} → ${c:.4}")),
        gap * 100.0
    );
    Outcome {
        hash: hash[..10].to_owned(),
        rank,
        case,
        gap,
        cold_rate,
        oracle: (om, ok),
        memory_replaces_provisioned: om > DEPLOYED_MB && best_deployed.is_some_and(|(_, k)| k > ok),
        unreachable: false,
        flagged_unmet,
        within_bounds,
    }
}

/// Most a recommendation at the main target may cost over the oracle's (a hard bound).
const HARD_GAP: f64 = 0.10;

/// Cases that miss the goal.
struct Misses {
    /// At the target the model was written for.
    main: Vec<String>,
    /// At the stricter target.
    strict: Vec<String>,
    /// At the main target, past the hard bounds (more than [`HARD_GAP`] over the oracle, or cold
    /// starts over 1.5× the target).
    beyond: Vec<String>,
}

/// The cases that miss the goal, and those past the hard bounds.
fn misses(outcomes: &[Outcome]) -> Misses {
    let (mut misses, mut strict_misses, mut beyond) = (Vec::new(), Vec::new(), Vec::new());
    for o in outcomes {
        if o.unreachable {
            continue;
        }
        let missed = if o.flagged_unmet {
            // The analyzer said no configuration qualifies where the simulator found one.
            Some(format!(
                "{}: reported unreachable, oracle {} MB × {}",
                o.hash, o.oracle.0, o.oracle.1
            ))
        } else if !o.within_bounds {
            // Cheap because it breaks a constraint the simulator checks.
            Some(format!(
                "{} (wait {:.0} %, target {:.1} %): p99 over the timeout or bound, or memory under the peak, under the simulator; oracle {} MB × {}",
                o.hash,
                o.case.wait * 100.0,
                o.case.target * 100.0,
                o.oracle.0,
                o.oracle.1
            ))
        } else {
            if o.case.target == TARGET && (o.cold_rate > o.case.target * 1.5 || o.gap > HARD_GAP) {
                // Past the hard bounds every case at the main target must meet.
                beyond.push(format!(
                    "{} (wait {:.0} %): {:+.1} % against the oracle's {} MB × {}, {:.2} % cold starts",
                    o.hash,
                    o.case.wait * 100.0,
                    o.gap * 100.0,
                    o.oracle.0,
                    o.oracle.1,
                    o.cold_rate * 100.0
                ));
            }
            // The goal: within 5 % of the oracle, with cold starts within a tenth of the target.
            (o.gap > 0.05 || o.cold_rate > o.case.target * 1.1).then(|| {
                format!(
                    "{} (wait {:.0} %, target {:.1} %): {:+.1} % against the oracle's {} MB × {}, {:.2} % cold starts",
                    o.hash,
                    o.case.wait * 100.0,
                    o.case.target * 100.0,
                    o.gap * 100.0,
                    o.oracle.0,
                    o.oracle.1,
                    o.cold_rate * 100.0
                )
            })
        };
        if let Some(miss) = missed {
            if o.case.target == TARGET {
                misses.push(miss);
            } else {
                strict_misses.push(miss);
            }
        }
    }
    Misses {
        main: misses,
        strict: strict_misses,
        beyond,
    }
}

/// Gap statistics of the outcomes `member` picks.
fn print_group(name: &str, outcomes: &[Outcome], member: impl Fn(&Outcome) -> bool) {
    let gaps: Vec<f64> = outcomes
        .iter()
        .filter(|o| member(o))
        .map(|o| o.gap)
        .collect();
    println!(
        "{name}: {} cases, worst gap {:+.2} %, mean |gap| {:.2} %",
        gaps.len(),
        gaps.iter().copied().fold(f64::MIN, f64::max) * 100.0,
        gaps.iter().map(|g| g.abs()).sum::<f64>() / gaps.len().max(1) as f64 * 100.0
    );
}

#[test]
fn recommendations_cost_within_5_percent_of_an_exhaustive_search() {
    let outcomes: Vec<Outcome> = chosen(0)
        .iter()
        .flat_map(|(hash, rank)| {
            cases()
                .into_iter()
                .map(|case| evaluate(hash, *rank, case, false))
        })
        .collect();
    assert!(
        outcomes.len() >= 45,
        "the rule picks {} cases",
        outcomes.len()
    );
    // (name, development half?, stricter target?)
    let groups = [
        ("development half", true, false),
        ("held-out half", false, false),
        ("stricter target, development half", true, true),
        ("stricter target, held-out half", false, true),
    ];
    for (name, development, strict) in groups {
        print_group(name, &outcomes, |o| {
            o.rank.is_multiple_of(2) == development && (o.case.target != TARGET) == strict
        });
    }
    // Cases the issue names: optima far above 256 MB (the p99-bounded runs), and functions where more
    // memory replaces provisioned environments (at the stricter target), found by the analyzer.
    assert!(
        outcomes.iter().any(|o| o.oracle.0 >= 1024),
        "no function whose optimum is far above 256 MB"
    );
    let replaced: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.memory_replaces_provisioned)
        .collect();
    println!(
        "more memory replaces provisioned environments in {} cases: {:?}",
        replaced.len(),
        replaced
            .iter()
            .map(|o| format!(
                "{} wait {:.0} %: gap {:+.1} %",
                o.hash,
                o.case.wait * 100.0,
                o.gap * 100.0
            ))
            .collect::<Vec<_>>()
    );
    assert!(
        replaced
            .iter()
            .any(|o| o.gap <= 0.05 && o.cold_rate <= o.case.target * 1.1 && !o.flagged_unmet),
        "no case where more memory replaces provisioned environments and the analyzer finds it"
    );
    let Misses {
        main: misses,
        strict: strict_misses,
        beyond,
    } = misses(&outcomes);
    assert!(beyond.is_empty(), "past the hard bounds: {beyond:#?}");
    let strict = outcomes.iter().filter(|o| o.case.target != TARGET).count();
    let main = outcomes.len() - strict;
    println!(
        "over 5 % or missed at {:.1} %: {} of {main}: {misses:#?}",
        TARGET * 100.0,
        misses.len()
    );
    println!(
        "over 5 % or missed at {:.1} %: {} of {strict}: {strict_misses:#?}",
        STRICT_TARGET * 100.0,
        strict_misses.len()
    );
    // The goal is every case within 5 % (issue 14, not met: see analyzer/README.md). Guarded here so it
    // cannot get worse than when each group was added: at the main target, the hard bounds above and at
    // most one case in twelve missing the goal; at the stricter target (added later: 9 of 42 missed,
    // 7 after the cut-off change; recommendations up to +44 % and cold starts up to 2.8× the target),
    // at most one in four.
    assert!(
        misses.len() * 12 <= main,
        "{} of {main} cases over 5 %: {misses:#?}",
        misses.len()
    );
    assert!(
        strict_misses.len() * 4 <= strict,
        "{} of {strict} cases at the stricter target over 5 %: {strict_misses:#?}",
        strict_misses.len()
    );
}

/// The eligible functions between the rule's picks: never looked at while the model was written,
/// scored once after it (with the cut-off change), on the same cases.
#[test]
fn functions_between_the_rules_picks_scored_once() {
    let outcomes: Vec<Outcome> = chosen(1)
        .iter()
        .flat_map(|(hash, rank)| {
            cases()
                .into_iter()
                .map(|case| evaluate(hash, *rank, case, true))
        })
        .collect();
    print_group("between the picks, main target", &outcomes, |o| {
        o.case.target == TARGET
    });
    print_group("between the picks, stricter target", &outcomes, |o| {
        o.case.target != TARGET
    });
    let missed = misses(&outcomes);
    println!(
        "between the picks, missed at the main target: {} of {}: {:#?}",
        missed.main.len(),
        outcomes.len() - STRICT_WAIT_SHARES.len() * outcomes.len() / cases().len(),
        missed.main
    );
    println!(
        "between the picks, missed at the stricter target: {} of {}: {:#?}",
        missed.strict.len(),
        STRICT_WAIT_SHARES.len() * outcomes.len() / cases().len(),
        missed.strict
    );
    println!(
        "between the picks, past the hard bounds: {:#?}",
        missed.beyond
    );
}

/// Diagnostics for the development half: the model's cold-start rate at level 0 against the
/// simulator's, per memory size. `cargo test -p frugal-analyzer --test oracle -- --ignored --nocapture`
#[test]
#[ignore]
fn model_against_the_simulator_per_memory_size() {
    for (hash, wait) in chosen(0)
        .iter()
        .filter(|(_, r)| r.is_multiple_of(2))
        .flat_map(|(hash, _)| WAIT_SHARES.map(|w| (hash, w)))
    {
        let trace = trace(hash);
        let case = Case {
            wait,
            target: TARGET,
            bounded: false,
        };
        let (observed, _) = simulate_with_usage(&trace, &args(DEPLOYED_MB, 0, wait));
        let report = analyse(observed, TARGET, None);
        let f = &report.functions[0];
        let mut line = format!("{} wait {wait}: ", &hash[..10]);
        for curve in f.curves.iter().filter(|c| c.level == 0) {
            for p in &curve.points {
                let (cost, _, cold) = run(&trace, p.memory_mb, 0, &case, None);
                line.push_str(&format!(
                    "{}:{:.2}/{:.2}%,{:+.0}% ",
                    p.memory_mb,
                    p.cold_start_rate * 100.0,
                    cold * 100.0,
                    (p.monthly_cost / cost - 1.0) * 100.0
                ));
            }
        }
        println!("{line}");
        let pc = &f.provisioned_concurrency;
        if pc.recommended > 0 {
            let mut line = format!("  levels at {} MB: ", f.recommended.memory_mb);
            for l in &pc.levels {
                let (cost, _, cold) = run(&trace, f.recommended.memory_mb, l.level, &case, None);
                line.push_str(&format!(
                    "{}:{:.2}/{:.2}%,{:+.0}% ",
                    l.level,
                    l.cold_start_rate * 100.0,
                    cold * 100.0,
                    (l.total_cost / cost - 1.0) * 100.0
                ));
            }
            println!("{line}");
        }
    }
}

/// A rival's picks scored like the analyzer's: against the oracle on the test's realization, a miss
/// over 5 % or over a tenth above the target, or when it found nothing qualifying (as the analyzer's
/// "reported unreachable" is).
#[derive(Default)]
struct Tally {
    /// (cases, missed) at [`TARGET`].
    main: (usize, usize),
    /// (cases, missed) at [`STRICT_TARGET`].
    strict: (usize, usize),
    /// (cases, missed) with a p99 bound (among [`main`](Self::main)): the bound is a fifth of the
    /// scored realization's p99, which another realization's durations need not meet.
    bounded: (usize, usize),
    misses: Vec<String>,
}

impl Tally {
    /// Scores `pick` (memory, level) for one case of `hash`, on `scored`, the realization the test uses.
    fn score(
        &mut self,
        hash: &str,
        case: Case,
        scored: &Trace,
        bound: Option<f64>,
        pick: Option<(u32, u32)>,
    ) {
        let Some((oracle, om, ok)) = cheapest(scored, &case, bound) else {
            return;
        };
        let (gap, cold) = pick.map_or((f64::INFINITY, 0.0), |(m, k)| {
            let (cost, _, cold) = run(scored, m, k, &case, bound);
            (cost / oracle - 1.0, cold)
        });
        let missed = gap > 0.05 || cold > case.target * 1.1;
        let count = if case.target == TARGET {
            &mut self.main
        } else {
            &mut self.strict
        };
        count.0 += 1;
        count.1 += usize::from(missed);
        if case.bounded {
            self.bounded.0 += 1;
            self.bounded.1 += usize::from(missed);
        }
        if missed {
            self.misses.push(format!(
                "  {} wait {:.0} % target {:.1} %{}: {} → {:+.1} %, {:.2} % cold; oracle {om} MB × {ok}",
                &hash[..10],
                case.wait * 100.0,
                case.target * 100.0,
                if case.bounded { " bounded" } else { "" },
                pick.map_or("nothing qualifies".to_owned(), |(m, k)| format!("{m} MB × {k}")),
                gap * 100.0,
                cold * 100.0
            ));
        }
    }

    fn print(&self, name: &str) {
        println!(
            "{name}: missed {} of {} at {:.1} % ({} of {} with a p99 bound), {} of {} at {:.1} %\n{}",
            self.main.1,
            self.main.0,
            TARGET * 100.0,
            self.bounded.1,
            self.bounded.0,
            self.strict.1,
            self.strict.0,
            STRICT_TARGET * 100.0,
            self.misses.join("\n")
        );
    }
}

/// Every chosen function of both offsets (the rule's picks and those between them), with its trace.
fn every_chosen() -> impl Iterator<Item = (String, Trace)> {
    [0, 1].into_iter().flat_map(chosen).map(|(hash, _)| {
        let scored = trace(&hash);
        (hash, scored)
    })
}

/// The noise floor of the goal: the oracle's own pick made on another realization of the same
/// per-minute counts (the sample gives counts per minute; the simulator spreads them within each
/// minute, seeded), then scored on the realization the test uses, by the same rule as the analyzer.
/// It knows everything the analyzer could learn from the snapshot's per-minute series except where in
/// each minute the requests fell. `cargo test -p frugal-analyzer --test oracle -- --ignored
/// another_realization --nocapture`
#[test]
#[ignore]
fn the_oracle_on_another_realization() {
    for seed in [8_u64, 9, 10] {
        let mut tally = Tally::default();
        for (hash, scored) in every_chosen() {
            let other = load_azure(&sample(), Some(&hash), seed).expect("the sample loads");
            for case in cases() {
                let (_, bound) = deployed(&scored, &case);
                let pick = cheapest(&other, &case, bound).map(|(_, m, k)| (m, k));
                tally.score(&hash, case, &scored, bound, pick);
            }
        }
        tally.print(&format!("chosen on realization {seed}"));
    }
}

/// The best any analyzer of per-minute data could do under the simulator's own generator: for each
/// configuration, the cold-start rate and cost averaged over five other realizations of the same
/// per-minute counts, the cheapest whose mean cold-start rate meets the target and which meets the
/// other constraints in most realizations, scored on the test's realization by the same rule.
/// `cargo test -p frugal-analyzer --test oracle -- --ignored expectation --nocapture`
#[test]
#[ignore]
fn the_oracle_in_expectation_over_realizations() {
    const REALIZATIONS: u64 = 5;
    let mut tally = Tally::default();
    for (hash, scored) in every_chosen() {
        let others: Vec<Trace> = (0..REALIZATIONS)
            .map(|i| load_azure(&sample(), Some(&hash), 100 + i).expect("the sample loads"))
            .collect();
        for case in cases() {
            let (_, bound) = deployed(&scored, &case);
            let any_target = Case {
                target: f64::INFINITY,
                ..case
            };
            // The grid of the first other realization: the rival does not see the scored one.
            let pick = configurations(&others[0], case.wait)
                .into_iter()
                .filter_map(|(m, k)| {
                    let runs: Vec<(f64, bool, f64)> = others
                        .iter()
                        .map(|t| run(t, m, k, &any_target, bound))
                        .collect();
                    let n = runs.len() as f64;
                    let cost = runs.iter().map(|r| r.0).sum::<f64>() / n;
                    let cold = runs.iter().map(|r| r.2).sum::<f64>() / n;
                    (runs.iter().filter(|r| r.1).count() * 2 > runs.len() && cold <= case.target)
                        .then_some((cost, m, k))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, m, k)| (m, k));
            tally.score(&hash, case, &scored, bound, pick);
        }
    }
    tally.print(&format!(
        "chosen in expectation over {REALIZATIONS} realizations"
    ));
}
