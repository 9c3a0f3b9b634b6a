package dev.aviary.cli.cicd;

import dev.aviary.cli.cicd.Pipeline.Cache;
import dev.aviary.cli.cicd.Pipeline.Secret;
import dev.aviary.cli.cicd.Pipeline.Stage;
import dev.aviary.cli.cicd.Pipeline.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages from a commit to a model serving in production: build, test, evaluate, register,
 * package, deploy (behind an approval), verify, monitor. Defaults fit the fraud example in this
 * repository; every path is a variable a team overrides in its CI settings.
 */
public final class ModelPipeline {
  public static final List<String> STAGES =
      List.of("build", "test", "evaluate", "register", "package", "deploy", "verify", "monitor");

  private ModelPipeline() {}

  public static Pipeline of(String model, Target target) {
    List<Variable> vars = new ArrayList<>();
    vars.add(new Variable("AVIARY_MODEL", model, "the model's name in the registry and the spec"));
    vars.add(
        new Variable(
            "PROJECT_TESTS", "mvn -B verify", "the project's own unit and integration tests"));
    vars.add(
        new Variable(
            "CANDIDATE",
            "build/candidate/models/v2/model.onnx",
            "the candidate model the build stage trains"));
    vars.add(
        new Variable(
            "TRAINING_DATA",
            "build/candidate/data/sample.csv",
            "the candidate's training data (a sample)"));
    vars.add(
        new Variable(
            "HOLDOUT", "examples/fraud/data/holdout.csv", "hold-out data the gates evaluate on"));
    vars.add(new Variable("LABEL", "fraud", "the hold-out data's label column"));
    vars.add(
        new Variable(
            "DRIFT_SHARE",
            "0.1",
            "share of drifted columns that fails the data-integrity test (hold-out and training"
                + " data should not differ)"));
    vars.add(new Variable("GATES", "examples/fraud/gates.yaml", "the evaluation gates"));
    vars.add(
        new Variable(
            "AVIARY_REGISTRY",
            ".aviary",
            "the model registry: a directory, or a jdbc:postgresql:// URL shared by every job"));
    vars.add(new Variable("REPO", "ml/" + model, "the image repository in the registry"));
    if (target == Target.LOCAL) {
      vars.add(
          new Variable("AVIARY_SERVER", "http://127.0.0.1:7070", "the control API of aviary up"));
    }
    if (target == Target.HELM || target == Target.KUBERNETES) {
      vars.add(new Variable("NAMESPACE", "models", "the namespace of the ModelDeployment"));
    }
    if (target == Target.HELM) {
      vars.add(new Variable("CHART", "charts/" + model, "the chart of aviary render --helm"));
    } else {
      vars.add(
          new Variable(
              "SPEC",
              "examples/fraud/pipeline/" + model + ".yaml",
              "the ModelDeployment spec the deploy stage applies"));
    }
    vars.add(
        new Variable(
            "DASHBOARD_URL",
            "http://127.0.0.1:3000/d/aviary",
            "the deployment's dashboard, linked from the deploy and monitor stages"));

    List<Secret> secrets = new ArrayList<>();
    secrets.add(new Secret("REGISTRY", "the container registry host, e.g. ghcr.io", false));
    secrets.add(new Secret("REGISTRY_USERNAME", "container registry user", false));
    secrets.add(new Secret("REGISTRY_PASSWORD", "container registry password or token", false));
    if (target == Target.LOCAL) {
      secrets.add(new Secret("AVIARY_TOKEN", "bearer token of the platform's control API", false));
    } else {
      secrets.add(new Secret("KUBECONFIG", "kubeconfig of the cluster (a file)", true));
    }

    List<Stage> stages = new ArrayList<>();
    stages.add(
        new Stage(
            "build",
            "compile and unit-test the project; train the candidate model",
            List.of("$PROJECT_TESTS", "./aviary train --out build/candidate"),
            List.of("build/candidate/"),
            null,
            List.of()));
    stages.add(
        new Stage(
            "test",
            "data integrity: the hold-out data against the training data",
            List.of(
                "./aviary drift compare --reference $TRAINING_DATA --current $HOLDOUT"
                    + " --drift-share $DRIFT_SHARE --report build/data-drift.html"),
            List.of("build/data-drift.html"),
            null,
            List.of()));
    stages.add(
        new Stage(
            "evaluate",
            "the candidate against the gates (and the champion); a failed gate stops here",
            List.of(
                "./aviary model evaluate $AVIARY_MODEL --file $CANDIDATE --data $HOLDOUT"
                    + " --label $LABEL --gates $GATES --report build/evaluation.html"),
            List.of("build/evaluation.html"),
            null,
            List.of()));
    stages.add(
        new Stage(
            "register",
            "the candidate as the next version, with the commit as lineage",
            List.of(
                "./aviary model register $AVIARY_MODEL --file $CANDIDATE --git-commit $SHA"
                    + " --data $TRAINING_DATA --alias candidate"),
            List.of(),
            null,
            List.of()));
    stages.add(
        new Stage(
            "package",
            "the model server image with the model baked in, tagged by the commit, pushed",
            List.of(
                "AVIARY_PUSH_USERNAME=$REGISTRY_USERNAME AVIARY_PUSH_PASSWORD=$REGISTRY_PASSWORD"
                    + " ./aviary image build $AVIARY_MODEL@candidate --tag git-$SHORT_SHA"
                    + " --push $REGISTRY/$REPO"),
            List.of(),
            null,
            List.of("REGISTRY", "REGISTRY_USERNAME", "REGISTRY_PASSWORD")));
    stages.add(
        new Stage(
            "deploy",
            "roll out with the spec's strategy (canary or blue/green)",
            List.of(deploy(target)),
            List.of(),
            "production",
            target == Target.LOCAL
                ? List.of("AVIARY_TOKEN")
                : target == Target.HELM
                    ? List.of("KUBECONFIG", "REGISTRY")
                    : List.of("KUBECONFIG")));
    stages.add(
        new Stage(
            "verify",
            "the rollout's verdict is the job's exit status",
            List.of(verify(target)),
            List.of(),
            null,
            target == Target.LOCAL ? List.of("AVIARY_TOKEN") : List.of("KUBECONFIG")));
    stages.add(
        new Stage(
            "monitor",
            "where to watch the deployment",
            List.of(
                target == Target.LOCAL
                    ? "./aviary describe $AVIARY_MODEL"
                    : "./aviary --kube -n $NAMESPACE describe $AVIARY_MODEL",
                "echo \"dashboard: $DASHBOARD_URL\""),
            List.of(),
            null,
            target == Target.LOCAL ? List.of("AVIARY_TOKEN") : List.of("KUBECONFIG")));

    List<Cache> caches =
        List.of(
            new Cache("maven", ".m2/repository", "**/pom.xml"),
            new Cache("models", "build/candidate", "train/src/**"));
    return new Pipeline(model, target, vars, secrets, caches, stages);
  }

  private static String deploy(Target target) {
    return switch (target) {
      case LOCAL -> "./aviary apply -f $SPEC --wait --promote-alias champion";
      case KUBERNETES -> "./aviary --kube -n $NAMESPACE apply -f $SPEC";
      case HELM ->
          "helm upgrade --install $AVIARY_MODEL ./$CHART --namespace $NAMESPACE"
              + " --set image.repository=$REGISTRY/$REPO --set image.tag=git-$SHORT_SHA"
              + " --set-string annotations.aviary\\.dev/git-commit=$SHA --wait";
    };
  }

  private static String verify(Target target) {
    return switch (target) {
      case LOCAL -> "./aviary status $AVIARY_MODEL --wait --timeout 15m";
      // Waits for the rollout of the spec the cluster now holds (not an earlier Healthy one) and
      // ends with its verdict: 0 Healthy, 1 Degraded, 2 timeout, 4 paused for a command.
      case KUBERNETES, HELM ->
          "./aviary --kube -n $NAMESPACE status $AVIARY_MODEL --wait --timeout 15m";
    };
  }
}
