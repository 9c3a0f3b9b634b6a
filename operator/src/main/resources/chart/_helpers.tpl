{{/* The ModelDeployment's name: values.name, else the release name. */}}
{{- define "model.name" -}}
{{- .Values.name | default .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/* The image tag: image.tag, else MODEL-VERSION (the tag `aviary image build` gives every image). */}}
{{- define "model.imageTag" -}}
{{- if .Values.image.tag -}}
{{- .Values.image.tag | toString -}}
{{- else -}}
{{- printf "%s-%s" (.Values.model.name | toString) (.Values.model.version | toString) -}}
{{- end -}}
{{- end -}}

{{- define "model.labels" -}}
app.kubernetes.io/name: {{ include "model.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.model.version | toString | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: aviary
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
