package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code get}, {@code describe} and {@code status} read, in the control API's JSON shapes:
 * from {@code aviary up} over HTTP, or from a cluster ({@code aviary --kube}), so both print the
 * same and exit the same way.
 */
interface DeploymentReader {
  /** {@code {"deployments": [summary, ...]}}. */
  JsonNode list() throws ControlClient.ApiError;

  /** {@code {"name", "spec", "status", "replicas"}}. */
  JsonNode deployment(String name) throws ControlClient.ApiError;

  /** {@code {"events": [...]}}, oldest first. */
  JsonNode events(String name) throws ControlClient.ApiError;

  /** The embedded platform's control API. */
  static DeploymentReader of(ControlClient client) {
    return new DeploymentReader() {
      @Override
      public JsonNode list() throws ControlClient.ApiError {
        return client.get("/api/v1/deployments");
      }

      @Override
      public JsonNode deployment(String name) throws ControlClient.ApiError {
        return client.get("/api/v1/deployments/" + ControlClient.enc(name));
      }

      @Override
      public JsonNode events(String name) throws ControlClient.ApiError {
        return client.get("/api/v1/deployments/" + ControlClient.enc(name) + "/events");
      }
    };
  }
}
