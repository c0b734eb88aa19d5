//! The shared (L2) response cache in DynamoDB (`FRUGAL_CACHE_TABLE`): one item per cached answer,
//! `pk` = the key's hash (no prompt text or user id in the key), `reply`, `created_at`, `expires_at`
//! (DynamoDB TTL; an expired item that is not deleted yet is a miss). Every failure is a miss for the
//! request (the middleware logs and counts it), never an error.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use frugal_middleware::cache::shared::BoxFuture;
use frugal_middleware::cache::{SharedAnswer, SharedCache, SharedCacheError};

use crate::aws::LazyAws;

/// The shared cache in a DynamoDB table with a string partition key `pk` and TTL on `expires_at`.
#[derive(Clone, Debug)]
pub struct DynamoCache {
    aws: LazyAws,
    table: String,
}

impl DynamoCache {
    /// The cache in `table`; the client is built on first use.
    pub fn new(aws: LazyAws, table: impl Into<String>) -> Self {
        Self {
            aws,
            table: table.into(),
        }
    }
}

fn error(what: &str, error: impl std::fmt::Debug) -> SharedCacheError {
    let detail: String = format!("{error:?}").chars().take(200).collect();
    SharedCacheError(format!("{what}: {detail}"))
}

fn number(item: &HashMap<String, AttributeValue>, name: &str) -> Option<u64> {
    item.get(name)?.as_n().ok()?.parse().ok()
}

impl SharedCache for DynamoCache {
    fn get<'a>(
        &'a self,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Option<SharedAnswer>, SharedCacheError>> {
        Box::pin(async move {
            let output = self
                .aws
                .dynamodb()
                .await
                .get_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(key.to_owned()))
                .send()
                .await
                .map_err(|e| error("reading the cache table", e))?;
            let Some(item) = output.item() else {
                return Ok(None);
            };
            let reply = item
                .get("reply")
                .and_then(|v| v.as_s().ok())
                .ok_or_else(|| SharedCacheError("a cache item without a reply".into()))?;
            Ok(Some(SharedAnswer {
                reply: reply.clone(),
                created_at: number(item, "created_at").unwrap_or(0),
                expires_at: number(item, "expires_at").unwrap_or(0),
            }))
        })
    }

    fn put<'a>(
        &'a self,
        key: &'a str,
        answer: SharedAnswer,
    ) -> BoxFuture<'a, Result<(), SharedCacheError>> {
        Box::pin(async move {
            self.aws
                .dynamodb()
                .await
                .put_item()
                .table_name(&self.table)
                .item("pk", AttributeValue::S(key.to_owned()))
                .item("reply", AttributeValue::S(answer.reply))
                .item(
                    "created_at",
                    AttributeValue::N(answer.created_at.to_string()),
                )
                .item(
                    "expires_at",
                    AttributeValue::N(answer.expires_at.to_string()),
                )
                .send()
                .await
                .map(|_| ())
                .map_err(|e| error("writing the cache table", e))
        })
    }
}
