"""Least-privilege and architecture checks on infra/template.yaml (run: python3 -m unittest discover -s infra/tests)."""

import json
import pathlib
import re
import unittest

from cfnlint.decode import cfn_yaml

TEMPLATE = pathlib.Path(__file__).resolve().parent.parent / "template.yaml"

# Values the checks below substitute for what only exists once the stack is deployed.
REGION = "us-east-1"
DISTRIBUTION_DOMAIN = "d111111abcdef8.cloudfront.net"
PAGE_ORIGIN = f"https://{DISTRIBUTION_DOMAIN}"
STREAMING_MAX_MILLIS = 15 * 60 * 1000
LAMBDA_ROUTES = {("/chat", "post"), ("/sessions/{id}/messages", "get"), ("/healthz", "get")}
PROTECTED_ROUTES = {("/chat", "post"), ("/sessions/{id}/messages", "get")}


def walk(node, path=()):
    """Yields (path, key, value) for every mapping entry in the template."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, path + (i,))


class Stack:
    """Evaluates the template's intrinsic functions for one set of parameter values, as CloudFormation would
    (for the functions this template uses), with stand-ins for values known only after deployment."""

    def __init__(self, template, **overrides):
        self.template = template
        self.parameters = {}
        for name, spec in template["Parameters"].items():
            value = overrides.get(name, spec.get("Default", ""))
            if spec["Type"] == "CommaDelimitedList" and isinstance(value, str):
                value = value.split(",")
            self.parameters[name] = value
        self.conditions = {name: self.eval(expr) for name, expr in template["Conditions"].items()}

    def ref(self, name):
        pseudo = {"AWS::Region": REGION, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
                  "AWS::AccountId": "123456789012", "AWS::StackName": "frugal"}
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name == "Distribution.DomainName":
            return DISTRIBUTION_DOMAIN
        return f"<{name}>"

    def eval(self, node):
        if isinstance(node, list):
            return [self.eval(item) for item in node]
        if not isinstance(node, dict):
            return node
        if len(node) != 1:
            return {key: self.eval(value) for key, value in node.items()}
        (function, args), = node.items()
        if function == "Ref":
            return self.ref(args)
        if function == "Fn::GetAtt":
            return self.ref(".".join(args) if isinstance(args, list) else args)
        if function == "Fn::If":
            name, then, otherwise = args
            return self.eval(then if self.conditions[name] else otherwise)
        if function == "Fn::Join":
            separator, items = args
            return separator.join(str(item) for item in self.eval(items))
        if function == "Fn::Split":
            separator, text = args
            return self.eval(text).split(separator)
        if function == "Fn::Equals":
            return self.eval(args[0]) == self.eval(args[1])
        if function == "Fn::Not":
            return not self.eval(args[0])
        if function == "Fn::Sub":
            text, variables = (args, {}) if isinstance(args, str) else args
            values = {key: self.eval(value) for key, value in variables.items()}
            return re.sub(r"\$\{([^}!]+)\}", lambda m: str(values.get(m.group(1), self.ref(m.group(1)))), text)
        return {function: self.eval(args)}


class TemplateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.template = json.loads(json.dumps(cfn_yaml.load(str(TEMPLATE))))
        cls.resources = cls.template["Resources"]
        cls.function = cls.resources["ChatFunction"]["Properties"]
        cls.api = cls.resources["ChatApi"]["Properties"]
        cls.paths = cls.api["DefinitionBody"]["paths"]

    def statements(self):
        for policy in self.function["Policies"]:
            yield from policy["Statement"]

    def operations(self):
        for path, item in self.paths.items():
            for method, operation in item.items():
                yield path, method, operation

    # ------------------------------------------------------------------ least privilege
    def test_no_wildcard_action_anywhere(self):
        for path, key, value in walk(self.template):
            if key in ("Action", "NotAction"):
                actions = value if isinstance(value, list) else [value]
                for action in actions:
                    self.assertIsInstance(action, str, f"{path}: {action!r}")
                    self.assertNotIn("*", action, f"wildcard action at {'/'.join(map(str, path))}")
            if key == "Policies" and isinstance(value, list):
                for policy in value:
                    self.assertIsInstance(policy, dict, f"managed or SAM policy template {policy!r} is not reviewable")

    def test_bedrock_only_on_the_configured_model(self):
        bedrock = [s for s in self.statements() if any(a.startswith("bedrock:") for a in s["Action"])]
        self.assertEqual(len(bedrock), 1)
        self.assertEqual(sorted(bedrock[0]["Action"]), ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"])
        resource = bedrock[0]["Resource"]
        self.assertIn("Fn::Sub", resource)
        self.assertTrue(resource["Fn::Sub"].endswith("::foundation-model/${ModelId}"), resource)

    def test_dynamodb_only_on_the_history_and_cache_tables(self):
        dynamo = [s for s in self.statements() if any(a.startswith("dynamodb:") for a in s["Action"])]
        self.assertEqual(len(dynamo), 2)
        cache = [s for s in dynamo if s["Resource"] == {"Fn::GetAtt": ["CacheTable", "Arn"]}]
        self.assertEqual(len(cache), 1)
        self.assertEqual(sorted(cache[0]["Action"]), ["dynamodb:GetItem", "dynamodb:PutItem"])
        table = self.template["Resources"]["CacheTable"]["Properties"]
        self.assertEqual(table["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(table["TimeToLiveSpecification"], {"AttributeName": "expires_at", "Enabled": True})
        self.assertEqual(self.function["Environment"]["Variables"]["FRUGAL_CACHE_TABLE"], {"Ref": "CacheTable"})
        dynamo = [s for s in dynamo if s not in cache]
        self.assertEqual(dynamo[0]["Resource"], {"Fn::GetAtt": ["HistoryTable", "Arn"]})
        self.assertNotIn("dynamodb:Scan", dynamo[0]["Action"])
        self.assertNotIn("dynamodb:DeleteItem", dynamo[0]["Action"])
        # The per-user budget is an atomic counter (UpdateItem ADD) in the same table.
        self.assertIn("dynamodb:UpdateItem", dynamo[0]["Action"])
        env = self.function["Environment"]["Variables"]
        self.assertEqual(env["FRUGAL_USER_DAILY_BUDGET_USD"], {"Ref": "UserDailyBudgetUsd"})
        self.assertEqual(self.template["Parameters"]["UserDailyBudgetUsd"]["Default"], "0")

    def test_every_statement_names_its_resource(self):
        for statement in self.statements():
            self.assertNotEqual(statement.get("Resource"), "*")

    def test_api_gateway_may_invoke_the_live_alias_on_its_routes_only(self):
        permissions = {name: r["Properties"] for name, r in self.resources.items() if r["Type"] == "AWS::Lambda::Permission"}
        stage = self.api["StageName"]
        granted = set()
        for name, permission in permissions.items():
            self.assertEqual(permission["Action"], "lambda:InvokeFunction", name)
            self.assertEqual(permission["Principal"], "apigateway.amazonaws.com", name)
            self.assertEqual(permission["FunctionName"], {"Ref": "ChatFunction.Alias"}, name)
            self.assertEqual(permission["SourceAccount"], {"Ref": "AWS::AccountId"}, name)
            source = permission["SourceArn"]["Fn::Sub"]
            match = re.fullmatch(
                r"arn:\$\{AWS::Partition\}:execute-api:\$\{AWS::Region\}:\$\{AWS::AccountId\}:\$\{ChatApi\}/"
                + re.escape(stage) + r"/(GET|POST)(/.+)", source)
            self.assertIsNotNone(match, f"{name}: {source} is not scoped to one route of the stage")
            granted.add((re.sub(r"/\*/", "/{id}/", match.group(2)), match.group(1).lower()))
        self.assertEqual(granted, LAMBDA_ROUTES)

    # ------------------------------------------------------------------ front door: REST API, streaming
    def test_the_front_door_is_a_regional_rest_api(self):
        self.assertEqual(self.resources["ChatApi"]["Type"], "AWS::Serverless::Api")
        self.assertEqual(self.api["EndpointConfiguration"], {"Type": "REGIONAL"})
        self.assertNotIn("AWS::Serverless::HttpApi", {r["Type"] for r in self.resources.values()})
        self.assertNotIn("Events", self.function, "routes live in the API definition, not in function events")
        routes = {(path, method) for path, method, _ in self.operations()}
        preflights = {(path, "options") for path, _ in PROTECTED_ROUTES}
        self.assertEqual(routes, LAMBDA_ROUTES | preflights)

    def test_lambda_routes_stream_from_the_live_alias(self):
        timeout_max = self.template["Parameters"]["Timeout"]["MaxValue"]
        for path, method in LAMBDA_ROUTES:
            integration = self.paths[path][method]["x-amazon-apigateway-integration"]
            where = f"{method.upper()} {path}"
            self.assertEqual(integration["type"], "aws_proxy", where)
            self.assertEqual(integration["httpMethod"], "POST", where)
            self.assertEqual(integration["responseTransferMode"], "STREAM", where)
            uri, variables = integration["uri"]["Fn::Sub"]
            self.assertEqual(
                uri,
                "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2021-11-15/functions/${LiveAlias}"
                "/response-streaming-invocations", where)
            self.assertEqual(variables, {"LiveAlias": {"Ref": "ChatFunction.Alias"}}, where)
            timeout = integration["timeoutInMillis"]
            self.assertIsInstance(timeout, int, where)
            self.assertLessEqual(timeout, STREAMING_MAX_MILLIS, where)
            # The gateway waits at least as long as the function may run, so the function's own deadline
            # answer (504 in the contract's shape) is what a slow request gets.
            self.assertGreaterEqual(timeout, timeout_max * 1000, where)

    def test_function_answers_in_streaming_mode(self):
        env = self.function["Environment"]["Variables"]
        self.assertEqual(env["FRUGAL_RESPONSE_MODE"], "streaming")
        self.assertEqual(env["FRUGAL_FRONT_DOOR"], "rest-api")
        self.assertEqual(env["AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH"], "true")
        timeout = self.template["Parameters"]["Timeout"]
        self.assertGreater(timeout["Default"], 30, "streaming lifts the 29 s limit; the default should use it")
        self.assertLessEqual(timeout["MaxValue"], 900)
        self.assertEqual(self.template["Globals"]["Function"]["Timeout"], {"Ref": "Timeout"})

    # ------------------------------------------------------------------ auth
    def test_chat_routes_need_a_cognito_token_and_healthz_is_public(self):
        body = self.api["DefinitionBody"]
        self.assertNotIn("security", body, "no API-wide default: each route says what it needs")
        scheme = body["securityDefinitions"]["CognitoUserPool"]
        self.assertEqual(scheme["x-amazon-apigateway-authtype"], "cognito_user_pools")
        self.assertEqual(scheme["in"], "header")
        self.assertEqual(scheme["name"], "Authorization")
        authorizer = scheme["x-amazon-apigateway-authorizer"]
        self.assertEqual(authorizer["type"], "cognito_user_pools")
        self.assertEqual(authorizer["providerARNs"], [{"Fn::GetAtt": ["UserPool", "Arn"]}])
        client_scopes = self.resources["UserPoolClient"]["Properties"]["AllowedOAuthScopes"]
        for path, method in PROTECTED_ROUTES:
            security = self.paths[path][method].get("security")
            self.assertEqual(len(security or []), 1, f"{method.upper()} {path} must use the Cognito authorizer")
            (name, scopes), = security[0].items()
            self.assertEqual(name, "CognitoUserPool")
            # The page sends the access token, which the authorizer accepts only with a scope to check.
            self.assertTrue(scopes, f"{method.upper()} {path}: no scope, so access tokens would be refused")
            self.assertTrue(set(scopes) <= set(client_scopes), scopes)
        self.assertFalse(self.paths["/healthz"]["get"].get("security"), "healthz must stay public")
        for path, _ in PROTECTED_ROUTES:
            self.assertFalse(self.paths[path]["options"].get("security"), "preflights carry no token")

    # ------------------------------------------------------------------ CORS
    def allowed_origins(self, stack):
        """Every origin list the stack grants, by where it is granted."""
        grants = {
            "function": stack.eval(self.function["Environment"]["Variables"]["FRUGAL_ALLOWED_ORIGINS"]).split(","),
        }
        for path, _ in PROTECTED_ROUTES:
            response = self.paths[path]["options"]["x-amazon-apigateway-integration"]["responses"]["default"]
            vtl = stack.eval(response["responseTemplates"]["application/json"])
            listed = re.search(r'",([^"]*),"\.contains\(",\$origin,"\)', vtl)
            self.assertIsNotNone(listed, vtl)
            self.assertIn("#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)", vtl)
            grants[f"preflight {path}"] = listed.group(1).split(",")
        client = self.resources["UserPoolClient"]["Properties"]
        for key in ("CallbackURLs", "LogoutURLs"):
            urls = stack.eval(client[key])
            self.assertTrue(all(url.endswith("/") for url in urls), urls)
            grants[key] = [url[:-1] for url in urls]
        return grants

    def gateway_response_origins(self, stack):
        responses = self.api["DefinitionBody"]["x-amazon-apigateway-gateway-responses"]
        return {kind: stack.eval(r["responseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"])
                for kind, r in responses.items()}

    def test_production_allows_only_the_page_origin(self):
        dev_origins = self.template["Parameters"]["DevOrigins"]
        self.assertEqual(dev_origins["Type"], "CommaDelimitedList")
        self.assertEqual(dev_origins["Default"], "")
        stack = Stack(self.template)
        for where, origins in self.allowed_origins(stack).items():
            self.assertEqual(origins, [PAGE_ORIGIN], where)
        for kind, origin in self.gateway_response_origins(stack).items():
            self.assertEqual(origin, f"'{PAGE_ORIGIN}'", kind)

    def test_no_development_origin_by_default(self):
        text = json.dumps(self.template)
        for development_host in ("localhost", "127.0.0.1", "[::1]"):
            self.assertNotIn(development_host, text)
        for _, key, value in walk(self.template):
            if key in ("AllowOrigin", "AllowOrigins", "Access-Control-Allow-Origin"):
                self.assertNotIn("*", json.dumps(value), "no wildcard origin")

    def test_dev_origins_are_added_and_nothing_else(self):
        dev = ["http://localhost:3000", "http://127.0.0.1:5173"]
        stack = Stack(self.template, DevOrigins=",".join(dev))
        for where, origins in self.allowed_origins(stack).items():
            self.assertEqual(origins, [PAGE_ORIGIN, *dev], where)
        # A gateway response carries one fixed origin: always the page's.
        for kind, origin in self.gateway_response_origins(stack).items():
            self.assertEqual(origin, f"'{PAGE_ORIGIN}'", kind)
        pattern = re.compile(self.template["Parameters"]["DevOrigins"]["AllowedPattern"])
        for origin in dev:
            self.assertRegex(origin, pattern)
        for bad in ("*", "https://example.com/", "https://*.example.com", "example.com"):
            self.assertNotRegex(bad, pattern)

    def test_custom_domain_is_the_page_origin(self):
        stack = Stack(self.template, DomainName="chat.example.com")
        for where, origins in self.allowed_origins(stack).items():
            self.assertEqual(origins, ["https://chat.example.com"], where)
        for kind, origin in self.gateway_response_origins(stack).items():
            self.assertEqual(origin, "'https://chat.example.com'", kind)

    def test_preflights_allow_the_page_headers_and_route_methods(self):
        for path, method in PROTECTED_ROUTES:
            integration = self.paths[path]["options"]["x-amazon-apigateway-integration"]
            self.assertEqual(integration["type"], "mock", "preflights never invoke the function")
            params = integration["responses"]["default"]["responseParameters"]
            methods = params["method.response.header.Access-Control-Allow-Methods"].strip("'").split(",")
            self.assertEqual(sorted(methods), sorted([method.upper(), "OPTIONS"]), path)
            headers = params["method.response.header.Access-Control-Allow-Headers"].strip("'").split(",")
            for header in ("authorization", "content-type", "idempotency-key"):
                self.assertIn(header, headers, path)
            self.assertEqual(params["method.response.header.Vary"], "'Origin'", "the answer depends on the origin")

    def test_gateway_errors_use_the_contract_shape(self):
        responses = self.api["DefinitionBody"]["x-amazon-apigateway-gateway-responses"]
        self.assertLessEqual({"DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED"}, set(responses))
        for kind, response in responses.items():
            template = response["responseTemplates"]["application/json"]
            self.assertIn('{"error": {"code": ', template, kind)
            self.assertIn('"message": $context.error.messageString}}', template, kind)
        self.assertIn('"unauthorized"', responses["DEFAULT_4XX"]["responseTemplates"]["application/json"])
        self.assertIn('"deadline_exceeded"', responses["DEFAULT_5XX"]["responseTemplates"]["application/json"])
        throttled = responses["THROTTLED"]
        self.assertEqual(throttled["statusCode"], "429")
        self.assertIn("gatewayresponse.header.Retry-After", throttled["responseParameters"])

    # ------------------------------------------------------------------ presentation
    def test_page_is_served_with_security_headers(self):
        behavior = self.resources["Distribution"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]
        self.assertEqual(behavior["ResponseHeadersPolicyId"], {"Ref": "SecurityHeadersPolicy"})
        policy = self.resources["SecurityHeadersPolicy"]
        self.assertEqual(policy["Type"], "AWS::CloudFront::ResponseHeadersPolicy")
        headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]

        csp = Stack(self.template).eval(headers["ContentSecurityPolicy"]["ContentSecurityPolicy"])
        self.assertTrue(headers["ContentSecurityPolicy"]["Override"])
        directives = {d.split()[0]: d.split()[1:] for d in (part.strip() for part in csp.split(";")) if d}
        self.assertEqual(directives["default-src"], ["'none'"])
        self.assertEqual(directives["script-src"], ["'self'"])
        self.assertEqual(directives["style-src"], ["'self'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        self.assertEqual(directives["object-src"], ["'none'"])
        self.assertEqual(directives["base-uri"], ["'none'"])
        self.assertEqual(directives["img-src"], ["'self'", "data:"])
        self.assertEqual(directives["connect-src"], [
            "'self'",
            f"https://*.execute-api.{REGION}.amazonaws.com",
            f"https://<CognitoDomainPrefix>.auth.{REGION}.amazoncognito.com".replace(
                "<CognitoDomainPrefix>", str(Stack(self.template).ref("CognitoDomainPrefix"))),
        ])
        for unsafe in ("'unsafe-inline'", "'unsafe-eval'", " * ", "http:"):
            self.assertNotIn(unsafe, f" {csp} ")
        self.assertLessEqual(len(csp), 1783, "CloudFront's limit for the CSP value")

        hsts = headers["StrictTransportSecurity"]
        self.assertGreaterEqual(hsts["AccessControlMaxAgeSec"], 31536000)
        self.assertTrue(hsts["IncludeSubdomains"])
        self.assertTrue(hsts["Override"])
        self.assertEqual(headers["FrameOptions"]["FrameOption"], "DENY")
        self.assertTrue(headers["ContentTypeOptions"]["Override"])
        self.assertIn(headers["ReferrerPolicy"]["ReferrerPolicy"], ("no-referrer", "strict-origin-when-cross-origin"))

    def test_csp_fits_the_page(self):
        """The page's own files keep to the CSP: no inline script or style, no foreign script or style."""
        web = TEMPLATE.parent / "web"
        html = (web / "index.html").read_text()
        for tag in re.findall(r"<script\b[^>]*>", html):
            self.assertRegex(tag, r'src="[^":/]+\.js"', f"inline or foreign script: {tag}")
        self.assertNotRegex(html, r"<script\b[^>]*>\s*[^<\s]", "inline script body")
        self.assertNotRegex(html, r"<style\b|\sstyle=|\son[a-z]+=", "inline style or handler")
        for link in re.findall(r"<link\b[^>]*>", html):
            self.assertNotRegex(link, r'href="(https?:)?//', f"foreign stylesheet: {link}")
        # Blocked without 'unsafe-eval' / 'unsafe-inline' (CSSOM writes such as `el.style.x = …` are allowed).
        script = (web / "app.js").read_text()
        self.assertNotRegex(script, r"\beval\(|new Function\(|setTimeout\(\s*[\"'`]|setAttribute\(\s*[\"']style")
        css = (web / "style.css").read_text()
        self.assertNotRegex(css, r"@import|url\(\s*[\"']?(https?:)?//", "foreign stylesheet or font")

    # ------------------------------------------------------------------ the rest
    def test_function_shape(self):
        globals_ = self.template["Globals"]["Function"]
        self.assertEqual(globals_["Runtime"], "provided.al2023")
        self.assertEqual(globals_["Architectures"], ["arm64"])
        self.assertNotIn("VpcConfig", self.function)
        # The static arm64 bootstrap (infra/chat-function/Makefile), built from the repository root.
        metadata = self.resources["ChatFunction"]["Metadata"]
        self.assertEqual(metadata["BuildMethod"], "makefile")
        self.assertEqual(metadata["WorkingDirectory"], "../")
        code = TEMPLATE.parent / self.function["CodeUri"]
        makefile = (code / "Makefile").read_text()
        self.assertIn("build-ChatFunction:", makefile)
        self.assertIn("FRUGAL_BOOTSTRAP_TARGET ?= aarch64-unknown-linux-musl", makefile)
        self.assertEqual(sorted(p.name for p in code.iterdir()), ["Makefile"], "SAM copies this folder")
        self.assertEqual(self.function["LoggingConfig"]["LogFormat"], "JSON")
        self.assertEqual(self.function["AutoPublishAlias"], "live")

    def test_table_has_ttl_pitr_and_on_demand(self):
        table = self.resources["HistoryTable"]["Properties"]
        self.assertEqual(table["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(table["TimeToLiveSpecification"], {"AttributeName": "expires_at", "Enabled": True})
        self.assertTrue(table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"])
        keys = {k["AttributeName"]: k["KeyType"] for k in table["KeySchema"]}
        self.assertEqual(keys, {"pk": "HASH", "sk": "RANGE"})

    def test_bucket_is_private_behind_origin_access_control(self):
        block = self.resources["WebBucket"]["Properties"]["PublicAccessBlockConfiguration"]
        self.assertTrue(all(block.values()))
        origin = self.resources["Distribution"]["Properties"]["DistributionConfig"]["Origins"][0]
        self.assertIn("OriginAccessControlId", origin)

    def test_alarms_and_outputs(self):
        for alarm in ("ErrorsAlarm", "ThrottlesAlarm", "DurationNearTimeoutAlarm"):
            self.assertEqual(self.resources[alarm]["Type"], "AWS::CloudWatch::Alarm")
        for output in ("ApiUrl", "PageUrl", "UserPoolId", "UserPoolClientId", "FunctionName", "StackName"):
            self.assertIn(output, self.template["Outputs"])

    def test_api_url_is_the_stage_url(self):
        # deploy.sh writes it into config.json as `apiUrl`; the page appends `/chat`, so no trailing slash.
        url = Stack(self.template).eval(self.template["Outputs"]["ApiUrl"]["Value"])
        self.assertEqual(url, f"https://<ChatApi>.execute-api.{REGION}.amazonaws.com/{self.api['StageName']}")
        deploy = (TEMPLATE.parent / "deploy.sh").read_text()
        self.assertIn("output ApiUrl", deploy)
        self.assertIn('"apiUrl": "$api_url"', deploy)


if __name__ == "__main__":
    unittest.main()
