"""A minimal Lambda Runtime API loop for handler.py (what Lambda's Python runtime does, minus its own
overhead, so the comparison does not penalise Python)."""

import json
import os
import urllib.request

import handler  # imports boto3 and LangChain: this is the init phase

API = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime/invocation"

while True:
    with urllib.request.urlopen(f"{API}/next") as response:
        request_id = response.headers["lambda-runtime-aws-request-id"]
        event = json.loads(response.read())
    try:
        result, kind = handler.handler(event, None), "response"
    except Exception as error:  # report, as the real runtime does
        result, kind = {"errorMessage": str(error), "errorType": type(error).__name__}, "error"
    request = urllib.request.Request(f"{API}/{request_id}/{kind}", data=json.dumps(result).encode(), method="POST")
    urllib.request.urlopen(request).read()
