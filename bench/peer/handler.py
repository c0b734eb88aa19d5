"""The reference stack's chat handler, minimal: boto3 + LangChain (langchain-aws) calling Bedrock
Converse, conversation history in DynamoDB. Module-level clients, as such handlers are usually written.

Used only to compare cold starts with Frugal (see bench/peer/compare); not part of Frugal.
"""

import json
import os
import time
import uuid

import boto3
from langchain_aws import ChatBedrockConverse
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

REGION = os.environ.get("AWS_REGION", "us-east-1")
MODEL_ID = os.environ.get("MODEL_ID", "anthropic.claude-3-haiku-20240307-v1:0")
USE_MEMORY = os.environ.get("HISTORY", "dynamodb") == "memory"

dynamodb = boto3.resource("dynamodb", region_name=REGION)
table = dynamodb.Table(os.environ.get("TABLE_NAME", "history"))
llm = ChatBedrockConverse(
    model=MODEL_ID,
    region_name=REGION,
    endpoint_url=os.environ.get("BEDROCK_ENDPOINT_URL"),
    max_tokens=512,
    temperature=0.5,
)
_memory = {}


def _history(pk):
    if USE_MEMORY:
        return _memory.get(pk, [])
    items = table.query(
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": pk},
        ScanIndexForward=False,
        Limit=10,
    )["Items"]
    return list(reversed(items))


def _save(pk, item):
    if USE_MEMORY:
        _memory.setdefault(pk, []).append(item)
    else:
        table.put_item(Item={"pk": pk, **item}, ConditionExpression="attribute_not_exists(sk)")


def handler(event, context):
    body = json.loads(event.get("body") or "{}")
    message = body.get("message", "")
    claims = event.get("requestContext", {}).get("authorizer", {}).get("jwt", {}).get("claims", {})
    user = claims.get("sub", "anonymous")
    session = body.get("session_id") or uuid.uuid4().hex
    pk = f"{user}#{session}"
    turns = _history(pk)
    messages = [SystemMessage(content="You are a helpful, concise assistant.")]
    for turn in turns:
        messages += [HumanMessage(content=turn["question"]), AIMessage(content=turn["answer"])]
    messages.append(HumanMessage(content=message))
    answer = llm.invoke(messages)
    _save(pk, {"sk": f"{len(turns) + 1:010d}", "question": message, "answer": answer.content, "created_at": int(time.time())})
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"session_id": session, "reply": answer.content, "source": "model"}),
    }
