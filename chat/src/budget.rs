//! Per-user daily model budget (`FRUGAL_USER_DAILY_BUDGET_USD`).
//!
//! Before a model call the user's spend today (UTC) is checked with an atomic conditional counter
//! update; at or over the limit the request is refused with `429 budget_exceeded` and a `Retry-After`
//! until the next UTC midnight. After the call its real token cost is added (atomic `ADD`), whatever
//! the outcome (a stream cut by the client or the deadline still spent its tokens). Small talk and
//! cache hits never reach the budget: they cost no model call.
//!
//! Requests that pass the check concurrently are all let through, so at the boundary the spend can
//! exceed the limit by at most the cost of the requests already in flight (a test measures it); the
//! next request after them is refused.
//!
//! DynamoDB: one item per user and day in the history table, `pk = "<user>#!budget"` (never a
//! session's partition: `!` is not allowed in session ids), `sk` = the UTC date (`2026-11-29`),
//! `spent_usd`, `requests`, `expires_at` (two days later, DynamoDB TTL).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::primitives::{DateTime, DateTimeFormat};
use aws_sdk_dynamodb::types::AttributeValue;
use frugal_middleware::ModelCall;
use futures_util::future::{BoxFuture, FutureExt};

use crate::aws::LazyAws;
use crate::error::ChatError;
use crate::history::now_secs;

const DAY_SECS: u64 = 86_400;

/// Where the spend is counted.
pub trait BudgetStore: Send + Sync + std::fmt::Debug {
    /// Counts one more request of `user` on `day` if the spend so far is below `limit_usd`; `Ok(false)`
    /// when it is not.
    fn admit<'a>(
        &'a self,
        user: &'a str,
        day: &'a str,
        limit_usd: f64,
    ) -> BoxFuture<'a, Result<bool, ChatError>>;

    /// Adds `usd` to the spend of `user` on `day`.
    fn charge<'a>(
        &'a self,
        user: &'a str,
        day: &'a str,
        usd: f64,
    ) -> BoxFuture<'a, Result<(), ChatError>>;

    /// The spend of `user` on `day` (0 when nothing was spent).
    fn spent<'a>(&'a self, user: &'a str, day: &'a str) -> BoxFuture<'a, Result<f64, ChatError>>;
}

/// The daily limit and where it is kept. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Budget {
    store: Arc<dyn BudgetStore>,
    limit_usd: f64,
    clock: fn() -> u64,
}

impl Budget {
    /// A limit of `limit_usd` per user per UTC day, counted in `store`.
    pub fn new(store: Arc<dyn BudgetStore>, limit_usd: f64) -> Self {
        Self {
            store,
            limit_usd,
            clock: now_secs,
        }
    }

    /// The same budget with another clock (seconds since the Unix epoch), for tests of the reset.
    #[must_use]
    pub fn with_clock(mut self, clock: fn() -> u64) -> Self {
        self.clock = clock;
        self
    }

    /// The limit, USD per user per day.
    pub fn limit_usd(&self) -> f64 {
        self.limit_usd
    }

    /// Refuses the request with `429 budget_exceeded` when `user` has spent the day's budget.
    pub async fn check(&self, user: &str) -> Result<(), ChatError> {
        let now = (self.clock)();
        let day = utc_day(now);
        if self.store.admit(user, &day, self.limit_usd).await? {
            return Ok(());
        }
        Err(ChatError::BudgetExceeded {
            retry_after_secs: DAY_SECS - now % DAY_SECS,
        })
    }

    /// Charges the token cost of `call` to `user` (a model the price table does not know costs 0; the
    /// configuration refuses a budget for such a model).
    pub async fn charge(&self, user: &str, call: &ModelCall) -> Result<(), ChatError> {
        let usd = token_cost(call);
        if usd <= 0.0 {
            return Ok(());
        }
        let day = utc_day((self.clock)());
        self.store.charge(user, &day, usd).await
    }

    /// The spend of `user` today.
    pub async fn spent_today(&self, user: &str) -> Result<f64, ChatError> {
        self.store.spent(user, &utc_day((self.clock)())).await
    }

