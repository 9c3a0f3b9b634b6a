/**
 * The Aviary model server: ONNX Runtime sessions behind the Open Inference Protocol v2 (REST) and
 * the V1 {@code :predict} form, with probes, graceful drain, Prometheus metrics and ECS JSON logs.
 *
 * <p>Public API: {@link dev.aviary.server.ServerConfig} and {@link dev.aviary.server.ModelSource}
 * describe what to serve; {@link dev.aviary.server.ModelServer} runs it in-process (start, bound
 * port, readiness, drain and stop); {@link dev.aviary.server.ServerProcess} runs it as the main job
 * of a process with SIGTERM handling. Everything else is package-private: request decoding ({@code
 * RequestDecoder}, {@code Routes}) is pure and tested without a server; {@code HttpFront} is the
 * event-loop edge and {@code InferenceService} the blocking worker side.
 */
package dev.aviary.server;
