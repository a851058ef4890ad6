{{/* Plugin name: the ConsolePlugin name, Deployment/Service names and the console URL segment. */}}
{{- define "kls.name" -}}
{{- .Values.plugin.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kls.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels shared by every object of the release. */}}
{{- define "kls.commonLabels" -}}
helm.sh/chart: {{ include "kls.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubevirt-lightspeed-plugin
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "kls.plugin.selectorLabels" -}}
app: {{ include "kls.name" . }}
app.kubernetes.io/name: {{ include "kls.name" . }}
app.kubernetes.io/component: console-plugin
{{- end -}}

{{- define "kls.plugin.labels" -}}
{{ include "kls.commonLabels" . }}
{{ include "kls.plugin.selectorLabels" . }}
{{- end -}}

{{/*
Serving-certificate Secret of the plugin. The console-plugin-template tests
.Values.certificateSecretName (a key that never exists under plugin:); we read plugin.certificateSecretName.
*/}}
{{- define "kls.plugin.certSecretName" -}}
{{- default (printf "%s-cert" (include "kls.name" .)) .Values.plugin.certificateSecretName -}}
{{- end -}}

{{- define "kls.plugin.serviceAccountName" -}}
{{- default (include "kls.name" .) .Values.plugin.serviceAccount.name -}}
{{- end -}}

{{- define "kls.plugin.image" -}}
{{- required "plugin.image must be set to the console plugin image (built from the repository Dockerfile), e.g. --set plugin.image=quay.io/<org>/kubevirt-lightspeed-plugin:<tag>" .Values.plugin.image -}}
{{- end -}}

{{- define "kls.jobs.image" -}}
{{- required "jobs.image must be set to an image that has oc and jq (e.g. registry.redhat.io/openshift4/ose-tools-rhel9)" .Values.jobs.image -}}
{{- end -}}

{{/* plugin-config.json: the PluginRuntimeConfig type in src/lightspeed/types.ts. */}}
{{- define "kls.pluginConfig" -}}
{{- $ai := dict "enabled" .Values.ai.enabled "mcpServerName" .Values.ai.mcpServerName "anonymizeNames" (.Values.ai.anonymizeNames | default false) -}}
{{- if include "kls.ocpMcp.registered" . -}}
{{- /* openshift-mcp-server registered next to ours: the plugin probes it and may name its tools. */ -}}
{{- $_ := set $ai "openshiftMcpServer" (dict "name" (include "kls.ocpMcp.olsName" .) "lifecycle" (eq (include "kls.ocpMcp.lifecycle" .) "true")) -}}
{{- end -}}
{{- $limits := dict "maxQueryChars" (int .Values.limits.maxQueryChars) "maxAttachmentChars" (int .Values.limits.maxAttachmentChars) "requestTimeoutMs" (int .Values.limits.requestTimeoutMs) -}}
{{- $fixes := dict "enabled" (dig "enabled" true (.Values.fixes | default dict)) -}}
{{- dict "ai" $ai "limits" $limits "fixes" $fixes | toPrettyJson -}}
{{- end -}}