    /// Charges `call` in the background (from a synchronous place such as a stream's end); a failure
    /// is logged, never surfaced: the answer was already given.
    pub fn charge_later(&self, user: String, call: ModelCall) {
        let budget = self.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = budget.charge(&user, &call).await {
                    tracing::warn!(%error, "budget charge failed; this answer's cost is not counted");
                }
            });
        }
    }
}

/// The token cost of a call in USD, from the price table.
pub fn token_cost(call: &ModelCall) -> f64 {
    call.token_cost().unwrap_or(0.0)
}

/// The UTC date of `secs` since the Unix epoch, `YYYY-MM-DD`.
pub fn utc_day(secs: u64) -> String {
    let midnight = secs - secs % DAY_SECS;
    let stamp = DateTime::from_secs(i64::try_from(midnight).unwrap_or(i64::MAX))
        .fmt(DateTimeFormat::DateTime)
        .unwrap_or_default();
    stamp.chars().take(10).collect()
}

/// The budget in this process only (the local server).
#[derive(Debug, Default)]
pub struct MemoryBudget {
    spent: Mutex<HashMap<(String, String), f64>>,
}

impl BudgetStore for MemoryBudget {
    fn admit<'a>(
        &'a self,
        user: &'a str,
        day: &'a str,
        limit_usd: f64,
    ) -> BoxFuture<'a, Result<bool, ChatError>> {
        let spent = self
            .spent
            .lock()
            .map(|map| {
                map.get(&(user.to_owned(), day.to_owned()))
                    .copied()
                    .unwrap_or(0.0)
            })
            .unwrap_or(f64::INFINITY);
        async move { Ok(spent < limit_usd) }.boxed()
    }

    fn charge<'a>(
        &'a self,
        user: &'a str,
        day: &'a str,
        usd: f64,
    ) -> BoxFuture<'a, Result<(), ChatError>> {
        if let Ok(mut map) = self.spent.lock() {
            *map.entry((user.to_owned(), day.to_owned())).or_default() += usd;
        }
        async { Ok(()) }.boxed()
    }

    fn spent<'a>(&'a self, user: &'a str, day: &'a str) -> BoxFuture<'a, Result<f64, ChatError>> {
        let spent = self.spent.lock().map_or(0.0, |map| {
            map.get(&(user.to_owned(), day.to_owned()))
                .copied()
                .unwrap_or(0.0)
        });
        async move { Ok(spent) }.boxed()
    }
}

/// The budget in the DynamoDB history table (key schema in the [module docs](self)).
#[derive(Clone, Debug)]
pub struct DynamoBudget {
    aws: LazyAws,
    table: String,
}

impl DynamoBudget {
    /// Counters in `table`; the client is built on first use.
    pub fn new(aws: LazyAws, table: impl Into<String>) -> Self {
        Self {
            aws,
            table: table.into(),
        }
    }

    fn key(user: &str, day: &str) -> HashMap<String, AttributeValue> {
        HashMap::from([
            (
                "pk".to_owned(),
                AttributeValue::S(format!("{user}#!budget")),
            ),
            ("sk".to_owned(), AttributeValue::S(day.to_owned())),
        ])
    }

    fn expires_at() -> AttributeValue {
        AttributeValue::N((now_secs() + 2 * DAY_SECS).to_string())
    }
}

fn budget_error<E: std::fmt::Debug>(what: &str, error: &SdkError<E>) -> ChatError {
    let detail = match error {
        SdkError::DispatchFailure(_) => "the budget store is not reachable".to_owned(),
        SdkError::TimeoutError(_) => "the budget store timed out".to_owned(),
        other => format!("{other:?}").chars().take(200).collect(),
    };
    tracing::warn!(what, detail, "DynamoDB budget call failed");
    ChatError::Storage(format!("{what}: {detail}"))
}

