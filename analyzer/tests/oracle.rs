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
//! How far the goal is reachable at all: the sample gives counts per minute, and the simulator spreads
//! each minute's requests within it, seeded; no snapshot says where in the minute they fell.
//! `oracle_noise_floor.rs` scores the exhaustive search itself when it does not know that either.
//!
//! The rule's functions at even ranks were the development half while the model was written; the odd
//! ranks were scored after. Both halves are reported. The stricter-target runs were added after the
//! model, and are reported (and guarded) apart: they were not looked at while it was written.

mod common;

use common::{
    args, cases, chosen, configurations, deployed, run, trace, Case, Run, DEPLOYED_MB, REGION,
    STRICT_TARGET, STRICT_WAIT_SHARES, TARGET, WAIT_SHARES,
};
use frugal_analyzer::recommend::{analyze, Options, Report};
use frugal_analyzer::simulate::simulate_with_usage;
use frugal_analyzer::snapshot::{FunctionSnapshot, Snapshot, SNAPSHOT_VERSION};

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
    let Run {
        cost,
        cold_rate,
        within_bounds,
    } = run(&trace, memory, level, &case, bound);
    let flagged_unmet = f
        .findings
        .iter()
        .any(|x| x.kind == frugal_analyzer::recommend::FindingKind::TargetUnmet);

    let mut best: Option<(f64, u32, u32)> = None;
    let mut best_deployed: Option<(f64, u32)> = None;
    for (m, k) in configurations(&trace, case.wait) {
        let r = run(&trace, m, k, &case, bound);
        let (c, feasible) = (r.cost, r.feasible(&case));
        if feasible && best.is_none_or(|(b, _, _)| c < b) {
            best = Some((c, m, k));
        }
        if feasible && m == DEPLOYED_MB && best_deployed.is_none_or(|(b, _)| c < b) {
            best_deployed = Some((c, k));
        }
    }
    let Some((oracle, om, ok)) = best else {
        println!(
            "{} (wait {:.0} %, target {:.1} %{}): no configuration qualifies under the simulator",
            &hash[..10],
            case.wait * 100.0,
            case.target * 100.0,
            if case.bounded { ", p99-bounded" } else { "" }
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
        let case = format!(
            "{} (wait {:.0} %, target {:.1} %{})",
            o.hash,
            o.case.wait * 100.0,
            o.case.target * 100.0,
            if o.case.bounded { ", p99-bounded" } else { "" }
        );
        let against = format!(
            "{:+.1} % against the oracle's {} MB × {}, {:.2} % cold starts",
            o.gap * 100.0,
            o.oracle.0,
            o.oracle.1,
            o.cold_rate * 100.0
        );
        // Past the hard bounds every recommendation at the main target must meet.
        if !o.flagged_unmet
            && o.case.target == TARGET
            && (o.cold_rate > o.case.target * 1.5 || o.gap > HARD_GAP)
        {
            beyond.push(format!("{case}: {against}"));
        }
        let missed = if o.flagged_unmet {
            // The analyzer said no configuration qualifies where the simulator found one.
            Some(format!(
                "{case}: reported unreachable, oracle {} MB × {}",
                o.oracle.0, o.oracle.1
            ))
        } else if !o.within_bounds {
            // Cheap because it breaks a constraint the simulator checks.
            Some(format!(
                "{case}: p99 over the timeout or bound, or memory under the peak, under the simulator; {against}"
            ))
        } else {
            // The goal: within 5 % of the oracle, with cold starts within a tenth of the target.
            (o.gap > 0.05 || o.cold_rate > o.case.target * 1.1)
                .then(|| format!("{case}: {against}"))
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
                let Run {
                    cost,
                    cold_rate: cold,
                    ..
                } = run(&trace, p.memory_mb, 0, &case, None);
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
                let Run {
                    cost,
                    cold_rate: cold,
                    ..
                } = run(&trace, f.recommended.memory_mb, l.level, &case, None);
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