{{/* cnv-mcp-server */}}
{{- define "kls.mcp.name" -}}
{{- .Values.mcpServer.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kls.mcp.selectorLabels" -}}
app: {{ include "kls.mcp.name" . }}
app.kubernetes.io/name: {{ include "kls.mcp.name" . }}
app.kubernetes.io/component: mcp-server
{{- end -}}

{{- define "kls.mcp.labels" -}}
{{ include "kls.commonLabels" . }}
{{ include "kls.mcp.selectorLabels" . }}
{{- end -}}

{{- define "kls.mcp.certSecretName" -}}
{{- default (printf "%s-cert" (include "kls.mcp.name" .)) .Values.mcpServer.tls.certificateSecretName -}}
{{- end -}}

{{- define "kls.mcp.serviceAccountName" -}}
{{- default (include "kls.mcp.name" .) .Values.mcpServer.serviceAccount.name -}}
{{- end -}}

{{- define "kls.mcp.image" -}}
{{- required "mcpServer.image must be set to the cnv-mcp-server image (built from mcp-server/Dockerfile), e.g. --set mcpServer.image=quay.io/<org>/cnv-mcp-server:<tag>; or set mcpServer.enabled=false" .Values.mcpServer.image -}}
{{- end -}}

{{/* The URL OLS calls: Streamable HTTP at /mcp on the Service. */}}
{{- define "kls.mcp.url" -}}
{{- $scheme := ternary "https" "http" .Values.mcpServer.tls.enabled -}}
{{- printf "%s://%s.%s.svc:%d/mcp" $scheme (include "kls.mcp.name" .) .Release.Namespace (int .Values.mcpServer.port) -}}
{{- end -}}

{{/*
Our OLSConfig spec.mcpServers entry. `kubernetes` makes OLS send "Bearer <the asking user's token>",
so every Kubernetes call the server makes runs with the user's own RBAC.
*/}}
{{- define "kls.olsEntry" -}}
{{- $header := dict "name" "Authorization" "valueFrom" (dict "type" "kubernetes") -}}
{{- dict "name" .Values.ai.mcpServerName "url" (include "kls.mcp.url" .) "timeout" (int .Values.lightspeed.timeoutSeconds) "headers" (list $header) | toJson -}}
{{- end -}}

{{/*
Service-CA trust for OLS (lightspeed.register=true). Only when our certificate comes from the
service-ca operator: TLS on and no certificate Secret of the admin's own.
*/}}
{{- define "kls.ols.trustServiceCA" -}}
{{- if and .Values.lightspeed.register .Values.mcpServer.tls.enabled (not .Values.mcpServer.tls.certificateSecretName) -}}true{{- end -}}
{{- end -}}

{{/* The ConfigMap in lightspeed.namespace that the service-ca operator fills with key service-ca.crt. */}}
{{- define "kls.ols.caConfigMapName" -}}
{{- printf "%s-%s-service-ca" (include "kls.mcp.name" .) .Release.Namespace | trunc 253 | trimSuffix "-" -}}
{{- end -}}

{{/*
Our key in the admin's own additional-CA ConfigMap. Distinct per release, and ending in .crt: the
operator mounts every key as a file and OLS loads *.crt / *.pem files from that directory.
*/}}
{{- define "kls.ols.caKey" -}}
{{- printf "%s.%s.service-ca.crt" (include "kls.mcp.name" .) .Release.Namespace -}}
{{- end -}}

{{/* Name of the Role / RoleBinding of the registration Jobs in lightspeed.namespace. */}}
{{- define "kls.ols.roleName" -}}
{{- printf "%s-%s-ols-register" (include "kls.mcp.name" .) .Release.Namespace | trunc 253 | trimSuffix "-" -}}
{{- end -}}

{{/*
The admin's ConfigMap that OLSConfig spec.ols.additionalCAConfigMapRef names (not ours), or "".
lightspeed.existingCAConfigMap wins; otherwise helm install/upgrade reads the live OLSConfig
(`helm template` has no cluster: lookup returns nothing). The Capabilities test keeps lookup from
failing the render on a cluster without the OLSConfig CRD.
*/}}
{{- define "kls.ols.existingCAConfigMap" -}}
{{- $name := .Values.lightspeed.existingCAConfigMap | default "" -}}
{{- if and (not $name) (.Capabilities.APIVersions.Has "ols.openshift.io/v1alpha1/OLSConfig") -}}
{{- $ols := lookup "ols.openshift.io/v1alpha1" "OLSConfig" "" "cluster" | default dict -}}
{{- $name = dig "spec" "ols" "additionalCAConfigMapRef" "name" "" $ols -}}
{{- end -}}
{{- if ne $name (include "kls.ols.caConfigMapName" .) -}}{{ $name }}{{- end -}}
{{- end -}}

{{/* Environment of the registration and unregistration Jobs. */}}
{{- define "kls.ols.jobEnv" -}}
# The spec.mcpServers entry, rendered from values (see NOTES.txt for the same entry).
- name: MCP_SERVER_ENTRY
  value: {{ include "kls.olsEntry" . | quote }}
# More spec.mcpServers entries registered and removed with ours (openshift-mcp-server), a JSON list.
- name: PEER_MCP_SERVER_ENTRIES
  value: {{ include "kls.ocpMcp.olsEntries" . | quote }}
- name: OLS_NAMESPACE
  value: {{ .Values.lightspeed.namespace | quote }}
# Empty when OLS needs no service-CA trust (TLS off, or the admin's own certificate).
- name: CA_CONFIGMAP
  value: {{ ternary (include "kls.ols.caConfigMapName" .) "" (eq (include "kls.ols.trustServiceCA" .) "true") | quote }}
- name: CA_KEY
  value: {{ include "kls.ols.caKey" . | quote }}
- name: EXISTING_CA_CONFIGMAP
  value: {{ include "kls.ols.existingCAConfigMap" . | quote }}
# oc writes a cache under $HOME; the root filesystem is read-only.
- name: HOME
  value: /tmp
{{- end -}}

{{/*
openshift-mcp-server (upstream kubernetes-mcp-server, KubeVirt toolset): deployed by this chart
(openshiftMcpServer.enabled) or already running (openshiftMcpServer.existing.url).
*/}}
{{- define "kls.ocpMcp.name" -}}
{{- .Values.openshiftMcpServer.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kls.ocpMcp.selectorLabels" -}}
app: {{ include "kls.ocpMcp.name" . }}
app.kubernetes.io/name: {{ include "kls.ocpMcp.name" . }}
app.kubernetes.io/component: openshift-mcp-server
{{- end -}}

{{- define "kls.ocpMcp.labels" -}}
{{ include "kls.commonLabels" . }}
{{ include "kls.ocpMcp.selectorLabels" . }}
{{- end -}}

{{- define "kls.ocpMcp.image" -}}
{{- required "openshiftMcpServer.image must be set to an openshift-mcp-server / kubernetes-mcp-server image (its entrypoint the server binary), e.g. --set openshiftMcpServer.image=<registry>/<repo>:<tag>; or set openshiftMcpServer.enabled=false" .Values.openshiftMcpServer.image -}}
{{- end -}}

{{- define "kls.ocpMcp.certSecretName" -}}
{{- default (printf "%s-cert" (include "kls.ocpMcp.name" .)) .Values.openshiftMcpServer.tls.certificateSecretName -}}
{{- end -}}

{{/* "true" when OLS should know about an openshift-mcp-server (ours or an existing one). */}}
{{- define "kls.ocpMcp.registered" -}}
{{- $o := .Values.openshiftMcpServer -}}
{{- if and $o.enabled $o.existing.url -}}
{{- fail "openshiftMcpServer.enabled=true and openshiftMcpServer.existing.url are exclusive: deploy one, or register the one that runs" -}}
{{- end -}}
{{- if or $o.enabled $o.existing.url -}}true{{- end -}}
{{- end -}}

{{/* Its name in OLSConfig spec.mcpServers (and the server_name OLS reports). */}}
{{- define "kls.ocpMcp.olsName" -}}
{{- $o := .Values.openshiftMcpServer -}}
{{- if $o.enabled -}}{{ include "kls.ocpMcp.name" . }}{{- else -}}{{ $o.existing.name }}{{- end -}}
{{- end -}}

{{/* "true" when the server exposes vm_lifecycle (start/stop/restart). */}}
{{- define "kls.ocpMcp.lifecycle" -}}
{{- $o := .Values.openshiftMcpServer -}}
{{- if $o.enabled -}}{{ ternary "true" "false" (and $o.allowLifecycle true) }}{{- else -}}{{ ternary "true" "false" (and $o.existing.lifecycle true) }}{{- end -}}
{{- end -}}

{{- define "kls.ocpMcp.url" -}}
{{- $o := .Values.openshiftMcpServer -}}
{{- if $o.enabled -}}
{{- printf "%s://%s.%s.svc:%d/mcp" (ternary "https" "http" $o.tls.enabled) (include "kls.ocpMcp.name" .) .Release.Namespace (int $o.port) -}}
{{- else -}}
{{- $o.existing.url -}}
{{- end -}}
{{- end -}}

{{/*
Its spec.mcpServers entry, with the user's token forwarded like ours (`kubernetes`): the server
runs every call with the asking user's RBAC, never with an identity of its own.
*/}}
{{- define "kls.ocpMcp.olsEntry" -}}
{{- $header := dict "name" "Authorization" "valueFrom" (dict "type" "kubernetes") -}}
{{- dict "name" (include "kls.ocpMcp.olsName" .) "url" (include "kls.ocpMcp.url" .) "timeout" (int .Values.lightspeed.timeoutSeconds) "headers" (list $header) | toJson -}}
{{- end -}}

{{/* JSON list of the entries registered with ours: [] or [openshift-mcp-server]. */}}
{{- define "kls.ocpMcp.olsEntries" -}}
{{- if include "kls.ocpMcp.registered" . -}}[{{ include "kls.ocpMcp.olsEntry" . }}]{{- else -}}[]{{- end -}}
{{- end -}}

{{/*
config.toml. readOnly (default): only tools annotated readOnlyHint (vm_guest_info, vm_troubleshoot,
reads, pod logs). allowLifecycle: vm_lifecycle too; it is annotated destructiveHint, so read_only and
disable_destructive go off and every other write tool is denied by name (lifecycleDeniedTools).
*/}}
{{- define "kls.ocpMcp.configToml" -}}
{{- $o := .Values.openshiftMcpServer -}}
toolsets = {{ $o.toolsets | toJson }}
kubeconfig = "/etc/openshift-mcp-server/config/kubeconfig"
cluster_provider_strategy = "kubeconfig"
{{- if $o.allowLifecycle }}
read_only = false
disable_destructive = false
disabled_tools = {{ $o.lifecycleDeniedTools | toJson }}
{{- else }}
read_only = {{ $o.readOnly }}
disable_destructive = {{ $o.disableDestructive }}
{{- end }}
stateless = true
{{- if $o.tls.enabled }}
tls_cert = "/etc/openshift-mcp-server/tls/tls.crt"
tls_key = "/etc/openshift-mcp-server/tls/tls.key"
{{- end }}
{{- range $o.deniedResources }}

[[denied_resources]]
group = {{ .group | toJson }}
version = {{ .version | toJson }}
kind = {{ .kind | toJson }}
{{- end }}
{{- end -}}
