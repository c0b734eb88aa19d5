"""Least-privilege and architecture checks on infra/template.yaml (run: python3 -m unittest discover -s infra/tests)."""

import json
import pathlib
import unittest

from cfnlint.decode import cfn_yaml

TEMPLATE = pathlib.Path(__file__).resolve().parent.parent / "template.yaml"


def walk(node, path=()):
    """Yields (path, key, value) for every mapping entry in the template."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, path + (i,))


class TemplateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.template = json.loads(json.dumps(cfn_yaml.load(str(TEMPLATE))))
        cls.resources = cls.template["Resources"]
        cls.function = cls.resources["ChatFunction"]["Properties"]

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

    def statements(self):
        for policy in self.function["Policies"]:
            yield from policy["Statement"]

    def test_bedrock_only_on_the_configured_model(self):
        bedrock = [s for s in self.statements() if any(a.startswith("bedrock:") for a in s["Action"])]
        self.assertEqual(len(bedrock), 1)
        self.assertEqual(sorted(bedrock[0]["Action"]), ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"])
        resource = bedrock[0]["Resource"]
        self.assertIn("Fn::Sub", resource)
        self.assertTrue(resource["Fn::Sub"].endswith("::foundation-model/${ModelId}"), resource)

    def test_dynamodb_only_on_the_history_table(self):
        dynamo = [s for s in self.statements() if any(a.startswith("dynamodb:") for a in s["Action"])]
        self.assertEqual(len(dynamo), 1)
        self.assertEqual(dynamo[0]["Resource"], {"Fn::GetAtt": ["HistoryTable", "Arn"]})
        self.assertNotIn("dynamodb:Scan", dynamo[0]["Action"])
        self.assertNotIn("dynamodb:DeleteItem", dynamo[0]["Action"])

    def test_every_statement_names_its_resource(self):
        for statement in self.statements():
            self.assertNotEqual(statement.get("Resource"), "*")

    def test_function_shape(self):
        globals_ = self.template["Globals"]["Function"]
        self.assertEqual(globals_["Runtime"], "provided.al2023")
        self.assertEqual(globals_["Architectures"], ["arm64"])
        self.assertNotIn("VpcConfig", self.function)
        self.assertEqual(self.resources["ChatFunction"]["Metadata"]["BuildMethod"], "rust-cargolambda")
        self.assertEqual(self.function["LoggingConfig"]["LogFormat"], "JSON")
        self.assertEqual(self.function["AutoPublishAlias"], "live")

    def test_chat_routes_need_a_jwt_and_healthz_is_public(self):
        api = self.resources["ChatApi"]["Properties"]
        self.assertEqual(api["Auth"]["DefaultAuthorizer"], "CognitoJwt")
        events = self.function["Events"]
        for name in ("Chat", "History"):
            self.assertNotIn("Auth", events[name]["Properties"], f"{name} must use the JWT authorizer")
        self.assertEqual(events["Health"]["Properties"]["Auth"]["Authorizer"], "NONE")

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


if __name__ == "__main__":
    unittest.main()
