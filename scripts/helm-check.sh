#!/usr/bin/env bash
# helm lint + helm template of the chart for several value sets, with assertions on the rendered
# objects, and proof that bad values fail. Exit status non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

chart=charts/kubevirt-lightspeed-plugin
helm=$(bash scripts/install-helm.sh) || { echo "FAIL: cannot install helm" >&2; exit 1; }
images=(--set plugin.image=quay.io/example/kubevirt-lightspeed-plugin:ci
  --set mcpServer.image=quay.io/example/cnv-mcp-server:ci)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok   $1"; }
ko() { failed=$((failed + 1)); echo "  FAIL $1"; [ -n "${2:-}" ] && sed 's/^/       /' <<<"$2"; }

echo "==> helm lint"
if out=$("$helm" lint "$chart" --strict "${images[@]}" 2>&1); then ok "lint --strict (defaults)"; else ko "lint --strict (defaults)" "$out"; fi
if out=$("$helm" lint "$chart" --strict "${images[@]}" --set lightspeed.register=true --set ai.enabled=false 2>&1); then
  ok "lint --strict (register, kill switch off)"
else ko "lint --strict (register, kill switch off)" "$out"; fi

# case name, then extra helm flags. The node script asserts what that case must render.
render_case() {
  local name=$1
  shift
  if ! "$helm" template kls "$chart" -n kls-ns "${images[@]}" "$@" >"$tmp/$name.yaml" 2>"$tmp/$name.err"; then
    ko "template $name" "$(cat "$tmp/$name.err")"
    return
  fi
  if out=$(node scripts/helm-check-assert.mjs "$name" <"$tmp/$name.yaml" 2>&1); then
    ok "template $name: $out"
  else
    ko "template $name" "$out"
  fi
}

echo "==> helm template + assertions"
render_case defaults
render_case register --set lightspeed.register=true --set lightspeed.namespace=ols-ns
render_case register-existing-ca --set lightspeed.register=true --set lightspeed.existingCAConfigMap=admin-cas
render_case register-no-tls --set lightspeed.register=true --set mcpServer.tls.enabled=false
render_case kill-switch-off --set ai.enabled=false
render_case mcp-disabled --set mcpServer.enabled=false
render_case no-tls --set mcpServer.tls.enabled=false
render_case monitoring --set mcpServer.metrics.serviceMonitor.enabled=true
ocp_mcp=(--set openshiftMcpServer.enabled=true --set openshiftMcpServer.image=quay.io/example/openshift-mcp-server:ci)
render_case openshift-mcp "${ocp_mcp[@]}" --set lightspeed.register=true --set mcpServer.tls.enabled=false
render_case openshift-mcp-lifecycle "${ocp_mcp[@]}" --set openshiftMcpServer.allowLifecycle=true
render_case openshift-mcp-existing --set lightspeed.register=true --set mcpServer.tls.enabled=false \
  --set openshiftMcpServer.existing.url=https://ocp-tools.mcp.svc:8443/mcp \
  --set openshiftMcpServer.existing.name=ocp-tools --set openshiftMcpServer.existing.lifecycle=true

# Bad values must fail, with a message naming the problem.
expect_failure() {
  local name=$1 pattern=$2
  shift 2
  if out=$("$helm" template kls "$chart" -n kls-ns "$@" 2>&1); then
    ko "rejects $name (rendered without error)"
  elif grep -Eq "$pattern" <<<"$out"; then
    ok "rejects $name"
  else
    ko "rejects $name (wrong message)" "$out"
  fi
}

echo "==> bad values fail"
expect_failure "an empty plugin image" "plugin.image must be set|'/plugin/image'" --set plugin.image= --set mcpServer.image=x/y:z
expect_failure "an empty MCP image" "mcpServer.image must be set|'/mcpServer/image'" --set plugin.image=x/y:z --set mcpServer.image=
expect_failure 'ai.enabled="maybe"' "'/ai/enabled': got string, want boolean" "${images[@]}" --set-string ai.enabled=maybe
expect_failure "an unknown key" "additional properties 'typo' not allowed" "${images[@]}" --set ai.typo=1
expect_failure "the removed ai.olsSupportsMode" "additional properties 'olsSupportsMode' not allowed" "${images[@]}" --set ai.olsSupportsMode=true
expect_failure "runAsNonRoot=false" "'/plugin/podSecurityContext/runAsNonRoot'" "${images[@]}" --set plugin.podSecurityContext.runAsNonRoot=false
expect_failure "allowPrivilegeEscalation=true" "'/mcpServer/containerSecurityContext/allowPrivilegeEscalation'" "${images[@]}" --set mcpServer.containerSecurityContext.allowPrivilegeEscalation=true
expect_failure "maxQueryChars above the OLS cap" "'/limits/maxQueryChars'" "${images[@]}" --set limits.maxQueryChars=50000
expect_failure "register without the MCP server" 'needs mcpServer.enabled=true' "${images[@]}" --set lightspeed.register=true --set mcpServer.enabled=false
expect_failure "openshift-mcp-server without an image" "openshiftMcpServer.image must be set" "${images[@]}" --set openshiftMcpServer.enabled=true
expect_failure "deploying and registering an existing openshift-mcp-server at once" "are exclusive" "${images[@]}" "${ocp_mcp[@]}" --set openshiftMcpServer.existing.url=https://x.example/mcp
expect_failure "toolsets without kubevirt" "'/openshiftMcpServer/toolsets'" "${images[@]}" --set 'openshiftMcpServer.toolsets={core}'
expect_failure "vm_lifecycle in the deny list" "'/openshiftMcpServer/lifecycleDeniedTools/0'" "${images[@]}" --set 'openshiftMcpServer.lifecycleDeniedTools={vm_lifecycle}'
expect_failure "an existing url that is not http(s)" "'/openshiftMcpServer/existing/url'" "${images[@]}" --set openshiftMcpServer.existing.url=ftp://x
if "$helm" lint "$chart" --strict --set plugin.image= >/dev/null 2>&1; then
  ko "lint --strict rejects an empty plugin image"
else ok "lint --strict rejects an empty plugin image"; fi

# The rendered nginx configs pass `nginx -t`, and the plugin's config, served for real over TLS, gives
# the console the right content types and cache headers (only where nginx and openssl exist; CI may
# lack nginx).
echo "==> nginx -t + serve"
if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  if out=$(node scripts/helm-check-assert.mjs --nginx-test <"$tmp/defaults.yaml" 2>&1); then ok "nginx -t: $out"; else ko "nginx -t" "$out"; fi
else
  echo "  skip nginx checks (no nginx or openssl binary)"
fi

echo "helm check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
