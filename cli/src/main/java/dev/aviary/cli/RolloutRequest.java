package dev.aviary.cli;

/**
 * One rollout command for one deployment, as the user gave it; each backend reads it in its own
 * wire form.
 *
 * @param full {@code promote --full}
 * @param toRevision {@code undo --to-revision N}, or null
 */
record RolloutRequest(RolloutVerb verb, String name, boolean full, Integer toRevision) {

  /** The body of {@code POST /api/v1/deployments/NAME/VERB} of the control API. */
  String apiBody() {
    // "by" names the sender in the platform's CommandReceived event, as the dashboard's does
    return switch (verb.extra) {
      case FULL -> "{\"full\":" + full + ",\"by\":\"cli\"}";
      case TO_REVISION ->
          toRevision == null
              ? "{\"by\":\"cli\"}"
              : "{\"toRevision\":" + toRevision + ",\"by\":\"cli\"}";
      case NONE -> "{\"by\":\"cli\"}";
    };
  }

  /** The value of the operator's {@code aviary.dev/command} annotation. */
  String annotation() {
    return switch (verb.extra) {
      case FULL -> full ? verb.command + "-full" : verb.command;
      case TO_REVISION -> toRevision == null ? verb.command : verb.command + ":" + toRevision;
      case NONE -> verb.command;
    };
  }
}
