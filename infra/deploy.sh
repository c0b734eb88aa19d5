#!/usr/bin/env bash
# Builds and deploys the Frugal stack, then publishes the chat page with its config.json.
#   infra/deploy.sh <stack-name> <cognito-domain-prefix> [Key=Value parameter overrides] [`sam deploy` options]
# e.g. infra/deploy.sh frugal-chat my-prefix Timeout=180 DevOrigins=http://localhost:3000
# Needs: AWS credentials, aws-sam-cli, the AWS CLI, curl, and for the static arm64 bootstrap
# (infra/chat-function/Makefile): `rustup target add aarch64-unknown-linux-musl`, `pip install cargo-zigbuild ziglang`.
set -euo pipefail
cd "$(dirname "$0")"
stack="${1:?usage: infra/deploy.sh <stack-name> <cognito-domain-prefix> [sam deploy args]}"
prefix="${2:?usage: infra/deploy.sh <stack-name> <cognito-domain-prefix> [sam deploy args]}"
shift 2

sam build --template template.yaml
sam deploy --stack-name "$stack" --resolve-s3 --capabilities CAPABILITY_IAM \
  --parameter-overrides "CognitoDomainPrefix=$prefix" "$@"

output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
api_url=$(output ApiUrl)
page_url=$(output PageUrl)
bucket=$(output WebBucketName)
distribution=$(output DistributionId)
client_id=$(output UserPoolClientId)
cognito_domain=$(output CognitoDomain)

config=$(mktemp)
cat > "$config" <<JSON
{"apiUrl": "$api_url", "auth": {"domain": "$cognito_domain", "clientId": "$client_id", "redirectUri": "$page_url"}}
JSON
aws s3 sync web/ "s3://$bucket/" --delete --exclude config.json
aws s3 cp "$config" "s3://$bucket/config.json" --content-type application/json --cache-control no-store
aws cloudfront create-invalidation --distribution-id "$distribution" --paths "/*" >/dev/null
rm -f "$config"
echo "Chat page: $page_url"
echo "API:       $api_url (REST API stage, answers stream)"
echo "Function:  $(output FunctionName)"
# The public route goes through the same streaming integration as the chat, so it checks the whole path.
if curl -fsS --max-time 30 -o /dev/null "$api_url/healthz"; then
  echo "Health:    ok"
else
  echo "Health:    $api_url/healthz did not answer 200; see the function's logs" >&2
fi
