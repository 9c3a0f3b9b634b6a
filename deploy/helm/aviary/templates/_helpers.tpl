{{- define "aviary.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "aviary.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "aviary.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "aviary.serviceAccountName" -}}
{{- default (include "aviary.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "aviary.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/*
The Gateway API parent as [namespace/]name. A Gateway the chart creates lives in the release
namespace unless the value names another one; the operator then gets the qualified name, since an
HTTPRoute's parentRef without a namespace means a Gateway in the route's own namespace.
*/}}
{{- define "aviary.gatewayNamespace" -}}
{{- if contains "/" .Values.operator.gatewayParent -}}
{{- .Values.operator.gatewayParent | splitList "/" | first -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{- define "aviary.gatewayName" -}}
{{- .Values.operator.gatewayParent | splitList "/" | last -}}
{{- end -}}

{{- define "aviary.gatewayParent" -}}
{{- if .Values.gatewayApi.createGateway -}}
{{- printf "%s/%s" (include "aviary.gatewayNamespace" .) (include "aviary.gatewayName" .) -}}
{{- else -}}
{{- .Values.operator.gatewayParent -}}
{{- end -}}
{{- end -}}

{{/* The namespaceSelector of the PodMonitor and ServiceMonitor. */}}
{{- define "aviary.monitoringNamespaces" -}}
{{- $ns := .Values.monitoring.namespaces | default .Values.operator.watchNamespaces -}}
{{- if $ns -}}
matchNames:
  {{- toYaml $ns | nindent 2 }}
{{- else -}}
any: true
{{- end -}}
{{- end -}}