impl BudgetStore for DynamoBudget {
    fn admit<'a>(
        &'a self,
        user: &'a str,
        day: &'a str,
        limit_usd: f64,
    ) -> BoxFuture<'a, Result<bool, ChatError>> {
        async move {
            let result = self
                .aws
                .dynamodb()
                .await
                .update_item()
                .table_name(&self.table)
                .set_key(Some(Self::key(user, day)))
                .update_expression(
                    "ADD requests :one SET expires_at = if_not_exists(expires_at, :e)",
                )
                .condition_expression("attribute_not_exists(spent_usd) OR spent_usd < :limit")
                .expression_attribute_values(":one", AttributeValue::N("1".into()))
                .expression_attribute_values(":e", Self::expires_at())
                .expression_attribute_values(":limit", AttributeValue::N(limit_usd.to_string()))
                .send()
                .await;
            match result {
                Ok(_) => Ok(true),
                Err(SdkError::ServiceError(e))
                    if e.err().is_conditional_check_failed_exception() =>
                {
                    Ok(false)
                }
                Err(error) => Err(budget_error("checking the budget", &error)),
            }
        }
        .boxed()
    }

    fn charge<'a>(
        &'a self,
        user: &'a str,
        day: &'a str,
        usd: f64,
    ) -> BoxFuture<'a, Result<(), ChatError>> {
        async move {
            self.aws
                .dynamodb()
                .await
                .update_item()
                .table_name(&self.table)
                .set_key(Some(Self::key(user, day)))
                .update_expression(
                    "ADD spent_usd :usd SET expires_at = if_not_exists(expires_at, :e)",
                )
                .expression_attribute_values(":usd", AttributeValue::N(format!("{usd:.12}")))
                .expression_attribute_values(":e", Self::expires_at())
                .send()
                .await
                .map(|_| ())
                .map_err(|error| budget_error("charging the budget", &error))
        }
        .boxed()
    }

    fn spent<'a>(&'a self, user: &'a str, day: &'a str) -> BoxFuture<'a, Result<f64, ChatError>> {
        async move {
            let item = self
                .aws
                .dynamodb()
                .await
                .get_item()
                .table_name(&self.table)
                .set_key(Some(Self::key(user, day)))
                .consistent_read(true)
                .send()
                .await
                .map_err(|error| budget_error("reading the budget", &error))?;
            Ok(item
                .item()
                .and_then(|item| item.get("spent_usd"))
                .and_then(|value| value.as_n().ok())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0.0))
        }
        .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frugal_middleware::Usage;
    use std::time::Duration;

    fn call(output_tokens: u64) -> ModelCall {
        ModelCall {
            model_id: frugal_middleware::pricing::DEFAULT_MODEL_ID.into(),
            usage: Usage {
                input_tokens: 0,
                output_tokens,
                ..Usage::default()
            },
            latency: Duration::ZERO,
        }
    }

    #[test]
    fn days_are_utc_dates() {
        assert_eq!(utc_day(0), "1970-01-01");
        assert_eq!(utc_day(1_795_910_399), "2026-11-28");
        assert_eq!(utc_day(1_795_910_400), "2026-11-29");
    }

    #[tokio::test]
    async fn spending_the_budget_refuses_until_the_next_utc_day() {
        // 1M output tokens of the default model cost more than $1.
        let limit = token_cost(&call(1_000_000)) * 1.5;
        let store: Arc<dyn BudgetStore> = Arc::new(MemoryBudget::default());
        let budget = Budget::new(store.clone(), limit).with_clock(|| 1_795_910_400 + 3_600);
        budget.check("ann").await.unwrap();
        budget.charge("ann", &call(1_000_000)).await.unwrap();
        budget.check("ann").await.unwrap();
        budget.charge("ann", &call(1_000_000)).await.unwrap();
        match budget.check("ann").await {
            Err(ChatError::BudgetExceeded { retry_after_secs }) => {
                assert_eq!(retry_after_secs, DAY_SECS - 3_600)
            }
            other => panic!("{other:?}"),
        }
        // Another user is not affected, and the next UTC day starts at zero.
        Budget::new(store.clone(), limit)
            .with_clock(|| 1_795_910_400 + 3_600)
            .check("bob")
            .await
            .unwrap();
        let tomorrow = Budget::new(store, limit).with_clock(|| 1_795_910_400 + DAY_SECS);
        tomorrow.check("ann").await.unwrap();
        assert_eq!(tomorrow.spent_today("ann").await.unwrap(), 0.0);
    }
}
