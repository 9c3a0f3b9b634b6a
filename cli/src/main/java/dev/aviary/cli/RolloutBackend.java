package dev.aviary.cli;

import java.io.PrintWriter;

/** Where a rollout command goes: the control API of {@code aviary up}, or a cluster. */
interface RolloutBackend {
  /** Sends the request, prints what happened, and returns the exit code. */
  int send(RolloutRequest request, PrintWriter out, PrintWriter err);

  /** The control API: the platform records the command and its control loop applies it. */
  record ControlApi(ControlClient client) implements RolloutBackend {
    @Override
    public int send(RolloutRequest r, PrintWriter out, PrintWriter err) {
      String path = "/api/v1/deployments/" + ControlClient.enc(r.name());
      try {
        if (r.verb() == RolloutVerb.DELETE) {
          client.delete(path);
          out.println("modeldeployment/" + r.name() + " deleted");
        } else {
          long seq =
              client
                  .post(path + "/" + r.verb().command, r.apiBody(), "application/json")
                  .path("seq")
                  .asLong();
          out.println(
              r.verb().command
                  + " sent to "
                  + r.name()
                  + " (command "
                  + seq
                  + "); see: aviary describe "
                  + r.name());
        }
        out.flush();
        return 0;
      } catch (ControlClient.ApiError e) {
        return ControlClient.report(err, r.verb().command, e);
      }
    }
  }

  /** A cluster: commands are annotations the operator consumes; delete removes the resource. */
  record Cluster(KubeCommand kube) implements RolloutBackend {
    @Override
    public int send(RolloutRequest r, PrintWriter out, PrintWriter err) {
      return kube.withClient(
          out,
          err,
          k -> {
            if (r.verb() == RolloutVerb.DELETE) {
              k.delete(r.name());
              return "modeldeployment/" + r.name() + " deleted";
            }
            k.command(r.name(), r.annotation());
            return "requested " + r.annotation() + " of " + r.name();
          });
    }
  }
}
